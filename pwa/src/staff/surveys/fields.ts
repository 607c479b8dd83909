// Form pieces the survey builder repeats: a text in Swedish and English side by side, and a number
// that may be left empty. Field names are the server's (`questions[2].text.sv`), so a 422
// lands on the control it is about.
import type { FieldErrors } from '../../api/client';
import { h, type Attrs } from '../../dom';
import { t } from '../../i18n';
import { fieldId, textArea, textInput } from '../../ui/form';
import { st } from './i18n';
import type { SurveyText } from './api';

/** Swedish and English inputs for one text; `onInput` gets the whole text after each keystroke. */
export function langPair(o: {
  field: string;
  label: string;
  text: SurveyText;
  errors: FieldErrors;
  hint?: string;
  multiline?: boolean;
  onInput: (text: SurveyText) => void;
}): HTMLElement {
  const text = { sv: o.text.sv, en: o.text.en ?? '' };
  const one = (lang: 'sv' | 'en'): HTMLElement => {
    const options = {
      field: `${o.field}.${lang}`,
      label: st(lang === 'sv' ? 'builder.in_swedish' : 'builder.in_english', { what: o.label }),
      value: text[lang],
      errors: o.errors[`${o.field}.${lang}`],
      // The hint on both, so it is read with either and the two fields line up.
      ...(o.hint && { hint: o.hint }),
      onInput: (v: string) => {
        text[lang] = v;
        o.onInput({ ...text });
      },
    };
    return o.multiline ? textArea({ ...options, rows: 3 }) : textInput(options);
  };
  return h('div', { class: 'lang-pair' }, one('sv'), one('en'));
}

/** A number (whole unless `decimals`), or nothing when the field is left empty. */
export function numberField(o: {
  field: string;
  label: string;
  value: number | null | undefined;
  errors: FieldErrors;
  hint?: string;
  decimals?: boolean;
  onInput: (value: number | undefined) => void;
}): HTMLElement {
  const parse = (v: string): number | undefined => {
    const n = Number(v.replace(',', '.'));
    if (v.trim() === '' || !Number.isFinite(n)) return undefined;
    return o.decimals ? n : Math.trunc(n);
  };
  return textInput({
    field: o.field,
    label: o.label,
    type: 'number',
    inputmode: o.decimals ? 'decimal' : 'numeric',
    value: o.value === null || o.value === undefined ? '' : String(o.value),
    errors: o.errors[o.field],
    ...(o.hint && { hint: o.hint }),
    onInput: (v) => o.onInput(parse(v)),
  });
}

/** A checkbox whose label has a second, quieter line that says what ticking it means. */
export function hintedCheckbox(o: {
  field: string;
  label: string;
  hint: string;
  checked: boolean;
  errors: string[] | undefined;
  onChange: (checked: boolean) => void;
}): HTMLElement {
  const id = fieldId(o.field);
  const invalid = !!o.errors?.length;
  return h(
    'div',
    { class: `field choice checkbox${invalid ? ' field-invalid' : ''}` },
    errorLine(o.field, o.errors),
    h('input', {
      type: 'checkbox',
      id,
      name: o.field,
      checked: o.checked,
      'aria-invalid': invalid ? 'true' : null,
      'aria-describedby': [`${id}-hint`, invalid && errorLineId(o.field)].filter(Boolean).join(' '),
      onchange: (e) => o.onChange((e.target as HTMLInputElement).checked),
    }),
    h(
      'label',
      { for: id },
      h('span', { class: 'choice-text' }, o.label, h('span', { class: 'hint', id: `${id}-hint` }, o.hint)),
    ),
  );
}

/** The id of a group's error line, for the group's `aria-describedby`. */
export const errorLineId = (field: string): string => `${fieldId(field)}-error`;

/** A group's (a fieldset's) error line, worded as ui/form words a field's. */
export function errorLine(field: string, errors: string[] | undefined): HTMLElement | null {
  return errors?.length
    ? h(
        'p',
        { class: 'field-error', id: errorLineId(field) },
        h('span', { class: 'error-prefix' }, `${t('form.error_prefix')} `),
        errors.join(' '),
      )
    : null;
}

/** A small button named, for screen readers, with the item it acts on: "Flytta upp, fråga 2". */
export function itemButton(o: {
  label: string;
  item: string;
  id: string;
  disabled?: boolean;
  attrs?: Attrs;
  onClick: () => void;
}): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      id: o.id,
      'aria-label': `${o.label}, ${o.item}`,
      disabled: !!o.disabled,
      onclick: o.onClick,
      ...o.attrs,
    },
    o.label,
  );
}

/**
 * "Flytta upp", "Flytta ner" and a remove button for item `index` of `count` in a list; their ids
 * are `id` and `-up`, `-down`, `-remove`. The first has no "up", the last no "down".
 */
export function moveButtons(o: {
  id: string;
  item: string;
  index: number;
  count: number;
  removeLabel: string;
  move: (to: number, which: 'up' | 'down') => void;
  remove: () => void;
}): HTMLButtonElement[] {
  const { id, item, index } = o;
  return [
    itemButton({
      label: st('builder.move_up'),
      item,
      id: `${id}-up`,
      disabled: index === 0,
      onClick: () => o.move(index - 1, 'up'),
    }),
    itemButton({
      label: st('builder.move_down'),
      item,
      id: `${id}-down`,
      disabled: index === o.count - 1,
      onClick: () => o.move(index + 1, 'down'),
    }),
    itemButton({ label: o.removeLabel, item, id: `${id}-remove`, onClick: o.remove }),
  ];
}
