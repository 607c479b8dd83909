// The queue's map (and the survey results' map of marked places): the loaded reports as markers,
// grouped into clusters by a small clustering of our own (a point within 56 px of a cluster's
// first point at the current zoom joins it and the cluster is one numbered marker). A few dozen
// lines instead of leaflet.markercluster: no extra 10 KB + CSS, and nothing on the map is a
// keyboard stop — the list beside it is the keyboard's way in.
import L from 'leaflet';
import type { AreaCollection, PublicConfig, ReportSummary } from '../api/types';
import { createBaseMap } from '../map/reportMap';

const CELL_PX = 56;

export interface QueueMap {
  show(items: ReportSummary[], selected: string | null): void;
  /** The view's bounds as the queue's `bbox` filter (`west,south,east,north`). */
  bbox(): string;
  select(id: string | null): void;
  destroy(): void;
}

/**
 * The places grouped at the current zoom: each joins a cluster whose first point is
 * within 56 px across and down, or starts one. Clusters anchored this way lie at least that far
 * apart, so their markers do not cover one another as fixed grid cells' can at a cell's edge.
 * Anchors are looked up in the grid cells around the point, so many places stay quick.
 */
function cellsOf<T extends { lat: number; lon: number }>(map: L.Map, items: T[]): T[][] {
  type Cluster = { x: number; y: number; members: T[] };
  const clusters: Cluster[] = [];
  const grid = new Map<string, Cluster[]>();
  const key = (gx: number, gy: number): string => `${gx}:${gy}`;
  for (const r of items) {
    const p = map.latLngToLayerPoint([r.lat, r.lon]);
    const gx = Math.floor(p.x / CELL_PX);
    const gy = Math.floor(p.y / CELL_PX);
    let found: Cluster | undefined;
    for (let dx = -1; dx <= 1 && !found; dx++)
      for (let dy = -1; dy <= 1 && !found; dy++)
        found = grid
          .get(key(gx + dx, gy + dy))
          ?.find((c) => Math.abs(c.x - p.x) < CELL_PX && Math.abs(c.y - p.y) < CELL_PX);
    if (found) found.members.push(r);
    else {
      const cluster = { x: p.x, y: p.y, members: [r] };
      clusters.push(cluster);
      grid.set(key(gx, gy), [...(grid.get(key(gx, gy)) ?? []), cluster]);
    }
  }
  return clusters.map((c) => c.members);
}

/** A report alone in its cell: a dot in its status colour, larger when selected. */
function reportMarker(r: ReportSummary, selected: string | null, onPick: (id: string) => void): L.Marker {
  const marker = L.marker([r.lat, r.lon], {
    keyboard: false,
    title: r.id,
    icon: L.divIcon({
      className: `queue-marker status-${r.status}${r.id === selected ? ' is-selected' : ''}`,
      iconSize: r.id === selected ? [26, 26] : [18, 18],
    }),
    // Above the locality names, which would otherwise cover the dots.
    zIndexOffset: r.id === selected ? 2000 : 1000,
  });
  marker.on('click', () => onPick(r.id));
  return marker;
}

