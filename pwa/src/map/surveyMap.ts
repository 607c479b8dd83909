import L from 'leaflet';
import type { AreaCollection, LatLon, PublicConfig } from '../api/types';
import { createBaseMap } from './reportMap';

export interface PointsMapOptions {
  config: PublicConfig;
  areas: AreaCollection;
  points: LatLon[];
  labels: { zoomIn: string; zoomOut: string };
  /** A tap or click on the map: a new place there. */
  onPick: (p: LatLon) => void;
  /** A tap on the marker of place `index` (0-based). */
  onMarker: (index: number) => void;
  onTiles?: (ok: boolean) => void;
  /** The cross-hair over the map's centre: hidden while a marker is under it, so neither hides the other. */
  crosshair: HTMLElement;
}

export interface PointsMap {
  /** Draws the places again, numbered 1, 2, … as in the list beside the map. */
  setPoints(points: LatLon[]): void;
  /** The centre of the view (under the cross-hair), for marking a place without a pointer. */
  center(): LatLon;
  /** Brings a place into view (one added from the list of localities). */
  show(p: LatLon): void;
  destroy(): void;
}

/** A locality's whole built-up area in view. */
const ZOOM_LOCALITY = 14;

function numbered(n: number): L.DivIcon {
  return L.divIcon({
    className: 'map-point',
    html: `<span>${n}</span>`,
    iconSize: [32, 32],
    iconAnchor: [16, 16],
  });
}

/**
 * The map of a survey's `map_points` question: several numbered markers, one per place marked.
 * The keyboard works the page's controls instead (the map's centre, a locality), so the markers
 * are not in the tab order.
 */
export function createPointsMap(el: HTMLElement, o: PointsMapOptions): PointsMap {
  const map = createBaseMap(el, o);
  const layer = L.layerGroup().addTo(map);
  let markers: L.Marker[] = [];

  // A marker is 32×32 around its point, the cross-hair 28×28 around the centre.
  const updateCrosshair = (): void => {
    const c = map.getSize().divideBy(2);
    const covered = markers.some((m) => map.latLngToContainerPoint(m.getLatLng()).distanceTo(c) < 30);
    o.crosshair.classList.toggle('is-hidden', covered);
  };
  map.on('move zoom viewreset', updateCrosshair);

  const setPoints = (points: LatLon[]): void => {
    layer.clearLayers();
    markers = points.map((p, i) =>
      L.marker([p.lat, p.lon], { icon: numbered(i + 1), keyboard: false })
        .on('click', () => o.onMarker(i))
        .addTo(layer),
    );
    updateCrosshair();
  };
  setPoints(o.points);
  map.on('click', (e: L.LeafletMouseEvent) => o.onPick({ lat: e.latlng.lat, lon: e.latlng.lng }));

  return {
    setPoints,
    center() {
      const c = map.getCenter();
      return { lat: c.lat, lon: c.lng };
    },
    show(p) {
      map.setView([p.lat, p.lon], Math.max(map.getZoom(), ZOOM_LOCALITY));
    },
    destroy() {
      map.remove();
    },
  };
}
