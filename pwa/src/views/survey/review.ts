import type { SurveyQuestion } from '../../api/types';
import { h, type Child } from '../../dom';
import { t } from '../../i18n';
import { lastScreen } from '../../survey/order';
import { areaName, placeName } from '../../survey/places';
import { choicesOf, codesOf, isAnswered, localText, pointsOf, shownQuestions } from '../../survey/questions';
import { errorSummary } from '../../ui/form';
import { heading } from '../../ui/page';
import type { SurveyFlow } from './context';
import { sendAnswers } from './send';

const TIMES = { morning: 'when.morning', day: 'when.day', evening: 'when.evening', night: 'when.night' } as const;

function choiceLabels(q: SurveyQuestion, codes: string[]): string {
  const choices = choicesOf(q);
  return codes.map((code) => localText(choices.find((c) => c.code === code)?.text) || code).join(', ');
}

/** An answer in words, as the user gave it. */
function answerText(flow: SurveyFlow, q: SurveyQuestion): Child[] {
  const answer = flow.session.answers[q.code];
  if (!isAnswered(answer)) return [h('span', { class: 'hint' }, t('survey.not_answered'))];
  switch (q.type) {
    case 'single_choice':
    case 'scale':
    case 'yes_no':
    case 'multiple_choice':
      return [choiceLabels(q, codesOf(answer))];
    case 'area':
      return [areaName(flow.areas, codesOf(answer)[0] ?? '')];
    case 'number':
      return [typeof answer === 'string' ? answer.trim() : ''];
    case 'free_text':
      return [h('span', { class: 'quote' }, typeof answer === 'string' ? answer.trim() : '')];
    case 'map_points':
      return pointsOf(answer).map((p, i) =>
        h(
          'span',
          { class: 'line' },
          [
            t('survey.point', { n: i + 1, place: placeName(flow.areas, p) }),
            p.reasons.length ? choiceLabels(q, p.reasons) : '',
            p.time_of_day ? t(TIMES[p.time_of_day]) : '',
          ]
            .filter(Boolean)
            .join(' – '),
        ),
      );
  }
}

function rows(flow: SurveyFlow, questions: SurveyQuestion[]): HTMLElement {
  return h(
    'dl',
    { class: 'review' },
    questions.flatMap((q) => {
      const text = localText(q.text);
      return [
        h('dt', {}, text),
        h(
          'dd',
          {},
          h('span', { class: 'value' }, ...answerText(flow, q)),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small btn-link',
              onclick: () => flow.go({ screen: 'question', code: q.code, review: true }),
            },
            t('review.change'),
            h('span', { class: 'visually-hidden' }, `: ${text}`),
          ),
        ),
      ];
    }),
  );
}

/** Every answer shown now, each with "Ändra", and "Skicka svaren". */
export function reviewScreen(main: HTMLElement, flow: SurveyFlow, failure?: string): void {
  const { definition } = flow.survey;
  const shown = shownQuestions(definition, flow.session.answers);
  const background = shown.filter((q) => q.background);
  const serverErrors = Object.entries(flow.session.serverErrors).filter(([field]) => !field.startsWith('answers.'));
  const errors = [...serverErrors.flatMap(([, messages]) => messages), ...(failure ? [failure] : [])];
  const send = h('button', { type: 'button', class: 'btn btn-primary' }, t('survey.send'));
  send.addEventListener('click', () => void sendAnswers(flow, send, (text) => reviewScreen(main, flow, text)));
  main.replaceChildren(
    errorSummary(errors.length ? { review: errors } : {}) ?? '',
    heading(t('survey.review_title')),
    h('p', {}, t('survey.review_intro')),
    rows(
      flow,
      shown.filter((q) => !q.background),
    ),
    background.length ? h('h2', {}, t('survey.review_background')) : '',
    background.length ? rows(flow, background) : '',
    h(
      'div',
      { class: 'actions sticky survey-actions' },
      h(
        'button',
        { type: 'button', class: 'btn', onclick: () => flow.go(lastScreen(definition, flow.session.answers)) },
        t('survey.back'),
      ),
      send,
    ),
  );
  if (failure) main.querySelector<HTMLElement>('.error-summary')?.focus();
}
