// The public map in words, for reading without the map (keyboard, screen reader, no map at all):
// the count by locality, the reports shown at their place, and "Ni sa, vi gjorde".
import type { PublicCell, PublicMap, PublicReport } from '../../api/types';
import { h } from '../../dom';
import { t } from '../../i18n';
import { reportMeta, reportWords, type ReportNames } from '../../ui/publicReport';

/** One report as an article in a list, its category as the heading. */
function reportItem(
  r: PublicReport,
  names: ReportNames,
  idPrefix: string,
  labels?: Parameters<typeof reportWords>[1],
): HTMLElement {
  const titleId = `${idPrefix}-${r.id}`;
  return h(
    'li',
    {},
    h(
      'article',
      { class: 'public-report', 'aria-labelledby': titleId },
      h('h3', { id: titleId }, names.category(r.category)),
      reportMeta(r, names),
      ...reportWords(r, labels),
    ),
  );
}

function byArea(data: PublicMap, names: ReportNames): HTMLElement {
  const rows = data.by_area
    .map((a) => ({ name: names.area(a.area) ?? a.area, count: a.count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'sv'));
  return h(
    'section',
    { class: 'public-section', 'aria-labelledby': 'pmap-by-area' },
    h('h2', { id: 'pmap-by-area' }, t('pmap.by_area')),
    h('p', {}, t('pmap.by_area_help', { min: data.min_count })),
    rows.length
      ? h(
          'ul',
          { class: 'area-counts' },
          ...rows.map((row) => h('li', {}, h('span', {}, row.name), h('span', {}, t('pmap.count', { n: row.count })))),
        )
      : h('p', {}, t('pmap.by_area_none', { min: data.min_count })),
  );
}

function exactList(data: PublicMap, names: ReportNames): HTMLElement | null {
  if (!data.exact.length) return null;
  return h(
    'section',
    { class: 'public-section', 'aria-labelledby': 'pmap-exact' },
    h('h2', { id: 'pmap-exact' }, t('pmap.exact_title')),
    h('p', {}, t('pmap.exact_help')),
    h('ul', { class: 'public-reports' }, ...data.exact.map((r) => reportItem(r, names, 'exact'))),
  );
}

function resolvedList(data: PublicMap, names: ReportNames): HTMLElement {
  return h(
    'section',
    { class: 'public-section', 'aria-labelledby': 'pmap-resolved' },
    h('h2', { id: 'pmap-resolved' }, t('pmap.resolved_title')),
    h('p', {}, t('pmap.resolved_help')),
    data.resolved.length
      ? h(
          'ul',
          { class: 'public-reports' },
          ...data.resolved.map((r) =>
            reportItem(r, names, 'resolved', { text: 'pmap.you_said', reply: 'pmap.we_did' }),
          ),
        )
      : h('p', {}, t('pmap.resolved_none')),
  );
}

export function publicLists(data: PublicMap, names: ReportNames): HTMLElement[] {
  return [byArea(data, names), exactList(data, names), resolvedList(data, names)].filter(
    (el): el is HTMLElement => el !== null,
  );
}

/** A square's popup: its count and what the reports in it are about. */
export function squareSummary(cell: PublicCell, names: ReportNames): HTMLElement {
  const categories = Object.entries(cell.categories).sort(([, a], [, b]) => b - a);
  return h(
    'div',
    { class: 'public-popup' },
    h('p', {}, h('strong', {}, t('pmap.square', { n: cell.count }))),
    h('ul', {}, ...categories.map(([slug, n]) => h('li', {}, `${names.category(slug)}: ${n}`))),
  );
}

/** A report shown at its place: the same as in the list. */
export function reportSummary(r: PublicReport, names: ReportNames): HTMLElement {
  return h(
    'div',
    { class: 'public-popup' },
    h('p', {}, h('strong', {}, names.category(r.category))),
    reportMeta(r, names),
    ...reportWords(r),
  );
}
