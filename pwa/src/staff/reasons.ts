// The public reason for a rejection: ready-made answers to choose from (each can still be edited)
// or one's own. The resident reads it on the tracking page, and in the e-mail when they left an
// address. Used by the queue's `x`, the bulk change and the report's form.
import type { FieldErrors } from '../api/client';
import { fieldId, radioGroup, textArea } from '../ui/form';
import { st, type StaffKey } from './i18n';

const REASONS = ['elsewhere', 'done', 'place', 'own'] as const;
type Reason = (typeof REASONS)[number];

/** Where the coordinator still has to fill in who to contact. */
const GAP = '…';

export interface ReasonState {
  choice: Reason | '';
  text: string;
}

export const newReason = (): ReasonState => ({ choice: '', text: '' });

const reasonText = (r: Reason): string => (r === 'own' ? '' : st(`reject.text_${r}` as StaffKey));

/**
 * The choices and the text; `field` prefixes the fields' ids. `notifies`: the resident gets the
 * answer by e-mail too (`null`: some do, in a bulk change).
 */
export function reasonFields(
  state: ReasonState,
  o: { field: string; errors: FieldErrors; notifies: boolean | null },
): HTMLElement[] {
  const textField = `${o.field}.text`;
  const text = textArea({
    field: textField,
    label: st('reject.text'),
    hint: st(o.notifies === null ? 'reject.text_hint_some' : o.notifies ? 'reject.text_hint_mail' : 'reject.text_hint'),
    rows: 4,
    value: state.text,
    errors: o.errors[textField],
    onInput: (v) => (state.text = v),
  });
  const area = (): HTMLTextAreaElement | null => text.querySelector('textarea');
  const choices = radioGroup({
    field: `${o.field}.choice`,
    legend: st('reject.choose'),
    choices: REASONS.map((r) => ({ value: r, label: st(`reject.choice_${r}` as StaffKey) })),
    value: state.choice,
    onChange: (v) => {
      const choice = REASONS.find((r) => r === v) ?? 'own';
      state.choice = choice;
      state.text = reasonText(choice);
      const el = area();
      if (!el) return;
      el.value = state.text;
      // "Kontakta …": the caret on the gap, so what is typed replaces it.
      const gap = state.text.indexOf(GAP);
      if (gap >= 0 || choice === 'own') {
        el.focus();
        if (gap >= 0) el.setSelectionRange(gap, gap + GAP.length);
      }
    },
  });
  return [choices, text];
}

/** The text's errors, under `field`; none when it can be sent. */
export function checkReason(state: ReasonState, field: string): FieldErrors {
  const text = state.text.trim();
  const key = `${field}.text`;
  if (!text) return { [key]: [st('reject.missing')] };
  if (text.includes(GAP)) return { [key]: [st('reject.gap')] };
  return {};
}

export const reasonFieldId = (field: string): string => fieldId(`${field}.text`);
