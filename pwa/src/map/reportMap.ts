import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { AreaCollection, AreaFeature, LatLon, PublicConfig } from '../api/types';

export interface ReportMapOptions {
  config: PublicConfig;
  areas: AreaCollection;
  pin: LatLon | null;
  accuracy: number | null;
  labels: { zoomIn: string; zoomOut: string };
  /** The user placed or moved the pin on the map. */
  onPick: (p: LatLon) => void;
  /** Whether map tiles arrive: false after repeated failures or none within a few seconds. */
  onTiles?: (ok: boolean) => void;
  /** The cross-hair over the map's centre: hidden while the pin is under it, so neither hides the other. */
  crosshair?: HTMLElement;
}

export interface ReportMap {
  /** Places the pin and brings it into view, at least at `zoom` (a street's zoom by default). */
  setPin(p: LatLon, accuracy: number | null, zoom?: number): void;
  /** The centre of the view (under the cross-hair), for placing the pin without a pointer. */
  center(): LatLon;
  destroy(): void;
}

const PIN_ICON = L.divIcon({
  className: 'map-pin',
  html: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 23s-8-7-8-13a8 8 0 0 1 16 0c0 6-8 13-8 13z"/><circle cx="12" cy="10" r="3"/></svg>',
  iconSize: [40, 40],
  iconAnchor: [20, 38],
});

const ZOOM_PLACE = 16;
/** Tiles that have neither arrived nor failed after this long count as failing (a slow connection). */
const TILE_TIMEOUT_MS = 8000;
/** This many failed tiles in a row, with none arriving in between, count as failing. */
const TILE_FAILURES = 3;

/** Tells `report` whether the layer's tiles arrive; a later tile that does arrive says so too. */
function watchTiles(map: L.Map, layer: L.TileLayer, report: (ok: boolean) => void): void {
  let state: boolean | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const say = (ok: boolean): void => {
    if (state !== ok) report(ok);
    state = ok;
  };
  layer.on('tileloadstart', () => {
    timer ??= setTimeout(() => say(false), TILE_TIMEOUT_MS);
  });
  layer.on('tileload', () => {
    clearTimeout(timer);
    timer = undefined;
    failures = 0;
    say(true);
  });
  layer.on('tileerror', () => {
    failures += 1;
    if (failures >= TILE_FAILURES) say(false);
  });
  map.on('unload', () => clearTimeout(timer));
}

/** Leaflet over the municipality: tiles, area outlines and locality names (shared by every map). */
export function createBaseMap(
  el: HTMLElement,
  o: {
    config: PublicConfig;
    areas: AreaCollection;
    center?: LatLon | null;
    zoom?: number;
    labels: { zoomIn: string; zoomOut: string };
    onTiles?: ((ok: boolean) => void) | undefined;
  },
): L.Map {
  const { south, west, north, east } = o.config.bounds;
  const bounds = L.latLngBounds([south, west], [north, east]);
  const map = L.map(el, {
    center: o.center ? [o.center.lat, o.center.lon] : [o.config.map.center.lat, o.config.map.center.lon],
    zoom: o.zoom ?? o.config.map.zoom,
    zoomControl: false,
    maxBounds: bounds.pad(0.5),
    minZoom: 8,
  });
  L.control.zoom({ zoomInTitle: o.labels.zoomIn, zoomOutTitle: o.labels.zoomOut }).addTo(map);
  map.attributionControl.setPrefix(false);
  // Tiles may never arrive (offline, closed network): the outlines below keep the map readable.
  const tiles = L.tileLayer(o.config.map.tile_url, { attribution: o.config.map.attribution, maxZoom: 19 });
  if (o.onTiles) watchTiles(map, tiles, o.onTiles);
  tiles.addTo(map);
  L.geoJSON<AreaFeature['properties']>(o.areas, {
    interactive: false,
    style: (f) =>
      f?.properties.kind === 'municipality'
        ? { color: '#00586b', weight: 3, fill: false }
        : { color: '#00586b', weight: 2, dashArray: '6 4', fillColor: '#00586b', fillOpacity: 0.08 },
  }).addTo(map);
  for (const f of o.areas.features) {
    if (f.properties.kind !== 'locality') continue;
    L.marker([f.properties.lat, f.properties.lon], {
      // Just below the locality's point, clear of a marker or cross-hair on the point itself.
      icon: L.divIcon({ className: 'map-label', html: '', iconSize: [140, 24], iconAnchor: [70, -16] }),
      interactive: false,
      keyboard: false,
    })
      .addTo(map)
      .getElement()
      ?.append(f.properties.name);
  }
  return map;
}

export function createReportMap(el: HTMLElement, o: ReportMapOptions): ReportMap {
  const map = createBaseMap(el, { ...o, center: o.pin, zoom: o.pin ? ZOOM_PLACE : o.config.map.zoom });

  let marker: L.Marker | null = null;
  let circle: L.Circle | null = null;

  // The pin covers 40×40 px above its point, the cross-hair 28×28 around the centre.
  const updateCrosshair = (): void => {
    if (!o.crosshair) return;
    const c = map.getSize().divideBy(2);
    const p = marker ? map.latLngToContainerPoint(marker.getLatLng()) : null;
    const covered = !!p && Math.abs(p.x - c.x) < 38 && p.y > c.y - 20 && p.y < c.y + 56;
    o.crosshair.classList.toggle('is-hidden', covered);
  };
  map.on('move zoom viewreset', updateCrosshair);

  const place = (p: LatLon, accuracy: number | null): void => {
    const ll = L.latLng(p.lat, p.lon);
    if (marker) marker.setLatLng(ll);
    else {
      marker = L.marker(ll, { icon: PIN_ICON, draggable: true, keyboard: false, autoPan: true }).addTo(map);
      marker.on('drag', updateCrosshair);
      marker.on('dragend', () => {
        const at = marker!.getLatLng();
        circle?.remove();
        circle = null;
        o.onPick({ lat: at.lat, lon: at.lng });
      });
    }
    circle?.remove();
    circle = accuracy
      ? L.circle(ll, { radius: accuracy, interactive: false, weight: 1, color: '#00586b' }).addTo(map)
      : null;
    updateCrosshair();
  };

  if (o.pin) place(o.pin, o.accuracy);
  map.on('click', (e: L.LeafletMouseEvent) => {
    place({ lat: e.latlng.lat, lon: e.latlng.lng }, null);
    o.onPick({ lat: e.latlng.lat, lon: e.latlng.lng });
  });

  return {
    setPin(p, accuracy, zoom = ZOOM_PLACE) {
      place(p, accuracy);
      map.setView([p.lat, p.lon], Math.max(map.getZoom(), zoom));
    },
    center() {
      const c = map.getCenter();
      return { lat: c.lat, lon: c.lng };
    },
    destroy() {
      map.remove();
    },
  };
}
