// The hotspots: on screen an interactive map (Leaflet, loaded after the figures are up; it works
// without tiles, over the area outlines) beside the list, where a hotspot picked on the map gets
// the focus; on paper the server's SVG map and a table. Case numbers link to the reports.
import { getAreas, getPublicConfig } from '../../api/endpoints';
import { h } from '../../dom';
import { t } from '../../i18n';
import type { Figures, Hotspot } from './api';
import { mapUrl } from './api';
import { st } from './i18n';
import { timeOfDayName, weekdayName, type Names } from './labels';
import { dataTable, picture } from './table';

const reportLink = (id: string): HTMLElement => h('a', { href: `/personal/rapport/${encodeURIComponent(id)}` }, id);

const categoriesText = (spot: Hotspot, names: Names): string =>
  spot.categories.map(([slug, n]) => `${names.category(slug)} (${n})`).join(', ');

const whenText = (spot: Hotspot): string => `${timeOfDayName(spot.time_of_day)}, ${weekdayName(spot.weekday)}`;

function hotspotItem(spot: Hotspot, names: Names): HTMLElement {
  const n = spot.count.residents + spot.count.staff;
  return h(
    'li',
    { class: 'lb-hotspot', id: `hotspot-${spot.rank}`, tabindex: '-1' },
    h(
      'h3',
      {},
      h('span', { class: 'hotspot-number', 'aria-hidden': 'true' }, String(spot.rank)),
      st('lb.hotspot_title', { rank: spot.rank, area: names.area(spot.area) }),
    ),
    spot.recurring
      ? h(
          'p',
          {},
          h('span', { class: 'badge badge-recurring' }, st('lb.hotspot_recurring')),
          ' ',
          st('lb.hotspot_recurring_hint'),
        )
      : null,
    h('p', {}, st('lb.hotspot_count', { n, radius: Math.round(spot.radius_m) })),
    h('p', {}, st('lb.hotspot_categories', { list: categoriesText(spot, names) })),
    h(
      'p',
      {},
      st('lb.hotspot_when', {
        time: timeOfDayName(spot.time_of_day).toLowerCase(),
        weekday: weekdayName(spot.weekday),
      }),
    ),
    h(
      'details',
      { class: 'lb-fold' },
      h('summary', {}, st('lb.hotspot_reports', { n: spot.reports.length })),
      h(
        'ul',
        { class: 'lb-case-list' },
        spot.reports.map((id) => h('li', {}, reportLink(id))),
      ),
    ),
  );
}

/** Brings a hotspot picked on the map into view in the list, and gives it the focus. */
function pick(rank: number): void {
  const item = document.getElementById(`hotspot-${rank}`);
  item?.focus();
  item?.scrollIntoView({ block: 'nearest' });
}

/** The map and the list for the detail page; `destroy` removes the map when the page goes. */
export function hotspotsOnScreen(f: Figures, names: Names): { parts: HTMLElement[]; destroy: () => void } {
  const mapEl = h('div', { class: 'lb-map map', role: 'region', 'aria-label': st('lb.map') });
  let destroyed = false;
  let map: { destroy(): void } | null = null;
  void Promise.all([getPublicConfig(), getAreas(), import('../staffMap')])
    .then(([config, areas, { createHotspotMap }]) => {
      if (destroyed) return;
      map = createHotspotMap(mapEl, {
        config,
        areas,
        places: f.places.map((p) => ({ lat: p.lat, lon: p.lon, count: p.count.residents + p.count.staff })),
        hotspots: f.hotspots,
        labels: {
          zoomIn: t('where.zoom_in'),
          zoomOut: t('where.zoom_out'),
          hotspot: (rank) => st('lb.hotspot', { rank }),
        },
        onPickHotspot: pick,
      });
    })
    .catch(() => mapEl.replaceChildren(h('p', { class: 'hint' }, st('lb.map_failed'))));
  return {
    parts: [
      h('p', {}, st('lb.hotspots_intro')),
      mapEl,
      f.hotspots.length
        ? h(
            'ol',
            { class: 'lb-hotspots' },
            f.hotspots.map((spot) => hotspotItem(spot, names)),
          )
        : h('p', {}, st('lb.no_hotspots')),
    ],
    destroy: () => {
      destroyed = true;
      map?.destroy();
    },
  };
}

/** The server's map and a table of the hotspots, for paper. */
export function hotspotsOnPaper(id: number, f: Figures, names: Names): HTMLElement[] {
  return [
    h('p', {}, st('lb.hotspots_intro')),
    picture(mapUrl(id), st('lb.map_alt'), 'lb-map-picture'),
    f.hotspots.length
      ? dataTable(
          st('lb.hotspots'),
          [st('lb.hotspot_rank'), st('lb.area'), st('lb.reports'), st('lb.most_common'), st('lb.when')],
          f.hotspots.map((spot) => ({
            label: spot.recurring ? `${spot.rank} (${st('lb.hotspot_recurring').toLowerCase()})` : String(spot.rank),
            cells: [
              names.area(spot.area),
              String(spot.count.residents + spot.count.staff),
              categoriesText(spot, names),
              whenText(spot),
            ],
          })),
        )
      : h('p', {}, st('lb.no_hotspots')),
  ];
}
