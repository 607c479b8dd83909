// The answers of a choice question or scale (the reasons of a map question): text in Swedish and
// English, a code that follows the Swedish text until it is changed by hand, a score where the
// question feeds an index, and buttons to move and remove each one.
import { h } from '../../dom';
import { fieldId, textInput } from '../../ui/form';
import { st } from './i18n';
import type { SurveyChoice, SurveyQuestion } from './api';
import { codeFrom, move, newChoice } from './draft';
import { errorLine, errorLineId, langPair, moveButtons, numberField } from './fields';
import type { Edit } from './questionForm';

const MAX_CHOICES = 30;

function choiceRow(q: SurveyQuestion, choices: SurveyChoice[], j: number, at: string, edit: Edit): HTMLElement {
  const c = choices[j]!;
  const name = c.text.sv || c.code;
  const key = `${at}.choices[${j}]`;
  const codeInput = textInput({
    field: `${key}.code`,
    label: st('builder.code'),
    value: c.code,
    errors: edit.errors[`${key}.code`],
    onInput: (v) => {
      c.code = v.trim();
      edit.changed();
    },
  });
  return h(
    'li',
    { class: 'choice-row' },
    h('h4', {}, st('builder.choice_n', { n: j + 1 })),
    langPair({
      field: `${key}.text`,
      label: st('builder.choice_text'),
      text: c.text,
      errors: edit.errors,
      onInput: (text) => {
        // The code follows the text while it is still the one made from the text before.
        if (c.code === codeFrom(c.text.sv) || c.code === '') {
          c.code = codeFrom(text.sv);
          codeInput.querySelector('input')!.value = c.code;
        }
        c.text = text;
        edit.changed();
      },
    }),
    h(
      'div',
      { class: 'choice-extra' },
      codeInput,
      q.index
        ? numberField({
            field: `${key}.score`,
            label: st('builder.score'),
            hint: st(q.index === 'share' ? 'builder.score_share_hint' : 'builder.score_mean_hint'),
            value: c.score,
            decimals: true,
            errors: edit.errors,
            onInput: (v) => {
              if (v === undefined) delete c.score;
              else c.score = v;
              edit.changed();
            },
          })
        : null,
    ),
    h(
      'div',
      { class: 'button-row' },
      moveButtons({
        id: fieldId(key),
        item: name,
        index: j,
        count: choices.length,
        removeLabel: st('builder.remove_choice'),
        move: (to, which) => {
          move(choices, j, to);
          edit.redraw(`${fieldId(`${at}.choices[${to}]`)}-${which}`);
        },
        remove: () => {
          choices.splice(j, 1);
          edit.redraw(fieldId(`${at}.choices`));
        },
      }),
    ),
  );
}

/** The choices as a list with their editors, and "add one" after them. */
export function choicesEditor(q: SurveyQuestion, at: string, edit: Edit): HTMLElement {
  const choices = (q.choices ??= []);
  const field = `${at}.choices`;
  const errors = edit.errors[field];
  return h(
    'fieldset',
    {
      class: `field choices-editor${errors?.length ? ' field-invalid' : ''}`,
      'aria-describedby': errors?.length ? errorLineId(field) : null,
    },
    h('legend', {}, st(q.type === 'map_points' ? 'builder.reasons' : 'builder.choices')),
    h('p', { class: 'hint' }, st(q.type === 'map_points' ? 'builder.reasons_hint' : 'builder.choices_hint')),
    errorLine(field, errors),
    h(
      'ol',
      { class: 'choice-rows' },
      choices.map((_, j) => choiceRow(q, choices, j, at, edit)),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        id: fieldId(field),
        disabled: choices.length >= MAX_CHOICES,
        onclick: () => {
          choices.push(newChoice(choices));
          edit.redraw(fieldId(`${at}.choices[${choices.length - 1}].text.sv`));
        },
      },
      st(q.type === 'map_points' ? 'builder.add_reason' : 'builder.add_choice'),
    ),
  );
}
