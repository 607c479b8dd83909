// "Visa frågan bara om …": an earlier question the show-if depends on (only the types whose
// answers a condition can name) and the answers to it that show this one.
import { h } from '../../dom';
import { checkboxGroup, fieldId } from '../../ui/form';
import { selectField } from '../fields';
import { st } from './i18n';
import type { SurveyQuestion } from './api';
import { answersOf, CONDITION_TYPES, local } from './labels';
import type { Edit } from './questionForm';

const ALWAYS = '';

/** The answers of `target` that show the question, as checkboxes. */
function answerBoxes(q: SurveyQuestion, target: SurveyQuestion, at: string, edit: Edit): HTMLElement {
  const field = `${at}.show_if.any_of`;
  return checkboxGroup({
    field,
    legend: st('builder.show_if_answers', { question: local(target.text) || target.code }),
    choices: answersOf(target, edit.areas).map(([value, label]) => ({ value, label })),
    values: q.show_if?.any_of ?? [],
    errors: edit.errors[field],
    onChange: (values) => {
      q.show_if = { question: target.code, any_of: values };
      edit.changed();
    },
  });
}

/** The show-if of question `i`: "always", or an earlier question and the answers that show it. */
export function conditionEditor(q: SurveyQuestion, i: number, at: string, edit: Edit): HTMLElement {
  const earlier = edit.draft.questions.slice(0, i).filter((e) => CONDITION_TYPES.includes(e.type));
  const target = q.show_if ? edit.draft.questions.slice(0, i).find((e) => e.code === q.show_if?.question) : undefined;
  const field = `${at}.show_if.question`;
  return h(
    'div',
    { class: 'condition-editor' },
    selectField({
      field,
      label: st('builder.show_if'),
      hint: st(earlier.length ? 'builder.show_if_hint' : 'builder.show_if_none'),
      value: q.show_if?.question ?? ALWAYS,
      errors: edit.errors[field],
      options: [
        [ALWAYS, st('builder.show_always')],
        // A condition the server refused (on a later or unknown question) stays visible until changed.
        ...(q.show_if && !target ? [[q.show_if.question, q.show_if.question] as [string, string]] : []),
        ...earlier.map((e): [string, string] => [
          e.code,
          st('builder.show_if_option', { n: edit.draft.questions.indexOf(e) + 1, question: local(e.text) || e.code }),
        ]),
      ],
      onChange: (code) => {
        if (code === ALWAYS) delete q.show_if;
        else q.show_if = { question: code, any_of: [] };
        edit.redraw(fieldId(field));
      },
    }),
    target && CONDITION_TYPES.includes(target.type) ? answerBoxes(q, target, at, edit) : null,
  );
}
