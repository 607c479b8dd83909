// /karta: what residents have reported and what the municipality did, as far as the coordinator
// made it public: counts in squares (their side and minimum as the server says; 250 m and 3 by
// default), the reports shown at their place, and "Ni sa, vi gjorde". The lists under the map say
// the same in words. Filters live in the address.
import { getAreas, getCategories, getPublicConfig, getPublicMap } from '../../api/endpoints';
import type { AreaCollection, Category, PublicConfig, PublicMap } from '../../api/types';
import { h, icon } from '../../dom';
import { localName, t } from '../../i18n';
import type { PublicMapOptions, PublicReportsMap } from '../../map/publicMapLayers';
import { rerender, type View } from '../../router';
import { fieldId } from '../../ui/form';
import { ICONS } from '../../ui/icons';
import { failure, heading, loading } from '../../ui/page';
import { reportNames, type ReportNames } from '../../ui/publicReport';
import { publicLists, reportSummary, squareSummary } from './lists';
import './publicMap.css';

const PERIODS = ['3', '12'] as const;
type Period = (typeof PERIODS)[number];

interface Filter {
  category: string;
  months: Period;
}

interface Loaded {
  config: PublicConfig;
  categories: Category[];
  areas: AreaCollection;
  names: ReportNames;
}

function filterFromAddress(categories: Category[]): Filter {
  const q = new URLSearchParams(location.search);
  const category = q.get('kategori') ?? '';
  const months = q.get('manader');
  return {
    category: categories.some((c) => c.slug === category) ? category : '',
    months: months === '3' ? '3' : '12',
  };
}

/** The filter in the address (replacing the entry), so a reload or a shared link shows the same. */
function keepInAddress(filter: Filter): void {
  const q = new URLSearchParams();
  if (filter.category) q.set('kategori', filter.category);
  if (filter.months !== '12') q.set('manader', filter.months);
  const search = q.toString();
  history.replaceState(history.state, '', `/karta${search ? `?${search}` : ''}`);
}

function since(months: Period): string {
  const d = new Date();
  d.setMonth(d.getMonth() - Number(months));
  return d.toISOString();
}

function select(
  field: string,
  label: string,
  options: { value: string; label: string }[],
  value: string,
  onChange: (v: string) => void,
): HTMLElement {
  const el = h(
    'select',
    { id: fieldId(field), name: field, onchange: () => onChange(el.value) },
    ...options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
  );
  return h('div', { class: 'field' }, h('label', { for: fieldId(field) }, label), el);
}

function filters(loaded: Loaded, filter: Filter, changed: () => void): HTMLElement {
  // The filter offers what residents report; a public report of a staff category still has its name.
  const residents = loaded.categories.filter((c) => !c.staff_only);
  return h(
    'form',
    { class: 'public-filters', 'aria-label': t('pmap.filters'), onsubmit: (e: Event) => e.preventDefault() },
    select(
      'pmap_category',
      t('pmap.category'),
      [
        { value: '', label: t('pmap.all_categories') },
        ...residents.map((c) => ({ value: c.slug, label: localName(c) })),
      ],
      filter.category,
      (v) => {
        filter.category = v;
        changed();
      },
    ),
    select(
      'pmap_period',
      t('pmap.period'),
      PERIODS.map((p) => ({ value: p, label: t(p === '3' ? 'pmap.period_3' : 'pmap.period_12') })),
      filter.months,
      (v) => {
        filter.months = v === '3' ? '3' : '12';
        changed();
      },
    ),
  );
}

/** How the map shows reports, and why some are not shown. */
function explanation(data: PublicMap): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'pmap-how' },
    h('h2', { id: 'pmap-how' }, t('pmap.how')),
    h(
      'ul',
      { class: 'facts' },
      h('li', {}, t('pmap.only_checked')),
      h('li', {}, t('pmap.squares', { m: data.cell_m, min: data.min_count })),
      h('li', {}, t('pmap.exact')),
    ),
  );
}

