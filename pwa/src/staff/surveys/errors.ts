// A refused save in the builder's words: each problem under the question and field it is in
// ("Fråga 3, svarsalternativ: Ge frågan minst 2 svarsalternativ."), linked to that field. The
// server's own message is used except where the app says it more plainly (a count, not characters).
import type { ApiError, FieldErrors } from '../../api/client';
import { h } from '../../dom';
import { fieldId } from '../../ui/form';
import { hasMessage, st, type SurveyKey } from './i18n';
import { questionOf } from './draft';

/** Messages of the app's own, by the field's last part and the server's code. */
const OWN: Record<string, Record<string, SurveyKey>> = {
  choices: {
    too_short: 'builder.e_choices_too_short',
    too_long: 'builder.e_choices_too_long',
    invalid: 'builder.e_scores',
  },
  questions: { too_short: 'builder.e_no_questions', too_long: 'builder.e_too_many_questions' },
  any_of: { too_short: 'builder.e_any_of_missing' },
  code: { invalid: 'builder.e_code_invalid' },
  max: { required: 'builder.e_bounds_missing', invalid: 'builder.e_bounds_order' },
};

/** The field's last part: `questions[2].show_if.any_of` → `any_of`, `questions` → `questions`. */
const lastPart = (field: string): string =>
  field
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');

/** The server's field errors, in the app's words where it has them. */
export function builderErrors(e: ApiError): FieldErrors {
  return Object.fromEntries(
    Object.entries(e.fields).map(([field, messages]) => [
      field,
      messages.map((m, k) => {
        const own = OWN[lastPart(field)]?.[e.fieldCodes[field]?.[k] ?? ''];
        return own ? st(own) : m;
      }),
    ]),
  );
}

/** Where a field is, in words: "Fråga 3, svarsalternativ 2, kod". */
function where(field: string): string {
  const parts: string[] = [];
  const q = questionOf(field);
  if (q !== null) parts.push(st('where.question', { n: q + 1 }));
  const choice = /choices\[(\d+)\]/.exec(field);
  if (choice) parts.push(st('where.choice', { n: Number(choice[1]) + 1 }));
  const key = `where.${field.replace(/^questions\[\d+\]\.?/, '').replace(/choices\[\d+\]\.?/, '')}`;
  if (hasMessage(key)) parts.push(st(key));
  const words = parts.join(', ') || field;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The problems as a list of links; a link opens the question it is in (`open`) and puts the focus
 * on the field, or on the question when the field has no control of its own.
 */
export function builderSummary(errors: FieldErrors, open: (question: number | null) => void): HTMLElement | null {
  const entries = Object.entries(errors).filter(([, m]) => m.length);
  if (!entries.length) return null;
  return h(
    'div',
    { class: 'error-summary', tabindex: '-1', 'aria-labelledby': 'builder-errors-title' },
    h('h2', { id: 'builder-errors-title' }, st('builder.errors_title', { n: entries.length })),
    h(
      'ul',
      {},
      entries.map(([field, messages]) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: `#${fieldId(field)}`,
              onclick: (e) => {
                e.preventDefault();
                const q = questionOf(field);
                open(q);
                const target = document.getElementById(fieldId(field)) ?? document.getElementById(`question-${q}`);
                target?.focus();
                target?.scrollIntoView({ block: 'center' });
              },
            },
            `${where(field)}: ${messages.join(' ')}`,
          ),
        ),
      ),
    ),
  );
}
