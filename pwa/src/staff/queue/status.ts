// Changing the selected row's status from the keyboard (t, p, r, x): the row is redrawn from the
// server's answer and the selection moves on; a refused change says what is allowed instead.
//
// Nothing reaches the resident by accident. `x` first asks for the public reason (the server
// requires one), and every change the resident hears of (any rejection; any change on a report
// whose reporter gets e-mail) waits `UNDO_MS` before it is sent: the row says so, the message bar
// offers "Ångra" (also the `u` key), and undoing sends nothing. Leaving the queue sends what waits.
import { ApiError } from '../../api/client';
import type { ReportDetail, ReportStatus, ReportSummary, TriageAction } from '../../api/types';
import { h } from '../../dom';
import { act, actNow, getReportDetail } from '../api';
import { ask } from '../dialog';
import { st } from '../i18n';
import { statusName } from '../labels';
import { staffErrorMessage } from '../login';
import { checkReason, newReason, reasonFields } from '../reasons';
import type { QueueList } from './list';
import type { QueueMessages } from './messages';
import type { QueueSelection } from './selection';
import type { QueueState } from './state';

/** How long a change the resident hears of can still be undone. */
export const UNDO_MS = 5000;

/** The list's row for a report the server sent in full. */
export const summaryOf = (d: ReportDetail): ReportSummary => ({
  id: d.id,
  status: d.status,
  priority: d.priority ?? null,
  category: d.category,
  subtype: d.subtype ?? null,
  area: d.area ?? null,
  source: d.source,
  received_at: d.received_at,
  occurred_at: d.occurred_at,
  lat: d.lat,
  lon: d.lon,
  feeling: d.feeling ?? null,
  assigned_group: d.assigned_group ?? null,
  excerpt: d.excerpt,
  screening_flags: d.screening_flags,
  duplicate_count: d.duplicate_count,
  notifies_reporter: d.notifies_reporter,
});

function conflictText(r: ReportSummary, status: ReportStatus, allowed: ReportStatus[]): string {
  return st('queue.conflict', {
    id: r.id,
    status: statusName(status),
    current: statusName(r.status),
    allowed: allowed.length ? allowed.map(statusName).join(', ') : st('queue.none'),
  });
}

/** Asks for the public reason for rejecting `r`; null when the coordinator cancels. */
async function askReason(r: ReportSummary): Promise<string | null> {
  const reason = newReason();
  const yes = await ask({
    title: st('reject.title', { id: r.id }),
    intro: [h('p', {}, st(r.notifies_reporter ? 'reject.intro_mail' : 'reject.intro'))],
    fields: (errors) => reasonFields(reason, { field: 'reject', errors, notifies: r.notifies_reporter }),
    check: () => checkReason(reason, 'reject'),
    confirm: st('reject.confirm'),
    cancel: st('reject.cancel'),
    className: 'reject-dialog',
  });
  return yes ? reason.text.trim() : null;
}

interface Waiting {
  id: string;
  action: TriageAction & { action: 'status' };
  timer: number;
}

export interface StatusChange {
  /** Changes the selected row to `status` (asking first for a rejection's reason). */
  readonly change: (status: ReportStatus) => Promise<void>;
  /** Takes back the latest change still waiting; false when none waits. */
  readonly undo: () => boolean;
  /** Sends every change still waiting, now (the view is going). */
  readonly flush: () => void;
  /** The page is being unloaded: sends what waits with requests that outlive the page. */
  readonly flushOnUnload: () => void;
}

