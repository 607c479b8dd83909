// The bulk bar (for those who triage), folded away until opened: tick rows, or all loaded rows,
// choose a status and change them in one request; the answer says per report whether it changed.
// Before anything is sent a dialog says how many reports change and how many residents hear of it
// by e-mail; a rejection asks there for the public reason they all get.
import { isOneOf, reportStatusValues, type BulkResult, type ReportStatus } from '../../api/types';
import { h } from '../../dom';
import { bulkAct } from '../api';
import { ask } from '../dialog';
import { st } from '../i18n';
import { statusName } from '../labels';
import { staffErrorMessage } from '../login';
import { checkReason, newReason, reasonFields } from '../reasons';
import type { QueueList } from './list';
import type { QueueMessages } from './messages';
import type { QueueState } from './state';

export interface BulkBar {
  /** The bar, or null for a user who may not triage. */
  readonly el: HTMLElement | null;
  /** Shows the number ticked on the button, and ticks "select all" when every row is. */
  readonly update: () => void;
}

/**
 * Applies the server's answers to the loaded rows (`changed` hears of each status that moved);
 * returns the reports that did not change.
 */
function applyResults(
  s: QueueState,
  results: BulkResult[],
  status: ReportStatus,
  changed: (from: ReportStatus, to: ReportStatus) => void,
): string[] {
  const failed: string[] = [];
  for (const res of results) {
    const i = s.items.findIndex((r) => r.id === res.id);
    if (res.outcome === 'ok') {
      s.checked.delete(res.id);
      if (i >= 0) {
        const to = res.status ?? status;
        changed(s.items[i]!.status, to);
        s.items[i] = { ...s.items[i]!, status: to };
      }
    } else failed.push(`${res.id} (${res.outcome === 'conflict' ? st('bulk.not_allowed') : res.outcome})`);
  }
  return failed;
}

export function createBulkBar(
  s: QueueState,
  o: { list: QueueList; messages: QueueMessages; changed: (from: ReportStatus, to: ReportStatus) => void },
): BulkBar {
  const { say, warn } = o.messages;
  const bulkStatus = h(
    'select',
    { id: 'bulk-status' },
    reportStatusValues
      .filter((x) => x !== 'new' && x !== 'duplicate')
      .map((x) => h('option', { value: x }, statusName(x))),
  );
  const bulkButton = h('button', { type: 'button', class: 'btn btn-primary' });
  const selectAll = h('input', {
    type: 'checkbox',
    id: 'select-all',
    onchange: (e) => {
      const on = (e.target as HTMLInputElement).checked;
      for (const r of s.items) {
        if (on) s.checked.add(r.id);
        else s.checked.delete(r.id);
      }
      o.list.el.querySelectorAll<HTMLInputElement>('input.queue-check').forEach((c) => (c.checked = on));
      update();
    },
  });
  const summaryCount = h('span', { class: 'tool-count' });
  const update = (): void => {
    bulkButton.textContent = st('bulk.apply', { n: s.checked.size });
    summaryCount.textContent = s.checked.size ? st('bulk.checked', { n: s.checked.size }) : '';
    selectAll.checked = s.items.length > 0 && s.items.every((r) => s.checked.has(r.id));
  };

  /** Says what will change and asks; for a rejection also the reason. Null: not now. */
  const confirmBulk = async (status: ReportStatus): Promise<{ reply?: string } | null> => {
    const n = s.checked.size;
    const mail = s.items.filter((r) => s.checked.has(r.id) && r.notifies_reporter).length;
    const reports = st(n === 1 ? 'bulk.reports_one' : 'bulk.reports', { n });
    const intro = [
      h('p', {}, st('bulk.confirm_intro', { reports, status: statusName(status) })),
      h(
        'p',
        { class: 'bulk-mail' },
        mail === 0 ? st('bulk.mail_none') : st(mail === 1 ? 'bulk.mail_one' : 'bulk.mail', { n: mail }),
      ),
    ];
    if (status !== 'rejected') {
      const yes = await ask({
        title: st('bulk.confirm_title', { reports }),
        intro,
        confirm: st('bulk.confirm', { reports, status: statusName(status) }),
        cancel: st('bulk.cancel'),
        className: 'bulk-dialog',
      });
      return yes ? {} : null;
    }
    const reason = newReason();
    const notifies = mail === 0 ? false : mail === n ? true : null;
    const yes = await ask({
      title: st('bulk.confirm_title', { reports }),
      intro: [...intro, h('p', {}, st('bulk.reject_intro'))],
      fields: (errors) => reasonFields(reason, { field: 'bulk-reject', errors, notifies }),
      check: () => checkReason(reason, 'bulk-reject'),
      confirm: st('bulk.confirm', { reports, status: statusName(status) }),
      cancel: st('bulk.cancel'),
      className: 'bulk-dialog reject-dialog',
    });
    return yes ? { reply: reason.text.trim() } : null;
  };

  const apply = async (): Promise<void> => {
    if (bulkButton.getAttribute('aria-disabled') === 'true') return;
    if (!s.checked.size) return warn(st('bulk.none'));
    const chosen = bulkStatus.value;
    if (!isOneOf(reportStatusValues, chosen)) return;
    const status: ReportStatus = chosen;
    bulkButton.setAttribute('aria-disabled', 'true');
    try {
      const answer = await confirmBulk(status);
      if (!answer) {
        say(st('bulk.cancelled'));
        return;
      }
      const results = await bulkAct([...s.checked], {
        action: 'status',
        status,
        ...(answer.reply && { public_reply: answer.reply }),
      });
      const failed = applyResults(s, results, status, o.changed);
      o.list.render();
      update();
      const ok = results.length - failed.length;
      if (failed.length) warn(st('bulk.partly', { ok, status: statusName(status), failed: failed.join(', ') }));
      else say(st(ok === 1 ? 'bulk.done_one' : 'bulk.done', { n: ok, status: statusName(status) }));
    } catch (e) {
      warn(staffErrorMessage(e));
    } finally {
      bulkButton.removeAttribute('aria-disabled');
    }
  };
  bulkButton.addEventListener('click', () => void apply());
  update();

  const el = s.triage
    ? h(
        'details',
        { class: 'bulk-bar queue-tool' },
        h('summary', {}, st('bulk.title'), summaryCount),
        h(
          'div',
          { class: 'bulk-body' },
          h(
            'div',
            { class: 'choice checkbox' },
            selectAll,
            h('label', { for: 'select-all' }, h('span', { class: 'choice-text' }, st('bulk.select_all'))),
          ),
          h(
            'div',
            { class: 'bulk-controls' },
            h('label', { for: 'bulk-status' }, st('bulk.to_status')),
            bulkStatus,
            bulkButton,
          ),
        ),
      )
    : null;
  return { el, update };
}
