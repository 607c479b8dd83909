import type { ErrorCode } from '../api/client';
import type { SurveyDefinition, SurveyQuestion } from '../api/types';
import { isAnswered, shownQuestions, type Answers } from './questions';

/**
 * Where in the survey the user is: `history.state` of `/enkat/{slug}`, so Back and a reload
 * return there. Questions are named by code, since which are shown changes with the answers.
 */
export type Screen =
  /** `review`: fixing the invitation code from the review, which the button returns to. */
  | { screen: 'intro'; review?: boolean }
  /** `review`: changing one answer from the review, which Next returns to. `check`: errors shown at once. */
  | { screen: 'question'; code: string; review?: boolean; check?: boolean }
  /** "Questions about you – optional", before the background question `code`. */
  | { screen: 'background'; code: string }
  | { screen: 'review' }
  | { screen: 'sent' }
  | { screen: 'queued'; reason?: ErrorCode }
  | { screen: 'dropped'; reason: ErrorCode };

const REVIEW: Screen = { screen: 'review' };

/** The screen for question `q`, with the background introduction first when a block of them starts. */
function enter(q: SurveyQuestion | undefined, previous: SurveyQuestion | undefined): Screen {
  if (!q) return REVIEW;
  if (q.background && !previous?.background) return { screen: 'background', code: q.code };
  return { screen: 'question', code: q.code };
}

export function firstScreen(definition: SurveyDefinition, answers: Answers): Screen {
  return enter(shownQuestions(definition, answers)[0], undefined);
}

/** Where "Fortsätt där du slutade" goes: the first question shown and not answered, else the review. */
export function resumeScreen(definition: SurveyDefinition, answers: Answers): Screen {
  const shown = shownQuestions(definition, answers);
  const i = shown.findIndex((q) => !isAnswered(answers[q.code]));
  return i < 0 ? REVIEW : { screen: 'question', code: shown[i]!.code };
}

/** After question `code` (its answer given): the next one shown now. */
export function nextScreen(definition: SurveyDefinition, answers: Answers, code: string): Screen {
  const shown = shownQuestions(definition, answers);
  const i = shown.findIndex((q) => q.code === code);
  return enter(shown[i + 1], shown[i]);
}

/** Back from question `code`: the question before it, the background introduction, or the intro. */
export function previousScreen(definition: SurveyDefinition, answers: Answers, code: string): Screen {
  const shown = shownQuestions(definition, answers);
  const i = shown.findIndex((q) => q.code === code);
  const q = shown[i];
  const before = shown[i - 1];
  if (q?.background && !before?.background) return { screen: 'background', code: q.code };
  return before ? { screen: 'question', code: before.code } : { screen: 'intro' };
}

/** Back from the background introduction before `code`: the question before the block. */
export function beforeBackground(definition: SurveyDefinition, answers: Answers, code: string): Screen {
  const shown = shownQuestions(definition, answers);
  const before = shown[shown.findIndex((q) => q.code === code) - 1];
  return before ? { screen: 'question', code: before.code } : { screen: 'intro' };
}

/** "Hoppa över frågorna om dig": past the block of background questions starting at `code`. */
export function skipBackground(definition: SurveyDefinition, answers: Answers, code: string): Screen {
  const shown = shownQuestions(definition, answers);
  const after = shown.slice(shown.findIndex((q) => q.code === code)).find((q) => !q.background);
  return after ? { screen: 'question', code: after.code } : REVIEW;
}

/** Back from the review: the last question shown. */
export function lastScreen(definition: SurveyDefinition, answers: Answers): Screen {
  const shown = shownQuestions(definition, answers);
  const last = shown[shown.length - 1];
  return last ? { screen: 'question', code: last.code } : { screen: 'intro' };
}
