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
  label: string;
  hint?: string;
  value: string;
  errors?: string[] | undefined;
  onInput: (value: string) => void;
  /** Extra ids for aria-describedby (e.g. a character counter). */
  describedBy?: string;
}

export function textInput(
  o: TextOptions & { type?: string; autocomplete?: string; inputmode?: string },
): HTMLElement {
  return h(
    'div',
    { class: `field${o.errors?.length ? ' field-invalid' : ''}` },
    h('label', { for: fieldId(o.field) }, o.label),
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
  const area = h(
    'textarea',
    {
      id: fieldId(o.field),
      name: o.field,
      rows: o.rows ?? 5,
      'aria-invalid': o.errors?.length ? 'true' : null,
      'aria-describedby': describedBy(o.field, !!o.hint, o.errors, o.describedBy),
      oninput: (e) => o.onInput((e.target as HTMLTextAreaElement).value),
    },
  );
  area.value = o.value;
  return h(
    'div',
    { class: `field${o.errors?.length ? ' field-invalid' : ''}` },
    h('label', { for: fieldId(o.field) }, o.label),
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

/** A fieldset of radio buttons; the native radio stays visible so the choice is not shown by colour alone. */
export function radioGroup(o: {
  field: string;
  legend: Child;
  hint?: string;
  choices: Choice[];
  value: string;
  errors?: string[] | undefined;
  onChange: (value: string) => void;
  className?: string;
  legendClass?: string;
}): HTMLFieldSetElement {
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
            type: 'radio',
            id,
            name: o.field,
            value: c.value,
            checked: c.value === o.value,
            'aria-describedby': hint,
            onchange: () => o.onChange(c.value),
          }),
          h(
            'label',
            { for: id },
            c.icon,
            h('span', { class: 'choice-text' }, c.label, c.hint ? h('span', { class: 'hint', id: hint }, c.hint) : null),
          ),
        );
      }),
    ),
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
