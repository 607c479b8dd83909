import type { SurveyQuestion } from '../../api/types';
import { h } from '../../dom';
import { t } from '../../i18n';
import { areaChoices } from '../../survey/places';
import { choicesOf, codesOf, FREE_TEXT_MAX, localText, type Answer } from '../../survey/questions';
import { checkboxGroup, radioGroup, textArea, textInput } from '../../ui/form';
import { charCounter } from '../report/counter';
import type { SurveyFlow } from './context';
import { mapPointsInput } from './mapPoints';

export interface InputOptions {
  flow: SurveyFlow;
  q: SurveyQuestion;
  /** "Fråga 3 av 35", shown above the question in its heading. */
  progress: HTMLElement;
  errors: string[];
  onChange: (answer: Answer | undefined) => void;
}

export interface QuestionInput {
  el: HTMLElement;
  cleanup?: () => void;
}

/** The question as the page's h1 (a legend's content): the focus target of every screen. */
export function questionHeading(progress: HTMLElement, text: string): HTMLHeadingElement {
  return h('h1', { tabindex: '-1', class: 'question-heading' }, progress, text);
}

/** The question's help, what may be chosen, and whether it must be answered, as one hint ('': none). */
function hintOf(q: SurveyQuestion, extra = ''): string {
  return [localText(q.help), extra, q.required ? t('survey.required') : ''].filter(Boolean).join(' ');
}

function radios(o: InputOptions, choices: { value: string; label: string }[]): QuestionInput {
  const { q } = o;
  return {
    el: radioGroup({
      field: q.code,
      legend: questionHeading(o.progress, localText(q.text)),
      hint: hintOf(q),
      className: 'question',
      choices,
      value: codesOf(o.flow.session.answers[q.code])[0] ?? '',
      errors: o.errors,
      onChange: (v) => o.onChange(v),
    }),
  };
}

function checkboxes(o: InputOptions): QuestionInput {
  const { q } = o;
  const choices = choicesOf(q);
  const max = q.max ?? choices.length;
  return {
    el: checkboxGroup({
      field: q.code,
      legend: questionHeading(o.progress, localText(q.text)),
      hint: hintOf(q, max < choices.length ? t('survey.choose_max', { max }) : t('survey.choose_all')),
      className: 'question',
      choices: choices.map((c) => ({ value: c.code, label: localText(c.text) })),
      values: codesOf(o.flow.session.answers[q.code]),
      errors: o.errors,
      onChange: (values) => o.onChange(values.length ? values : undefined),
    }),
  };
}

const typed = (answer: Answer | undefined): string => (typeof answer === 'string' ? answer : '');

function numberInput(o: InputOptions): QuestionInput {
  const { q } = o;
  const range =
    q.min !== null && q.min !== undefined && q.max !== null && q.max !== undefined
      ? t('survey.number_hint', { min: q.min, max: q.max })
      : '';
  const el = textInput({
    field: q.code,
    label: h('span', {}, o.progress, localText(q.text)),
    heading: true,
    hint: hintOf(q, range),
    value: typed(o.flow.session.answers[q.code]),
    inputmode: 'numeric',
    autocomplete: 'off',
    errors: o.errors,
    onInput: (v) => o.onChange(v.trim() ? v : undefined),
  });
  el.classList.add('field-number');
  return { el };
}

function freeText(o: InputOptions): QuestionInput {
  const { q } = o;
  const counterId = `f-${q.code}-count`;
  const value = typed(o.flow.session.answers[q.code]);
  const counter = charCounter(counterId, q.max_length ?? FREE_TEXT_MAX, value);
  return {
    el: textArea({
      field: q.code,
      label: h('span', {}, o.progress, localText(q.text)),
      heading: true,
      hint: hintOf(q),
      value,
      rows: 6,
      errors: o.errors,
      describedBy: counterId,
      onInput: (v) => {
        counter.update(v);
        o.onChange(v.trim() ? v : undefined);
      },
      after: counter.el,
    }),
  };
}

/** The form control(s) for one question, the question itself as their heading. */
export function questionInput(o: InputOptions): QuestionInput {
  switch (o.q.type) {
    case 'single_choice':
    case 'scale':
    case 'yes_no':
      return radios(
        o,
        choicesOf(o.q).map((c) => ({ value: c.code, label: localText(c.text) })),
      );
    case 'area':
      return radios(o, areaChoices(o.flow.areas));
    case 'multiple_choice':
      return checkboxes(o);
    case 'number':
      return numberInput(o);
    case 'free_text':
      return freeText(o);
    case 'map_points':
      return mapPointsInput(o, questionHeading(o.progress, localText(o.q.text)), hintOf(o.q));
  }
}
