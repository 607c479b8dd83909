// Form pieces the staff views share, beside ../ui/form (which they use for text, radios, boxes).
import type { FieldErrors } from '../api/client';
import { h, type Child } from '../dom';
import { t } from '../i18n';
import { errorSummary, fieldId } from '../ui/form';

/** A labelled `<select>` with hint and error text, wired like ui/form's fields. */
export function selectField(o: {
  field: string;
  label: string;
  value: string;
  options: [string, string][];
  errors?: string[] | undefined;
  hint?: string;
  onChange: (value: string) => void;
}): HTMLElement {
  const id = fieldId(o.field);
  const describedBy = [o.hint && `${id}-hint`, o.errors?.length && `${id}-error`].filter(Boolean).join(' ');
  return h(
    'div',
    { class: `field${o.errors?.length ? ' field-invalid' : ''}` },
    h('label', { for: id }, o.label),
    o.hint ? h('p', { class: 'hint', id: `${id}-hint` }, o.hint) : null,
    o.errors?.length
      ? h(
          'p',
          { class: 'field-error', id: `${id}-error` },
          h('span', { class: 'error-prefix' }, `${t('form.error_prefix')} `),
          o.errors.join(' '),
        )
      : null,
    h(
      'select',
      {
        id,
        name: o.field,
        'aria-invalid': o.errors?.length ? 'true' : null,
        'aria-describedby': describedBy || null,
        onchange: (e) => o.onChange((e.target as HTMLSelectElement).value),
      },
      o.options.map(([v, text]) => h('option', { value: v, selected: v === o.value }, text)),
    ),
  );
}

/** A message for the whole form (e.g. wrong password, 409), or else the field error summary. */
export function formProblems(message: string, errors: FieldErrors): HTMLElement | null {
  return message
    ? h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' }, h('p', {}, message))
    : errorSummary(errors);
}

/**
 * A form whose submit button shows `busyText` and ignores further presses while `onSubmit` runs.
 * `onSubmit` usually re-renders the form, so the button is not restored afterwards.
 */
export function busyForm(
  o: { button: HTMLButtonElement; busyText: string; onSubmit: () => Promise<void> | void },
  ...children: (Child | Child[])[]
): HTMLFormElement {
  const run = async (): Promise<void> => {
    if (o.button.getAttribute('aria-disabled') === 'true') return;
    const label = o.button.textContent;
    o.button.setAttribute('aria-disabled', 'true');
    o.button.textContent = o.busyText;
    try {
      await o.onSubmit();
    } finally {
      o.button.removeAttribute('aria-disabled');
      o.button.textContent = label;
    }
  };
  return h(
    'form',
    {
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        void run();
      },
    },
    ...children,
  );
}
