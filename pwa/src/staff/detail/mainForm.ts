// The report's one form: status, priority, group, the reply to the reporter and an internal note,
// saved with one button. Only the statuses the workflow allows from here are offered (none: no
// status choice at all). Rejecting needs a public reason. When the save tells the reporter
// something (a rejection; a status change or reply e-mailed to them) it asks first; otherwise it
// saves at once. What the reporter hears of is sent first, so a refusal there (409, or 422 for
// personal data in the reply) stops the rest.
import { ApiError, type FieldErrors } from '../../api/client';
import {
  isOneOf,
  priorityValues,
  type Priority,
  type ReportDetail,
  type ReportStatus,
  type TriageAction,
} from '../../api/types';
import { h, type Child } from '../../dom';
import { radioGroup, textArea } from '../../ui/form';
import { ask } from '../dialog';
import { act } from '../api';
import { busyForm, formProblems, selectField } from '../fields';
import { st } from '../i18n';
import { GROUPS, groupName, priorityName, statusName } from '../labels';
import { staffErrorMessage } from '../login';
import { checkReason, newReason, reasonFields, type ReasonState } from '../reasons';

/** One request of a save, and where the server's field names go in this form. */
interface Step {
  action: TriageAction;
  fields: Record<string, string>;
  notice: (d: ReportDetail) => string;
}

const REPLY = 'main.reply';
const REPLY_TEXT = `${REPLY}.text`;

