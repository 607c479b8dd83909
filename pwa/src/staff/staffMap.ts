// The queue's map: the loaded reports as markers, grouped into clusters by a small grid clustering
// of our own (points whose screen positions share a 56 px cell at the current zoom become one
// numbered marker). A few dozen lines instead of leaflet.markercluster: no extra 10 KB + CSS, and
// nothing on the map is a keyboard stop — the list beside it is the keyboard's way in.
import L from 'leaflet';
import type { AreaCollection, PublicConfig, ReportSummary } from '../api/types';
import { createBaseMap } from '../map/reportMap';

const CELL_PX = 56;

export interface QueueMap {
  show(items: ReportSummary[], selected: string | null): void;
  select(id: string | null): void;
  destroy(): void;
}

export function createQueueMap(
  el: HTMLElement,
  o: {
    config: PublicConfig;
    areas: AreaCollection;
    labels: { zoomIn: string; zoomOut: string; cluster: (n: number) => string };
    onPick: (id: string) => void;
  },
): QueueMap {
  const map = createBaseMap(el, { config: o.config, areas: o.areas, labels: o.labels });
  const layer = L.layerGroup().addTo(map);
  let items: ReportSummary[] = [];
  let selected: string | null = null;

  const draw = (): void => {
    layer.clearLayers();
    const cells = new Map<string, ReportSummary[]>();
    for (const r of items) {
      const p = map.latLngToLayerPoint([r.lat, r.lon]);
      const key = `${Math.floor(p.x / CELL_PX)}:${Math.floor(p.y / CELL_PX)}`;
      const cell = cells.get(key);
      if (cell) cell.push(r);
      else cells.set(key, [r]);
    }
    for (const members of cells.values()) {
      if (members.length === 1) {
        const r = members[0]!;
        const marker = L.marker([r.lat, r.lon], {
          keyboard: false,
          title: r.id,
          icon: L.divIcon({
            className: `queue-marker status-${r.status}${r.id === selected ? ' is-selected' : ''}`,
            iconSize: r.id === selected ? [26, 26] : [18, 18],
          }),
          zIndexOffset: r.id === selected ? 1000 : 0,
        });
        marker.on('click', () => o.onPick(r.id));
        layer.addLayer(marker);
        continue;
      }
      const lat = members.reduce((s, r) => s + r.lat, 0) / members.length;
      const lon = members.reduce((s, r) => s + r.lon, 0) / members.length;
      const hasSelected = members.some((r) => r.id === selected);
      const size = members.length < 10 ? 32 : members.length < 100 ? 38 : 44;
      const marker = L.marker([lat, lon], {
        keyboard: false,
        title: o.labels.cluster(members.length),
        icon: L.divIcon({
          className: `queue-cluster${hasSelected ? ' is-selected' : ''}`,
          html: `<span>${members.length}</span>`,
          iconSize: [size, size],
        }),
      });
      marker.on('click', () => {
        const bounds = L.latLngBounds(members.map((r) => [r.lat, r.lon] as [number, number]));
        if (map.getZoom() >= map.getMaxZoom() - 1 || bounds.getNorthEast().equals(bounds.getSouthWest())) {
          o.onPick(members[0]!.id);
        } else map.fitBounds(bounds.pad(0.3));
      });
      layer.addLayer(marker);
    }
  };

  map.on('zoomend', draw);

  return {
    show(next, sel) {
      items = next;
      selected = sel;
      if (items.length) map.fitBounds(L.latLngBounds(items.map((r) => [r.lat, r.lon] as [number, number])).pad(0.1), { maxZoom: 15, animate: false });
      draw();
    },
    select(id) {
      selected = id;
      const r = items.find((x) => x.id === id);
      if (r && !map.getBounds().contains([r.lat, r.lon])) map.panTo([r.lat, r.lon], { animate: false });
      draw();
    },
    destroy() {
      // Stop a running zoom first: its end handler would otherwise run on the removed map.
      map.stop();
      map.off();
      map.remove();
    },
  };
}
