import type { FieldErrors } from '../api/client';
import { h, type Child } from '../dom';
import { t } from '../i18n';

/** The id of the control a field's errors link to (radio groups: their first option). */
export const fieldId = (field: string): string => `f-${field}`;
const errorId = (field: string): string => `f-${field}-error`;
const hintId = (field: string): string => `f-${field}-hint`;

function describedBy(field: string, hint: boolean, errors: string[] | undefined, extra?: string): string | null {
  const ids = [hint && hintId(field), errors?.length && errorId(field), extra].filter(Boolean);
  return ids.length ? ids.join(' ') : null;
}

function errorText(field: string, errors: string[] | undefined): HTMLElement | null {
  if (!errors?.length) return null;
  return h(
    'p',
    { class: 'field-error', id: errorId(field) },
    h('span', { class: 'error-prefix' }, `${t('form.error_prefix')} `),
    errors.join(' '),
  );
}

const hintText = (field: string, hint?: string): HTMLElement | null =>
  hint ? h('p', { class: 'hint', id: hintId(field) }, hint) : null;

/** Links to every invalid field; focused after a failed "next" so screen readers hear it. */
export function errorSummary(errors: FieldErrors): HTMLElement | null {
  const entries = Object.entries(errors).filter(([, m]) => m.length);
  if (!entries.length) return null;
  const box = h(
    'div',
    { class: 'error-summary', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
    h('h2', { id: 'error-summary-title' }, t('form.error_summary')),
    h(
      'ul',
      {},
      entries.map(([field, msgs]) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: `#${fieldId(field)}`,
              onclick: (e) => {
                const target = document.getElementById(fieldId(field));
                if (!target) return;
                e.preventDefault();
                target.focus();
                target.scrollIntoView({ block: 'center' });
              },
            },
            msgs.join(' '),
          ),
        ),
      ),
    ),
  );
  return box;
}

interface TextOptions {
  field: string;
  label: Child;
  /** The label is the page's h1: a page that asks this one question (a survey's). */
  heading?: boolean;
  hint?: string;
  value: string;
  errors?: string[] | undefined;
  onInput: (value: string) => void;
  /** Extra ids for aria-describedby (e.g. a character counter). */
  describedBy?: string;
}

/** The field's label; as the page's heading, it is the focus target after navigation. */
function labelFor(o: TextOptions): HTMLElement {
  const label = h('label', { for: fieldId(o.field) }, o.label);
  return o.heading ? h('h1', { tabindex: '-1', class: 'question-heading' }, label) : label;
}

export function textInput(o: TextOptions & { type?: string; autocomplete?: string; inputmode?: string }): HTMLElement {
  return h(
    'div',
    { class: `field${o.errors?.length ? ' field-invalid' : ''}` },
    labelFor(o),
    hintText(o.field, o.hint),
    errorText(o.field, o.errors),
    h('input', {
      id: fieldId(o.field),
      name: o.field,
      type: o.type ?? 'text',
      value: o.value,
      autocomplete: o.autocomplete,
      inputmode: o.inputmode,
      'aria-invalid': o.errors?.length ? 'true' : null,
      'aria-describedby': describedBy(o.field, !!o.hint, o.errors, o.describedBy),
      oninput: (e) => o.onInput((e.target as HTMLInputElement).value),
    }),
  );
}

export function textArea(o: TextOptions & { rows?: number; after?: Child }): HTMLElement {
  const area = h('textarea', {
    id: fieldId(o.field),
    name: o.field,
    rows: o.rows ?? 5,
    'aria-invalid': o.errors?.length ? 'true' : null,
    'aria-describedby': describedBy(o.field, !!o.hint, o.errors, o.describedBy),
    oninput: (e) => o.onInput((e.target as HTMLTextAreaElement).value),
  });
  area.value = o.value;
  return h(
    'div',
    { class: `field${o.errors?.length ? ' field-invalid' : ''}` },
    labelFor(o),
    hintText(o.field, o.hint),
    errorText(o.field, o.errors),
    area,
    o.after,
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
  icon?: Child;
}

interface GroupOptions {
  field: string;
  legend: Child;
  hint?: string;
  choices: Choice[];
  errors?: string[] | undefined;
  className?: string;
  legendClass?: string;
}

/**
 * The fieldset radio buttons and checkboxes share: legend, hint, error, and a card per choice
 * around its native control. The first control carries the field's id, for the error summary.
 */
function choiceFieldset(
  o: GroupOptions,
  type: 'radio' | 'checkbox',
  checked: (value: string) => boolean,
  changed: (value: string, on: boolean) => void,
): HTMLFieldSetElement {
  return h(
    'fieldset',
    {
      class: `field choices ${o.className ?? ''}${o.errors?.length ? ' field-invalid' : ''}`,
      'aria-describedby': describedBy(o.field, !!o.hint, o.errors),
    },
    h('legend', { class: o.legendClass ?? null }, o.legend),
    hintText(o.field, o.hint),
    errorText(o.field, o.errors),
    h(
      'div',
      { class: 'choice-list' },
      o.choices.map((c, i) => {
        const id = i === 0 ? fieldId(o.field) : `${fieldId(o.field)}-${c.value}`;
        const hint = c.hint ? `${id}-hint` : null;
        return h(
          'div',
          { class: 'choice' },
          h('input', {
            type,
            id,
            name: o.field,
            value: c.value,
            checked: checked(c.value),
            'aria-describedby': hint,
            onchange: (e) => changed(c.value, (e.target as HTMLInputElement).checked),
          }),
          h(
            'label',
            { for: id },
            c.icon,
            h(
              'span',
              { class: 'choice-text' },
              c.label,
              c.hint ? h('span', { class: 'hint', id: hint }, c.hint) : null,
            ),
          ),
        );
      }),
    ),
  );
}

/** A fieldset of radio buttons; the native radio stays visible so the choice is not shown by colour alone. */
export function radioGroup(
  o: GroupOptions & { value: string; onChange: (value: string) => void },
): HTMLFieldSetElement {
  return choiceFieldset(
    o,
    'radio',
    (value) => value === o.value,
    (value) => o.onChange(value),
  );
}

export function checkbox(o: {
  field: string;
  label: string;
  checked: boolean;
  errors?: string[] | undefined;
  onChange: (checked: boolean) => void;
}): HTMLElement {
  return h(
    'div',
    { class: `field choice checkbox${o.errors?.length ? ' field-invalid' : ''}` },
    errorText(o.field, o.errors),
    h('input', {
      type: 'checkbox',
      id: fieldId(o.field),
      name: o.field,
      checked: o.checked,
      'aria-invalid': o.errors?.length ? 'true' : null,
      'aria-describedby': describedBy(o.field, false, o.errors),
      onchange: (e) => o.onChange((e.target as HTMLInputElement).checked),
    }),
    h('label', { for: fieldId(o.field) }, h('span', { class: 'choice-text' }, o.label)),
  );
}

/** A fieldset of checkboxes: one answer with several values, given in the order offered. */
export function checkboxGroup(
  o: GroupOptions & { values: string[]; onChange: (values: string[]) => void },
): HTMLFieldSetElement {
  const chosen = new Set(o.values);
  return choiceFieldset(
    o,
    'checkbox',
    (value) => chosen.has(value),
    (value, on) => {
      if (on) chosen.add(value);
      else chosen.delete(value);
      o.onChange(o.choices.map((c) => c.value).filter((v) => chosen.has(v)));
    },
  );
}
