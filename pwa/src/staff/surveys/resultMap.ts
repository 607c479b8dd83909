// The places residents marked as unsafe: a clustered map (Leaflet, loaded with the queue's map
// chunk after the figures are up) and, for those who do not use the map, how many places name
// each reason and each time of day.
import { getAreas, getPublicConfig } from '../../api/endpoints';
import { h } from '../../dom';
import { t } from '../../i18n';
import { hasMessage, st } from './i18n';
import { getPoints, type SurveyQuestion, type SurveyPoint } from './api';
import { answerLabel } from './resultQuestions';
import { resultTable } from './table';

/** How many places have each value, most first. */
function tally(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

const countTable = (caption: string, head: string, rows: [string, number][]): HTMLTableElement =>
  resultTable(
    'result-table',
    caption,
    [head, st('results.places_count')],
    rows.map(([label, n]) => ({ label, cells: [String(n)] })),
  );

const timeName = (v: string | null): string => {
  const key = `time.${v ?? 'none'}`;
  return hasMessage(key) ? st(key) : (v ?? '');
};

function placeTables(points: SurveyPoint[], questions: SurveyQuestion[], areas: Map<string, string>): HTMLElement {
  const reasons = tally(
    points.flatMap((p) => {
      const q = questions.find((x) => x.code === p.properties.question);
      return p.properties.reasons.map((r) => (q ? answerLabel(q, r, areas) : r));
    }),
  );
  const times = tally(points.map((p) => p.properties.time_of_day ?? 'none'));
  return h(
    'div',
    { class: 'place-tables' },
    reasons.length ? countTable(st('results.reasons'), st('results.reason'), reasons) : null,
    countTable(
      st('results.times'),
      st('results.time'),
      times.map(([v, n]) => [timeName(v === 'none' ? null : v), n]),
    ),
  );
}

/** The section with the map and the tables; returns it and what removes the map when the page goes. */
export function placesSection(
  slug: string,
  total: number,
  questions: SurveyQuestion[],
  areas: Map<string, string>,
): { el: HTMLElement; destroy: () => void } {
  const mapEl = h('div', { class: 'results-map map', role: 'region', 'aria-label': st('results.map') });
  const tables = h('div', {});
  const el = h(
    'section',
    { class: 'card places-section', 'aria-labelledby': 'places-title' },
    h('h2', { id: 'places-title' }, st('results.places', { n: total })),
    total ? mapEl : h('p', {}, st('results.no_places')),
    tables,
  );
  let destroyed = false;
  let map: { destroy(): void } | null = null;
  if (total)
    void Promise.all([getPublicConfig(), getAreas(), getPoints(slug), import('../staffMap')])
      .then(([config, areaCollection, points, { createPlacesMap }]) => {
        if (destroyed) return;
        tables.replaceChildren(placeTables(points, questions, areas));
        map = createPlacesMap(mapEl, {
          config,
          areas: areaCollection,
          places: points.map((p) => ({ lon: p.geometry.coordinates[0], lat: p.geometry.coordinates[1] })),
          labels: {
            zoomIn: t('where.zoom_in'),
            zoomOut: t('where.zoom_out'),
            cluster: (n) => st('results.cluster', { n }),
          },
        });
      })
      .catch(() => mapEl.replaceChildren(h('p', { class: 'hint' }, st('results.map_failed'))));
  return {
    el,
    destroy: () => {
      destroyed = true;
      map?.destroy();
    },
  };
}
