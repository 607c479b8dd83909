// The report's position on a small map (the queue map's chunk, `../staffMap.ts`), loaded after the
// page is up. Without tiles the marker and the area outlines still show where it is.
import { getAreas, getPublicConfig } from '../../api/endpoints';
import type { ReportDetail, ReportSummary } from '../../api/types';
import { h } from '../../dom';
import { t } from '../../i18n';
import { st } from '../i18n';
import type { PointMap } from '../staffMap';

export interface DetailMap {
  readonly el: HTMLElement;
  /** The nearby reports, once they have arrived. */
  readonly nearby: (items: ReportSummary[]) => void;
  readonly destroy: () => void;
}

export function detailMap(r: ReportDetail): DetailMap {
  const el = h('div', { class: 'detail-map map', role: 'region', 'aria-label': st('detail.map') });
  let map: PointMap | null = null;
  let destroyed = false;
  let waiting: ReportSummary[] | null = null;
  void Promise.all([getPublicConfig(), getAreas(), import('../staffMap')])
    .then(([config, areas, { createPointMap }]) => {
      if (destroyed) return;
      map = createPointMap(el, {
        config,
        areas,
        report: r,
        labels: { zoomIn: t('where.zoom_in'), zoomOut: t('where.zoom_out') },
      });
      if (waiting) map.nearby(waiting);
    })
    .catch(() => el.replaceChildren(h('p', { class: 'hint' }, st('queue.map_failed'))));
  return {
    el,
    nearby(items) {
      waiting = items;
      map?.nearby(items);
    },
    destroy() {
      destroyed = true;
      map?.destroy();
    },
  };
}
