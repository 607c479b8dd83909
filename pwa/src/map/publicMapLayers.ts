// The public map (/karta): the squares of the public grid with their counts, and the reports the
// coordinator chose to show at their place. Nothing here is a keyboard stop: the lists beside the
// map (by locality, "ni sa, vi gjorde") say the same in words, and are the keyboard's way in.
import L from 'leaflet';
import type { AreaCollection, PublicCell, PublicConfig, PublicMap, PublicReport } from '../api/types';
import { createBaseMap } from './reportMap';

/** Count labels closer than this (px, across or down) are shown as one, with their sum. */
const LABEL_PX = 40;
const METRES_PER_DEGREE_LAT = 111_320;
/**
 * Panned clear of the zoom buttons at the top left, and narrow enough to fit beside them on a
 * phone's 328 px map (content + Leaflet's 44 px of margins + both paddings).
 */
const POPUP: L.PopupOptions = {
  maxWidth: 200,
  autoPanPaddingTopLeft: L.point(60, 12),
  autoPanPaddingBottomRight: L.point(12, 12),
};

export interface PublicMapOptions {
  config: PublicConfig;
  areas: AreaCollection;
  labels: {
    zoomIn: string;
    zoomOut: string;
    /** A square's label: "3 rapporter i den här rutan". */
    square: (n: number) => string;
    /** Labels joined at this zoom: "7 rapporter i 3 rutor – zooma in". */
    squares: (n: number, cells: number) => string;
    /** A report shown at its place: its category. */
    report: (report: PublicReport) => string;
  };
  /** What a tap on a square, or on a report shown at its place, opens. */
  squarePopup: (cell: PublicCell) => HTMLElement;
  reportPopup: (report: PublicReport) => HTMLElement;
}

export interface PublicReportsMap {
  /** Draws the data; `fit` brings all of it into view (on the first data and after a filter change). */
  show(data: PublicMap, fit: boolean): void;
  destroy(): void;
}

/**
 * The square around a cell's centre. The grid's squares are SWEREF 99 TM's; drawn along lines of
 * latitude and longitude they are off by a degree or two of rotation, which a 250 m square hides.
 */
function squareBounds(cell: PublicCell, sizeM: number): L.LatLngBounds {
  const dLat = sizeM / 2 / METRES_PER_DEGREE_LAT;
  const dLon = dLat / Math.cos((cell.lat * Math.PI) / 180);
  return L.latLngBounds([cell.lat - dLat, cell.lon - dLon], [cell.lat + dLat, cell.lon + dLon]);
}

/** Squares whose labels would overlap at the current zoom, grouped (each group's first is its anchor). */
function labelGroups(map: L.Map, cells: PublicCell[]): PublicCell[][] {
  const groups: { at: L.Point; cells: PublicCell[] }[] = [];
  for (const cell of cells) {
    const at = map.latLngToLayerPoint([cell.lat, cell.lon]);
    const near = groups.find((g) => Math.abs(g.at.x - at.x) < LABEL_PX && Math.abs(g.at.y - at.y) < LABEL_PX);
    if (near) near.cells.push(cell);
    else groups.push({ at, cells: [cell] });
  }
  return groups.map((g) => g.cells);
}

function countMarker(map: L.Map, group: PublicCell[], o: PublicMapOptions): L.Marker {
  const n = group.reduce((sum, c) => sum + c.count, 0);
  const lat = group.reduce((s, c) => s + c.lat, 0) / group.length;
  const lon = group.reduce((s, c) => s + c.lon, 0) / group.length;
  const marker = L.marker([lat, lon], {
    keyboard: false,
    title: group.length === 1 ? o.labels.square(n) : o.labels.squares(n, group.length),
    icon: L.divIcon({
      className: `public-square${group.length > 1 ? ' is-joined' : ''}`,
      html: `<span>${n}</span>`,
      iconSize: n < 100 ? [34, 34] : [44, 34],
    }),
    // Above the locality names, which would otherwise cover the counts.
    zIndexOffset: 1000,
  });
  if (group.length === 1) marker.bindPopup(() => o.squarePopup(group[0]!), POPUP);
  else
    marker.on('click', () =>
      map.fitBounds(L.latLngBounds(group.map((c) => [c.lat, c.lon] as [number, number])).pad(0.5)),
    );
  return marker;
}

function exactMarker(report: PublicReport, o: PublicMapOptions): L.Marker {
  return L.marker([report.lat, report.lon], {
    keyboard: false,
    title: o.labels.report(report),
    icon: L.divIcon({
      className: 'public-exact',
      html: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 23s-8-7-8-13a8 8 0 0 1 16 0c0 6-8 13-8 13z"/><circle cx="12" cy="10" r="3"/></svg>',
      iconSize: [32, 32],
      iconAnchor: [16, 30],
      popupAnchor: [0, -28],
    }),
    zIndexOffset: 2000,
  }).bindPopup(() => o.reportPopup(report), POPUP);
}

export function createPublicReportsMap(el: HTMLElement, o: PublicMapOptions): PublicReportsMap {
  const map = createBaseMap(el, { config: o.config, areas: o.areas, labels: o.labels });
  const squares = L.layerGroup().addTo(map);
  const counts = L.layerGroup().addTo(map);
  const exact = L.layerGroup().addTo(map);
  let cells: PublicCell[] = [];

  const drawCounts = (): void => {
    counts.clearLayers();
    for (const group of labelGroups(map, cells)) counts.addLayer(countMarker(map, group, o));
  };
  map.on('zoomend', drawCounts);

  return {
    show(data, fit) {
      cells = data.cells;
      squares.clearLayers();
      exact.clearLayers();
      for (const cell of cells)
        squares.addLayer(
          L.rectangle(squareBounds(cell, data.cell_m), {
            interactive: false,
            color: '#00586b',
            weight: 2,
            fillColor: '#00586b',
            fillOpacity: 0.25,
          }),
        );
      for (const r of data.exact) exact.addLayer(exactMarker(r, o));
      const points = [...cells, ...data.exact].map((p) => [p.lat, p.lon] as [number, number]);
      if (fit && points.length) map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 15, animate: false });
      drawCounts();
    },
    destroy() {
      // Stop a running zoom first: its end handler would otherwise run on the removed map.
      map.stop();
      map.off();
      map.remove();
    },
  };
}
