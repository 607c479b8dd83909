import type { SurveyQuestion } from '../../api/types';
import { h } from '../../dom';
import { t } from '../../i18n';
import type { Cleanup } from '../../router';
import { nextScreen, previousScreen } from '../../survey/order';
import { isAnswered, localText, questionOfField, shownQuestions, type Answer } from '../../survey/questions';
import { answerErrors } from '../../survey/validate';
import { errorSummary, fieldId } from '../../ui/form';
import { clearFieldError } from '../report/liveErrors';
import type { SurveyFlow } from './context';
import { questionInput } from './inputs';

/** Questions answered by a radio button: once chosen, only "Ta bort mitt svar" unchooses it. */
const RADIO_TYPES = new Set(['single_choice', 'scale', 'yes_no', 'area']);

/** The server's messages about this question from its last refusal. */
function serverErrorsFor(flow: SurveyFlow, code: string): string[] {
  return Object.entries(flow.session.serverErrors)
    .filter(([field]) => questionOfField(field) === code)
    .flatMap(([, messages]) => messages);
}

function forgetServerErrors(flow: SurveyFlow, code: string): void {
  for (const field of Object.keys(flow.session.serverErrors)) {
    if (questionOfField(field) === code) delete flow.session.serverErrors[field];
  }
}

function progressText(flow: SurveyFlow, q: SurveyQuestion): string {
  const shown = shownQuestions(flow.survey.definition, flow.session.answers);
  const n = shown.findIndex((x) => x.code === q.code) + 1;
  return t(q.background ? 'survey.question_of_background' : 'survey.question_of', { n, total: shown.length });
}

/**
 * One question on a screen of its own, with "Fråga 3 av 35", Tillbaka and Nästa. Nästa checks the
 * answer (a required question must be answered, an optional one may be skipped); from the review
 * ("Ändra") it saves and returns there. An error goes as soon as the answer is right.
 */
export function questionScreen(
  main: HTMLElement,
  flow: SurveyFlow,
  q: SurveyQuestion,
  at: { review?: boolean; check?: boolean },
): Cleanup {
  const { definition } = flow.survey;
  const answers = flow.session.answers;
  let cleanup: Cleanup | undefined;
  let errors: string[] = [];
  const progress = h('span', { class: 'step-count' });
  const clear = clearAnswerButton(q, () => {
    answered(undefined);
    show([]);
    document.getElementById(fieldId(q.code))?.focus();
  });

  const answered = (value: Answer | undefined): void => {
    if (value === undefined) delete answers[q.code];
    else answers[q.code] = value;
    forgetServerErrors(flow, q.code);
    flow.save();
    // A condition on this answer may show or hide later questions: the count follows.
    progress.textContent = progressText(flow, q);
    if (clear) clear.hidden = !isAnswered(answers[q.code]);
    if (errors.length && !answerErrors(q, answers[q.code], flow.areas).length) {
      errors = [];
      clearFieldError(main, q.code);
    }
  };

  const show = (shownErrors: string[]): void => {
    cleanup?.();
    errors = shownErrors;
    progress.textContent = progressText(flow, q);
    document.title = `${progress.textContent} – ${localText(definition.title)} – ${t('app.name')}`;
    const input = questionInput({ flow, q, progress, errors, onChange: answered });
    if (clear) clear.hidden = !isAnswered(answers[q.code]);
    cleanup = input.cleanup;
    const summary = errorSummary(errors.length ? { [q.code]: errors } : {});
    const next = h(
      'button',
      { type: 'button', class: 'btn btn-primary' },
      t(at.review ? 'survey.save_change' : 'survey.next'),
    );
    next.addEventListener('click', () => {
      const invalid = answerErrors(q, answers[q.code], flow.areas);
      if (invalid.length) {
        show(invalid);
        main.querySelector<HTMLElement>('.error-summary')?.focus();
        return;
      }
      flow.go(at.review ? { screen: 'review' } : nextScreen(definition, answers, q.code));
    });
    const back = (): void => flow.go(at.review ? { screen: 'review' } : previousScreen(definition, answers, q.code));
    main.replaceChildren(
      summary ?? '',
      input.el,
      clear ?? '',
      h(
        'div',
        { class: 'actions sticky survey-actions' },
        h('button', { type: 'button', class: 'btn', onclick: back }, t('survey.back')),
        next,
      ),
    );
  };

  const initial = [...serverErrorsFor(flow, q.code), ...(at.check ? answerErrors(q, answers[q.code], flow.areas) : [])];
  show(initial);
  // After the router has put focus on the heading: errors on arrival are heard first.
  if (initial.length) setTimeout(() => main.querySelector<HTMLElement>('.error-summary')?.focus());
  return () => cleanup?.();
}

/** An optional question answered with a radio button can be left unanswered again (shown once answered). */
function clearAnswerButton(q: SurveyQuestion, clear: () => void): HTMLButtonElement | null {
  if (q.required || !RADIO_TYPES.has(q.type)) return null;
  return h(
    'button',
    { type: 'button', class: 'btn btn-link btn-small clear-answer', onclick: clear },
    t('survey.clear_answer'),
  );
}
