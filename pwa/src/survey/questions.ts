import type {
  MapPointAnswer,
  SentAnswer,
  SurveyChoice,
  SurveyDefinition,
  SurveyQuestion,
  SurveyText,
} from '../api/types';
import { getLang, t } from '../i18n';

/**
 * What the form keeps for a question: the value as sent, except that a number is kept as typed
 * (so "1o" can be shown back with its error) and becomes a number when sent.
 */
export type Answer = string | string[] | MapPointAnswer[];
export type Answers = Record<string, Answer>;

/** The answer code of a scale's "vet ej". */
export const DONT_KNOW = 'dont_know';
/** The server's defaults where a question does not set its own. */
export const FREE_TEXT_MAX = 1000;
export const MAP_POINTS_MAX = 10;

/** A survey text in the user's language; English falls back to Swedish where it is empty. */
export function localText(text: SurveyText | null | undefined): string {
  if (!text) return '';
  return getLang() === 'en' && text.en?.trim() ? text.en : text.sv;
}

/** The choice codes of an answer: one, several, or none (not a choice answer). */
export function codesOf(answer: Answer | undefined): string[] {
  if (typeof answer === 'string') return [answer];
  return Array.isArray(answer) ? answer.filter((a): a is string => typeof a === 'string') : [];
}

/** The points of a `map_points` answer. */
export function pointsOf(answer: Answer | undefined): MapPointAnswer[] {
  return Array.isArray(answer) ? answer.filter((a): a is MapPointAnswer => typeof a === 'object') : [];
}

export function isAnswered(answer: Answer | undefined): boolean {
  if (answer === undefined) return false;
  return typeof answer === 'string' ? answer.trim() !== '' : answer.length > 0;
}

/**
 * The answers a question offers, in order: its own choices, `yes`/`no`, and a scale's "vet ej"
 * last. (Areas and map points are offered otherwise.)
 */
export function choicesOf(q: SurveyQuestion): SurveyChoice[] {
  if (q.type === 'yes_no') {
    return [
      { code: 'yes', text: { sv: t('common.yes'), en: t('common.yes') } },
      { code: 'no', text: { sv: t('common.no'), en: t('common.no') } },
    ];
  }
  const own = q.choices ?? [];
  if (q.type === 'scale' && q.dont_know) {
    return [...own, { code: DONT_KNOW, text: { sv: t('survey.dont_know'), en: t('survey.dont_know') } }];
  }
  return own;
}

/**
 * The questions shown for these answers, in order, as the server decides it: one with `show_if`
 * only when the earlier question is shown and its answer (or one of its answers) is in `any_of`.
 */
export function shownQuestions(definition: SurveyDefinition, answers: Answers): SurveyQuestion[] {
  const shown: SurveyQuestion[] = [];
  const shownCodes = new Set<string>();
  for (const q of definition.questions) {
    const condition = q.show_if;
    if (condition) {
      const earlier = shownCodes.has(condition.question) ? answers[condition.question] : undefined;
      if (!codesOf(earlier).some((code) => condition.any_of.includes(code))) continue;
    }
    shown.push(q);
    shownCodes.add(q.code);
  }
  return shown;
}

/** A point as sent: no time of day when none was chosen. */
const pointToSend = (p: MapPointAnswer): MapPointAnswer => ({
  lat: p.lat,
  lon: p.lon,
  reasons: p.reasons,
  ...(p.time_of_day && { time_of_day: p.time_of_day }),
});

/**
 * The answers to send: only those to questions shown now (an answer to a hidden question is
 * refused), numbers as numbers, text trimmed.
 */
export function answersToSend(definition: SurveyDefinition, answers: Answers): Record<string, SentAnswer> {
  const sent: Record<string, SentAnswer> = {};
  for (const q of shownQuestions(definition, answers)) {
    const answer = answers[q.code];
    if (!isAnswered(answer)) continue;
    if (typeof answer === 'string') sent[q.code] = q.type === 'number' ? Number(answer.trim()) : answer.trim();
    else if (q.type === 'map_points') sent[q.code] = pointsOf(answer).map(pointToSend);
    else sent[q.code] = codesOf(answer);
  }
  return sent;
}

/** Answers as the form keeps them, from answers as sent (a queued item opened again to fix). */
export function answersFromSent(sent: Record<string, SentAnswer>): Answers {
  return Object.fromEntries(
    Object.entries(sent).map(([code, value]) => [code, typeof value === 'number' ? String(value) : value]),
  );
}

/** The question a server field names: `answers.CODE`, `answers.CODE[2].lat` → `CODE`. */
export function questionOfField(field: string): string | null {
  return /^answers\.([a-z][a-z0-9_]*)/.exec(field)?.[1] ?? null;
}

/** Keeps the answers that still fit a new version of the survey (its questions and choices). */
export function answersFitting(definition: SurveyDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const q of definition.questions) {
    const answer = answers[q.code];
    if (answer === undefined) continue;
    const codes = new Set(choicesOf(q).map((c) => c.code));
    const fits =
      q.type === 'single_choice' || q.type === 'scale' || q.type === 'yes_no'
        ? typeof answer === 'string' && codes.has(answer)
        : q.type === 'multiple_choice'
          ? codesOf(answer).every((c) => codes.has(c))
          : true;
    if (fits) kept[q.code] = answer;
  }
  return kept;
}
