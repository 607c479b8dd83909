// The queue's list: one row per report (with a checkbox for those who triage), the "n of m shown"
// line, and paging by cursor with the "Visa fler" button. One page load at a time: a held `j`
// and "Visa fler" share the load in flight, and a row already in the list is never added again.
import type { ReportSummary } from '../../api/types';
import { h } from '../../dom';
import { formatDateTime } from '../../i18n';
import { listReports } from '../api';
import { st } from '../i18n';
import { categoryLabel, priorityName, sourceName, statusName } from '../labels';
import { staffErrorMessage } from '../login';
import { listQuery, statusFilter, totalFor } from './filters';
import type { QueueState } from './state';

export interface QueueList {
  readonly el: HTMLOListElement;
  readonly shown: HTMLElement;
  readonly more: HTMLButtonElement;
  /** Draws every loaded row again, and the map's markers. */
  readonly render: () => void;
  /** Draws one row again after its report changed, keeping the focus in it. */
  readonly replaceRow: (i: number) => void;
  /** The link of row `i`: the keyboard's focus stop in the row. */
  readonly rowLink: (i: number) => HTMLAnchorElement | null;
  /** Updates "n of m shown" after the counts changed. */
  readonly showTotal: () => void;
  /**
   * Loads the next page under the rows; false when there was none, it was empty or failed. While a
   * page is loading, every call gets that same load.
   */
  readonly loadMore: () => Promise<boolean>;
}

function checkBox(r: ReportSummary, checked: Set<string>, onCheck: () => void): HTMLElement[] {
  return [
    h('input', {
      type: 'checkbox',
      id: `sel-${r.id}`,
      class: 'queue-check',
      checked: checked.has(r.id),
      onchange: (e) => {
        if ((e.target as HTMLInputElement).checked) checked.add(r.id);
        else checked.delete(r.id);
        onCheck();
      },
    }),
    h('label', { for: `sel-${r.id}`, class: 'visually-hidden' }, st('queue.check', { id: r.id })),
  ];
}

function queueRow(s: QueueState, r: ReportSummary, i: number, onCheck: () => void): HTMLElement {
  return h(
    'li',
    { class: `queue-row${i === s.selected ? ' is-selected' : ''}`, 'data-id': r.id },
    ...(s.triage ? checkBox(r, s.checked, onCheck) : []),
    h(
      'a',
      {
        class: 'queue-link',
        href: `/personal/rapport/${encodeURIComponent(r.id)}`,
        'aria-current': i === s.selected ? 'true' : null,
      },
      h(
        'span',
        { class: 'queue-head' },
        h('span', { class: 'reg-no' }, r.id),
        h('span', { class: `badge status-${r.status}` }, statusName(r.status)),
        r.priority && r.priority !== 'normal'
          ? h('span', { class: `badge priority-${r.priority}` }, priorityName(r.priority))
          : null,
        r.notifies_reporter
          ? h(
              'span',
              { class: 'badge badge-mail' },
              st('queue.notifies'),
              h('span', { class: 'visually-hidden' }, ` ${st('queue.notifies_more')}`),
            )
          : null,
        s.pending.has(r.id)
          ? h(
              'span',
              { class: 'badge badge-pending' },
              st('queue.pending_badge', { status: statusName(s.pending.get(r.id)!) }),
            )
          : null,
        r.duplicate_count
          ? h(
              'span',
              { class: 'badge badge-dup' },
              `+${r.duplicate_count}`,
              h('span', { class: 'visually-hidden' }, ` ${st('queue.duplicates')}`),
            )
          : null,
      ),
      h(
        'span',
        { class: 'queue-title' },
        [categoryLabel(s.categories, r.category, r.subtype), r.area?.name].filter(Boolean).join(' · '),
      ),
      h('span', { class: 'queue-meta' }, `${formatDateTime(r.received_at)} · ${sourceName(r.source)}`),
      h('span', { class: 'queue-excerpt' }, r.excerpt),
      r.screening_flags.length ? h('span', { class: 'queue-flag' }, st('queue.flagged')) : null,
    ),
  );
}

/** `onCheck` runs after a row's checkbox changed; `warn` shows a failed page load. */
export function createQueueList(s: QueueState, o: { onCheck: () => void; warn: (text: string) => void }): QueueList {
  const el = h('ol', { class: 'queue-list', 'aria-label': st('queue.list') });
  const shown = h('p', { class: 'queue-shown' });
  const more = h('button', { type: 'button', class: 'btn btn-block' }, st('queue.more'));
  const row = (r: ReportSummary, i: number): HTMLElement => queueRow(s, r, i, o.onCheck);
  /**
   * "Showing n of m": n counts the loaded rows that still match the status filter, so that it never
   * exceeds m; rows changed here to a status outside it stay in the list until a reload, and are
   * counted apart.
   */
  const shownText = (): string => {
    const wanted = statusFilter(s.params);
    const matching = wanted ? s.items.filter((r) => wanted.includes(r.status)).length : s.items.length;
    const params = { n: matching, total: totalFor(s.params, s.counts), changed: s.items.length - matching };
    if (!params.changed) return st('queue.shown', params);
    return st(params.changed === 1 ? 'queue.shown_changed_one' : 'queue.shown_changed', params);
  };
  const rowLink = (i: number): HTMLAnchorElement | null =>
    el.children[i]?.querySelector<HTMLAnchorElement>('a.queue-link') ?? null;
  const showTotal = (): void => {
    shown.textContent = s.items.length ? shownText() : st('queue.empty');
  };

  let inFlight: Promise<boolean> | null = null;
  const fetchMore = async (): Promise<boolean> => {
    more.setAttribute('aria-disabled', 'true');
    try {
      const page = await listReports(listQuery(s.params, s.nextCursor));
      const known = new Set(s.items.map((r) => r.id));
      const fresh = page.items.filter((r) => !known.has(r.id));
      const start = s.items.length;
      s.items = [...s.items, ...fresh];
      s.nextCursor = page.next_cursor ?? null;
      el.append(...fresh.map((r, k) => row(r, start + k)));
      showTotal();
      more.hidden = !s.nextCursor;
      s.map?.show(s.items, s.items[s.selected]?.id ?? null);
      return fresh.length > 0;
    } catch (e) {
      o.warn(staffErrorMessage(e));
      return false;
    } finally {
      more.removeAttribute('aria-disabled');
    }
  };

  return {
    el,
    shown,
    more,
    rowLink,
    showTotal,
    render() {
      el.replaceChildren(...s.items.map((r, i) => row(r, i)));
      showTotal();
      more.hidden = !s.nextCursor;
      s.map?.show(s.items, s.items[s.selected]?.id ?? null);
    },
    replaceRow(i) {
      const old = el.children[i];
      if (!old) return;
      const hadFocus = old.contains(document.activeElement);
      old.replaceWith(row(s.items[i]!, i));
      if (hadFocus) rowLink(i)?.focus();
    },
    loadMore() {
      if (!s.nextCursor) return Promise.resolve(false);
      inFlight ??= fetchMore().finally(() => (inFlight = null));
      return inFlight;
    },
  };
}
