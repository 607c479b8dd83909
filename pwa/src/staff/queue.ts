// The coordinator's queue (`/personal/ko`): filters in the URL (the open work unless it says
// otherwise), counts per status, cursor paging, a clustered map, keyboard triage (j/k, Enter,
// t/p/r/x, u, ?) and a bulk status change. The first rows sit above the fold: the filters and the
// bulk bar are folded away, the key hints live in the `?` help. This file
// loads the data and puts the parts in `queue/` together; each part says what it does.
import { ApiError } from '../api/client';
import type { ReportStatus } from '../api/types';
import { getAreas, getCategories } from '../api/endpoints';
import { h } from '../dom';
import { navigate, type View } from '../router';
import { failure, heading, loading } from '../ui/page';
import { countReports, listReports } from './api';
import { st } from './i18n';
import { staffErrorMessage } from './login';
import { createBulkBar } from './queue/bulk';
import { apiParams, countQuery, createCounts, filterForm, listQuery } from './queue/filters';
import { createKeys } from './queue/keys';
import { createQueueList } from './queue/list';
import { exportTool } from './queue/export';
import { loadQueueMap, mapTools } from './queue/map';
import { createMessages } from './queue/messages';
import { createSelection } from './queue/selection';
import type { QueueState } from './queue/state';
import { createStatusChange } from './queue/status';
import { canReadQueue, canTriage, requireUser, staffPage } from './session';

/** Where the queue was (its filters), for the way back from a report. */
export const QUEUE_KEY = 'trygg.queue';

/**
 * The first page, the counts and what the filters offer, as the view's starting state; on failure
 * shows it and returns null.
 */
async function loadQueue(
  main: HTMLElement,
  urlParams: URLSearchParams,
  triage: boolean,
): Promise<{ state: QueueState; areaOptions: [string, string][] } | null> {
  const params = apiParams(urlParams);
  try {
    const [categories, areas, page, counts] = await Promise.all([
      getCategories(),
      getAreas(),
      listReports(listQuery(params)),
      countReports(countQuery(params)),
    ]);
    const state: QueueState = {
      params,
      urlParams,
      triage,
      categories,
      items: page.items,
      nextCursor: page.next_cursor ?? null,
      counts,
      selected: -1,
      checked: new Set<string>(),
      pending: new Map(),
      map: null,
    };
    const areaOptions = areas.features
      .filter((f) => f.properties.kind === 'locality')
      .map((f): [string, string] => [f.properties.slug, f.properties.name]);
    return { state, areaOptions };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'bad_query') {
      failure(main, st('queue.title'), staffErrorMessage(e), () => navigate('/personal/ko'));
      return null;
    }
    failure(main, st('queue.title'), staffErrorMessage(e), () =>
      navigate(location.pathname + location.search, { replace: true }),
    );
    return null;
  }
}

export const queueView: View = async ({ main }) => {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  const params = new URLSearchParams(location.search);
  params.delete('cursor');
  try {
    sessionStorage.setItem(QUEUE_KEY, location.pathname + location.search);
  } catch {
    // Only the way back from a report is lost.
  }

  loading(main);
  const loaded = await loadQueue(main, params, canTriage(me.role));
  if (!loaded) return;
  const s = loaded.state;

  const messages = createMessages({ onResize: () => selection.reveal() });
  const list = createQueueList(s, { onCheck: () => bulk.update(), warn: messages.warn });
  const selection = createSelection(s, list);
  const counts = createCounts(params, s.counts, (fresh) => {
    s.counts = fresh;
    list.showTotal();
  });
  /** A status moved: the figures follow at once, and the server's follow. */
  let refreshTimer = 0;
  const changed = (from: ReportStatus, to: ReportStatus): void => {
    if (from !== to) {
      const c = { ...s.counts.counts };
      c[from] = Math.max(0, (c[from] ?? 0) - 1);
      c[to] = (c[to] ?? 0) + 1;
      s.counts = { ...s.counts, counts: c };
      counts.show(s.counts);
      list.showTotal();
    }
    clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(() => void counts.refresh(), 300);
  };
  const status = createStatusChange(s, { list, selection, messages, changed });
  const bulk = createBulkBar(s, { list, messages, changed });
  const keys = createKeys({
    main,
    state: s,
    list,
    selection,
    setStatus: status.change,
    undo: status.undo,
    say: messages.say,
  });
  document.addEventListener('keydown', keys.onKey);
  const onPageHide = (): void => status.flushOnUnload();
  window.addEventListener('pagehide', onPageHide);

  const mapEl = h('div', { class: 'queue-map map', role: 'region', 'aria-label': st('queue.map') });
  staffPage(
    main,
    me,
    '/personal/ko',
    h(
      'div',
      { class: 'queue-top' },
      heading(st('queue.title')),
      list.shown,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small btn-link keys-button',
          'aria-keyshortcuts': '?',
          onclick: keys.openHelp,
        },
        h('span', { class: 'keys-word' }, st('keys.title')),
        ' ',
        h('kbd', {}, '?'),
      ),
    ),
    counts.el,
    h(
      'div',
      { class: 'queue-tools' },
      filterForm(params, s.categories, loaded.areaOptions),
      exportTool(params),
      bulk.el,
    ),
    h(
      'div',
      { class: 'queue-layout' },
      h('div', { class: 'queue-main' }, list.el, list.more),
      h('div', { class: 'queue-side' }, mapEl, mapTools(s)),
    ),
    messages.el,
    keys.dialog,
  );
  list.render();
  const removeMap = loadQueueMap(mapEl, s, (i) => selection.set(i, true));

  return () => {
    document.removeEventListener('keydown', keys.onKey);
    window.removeEventListener('pagehide', onPageHide);
    clearTimeout(refreshTimer);
    status.flush();
    messages.destroy();
    removeMap();
    if (keys.dialog.open) keys.dialog.close();
    document.querySelectorAll<HTMLDialogElement>('dialog.staff-dialog[open]').forEach((d) => d.close());
  };
};