/** Several reports in one cell: a numbered marker that zooms in, or picks the first when it cannot. */
function clusterMarker(
  map: L.Map,
  members: ReportSummary[],
  selected: string | null,
  title: string,
  onPick: (id: string) => void,
): L.Marker {
  const lat = members.reduce((s, r) => s + r.lat, 0) / members.length;
  const lon = members.reduce((s, r) => s + r.lon, 0) / members.length;
  const hasSelected = members.some((r) => r.id === selected);
  const size = members.length < 10 ? 32 : members.length < 100 ? 38 : 44;
  const marker = L.marker([lat, lon], {
    keyboard: false,
    title,
    icon: L.divIcon({
      className: `queue-cluster${hasSelected ? ' is-selected' : ''}`,
      html: `<span>${members.length}</span>`,
      iconSize: [size, size],
    }),
    // Above the locality names: the numbers stay readable at the opening zoom.
    zIndexOffset: hasSelected ? 2000 : 1000,
  });
  marker.on('click', () => {
    const bounds = L.latLngBounds(members.map((r) => [r.lat, r.lon] as [number, number]));
    if (map.getZoom() >= map.getMaxZoom() - 1 || bounds.getNorthEast().equals(bounds.getSouthWest())) {
      onPick(members[0]!.id);
    } else map.fitBounds(bounds.pad(0.3));
  });
  return marker;
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
    for (const members of cellsOf(map, items)) {
      layer.addLayer(
        members.length === 1
          ? reportMarker(members[0]!, selected, o.onPick)
          : clusterMarker(map, members, selected, o.labels.cluster(members.length), o.onPick),
      );
    }
  };

  map.on('zoomend', draw);

  return {
    show(next, sel) {
      items = next;
      selected = sel;
      if (items.length)
        map.fitBounds(L.latLngBounds(items.map((r) => [r.lat, r.lon] as [number, number])).pad(0.1), {
          maxZoom: 15,
          animate: false,
        });
      draw();
    },
    bbox() {
      const b = map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(',');
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

export interface PointMap {
  /** Puts the nearby reports on the map as small dots (a pick names the report). */
  nearby(items: ReportSummary[]): void;
  destroy(): void;
}

/**
 * One report's position for its page: the marker (and the accuracy circle) over the area
 * outlines, which show even when the tiles do not arrive.
 */
export function createPointMap(
  el: HTMLElement,
  o: {
    config: PublicConfig;
    areas: AreaCollection;
    report: ReportSummary & { accuracy_m?: number | null };
    labels: { zoomIn: string; zoomOut: string };
  },
): PointMap {
  const { report } = o;
  const map = createBaseMap(el, {
    config: o.config,
    areas: o.areas,
    center: { lat: report.lat, lon: report.lon },
    // A kilometre or two across: in a locality its outline is in view, a place to recognise
    // without tiles; the nearby reports (200 m) still apart.
    zoom: 14,
    labels: o.labels,
  });
  if (report.accuracy_m)
    L.circle([report.lat, report.lon], {
      radius: report.accuracy_m,
      interactive: false,
      weight: 1,
      color: '#00586b',
    }).addTo(map);
  const nearbyLayer = L.layerGroup().addTo(map);
  L.marker([report.lat, report.lon], {
    keyboard: false,
    interactive: false,
    title: report.id,
    icon: L.divIcon({
      className: `queue-marker detail-marker status-${report.status} is-selected`,
      iconSize: [26, 26],
    }),
    zIndexOffset: 1000,
  }).addTo(map);
  return {
    nearby(items) {
      nearbyLayer.clearLayers();
      for (const r of items)
        L.marker([r.lat, r.lon], {
          keyboard: false,
          interactive: false,
          title: r.id,
          icon: L.divIcon({ className: `queue-marker nearby-marker status-${r.status}`, iconSize: [14, 14] }),
        }).addTo(nearbyLayer);
    },
    destroy() {
      map.stop();
      map.off();
      map.remove();
    },
  };
}

/**
 * The places marked in a survey's answers: a dot each, clustered as the queue's reports are, over
 * the area outlines. Nothing on it is a keyboard stop: the results page has the same places as
 * tables of reasons and times of day.
 */
export function createPlacesMap(
  el: HTMLElement,
  o: {
    config: PublicConfig;
    areas: AreaCollection;
    places: { lat: number; lon: number }[];
    labels: { zoomIn: string; zoomOut: string; cluster: (n: number) => string };
  },
): { destroy(): void } {
  const map = createBaseMap(el, { config: o.config, areas: o.areas, labels: o.labels });
  const layer = L.layerGroup().addTo(map);
  const draw = (): void => {
    layer.clearLayers();
    for (const members of cellsOf(map, o.places)) {
      const lat = members.reduce((s, p) => s + p.lat, 0) / members.length;
      const lon = members.reduce((s, p) => s + p.lon, 0) / members.length;
      const many = members.length > 1;
      const marker = L.marker([lat, lon], {
        keyboard: false,
        title: many ? o.labels.cluster(members.length) : '',
        icon: L.divIcon(
          many
            ? { className: 'queue-cluster', html: `<span>${members.length}</span>`, iconSize: [34, 34] }
            : { className: 'queue-marker place-marker', iconSize: [16, 16] },
        ),
        zIndexOffset: 1000,
      });
      if (many)
        marker.on('click', () =>
          map.fitBounds(L.latLngBounds(members.map((p) => [p.lat, p.lon] as [number, number])).pad(0.3)),
        );
      layer.addLayer(marker);
    }
  };
  map.on('zoomend', draw);
  if (o.places.length)
    map.fitBounds(L.latLngBounds(o.places.map((p) => [p.lat, p.lon] as [number, number])).pad(0.2), {
      maxZoom: 15,
      animate: false,
    });
  draw();
  return {
    destroy() {
      map.stop();
      map.off();
      map.remove();
    },
  };
}

/**
 * A lägesbild's map: a dot at each place with reports (larger for more), under the hotspots, each
 * a circle of its radius with its rank beside the centre. Dots, not clusters: the hotspots already
 * sum the places up, and a cluster would hide under a hotspot's number. A click on a hotspot picks
 * it in the list beside the map, which is the keyboard's way in.
 */
export function createHotspotMap(
  el: HTMLElement,
  o: {
    config: PublicConfig;
    areas: AreaCollection;
    places: { lat: number; lon: number; count: number }[];
    hotspots: { rank: number; lat: number; lon: number; radius_m: number }[];
    labels: { zoomIn: string; zoomOut: string; hotspot: (rank: number) => string };
    onPickHotspot: (rank: number) => void;
  },
): { destroy(): void } {
  const map = createBaseMap(el, { config: o.config, areas: o.areas, labels: o.labels });
  for (const p of o.places)
    L.circleMarker([p.lat, p.lon], {
      radius: Math.min(10, 3 + 2 * Math.sqrt(p.count)),
      className: 'lb-place',
      interactive: false,
    }).addTo(map);
  for (const spot of o.hotspots) {
    L.circle([spot.lat, spot.lon], { radius: spot.radius_m, className: 'hotspot-area', interactive: false }).addTo(map);
    L.marker([spot.lat, spot.lon], {
      keyboard: false,
      title: o.labels.hotspot(spot.rank),
      // Up and to the right of the centre, so the places at the centre stay in sight.
      icon: L.divIcon({
        className: 'hotspot-rank',
        html: `<span>${spot.rank}</span>`,
        iconSize: [26, 26],
        iconAnchor: [-4, 30],
      }),
      zIndexOffset: 2000,
    })
      .on('click', () => o.onPickHotspot(spot.rank))
      .addTo(map);
  }
  const points = [...o.places, ...o.hotspots].map((p) => [p.lat, p.lon] as [number, number]);
  if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 15, animate: false });
  return {
    destroy() {
      map.stop();
      map.off();
      map.remove();
    },
  };
}
