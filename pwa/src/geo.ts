import type { AreaCollection, AreaGeometry, AreaLookup } from './api/types';

type Ring = [number, number][];

/** Ray casting; GeoJSON positions are [lon, lat]. */
function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lon: number, lat: number, rings: Ring[]): boolean {
  const [outer, ...holes] = rings;
  return !!outer && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h));
}

function contains(g: AreaGeometry, lat: number, lon: number): boolean {
  return g.type === 'Polygon' ? inPolygon(lon, lat, g.coordinates) : g.coordinates.some((p) => inPolygon(lon, lat, p));
}

/** The same answer as GET /api/v1/areas/lookup, computed from the (cached) areas. */
export function lookupArea(areas: AreaCollection, lat: number, lon: number): AreaLookup {
  const hits = areas.features.filter((f) => contains(f.geometry, lat, lon));
  const municipality = hits.find((f) => f.properties.kind === 'municipality');
  if (!municipality) return { inside_municipality: false, area: null };
  const { slug, name, kind } = (hits.find((f) => f.properties.kind === 'locality') ?? municipality).properties;
  return { inside_municipality: true, area: { slug, name, kind } };
}
