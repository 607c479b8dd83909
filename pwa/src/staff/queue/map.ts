// The map beside the list, loaded after the list is up (its own chunk, `../staffMap.ts`): shows
// the loaded rows, follows the selection, and a picked marker selects its row. Below it, the way
// to filter the queue to the map's area (`bbox`) and back to the whole municipality.
import { getAreas, getPublicConfig } from '../../api/endpoints';
import { h } from '../../dom';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { st } from '../i18n';
import type { QueueState } from './state';

/** The queue's address with `bbox` set, or without it. */
function withBbox(s: QueueState, bbox: string | null): string {
  const next = new URLSearchParams(s.urlParams);
  if (bbox) next.set('bbox', bbox);
  else next.delete('bbox');
  const q = next.toString();
  return `/personal/ko${q ? `?${q}` : ''}`;
}

/** Under the map: what it shows, and filtering the list to its area (or leaving that filter). */
export function mapTools(s: QueueState): HTMLElement {
  const filtered = !!s.urlParams.get('bbox');
  return h(
    'div',
    { class: 'map-tools' },
    h('p', { class: 'hint' }, st(filtered ? 'queue.map_filtered' : 'queue.map_loaded')),
    filtered
      ? h('a', { class: 'btn btn-small', href: withBbox(s, null) }, st('queue.map_all'))
      : h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small',
            onclick: () => {
              if (s.map) navigate(withBbox(s, s.map.bbox()));
            },
          },
          st('queue.map_area'),
        ),
  );
}

/** Loads the map into `el` and sets `state.map`; returns what removes it when the view goes. */
export function loadQueueMap(el: HTMLElement, s: QueueState, select: (i: number) => void): () => void {
  let destroyed = false;
  void Promise.all([getPublicConfig(), getAreas(), import('../staffMap')])
    .then(([config, areas, { createQueueMap }]) => {
      if (destroyed) return;
      s.map = createQueueMap(el, {
        config,
        areas,
        labels: {
          zoomIn: t('where.zoom_in'),
          zoomOut: t('where.zoom_out'),
          cluster: (n) => st('queue.cluster', { n }),
        },
        onPick: (id) => {
          const i = s.items.findIndex((r) => r.id === id);
          if (i >= 0) select(i);
        },
      });
      s.map.show(s.items, s.items[s.selected]?.id ?? null);
    })
    .catch(() => el.replaceChildren(h('p', { class: 'hint' }, st('queue.map_failed'))));
  return () => {
    destroyed = true;
    s.map?.destroy();
  };
}
