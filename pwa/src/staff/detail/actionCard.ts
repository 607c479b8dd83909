// One action form as a card: sends the action and hands the updated report on; a 409 (not allowed
// from this status), 422 field errors (e.g. personal data in a public reply) and other failures
// are shown in the card, at the form that caused them.
import { ApiError, type FieldErrors } from '../../api/client';
import type { ReportDetail } from '../../api/types';
import { h } from '../../dom';
import { act } from '../api';
import { busyForm, formProblems } from '../fields';
import { st } from '../i18n';
import { statusName } from '../labels';
import { staffErrorMessage } from '../login';
import { isAction, type ActionForm } from './actions';

/** The card's errors for a failed request: the form's message and its fields' messages. */
function failureOf(f: ActionForm, err: unknown): { errors: FieldErrors; message: string } {
  if (err instanceof ApiError && err.code === 'conflict') {
    const allowed = err.allowed.length ? err.allowed.map(statusName).join(', ') : st('queue.none');
    return { errors: {}, message: st('action.conflict', { allowed }) };
  }
  if (err instanceof ApiError && Object.keys(err.fields).length) {
    // The server names its fields without the form's prefix (`text`, not `note.text`).
    return {
      errors: Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [`${f.key}.${k}`, v])),
      message: '',
    };
  }
  return { errors: {}, message: staffErrorMessage(err) };
}

/** `done` gets the report as the server has it after the action, and the notice to show. */
export function actionCard(
  f: ActionForm,
  r: ReportDetail,
  done: (updated: ReportDetail, notice: string) => void,
): HTMLElement {
  const sectionEl = h('section', { class: 'card action-card', 'aria-labelledby': `action-${f.key}` });
  const focusProblems = (): void => sectionEl.querySelector<HTMLElement>('.error-summary')?.focus();

  const draw = (errors: FieldErrors, message: string): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st(f.submit));
    const onSubmit = async (): Promise<void> => {
      const action = f.build();
      if (!isAction(action)) {
        draw(action, '');
        focusProblems();
        return;
      }
      if (f.confirm && !(await f.confirm())) return;
      try {
        const updated = await act(r.id, action);
        done(updated, f.done(updated));
      } catch (err) {
        const failed = failureOf(f, err);
        draw(failed.errors, failed.message);
        focusProblems();
      }
    };
    sectionEl.replaceChildren(
      h('h3', { id: `action-${f.key}` }, st(f.title)),
      f.intro ? h('p', { class: 'hint' }, st(f.intro)) : '',
      formProblems(message, errors) ?? '',
      busyForm(
        { button, busyText: st('action.saving'), onSubmit },
        ...f.fields(errors),
        h('div', { class: 'button-row' }, button),
      ),
    );
  };
  draw({}, '');
  return sectionEl;
}