function legend(): HTMLElement {
  return h(
    'ul',
    { class: 'map-legend', id: 'pmap-legend' },
    h('li', {}, h('span', { class: 'legend-square', 'aria-hidden': 'true' }, '3'), t('pmap.legend_square')),
    h('li', {}, h('span', { class: 'legend-exact', 'aria-hidden': 'true' }), t('pmap.legend_exact')),
  );
}

const summaryText = (data: PublicMap): string =>
  data.cells.length || data.exact.length
    ? t('pmap.summary', { cells: data.cells.length, exact: data.exact.length })
    : t('pmap.nothing');

async function loadReference(): Promise<Loaded> {
  const [config, categories, areas] = await Promise.all([getPublicConfig(), getCategories(), getAreas()]);
  return { config, categories, areas, names: reportNames(categories, areas) };
}

function mapLabels(names: ReportNames): PublicMapOptions['labels'] {
  return {
    zoomIn: t('where.zoom_in'),
    zoomOut: t('where.zoom_out'),
    square: (n) => t('pmap.square', { n }),
    squares: (n, cells) => t('pmap.squares_joined', { n, cells }),
    report: (r) => names.category(r.category),
  };
}

export const publicMapView: View = async ({ main }) => {
  loading(main);
  let loaded: Loaded;
  let data: PublicMap;
  const filter: Filter = { category: '', months: '12' };
  try {
    loaded = await loadReference();
    Object.assign(filter, filterFromAddress(loaded.categories));
    data = await getPublicMap({ category: filter.category, from: since(filter.months) });
  } catch {
    failure(main, t('pmap.title'), t('pmap.load_failed'), () => void rerender());
    return;
  }
  const { names } = loaded;
  const status = h('p', { class: 'status-text', role: 'status' }, summaryText(data));
  const mapEl = h('div', {
    class: 'map',
    role: 'region',
    'aria-label': t('pmap.map_label'),
    'aria-describedby': 'pmap-legend',
  });
  const how = h('div', {}, explanation(data));
  const lists = h('div', { class: 'public-lists' }, ...publicLists(data, names));
  let map: PublicReportsMap | null = null;
  let destroyed = false;
  let seq = 0;

  const reload = async (): Promise<void> => {
    const mine = ++seq;
    keepInAddress(filter);
    status.textContent = t('pmap.loading');
    try {
      const next = await getPublicMap({ category: filter.category, from: since(filter.months) });
      if (mine !== seq || destroyed) return;
      data = next;
      map?.show(data, true);
      how.replaceChildren(explanation(data));
      lists.replaceChildren(...publicLists(data, names));
      status.textContent = summaryText(data);
    } catch {
      if (mine === seq) status.textContent = t('pmap.reload_failed');
    }
  };

  main.replaceChildren(
    heading(t('pmap.title')),
    h('p', { class: 'lead' }, t('pmap.lead')),
    filters(loaded, filter, () => void reload()),
    status,
    h('div', { class: 'map-frame' }, mapEl),
    legend(),
    // Right under the map, which it explains; on a phone the map comes first, within reach.
    how,
    lists,
    h('p', {}, h('a', { href: '/rapportera' }, t('home.report'))),
  );

  import('../../map/publicMapLayers')
    .then(({ createPublicReportsMap }) => {
      if (destroyed) return;
      map = createPublicReportsMap(mapEl, {
        config: loaded.config,
        areas: loaded.areas,
        labels: mapLabels(names),
        squarePopup: (cell) => squareSummary(cell, names),
        reportPopup: (r) => reportSummary(r, names),
      });
      map.show(data, true);
    })
    .catch(() => {
      mapEl.replaceWith(h('p', { class: 'inline-warning' }, icon(ICONS.alert), t('pmap.map_failed')));
    });

  return () => {
    destroyed = true;
    map?.destroy();
  };
};
