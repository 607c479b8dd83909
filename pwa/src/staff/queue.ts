// The coordinator's queue (`/personal/ko`): filters in the URL, counts per status, cursor paging,
// a clustered map, keyboard triage (j/k, Enter, t/p/r/x, ?) and a bulk status change.
import { ApiError } from '../api/client';
import { getAreas, getCategories, getPublicConfig } from '../api/endpoints';
import type { Category, ReportDetail, ReportStatus, ReportSummary, StatusCounts } from '../api/types';
import { h } from '../dom';
import { formatDateTime, localName, t } from '../i18n';
import { navigate, type View } from '../router';
import { failure, heading, loading } from '../ui/page';
import { act, bulkAct, countReports, listReports } from './api';
import { st } from './i18n';
import { staffErrorMessage } from './login';
import { categoryLabel, priorityName, sourceName, STATUSES, statusName } from './labels';
import type { QueueMap } from './staffMap';
import { canReadQueue, canTriage, requireUser, staffPage } from './session';

const PAGE = 50;
export const QUEUE_KEY = 'trygg.queue';
const FILTERS = ['category', 'area', 'source', 'from', 'to', 'q', 'sort'] as const;

/** The keyboard's status shortcuts; shown in the help dialog. */
export const STATUS_KEYS: Record<string, ReportStatus> = { t: 'triaged', p: 'in_progress', r: 'resolved', x: 'rejected' };

const summaryOf = (d: ReportDetail): ReportSummary => ({
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
});

