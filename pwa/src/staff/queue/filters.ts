// The queue's filters live in the URL (`/personal/ko?status=new&area=…`): the query strings for
// the list and the counts, the filter form and the counts per status (links that set `status`).
// Without `status` the queue shows the open work (new, triaged, in progress); `status=all` shows
// every report.
import { reportStatusValues, sourceValues, type Category, type StatusCounts } from '../../api/types';
import { h } from '../../dom';
import { localName } from '../../i18n';
import { navigate } from '../../router';
import { countReports } from '../api';
import { st } from '../i18n';
import { sourceName, statusName } from '../labels';

/** Rows per page. */
const PAGE = 50;
const FILTERS = ['category', 'area', 'source', 'from', 'to', 'q', 'sort', 'bbox'] as const;
/** The default view: what still needs work. */
export const OPEN_STATUSES = ['new', 'triaged', 'in_progress'] as const;

/**
 * The filters the server gets for the URL's: no `status` is the open work, `status=all` is every
 * status (no filter). Without a cursor.
 */
export function apiParams(urlParams: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(urlParams);
  p.delete('cursor');
  const status = p.get('status');
  if (!status) p.set('status', OPEN_STATUSES.join(','));
  else if (status === 'all') p.delete('status');
  return p;
}

/** The statuses the (server's) filters ask for, or null for every status. */
export function statusFilter(params: URLSearchParams): string[] | null {
  const s = params.get('status');
  return s ? s.split(',').filter(Boolean) : null;
}

const queueHref = (params: URLSearchParams): string => {
  const s = params.toString();
  return `/personal/ko${s ? `?${s}` : ''}`;
};

/** The queue's address with one filter set (or removed, for null), back on the first page. */
function withParam(params: URLSearchParams, key: string, value: string | null): string {
  const next = new URLSearchParams(params);
  next.delete('cursor');
  if (value) next.set(key, value);
  else next.delete(key);
  return queueHref(next);
}

/** The list's query: the filters, a page's size and where it starts. */
export function listQuery(params: URLSearchParams, cursor?: string | null): string {
  const q = new URLSearchParams(params);
  q.set('limit', String(PAGE));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/** The counts' query: the filters without the order. */
export function countQuery(params: URLSearchParams): string {
  const q = new URLSearchParams(params);
  q.delete('sort');
  return q.toString();
}

/** How many reports the filters match, over the statuses chosen (all without a status filter). */
export function totalFor(params: URLSearchParams, counts: StatusCounts): number {
  const s = statusFilter(params);
  if (!s) return counts.total;
  return s.reduce((n, x) => n + (counts.counts[x] ?? 0), 0);
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

/** Applies the form: its filters, the status chosen in the counts, and page one. */
function applyFilters(form: HTMLFormElement, params: URLSearchParams): void {
  const data = new FormData(form);
  const next = new URLSearchParams();
  const status = params.get('status');
  if (status) next.set('status', status);
  for (const k of FILTERS) {
    const raw = data.get(k);
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value) next.set(k, value);
  }
  navigate(queueHref(next));
}

export function filterForm(params: URLSearchParams, categories: Category[], areas: [string, string][]): HTMLElement {
  const v = (k: string): string => params.get(k) ?? '';
  // Closed even when filters are set, so the rows stay above the fold; the summary says how many.
  const active = FILTERS.filter((k) => k !== 'sort' && params.get(k)).length;
  return h(
    'form',
    {
      class: 'queue-filters',
      role: 'search',
      'aria-label': st('queue.filters'),
      onsubmit: (e) => {
        e.preventDefault();
        applyFilters(e.target as HTMLFormElement, params);
      },
    },
    h(
      'details',
      { class: 'queue-tool' },
      h(
        'summary',
        {},
        st('queue.filters'),
        active
          ? h(
              'span',
              { class: 'tool-count' },
              st(active === 1 ? 'queue.filters_set_one' : 'queue.filters_set', { n: active }),
            )
          : null,
      ),
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
          ...sourceValues.map((x): [string, string] => [x, sourceName(x)]),
        ]),
        input('q-from', st('queue.from'), v('from'), 'date'),
        input('q-to', st('queue.to'), v('to'), 'date'),
        // The map's area, set from under the map; kept when the other filters change.
        v('bbox') ? h('input', { type: 'hidden', name: 'bbox', value: v('bbox') }) : null,
        select('q-sort', st('queue.sort'), v('sort'), [
          ['', st('queue.sort_newest')],
          ['oldest', st('queue.sort_oldest')],
        ]),
      ),
      h(
        'div',
        { class: 'button-row' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, st('queue.apply')),
        h(
          'a',
          { href: withParam(new URLSearchParams(), 'status', params.get('status')), class: 'btn' },
          st('queue.clear'),
        ),
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
        {
          href: withParam(params, 'status', value || null),
          'aria-current': active === value ? 'page' : null,
          class: 'count-link',
        },
        h('span', {}, label),
        h('span', { class: 'count' }, String(n)),
      ),
    );
  const open = OPEN_STATUSES.reduce((n, x) => n + (counts.counts[x] ?? 0), 0);
  return h(
    'nav',
    { class: 'status-counts', 'aria-label': st('queue.by_status') },
    h(
      'ul',
      {},
      link('', st('queue.open'), open),
      reportStatusValues.map((s) => link(s, statusName(s), counts.counts[s] ?? 0)),
      link('all', st('queue.all'), counts.total),
    ),
  );
}

/** On a narrow screen the counts scroll sideways: the chosen one is brought into view. */
function showActive(nav: HTMLElement): void {
  const ul = nav.querySelector('ul');
  const current = nav.querySelector<HTMLElement>('[aria-current="page"]');
  if (ul && current && ul.scrollWidth > ul.clientWidth)
    ul.scrollLeft = current.parentElement!.offsetLeft - ul.offsetLeft - 16;
}

/**
 * The counts per status (`params` are the URL's). `show` draws figures the caller worked out (a
 * change just made), `refresh` fetches them again and hands them to `onRefresh`.
 */
export function createCounts(
  params: URLSearchParams,
  counts: StatusCounts,
  onRefresh: (counts: StatusCounts) => void,
): { el: HTMLElement; show: (counts: StatusCounts) => void; refresh: () => Promise<void> } {
  const el = h('div', { class: 'queue-counts' }, countsNav(params, counts));
  requestAnimationFrame(() => showActive(el));
  const show = (next: StatusCounts): void => {
    const left = el.querySelector('ul')?.scrollLeft ?? 0;
    el.replaceChildren(countsNav(params, next));
    const ul = el.querySelector('ul');
    if (ul) ul.scrollLeft = left;
  };
  let latest = 0;
  const refresh = async (): Promise<void> => {
    const mine = ++latest;
    try {
      const fresh = await countReports(countQuery(apiParams(params)));
      // An older answer arriving after a newer one would put stale figures back.
      if (mine !== latest) return;
      show(fresh);
      onRefresh(fresh);
    } catch {
      // The figures catch up on the next load.
    }
  };
  return { el, show, refresh };
}