export function createStatusChange(
  s: QueueState,
  o: {
    list: QueueList;
    selection: QueueSelection;
    messages: QueueMessages;
    /** The counts after a change: shown at once, then fetched again. */
    changed: (from: ReportStatus, to: ReportStatus) => void;
  },
): StatusChange {
  const { say, warn } = o.messages;
  const waiting: Waiting[] = [];
  const rowOf = (id: string): number => s.items.findIndex((r) => r.id === id);

  const showUndo = (): void => {
    const last = waiting.at(-1);
    o.messages.offerUndo(last ? st('queue.undo', { id: last.id }) : null, () => void undo());
  };

  /** Sends one change and draws its row from the answer; false when it was refused or failed. */
  const send = async (r: ReportSummary, action: TriageAction & { action: 'status' }): Promise<boolean> => {
    try {
      const detail = await act(r.id, action);
      const i = rowOf(r.id);
      if (i >= 0) {
        s.items[i] = summaryOf(detail);
        o.list.replaceRow(i);
      }
      say(st('queue.changed', { id: r.id, status: statusName(detail.status) }));
      o.changed(r.status, detail.status);
      return true;
    } catch (e) {
      const i = rowOf(r.id);
      if (i >= 0) o.list.replaceRow(i);
      if (e instanceof ApiError && e.code === 'conflict') warn(conflictText(r, action.status, e.allowed));
      else warn(`${r.id}: ${staffErrorMessage(e)}`);
      return false;
    }
  };

  const take = (id: string): Waiting | undefined => {
    const k = waiting.findIndex((w) => w.id === id);
    if (k < 0) return undefined;
    const [w] = waiting.splice(k, 1);
    clearTimeout(w!.timer);
    s.pending.delete(id);
    showUndo();
    return w;
  };

  const commit = (id: string): void => {
    const w = take(id);
    const r = s.items[rowOf(id)];
    if (w && r) void send(r, w.action);
  };

  const undo = (): boolean => {
    const last = waiting.at(-1);
    if (!last) return false;
    take(last.id);
    const i = rowOf(last.id);
    if (i >= 0) o.list.replaceRow(i);
    const r = s.items[i];
    say(st('queue.undone', { id: last.id, status: r ? statusName(r.status) : '' }));
    if (r) {
      o.selection.set(i, true);
    }
    return true;
  };

  /** Holds the change back for `UNDO_MS`; the row and the message bar say so. */
  const hold = (r: ReportSummary, i: number, action: TriageAction & { action: 'status' }): void => {
    take(r.id);
    const timer = window.setTimeout(() => commit(r.id), UNDO_MS);
    waiting.push({ id: r.id, action, timer });
    s.pending.set(r.id, action.status);
    o.list.replaceRow(i);
    showUndo();
    const seconds = Math.round(UNDO_MS / 1000);
    say(
      st(r.notifies_reporter ? 'queue.waiting_mail' : 'queue.waiting', {
        id: r.id,
        status: statusName(action.status),
        s: seconds,
      }),
    );
  };

  /** What the workflow allows from the row's status now, so a refused change is never held back. */
  const allowed = async (r: ReportSummary): Promise<ReportStatus[] | null> => {
    try {
      return (await getReportDetail(r.id)).allowed_next;
    } catch (e) {
      warn(`${r.id}: ${staffErrorMessage(e)}`);
      return null;
    }
  };

  const change = async (status: ReportStatus): Promise<void> => {
    const i = s.selected;
    const r = s.items[i];
    if (!r) return warn(st('queue.select_first'));
    const heard = status === 'rejected' || r.notifies_reporter;
    if (!heard) {
      // A refused change leaves the selection where it is, on the report it is about.
      if (!(await send(r, { action: 'status', status }))) return;
      if (i === s.selected && s.selected < s.items.length - 1) o.selection.set(i + 1, true);
      return;
    }
    const next = await allowed(r);
    if (!next) return;
    if (!next.includes(status)) return warn(conflictText(r, status, next));
    let action: TriageAction & { action: 'status' } = { action: 'status', status };
    if (status === 'rejected') {
      const reply = await askReason(r);
      if (reply === null) {
        say(st('reject.cancelled', { id: r.id }));
        return;
      }
      action = { ...action, public_reply: reply };
    }
    hold(r, i, action);
    if (i === s.selected && s.selected < s.items.length - 1) o.selection.set(i + 1, true);
  };

  const flush = (): void => {
    for (const w of [...waiting]) commit(w.id);
  };

  const flushOnUnload = (): void => {
    for (const w of waiting.splice(0)) {
      clearTimeout(w.timer);
      actNow(w.id, w.action);
    }
  };

  return { change, undo, flush, flushOnUnload };
}