/** A key press meant for a text field, a select or a dialog is never a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.closest) return false;
  return !!el.closest('input:not([type="checkbox"]), textarea, select, [contenteditable=""], [contenteditable="true"], dialog');
}

function withParam(params: URLSearchParams, key: string, value: string | null): string {
  const next = new URLSearchParams(params);
  next.delete('cursor');
  if (value) next.set(key, value);
  else next.delete(key);
  const s = next.toString();
  return `/personal/ko${s ? `?${s}` : ''}`;
}

function select(id: string, label: string, value: string, options: [string, string][]): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: id.replace(/^q-/, '') },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  );
}

function input(id: string, label: string, value: string, type = 'text', hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('input', { id, name: id.replace(/^q-/, ''), type, value, 'aria-describedby': hint ? `${id}-hint` : null }),
  );
}

function filterForm(params: URLSearchParams, categories: Category[], areas: [string, string][]): HTMLElement {
  const v = (k: string): string => params.get(k) ?? '';
  return h(
    'form',
    {
      class: 'queue-filters',
      role: 'search',
      'aria-label': st('queue.filters'),
      onsubmit: (e) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        const next = new URLSearchParams();
        const status = params.get('status');
        if (status) next.set('status', status);
        for (const k of FILTERS) {
          const value = String(data.get(k) ?? '').trim();
          if (value) next.set(k, value);
        }
        const s = next.toString();
        navigate(`/personal/ko${s ? `?${s}` : ''}`);
      },
    },
    h(
      'details',
      { open: FILTERS.some((k) => k !== 'sort' && params.get(k)) || null },
      h('summary', {}, st('queue.filters')),
      h(
        'div',
        { class: 'filter-grid' },
        input('q-q', st('queue.search'), v('q'), 'search', st('queue.search_hint')),
        select('q-category', st('queue.category'), v('category'), [
          ['', st('queue.all')],
          ...categories.map((c): [string, string] => [c.slug, localName(c)]),
        ]),
        select('q-area', st('queue.area'), v('area'), [['', st('queue.all')], ...areas]),
        select('q-source', st('queue.source'), v('source'), [
          ['', st('queue.all')],
          ['pwa', sourceName('pwa')],
          ['staff', sourceName('staff')],
        ]),
        input('q-from', st('queue.from'), v('from'), 'date'),
        input('q-to', st('queue.to'), v('to'), 'date'),
        select('q-sort', st('queue.sort'), v('sort'), [
          ['', st('queue.sort_newest')],
          ['oldest', st('queue.sort_oldest')],
        ]),
      ),
      h(
        'div',
        { class: 'button-row' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, st('queue.apply')),
        h('a', { href: '/personal/ko', class: 'btn' }, st('queue.clear')),
      ),
    ),
  );
}

function countsNav(params: URLSearchParams, counts: StatusCounts): HTMLElement {
  const active = params.get('status') ?? '';
  const link = (value: string, label: string, n: number): HTMLElement =>
    h(
      'li',
      {},
      h(
        'a',
        { href: withParam(params, 'status', value || null), 'aria-current': active === value ? 'page' : null, class: 'count-link' },
        h('span', {}, label),
        h('span', { class: 'count' }, String(n)),
      ),
    );
  return h(
    'nav',
    { class: 'status-counts', 'aria-label': st('queue.by_status') },
    h(
      'ul',
      {},
      link('', st('queue.all'), counts.total),
      STATUSES.map((s) => link(s, statusName(s), counts.counts[s] ?? 0)),
    ),
  );
}

function helpDialog(triage: boolean): HTMLDialogElement {
  const key = (k: string, what: string): HTMLElement[] => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, what)];
  const dialog = h(
    'dialog',
    { class: 'help-dialog', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, st('keys.title')),
    h(
      'dl',
      { class: 'keys' },
      key('j', st('keys.next')),
      key('k', st('keys.previous')),
      key('Enter', st('keys.open')),
      triage ? key(st('keys.space'), st('keys.check')) : [],
      triage ? Object.entries(STATUS_KEYS).flatMap(([k, s]) => key(k, st('keys.status', { status: statusName(s) }))) : [],
      key('/', st('keys.search')),
      key('?', st('keys.help')),
    ),
    h('p', {}, st('keys.typing')),
    h('form', { method: 'dialog' }, h('button', { type: 'submit', class: 'btn btn-primary' }, st('keys.close'))),
  );
  return dialog;
}

export const queueView: View = async ({ main }) => {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  const triage = canTriage(me.role);
  const params = new URLSearchParams(location.search);
  params.delete('cursor');
  try {
    sessionStorage.setItem(QUEUE_KEY, location.pathname + location.search);
  } catch {
    // Only the way back from a report is lost.
  }
  const listQuery = (cursor?: string | null): string => {
    const q = new URLSearchParams(params);
    q.set('limit', String(PAGE));
    if (cursor) q.set('cursor', cursor);
    return q.toString();
  };
  const countQuery = (): string => {
    const q = new URLSearchParams(params);
    q.delete('sort');
    return q.toString();
  };

  loading(main);
  let categories: Category[];
  let areaOptions: [string, string][];
  let items: ReportSummary[];
  let nextCursor: string | null;
  let counts: StatusCounts;
  try {
    const [cats, areas, page, c] = await Promise.all([
      getCategories(),
      getAreas(),
      listReports(listQuery()),
      countReports(countQuery()),
    ]);
    categories = cats;
    areaOptions = areas.features
      .filter((f) => f.properties.kind === 'locality')
      .map((f): [string, string] => [f.properties.slug, f.properties.name]);
    items = page.items;
    nextCursor = page.next_cursor ?? null;
    counts = c;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'bad_query') {
      failure(main, st('queue.title'), staffErrorMessage(e), () => navigate('/personal/ko'));
      return;
    }
    failure(main, st('queue.title'), staffErrorMessage(e), () => navigate(location.pathname + location.search, { replace: true }));
    return;
  }

  let selected = -1;
  const checked = new Set<string>();
  let map: QueueMap | null = null;
  let destroyed = false;

  const live = h('p', { class: 'queue-live', role: 'status' });
  const alert = h('div', { class: 'queue-alert', role: 'alert' });
  const list = h('ol', { class: 'queue-list', 'aria-label': st('queue.list') });
  const shown = h('p', { class: 'queue-shown' });
  const more = h('button', { type: 'button', class: 'btn btn-block' }, st('queue.more'));
  const countsBox = h('div', {}, countsNav(params, counts));
  const dialog = helpDialog(triage);
  let helpReturn: HTMLElement | null = null;

  const say = (text: string): void => {
    alert.replaceChildren();
    live.textContent = text;
  };
  const warn = (text: string): void => {
    live.textContent = '';
    alert.replaceChildren(h('p', { class: 'inline-warning' }, text));
  };

  const rowLink = (i: number): HTMLAnchorElement | null =>
    list.children[i]?.querySelector<HTMLAnchorElement>('a.queue-link') ?? null;

  const renderRow = (r: ReportSummary, i: number): HTMLElement => {
    const box = triage
      ? [
          h('input', {
            type: 'checkbox',
            id: `sel-${r.id}`,
            class: 'queue-check',
            checked: checked.has(r.id),
            onchange: (e) => {
              if ((e.target as HTMLInputElement).checked) checked.add(r.id);
              else checked.delete(r.id);
              updateBulk();
            },
          }),
          h('label', { for: `sel-${r.id}`, class: 'visually-hidden' }, st('queue.check', { id: r.id })),
        ]
      : [];
    return h(
      'li',
      { class: `queue-row${i === selected ? ' is-selected' : ''}`, 'data-id': r.id },
      ...box,
      h(
        'a',
        { class: 'queue-link', href: `/personal/rapport/${encodeURIComponent(r.id)}`, 'aria-current': i === selected ? 'true' : null },
        h(
          'span',
          { class: 'queue-head' },
          h('span', { class: 'reg-no' }, r.id),
          h('span', { class: `badge status-${r.status}` }, statusName(r.status)),
          r.priority && r.priority !== 'normal'
            ? h('span', { class: `badge priority-${r.priority}` }, priorityName(r.priority))
            : null,
          r.duplicate_count
            ? h('span', { class: 'badge badge-dup' }, `+${r.duplicate_count}`, h('span', { class: 'visually-hidden' }, ` ${st('queue.duplicates')}`))
            : null,
        ),
        h('span', { class: 'queue-title' }, [categoryLabel(categories, r.category, r.subtype), r.area?.name].filter(Boolean).join(' · ')),
        h('span', { class: 'queue-meta' }, `${formatDateTime(r.received_at)} · ${sourceName(r.source)}`),
        h('span', { class: 'queue-excerpt' }, r.excerpt),
        r.screening_flags.length ? h('span', { class: 'queue-flag' }, st('queue.flagged')) : null,
      ),
    );
  };

  const renderList = (): void => {
    list.replaceChildren(...items.map(renderRow));
    shown.textContent = items.length ? st('queue.shown', { n: items.length, total: totalFor() }) : st('queue.empty');
    more.hidden = !nextCursor;
    map?.show(items, items[selected]?.id ?? null);
  };
  const totalFor = (): number => {
    const s = params.get('status');
    if (!s) return counts.total;
    return s.split(',').reduce((n, x) => n + (counts.counts[x] ?? 0), 0);
  };

  const replaceRow = (i: number): void => {
    const old = list.children[i];
    if (!old) return;
    const hadFocus = old.contains(document.activeElement);
    const fresh = renderRow(items[i]!, i);
    old.replaceWith(fresh);
    if (hadFocus) rowLink(i)?.focus();
  };

  const refreshCounts = async (): Promise<void> => {
    try {
      counts = await countReports(countQuery());
      countsBox.replaceChildren(countsNav(params, counts));
      shown.textContent = items.length ? st('queue.shown', { n: items.length, total: totalFor() }) : st('queue.empty');
    } catch {
      // The figures catch up on the next load.
    }
  };

  const setSelected = (i: number, focus: boolean): void => {
    const previous = selected;
    selected = i;
    for (const j of [previous, i]) {
      const li = list.children[j];
      if (!li) continue;
      li.classList.toggle('is-selected', j === i);
      const a = li.querySelector('a.queue-link');
      if (j === i) a?.setAttribute('aria-current', 'true');
      else a?.removeAttribute('aria-current');
    }
    if (focus) {
      const a = rowLink(i);
      a?.focus();
      a?.scrollIntoView({ block: 'nearest' });
    }
    map?.select(items[i]?.id ?? null);
  };

  const loadMore = async (): Promise<boolean> => {
    if (!nextCursor) return false;
    more.setAttribute('aria-disabled', 'true');
    try {
      const page = await listReports(listQuery(nextCursor));
      const start = items.length;
      items = [...items, ...page.items];
      nextCursor = page.next_cursor ?? null;
      list.append(...page.items.map((r, k) => renderRow(r, start + k)));
      shown.textContent = st('queue.shown', { n: items.length, total: totalFor() });
      more.hidden = !nextCursor;
      map?.show(items, items[selected]?.id ?? null);
      return page.items.length > 0;
    } catch (e) {
      warn(staffErrorMessage(e));
      return false;
    } finally {
      more.removeAttribute('aria-disabled');
    }
  };

  more.addEventListener('click', async () => {
    if (more.getAttribute('aria-disabled') === 'true') return;
    const first = items.length;
    if (await loadMore()) setSelected(first, true);
  });

  const move = async (delta: number): Promise<void> => {
    if (!items.length) return;
    let next = selected < 0 ? 0 : selected + delta;
    if (next >= items.length) {
      if (!(await loadMore())) next = items.length - 1;
    }
    setSelected(Math.max(0, Math.min(next, items.length - 1)), true);
  };

  const setStatus = async (status: ReportStatus): Promise<void> => {
    const i = selected;
    const r = items[i];
    if (!r) return warn(st('queue.select_first'));
    try {
      const detail = await act(r.id, { action: 'status', status });
      items[i] = summaryOf(detail);
      replaceRow(i);
      say(st('queue.changed', { id: r.id, status: statusName(status) }));
      void refreshCounts();
      if (i === selected && selected < items.length - 1) setSelected(i + 1, true);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') {
        warn(
          st('queue.conflict', {
            id: r.id,
            status: statusName(status),
            current: statusName(r.status),
            allowed: e.allowed.length ? e.allowed.map(statusName).join(', ') : st('queue.none'),
          }),
        );
      } else warn(staffErrorMessage(e));
    }
  };

  // Bulk status change for the checked reports.
  const bulkStatus = h(
    'select',
    { id: 'bulk-status' },
    STATUSES.filter((s) => s !== 'new' && s !== 'duplicate').map((s) => h('option', { value: s }, statusName(s))),
  );
  const bulkButton = h('button', { type: 'button', class: 'btn btn-primary' });
  const selectAll = h('input', {
    type: 'checkbox',
    id: 'select-all',
    onchange: (e) => {
      const on = (e.target as HTMLInputElement).checked;
      for (const r of items) {
        if (on) checked.add(r.id);
        else checked.delete(r.id);
      }
      list.querySelectorAll<HTMLInputElement>('input.queue-check').forEach((c) => (c.checked = on));
      updateBulk();
    },
  });
  const updateBulk = (): void => {
    bulkButton.textContent = st('bulk.apply', { n: checked.size });
    selectAll.checked = items.length > 0 && items.every((r) => checked.has(r.id));
  };
  bulkButton.addEventListener('click', async () => {
    if (bulkButton.getAttribute('aria-disabled') === 'true') return;
    if (!checked.size) return warn(st('bulk.none'));
    const status = bulkStatus.value as ReportStatus;
    bulkButton.setAttribute('aria-disabled', 'true');
    try {
      const results = await bulkAct([...checked], { action: 'status', status });
      const failed: string[] = [];
      for (const res of results) {
        const i = items.findIndex((r) => r.id === res.id);
        if (res.outcome === 'ok') {
          checked.delete(res.id);
          if (i >= 0) items[i] = { ...items[i]!, status: res.status ?? status };
        } else failed.push(`${res.id} (${res.outcome === 'conflict' ? st('bulk.not_allowed') : res.outcome})`);
      }
      renderList();
      updateBulk();
      const ok = results.length - failed.length;
      if (failed.length) warn(st('bulk.partly', { ok, status: statusName(status), failed: failed.join(', ') }));
      else say(st('bulk.done', { n: ok, status: statusName(status) }));
      void refreshCounts();
    } catch (e) {
      warn(staffErrorMessage(e));
    } finally {
      bulkButton.removeAttribute('aria-disabled');
    }
  });
  updateBulk();

  const bulkBar = triage
    ? h(
        'div',
        { class: 'bulk-bar', role: 'group', 'aria-label': st('bulk.title') },
        h('div', { class: 'choice checkbox' }, selectAll, h('label', { for: 'select-all' }, h('span', { class: 'choice-text' }, st('bulk.select_all')))),
        h('div', { class: 'bulk-controls' }, h('label', { for: 'bulk-status' }, st('bulk.to_status')), bulkStatus, bulkButton),
      )
    : null;

  list.addEventListener('focusin', (e) => {
    const li = (e.target as HTMLElement).closest('li.queue-row');
    const i = li ? Array.prototype.indexOf.call(list.children, li) : -1;
    if (i >= 0 && i !== selected) setSelected(i, false);
  });

  const openHelp = (): void => {
    helpReturn = document.activeElement as HTMLElement | null;
    dialog.showModal();
  };
  dialog.addEventListener('close', () => helpReturn?.focus());

  const onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || dialog.open) return;
    const key = e.key;
    if (key === 'j' || key === 'k') {
      e.preventDefault();
      void move(key === 'j' ? 1 : -1);
    } else if (key === '?') {
      e.preventDefault();
      openHelp();
    } else if (key === '/') {
      e.preventDefault();
      const details = main.querySelector('details');
      if (details) details.open = true;
      const search = document.getElementById('q-q') as HTMLInputElement | null;
      search?.focus();
      search?.setSelectionRange(search.value.length, search.value.length);
    } else if (key === 'Enter') {
      const active = document.activeElement;
      if (active && active.closest('a, button, input, summary')) return;
      const r = items[selected];
      if (r) {
        e.preventDefault();
        navigate(`/personal/rapport/${encodeURIComponent(r.id)}`);
      }
    } else if (key === ' ' && triage && selected >= 0 && list.children[selected]?.contains(document.activeElement)) {
      if ((document.activeElement as HTMLInputElement | null)?.type === 'checkbox') return;
      e.preventDefault();
      const box = list.children[selected]!.querySelector<HTMLInputElement>('input.queue-check');
      if (box) {
        box.checked = !box.checked;
        box.dispatchEvent(new Event('change'));
        say(st(box.checked ? 'queue.checked' : 'queue.unchecked', { id: items[selected]!.id }));
      }
    } else if (triage && STATUS_KEYS[key]) {
      e.preventDefault();
      void setStatus(STATUS_KEYS[key]);
    }
  };
  document.addEventListener('keydown', onKey);

  const mapEl = h('div', { class: 'queue-map map', role: 'region', 'aria-label': st('queue.map') });
  staffPage(
    main,
    me,
    '/personal/ko',
    heading(st('queue.title')),
    h(
      'p',
      { class: 'hint keys-hint' },
      st(triage ? 'queue.keys_hint' : 'queue.keys_hint_read'),
      ' ',
      h('button', { type: 'button', class: 'btn btn-small btn-link', onclick: openHelp }, st('keys.title')),
    ),
    countsBox,
    filterForm(params, categories, areaOptions),
    h(
      'div',
      { class: 'queue-layout' },
      h('div', { class: 'queue-main' }, bulkBar, h('div', { class: 'queue-messages' }, live, alert), shown, list, more),
      h('div', { class: 'queue-side' }, mapEl),
    ),
    dialog,
  );
  renderList();

  void Promise.all([getPublicConfig(), getAreas(), import('./staffMap')])
    .then(([config, areas, { createQueueMap }]) => {
      if (destroyed) return;
      map = createQueueMap(mapEl, {
        config,
        areas,
        labels: { zoomIn: t('where.zoom_in'), zoomOut: t('where.zoom_out'), cluster: (n) => st('queue.cluster', { n }) },
        onPick: (id) => {
          const i = items.findIndex((r) => r.id === id);
          if (i >= 0) setSelected(i, true);
        },
      });
      map.show(items, items[selected]?.id ?? null);
    })
    .catch(() => mapEl.replaceChildren(h('p', { class: 'hint' }, st('queue.map_failed'))));

  return () => {
    destroyed = true;
    document.removeEventListener('keydown', onKey);
    map?.destroy();
    if (dialog.open) dialog.close();
  };
};
