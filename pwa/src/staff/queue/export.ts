// The queue's current filters as files: CSV for Excel (semicolons, as Swedish Excel reads them, or
// commas) and GeoJSON for GIS, in WGS84 or SWEREF 99 TM. The server streams them; the browser saves.
import { h } from '../../dom';
import { st } from '../i18n';
import { apiParams, countQuery } from './filters';

const FILES: [string, Record<string, string>, Parameters<typeof st>[0]][] = [
  ['export.csv', { sep: 'semicolon' }, 'queue.export_csv'],
  ['export.csv', { sep: 'comma' }, 'queue.export_csv_comma'],
  ['export.geojson', { crs: 'EPSG:4326' }, 'queue.export_geojson'],
  ['export.geojson', { crs: 'EPSG:3006' }, 'queue.export_geojson_sweref'],
];

export function exportTool(urlParams: URLSearchParams): HTMLElement {
  const filters = countQuery(apiParams(urlParams));
  const href = (file: string, options: Record<string, string>): string =>
    `/api/v1/reports/${file}?${new URLSearchParams([...new URLSearchParams(filters), ...Object.entries(options)])}`;
  return h(
    'details',
    { class: 'queue-tool queue-export' },
    h('summary', {}, st('queue.export')),
    h('p', { class: 'hint' }, st('queue.export_intro')),
    h(
      'ul',
      {},
      ...FILES.map(([file, options, label]) =>
        h('li', {}, h('a', { href: href(file, options), download: '' }, st(label))),
      ),
    ),
  );
}