export function mainForm(r: ReportDetail, done: (updated: ReportDetail, notice: string) => void): HTMLElement {
  const s: { status: ReportStatus | ''; priority: Priority | ''; group: string; reply: ReasonState; note: string } = {
    status: '',
    priority: r.priority ?? '',
    group: r.assigned_group ?? '',
    reply: newReason(),
    note: '',
  };
  const mail = r.notifies_reporter;
  const sectionEl = h('section', { class: 'card action-card main-form', 'aria-labelledby': 'main-title' });

  /** The reply: with the ready-made reasons (and required) when rejecting, else a free text. */
  const replyFields = (errors: FieldErrors): HTMLElement[] =>
    s.status === 'rejected'
      ? reasonFields(s.reply, { field: REPLY, errors, notifies: mail })
      : [
          textArea({
            field: REPLY_TEXT,
            label: st('main.reply'),
            hint: st(mail ? 'main.reply_hint_mail' : 'main.reply_hint'),
            rows: 3,
            value: s.reply.text,
            errors: errors[REPLY_TEXT],
            onInput: (v) => (s.reply.text = v),
          }),
        ];

  const steps = (): Step[] => {
    const out: Step[] = [];
    const reply = s.reply.text.trim();
    const note = s.note.trim();
    if (s.status) {
      out.push({
        action: {
          action: 'status',
          status: s.status,
          ...(reply && { public_reply: reply }),
          ...(note && { comment: note }),
        },
        fields: { public_reply: REPLY_TEXT, comment: 'main.note', status: 'main.status' },
        notice: (d) => st('main.done_status', { status: statusName(d.status) }),
      });
    } else {
      if (reply)
        out.push({
          action: { action: 'public_reply', text: reply },
          fields: { text: REPLY_TEXT },
          notice: () => '',
        });
      if (note)
        out.push({
          action: { action: 'note', text: note },
          fields: { text: 'main.note' },
          notice: () => st('done.note'),
        });
    }
    if (s.priority && s.priority !== r.priority)
      out.push({
        action: { action: 'priority', priority: s.priority },
        fields: { priority: 'main.priority' },
        notice: (d) => st('done.priority', { priority: priorityName(d.priority) }),
      });
    if (s.group !== (r.assigned_group ?? ''))
      out.push({
        action: { action: 'assign', group: s.group || null, user_id: null },
        fields: { group: 'main.group' },
        notice: (d) => st('done.assign', { group: groupName(d.assigned_group) }),
      });
    return out;
  };

  /** Asks before anything the reporter hears of; true to go on. */
  const confirmTold = async (): Promise<boolean> => {
    const reply = s.reply.text.trim();
    if (!s.status && !reply) return true;
    if (!mail && s.status !== 'rejected') return true;
    const what: HTMLElement[] = [];
    if (s.status) what.push(h('li', {}, st('main.told_status', { status: statusName(s.status) })));
    if (reply) what.push(h('li', {}, st('main.told_reply'), h('p', { class: 'quote' }, reply)));
    return ask({
      title: st(mail ? 'main.confirm_title_mail' : 'main.confirm_title'),
      intro: [h('p', {}, st(mail ? 'main.confirm_mail' : 'main.confirm_page')), h('ul', {}, what)],
      confirm: st(mail ? 'main.confirm_send' : 'main.confirm_save'),
      cancel: st('main.confirm_cancel'),
      className: 'save-dialog',
    });
  };

  const draw = (errors: FieldErrors, message: string): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st('main.save'));
    const replyEl = h('div', { class: 'main-reply' }, ...replyFields(errors));
    const redrawReply = (): void => replyEl.replaceChildren(...replyFields({}));
    const statusEl: Child = r.allowed_next.length
      ? radioGroup({
          field: 'main.status',
          legend: st('main.status'),
          hint: st('main.status_now', { status: statusName(r.status) }),
          choices: [
            { value: '', label: st('main.status_keep', { status: statusName(r.status) }) },
            ...r.allowed_next.map((x) => ({ value: x, label: statusName(x) })),
          ],
          value: s.status,
          errors: errors['main.status'],
          onChange: (v) => {
            const was = s.status;
            s.status = isOneOf(r.allowed_next, v) ? v : '';
            if ((was === 'rejected') !== (s.status === 'rejected')) redrawReply();
          },
          className: 'status-choices',
        })
      : h(
          'div',
          { class: 'field' },
          h('p', { class: 'label-like' }, st('main.status')),
          h('p', {}, st('main.status_fixed', { status: statusName(r.status) })),
        );

    const onSubmit = async (): Promise<void> => {
      // Required when rejecting; otherwise only a ready-made text with its gap left open is refused.
      const own: FieldErrors = s.status === 'rejected' || s.reply.text.trim() ? checkReason(s.reply, REPLY) : {};
      if (Object.keys(own).length) {
        draw(own, '');
        sectionEl.querySelector<HTMLElement>('.error-summary')?.focus();
        return;
      }
      const todo = steps();
      if (!todo.length) {
        draw({}, st('main.nothing'));
        sectionEl.querySelector<HTMLElement>('.error-summary')?.focus();
        return;
      }
      if (!(await confirmTold())) return;
      const notices: string[] = [];
      let updated: ReportDetail | null = null;
      for (const step of todo) {
        try {
          updated = await act(r.id, step.action);
          const text = step.notice(updated);
          if (text) notices.push(text);
          if (
            step.action.action === 'public_reply' ||
            (step.action.action === 'status' && 'public_reply' in step.action)
          )
            notices.push(st(mail ? 'main.done_reply_mail' : 'main.done_reply'));
        } catch (err) {
          const failed = failureOf(step, err);
          if (!updated) {
            draw(failed.errors, failed.message);
            sectionEl.querySelector<HTMLElement>('.error-summary')?.focus();
          } else {
            done(
              updated,
              `${st('main.saved', { what: notices.join(' ') })} ${failed.message || st('main.rest_failed')}`,
            );
          }
          return;
        }
      }
      if (updated) done(updated, st('main.saved', { what: notices.join(' ') }));
    };

    sectionEl.replaceChildren(
      h('h2', { id: 'main-title' }, st('main.title')),
      formProblems(message, errors) ?? '',
      busyForm(
        { button, busyText: st('action.saving'), onSubmit },
        h(
          'div',
          { class: 'main-grid' },
          h('div', {}, statusEl),
          h(
            'div',
            {},
            selectField({
              field: 'main.priority',
              label: st('main.priority'),
              value: s.priority,
              options: [
                ...(r.priority ? [] : [['', st('priority.none')] as [string, string]]),
                ...priorityValues.map((p): [string, string] => [p, priorityName(p)]),
              ],
              errors: errors['main.priority'],
              onChange: (v) => {
                if (isOneOf(priorityValues, v)) s.priority = v;
                else s.priority = '';
              },
            }),
            selectField({
              field: 'main.group',
              label: st('main.group'),
              value: s.group,
              options: [['', st('group.none')], ...GROUPS.map((g): [string, string] => [g, groupName(g)])],
              errors: errors['main.group'],
              onChange: (v) => (s.group = v),
            }),
          ),
        ),
        replyEl,
        textArea({
          field: 'main.note',
          label: st('main.note'),
          hint: st('main.note_hint'),
          rows: 2,
          value: s.note,
          errors: errors['main.note'],
          onInput: (v) => (s.note = v),
        }),
        h('div', { class: 'button-row' }, button),
      ),
    );
  };
  draw({}, '');
  return sectionEl;
}

/** The form's errors for a failed request: a message, or the fields' messages where they belong. */
function failureOf(step: Step, err: unknown): { errors: FieldErrors; message: string } {
  if (err instanceof ApiError && err.code === 'conflict') {
    const allowed = err.allowed.length ? err.allowed.map(statusName).join(', ') : st('queue.none');
    return { errors: {}, message: st('action.conflict', { allowed }) };
  }
  if (err instanceof ApiError && Object.keys(err.fields).length) {
    return {
      errors: Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [step.fields[k] ?? `main.${k}`, v])),
      message: '',
    };
  }
  return { errors: {}, message: staffErrorMessage(err) };
}
