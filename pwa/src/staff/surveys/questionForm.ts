// The form for one question: code, type, texts and help in Swedish and English, required and
// background, and then only what its type uses (choices, "vet ej", an index, bounds, a length),
// and the show-if. Every field is named as the server names it, so a 422 lands on its control.
import type { FieldErrors } from '../../api/client';
import { h, type Child } from '../../dom';
import { checkbox, textInput } from '../../ui/form';
import { selectField } from '../fields';
import { st } from './i18n';
import { questionTypeValues, type IndexKind, type SurveyQuestion, type SurveyDefinition } from './api';
import { choicesEditor } from './choices';
import { conditionEditor } from './condition';
import { canBeBackground, withType } from './draft';
import { hintedCheckbox, langPair, numberField } from './fields';
import { typeName } from './labels';

/** What a part of the builder's form may do with the survey being built. */
export interface Edit {
  readonly draft: SurveyDefinition;
  /** The server's refusal of the last save, by field. */
  readonly errors: FieldErrors;
  /** The areas an area question offers: slug → name. */
  readonly areas: Map<string, string>;
  /** A value changed: the preview follows; the form (and the focus) stays as it is. */
  changed(): void;
  /** The form's shape changed: it is drawn again and the element with id `focus` gets the focus. */
  redraw(focus: string): void;
}

function indexField(q: SurveyQuestion, at: string, edit: Edit): HTMLElement {
  return selectField({
    field: `${at}.index`,
    label: st('builder.index'),
    hint: st('builder.index_hint'),
    value: q.index ?? '',
    errors: edit.errors[`${at}.index`],
    options: [
      ['', st('builder.index_none')],
      ['share', st('builder.index_share')],
      ['mean', st('builder.index_mean')],
    ],
    onChange: (v) => {
      if (v) q.index = v as IndexKind;
      else delete q.index;
      edit.redraw(`f-${at}.index`);
    },
  });
}

/** A count or bound: `key` of the question, left out when the field is empty. */
function bound(
  q: SurveyQuestion,
  at: string,
  key: 'min' | 'max' | 'max_length',
  label: string,
  edit: Edit,
  hint?: string,
): HTMLElement {
  return numberField({
    field: `${at}.${key}`,
    label,
    value: q[key],
    errors: edit.errors,
    ...(hint && { hint }),
    onInput: (v) => {
      if (v === undefined) delete q[key];
      else q[key] = v;
      edit.changed();
    },
  });
}

/** The fields only this question's type uses. */
function typeFields(q: SurveyQuestion, at: string, edit: Edit): Child[] {
  switch (q.type) {
    case 'single_choice':
      return [indexField(q, at, edit), choicesEditor(q, at, edit)];
    case 'scale':
      return [
        checkbox({
          field: `${at}.dont_know`,
          label: st('builder.dont_know'),
          checked: !!q.dont_know,
          errors: edit.errors[`${at}.dont_know`],
          onChange: (v) => {
            if (v) q.dont_know = true;
            else delete q.dont_know;
            edit.changed();
          },
        }),
        indexField(q, at, edit),
        choicesEditor(q, at, edit),
      ];
    case 'multiple_choice':
      return [
        bound(q, at, 'max', st('builder.max_chosen'), edit, st('builder.max_chosen_hint')),
        choicesEditor(q, at, edit),
      ];
    case 'map_points':
      return [
        bound(q, at, 'max', st('builder.max_points'), edit, st('builder.max_points_hint')),
        choicesEditor(q, at, edit),
      ];
    case 'number':
      return [
        h(
          'div',
          { class: 'lang-pair' },
          bound(q, at, 'min', st('builder.min'), edit),
          bound(q, at, 'max', st('builder.max'), edit),
        ),
      ];
    case 'free_text':
      return [bound(q, at, 'max_length', st('builder.max_length'), edit, st('builder.max_length_hint'))];
    case 'yes_no':
      return [h('p', { class: 'hint' }, st('builder.yes_no_hint'))];
    case 'area':
      return [h('p', { class: 'hint' }, st('builder.area_hint'))];
  }
}

/** Code, type, texts, help, required and background: what every question has. */
function commonFields(q: SurveyQuestion, i: number, at: string, edit: Edit): Child[] {
  return [
    h(
      'div',
      { class: 'lang-pair' },
      textInput({
        field: `${at}.code`,
        label: st('builder.code'),
        hint: st('builder.code_hint'),
        value: q.code,
        errors: edit.errors[`${at}.code`],
        onInput: (v) => {
          q.code = v.trim();
          edit.changed();
        },
      }),
      selectField({
        field: `${at}.type`,
        label: st('builder.type'),
        value: q.type,
        errors: edit.errors[`${at}.type`],
        options: questionTypeValues.map((t): [string, string] => [t, typeName(t)]),
        onChange: (v) => {
          const type = questionTypeValues.find((t) => t === v);
          if (type) edit.draft.questions[i] = withType(q, type);
          edit.redraw(`f-${at}.type`);
        },
      }),
    ),
    langPair({
      field: `${at}.text`,
      label: st('builder.question_text'),
      text: q.text,
      errors: edit.errors,
      multiline: true,
      onInput: (text) => {
        q.text = text;
        edit.changed();
      },
    }),
    langPair({
      field: `${at}.help`,
      label: st('builder.help'),
      hint: st('builder.help_hint'),
      text: q.help ?? { sv: '', en: '' },
      errors: edit.errors,
      onInput: (text) => {
        if (text.sv.trim() || text.en?.trim()) q.help = text;
        else delete q.help;
        edit.changed();
      },
    }),
    checkbox({
      field: `${at}.required`,
      label: st('builder.required'),
      checked: !!q.required,
      errors: edit.errors[`${at}.required`],
      onChange: (v) => {
        q.required = v;
        edit.changed();
      },
    }),
    canBeBackground(q.type)
      ? hintedCheckbox({
          field: `${at}.background`,
          label: st('builder.background'),
          hint: st('builder.background_hint'),
          checked: !!q.background,
          errors: edit.errors[`${at}.background`],
          onChange: (v) => {
            if (v) q.background = true;
            else delete q.background;
            edit.changed();
          },
        })
      : null,
  ];
}

/** The whole form of question `i`. */
export function questionForm(i: number, edit: Edit): HTMLElement {
  const q = edit.draft.questions[i]!;
  const at = `questions[${i}]`;
  return h(
    'div',
    { class: 'question-form' },
    ...commonFields(q, i, at, edit),
    ...typeFields(q, at, edit),
    conditionEditor(q, i, at, edit),
  );
}
