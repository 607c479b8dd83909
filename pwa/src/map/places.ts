import { request } from '../api/client';
import type { Place, PlaceList, PublicConfig } from '../api/types';
import { getLang } from '../i18n';

/** A search result: where to put the pin, and how to name it. */
export interface FoundPlace {
  name: string;
  /** A second line: the address of a geocoder result, empty for the municipality's own places. */
  detail: string;
  lat: number;
  lon: number;
  /** `locality` and the like are shown a little wider than a street or a school. */
  wide: boolean;
}

const GEOCODER_TIMEOUT_MS = 6000;
const MAX_RESULTS = 10;

const fromPlace = (p: Place): FoundPlace => ({
  name: p.name,
  detail: '',
  lat: p.lat,
  lon: p.lon,
  wide: p.kind === 'locality' || p.kind === 'municipality',
});

/** One result of a Nominatim-compatible search (format=jsonv2). */
interface GeocoderHit {
  lat: string;
  lon: string;
  name?: string;
  display_name?: string;
  addresstype?: string;
}

/**
 * The municipality's configured geocoder, asked only within the municipality's bounds and in
 * Sweden. Nominatim's usage policy asks for searches people submit, not one per keystroke.
 */
async function geocode(url: string, q: string, config: PublicConfig): Promise<FoundPlace[]> {
  const { south, west, north, east } = config.bounds;
  const u = new URL(url);
  u.searchParams.set('q', q);
  u.searchParams.set('format', 'jsonv2');
  u.searchParams.set('countrycodes', 'se');
  u.searchParams.set('limit', '5');
  u.searchParams.set('viewbox', `${west},${north},${east},${south}`);
  u.searchParams.set('bounded', '1');
  u.searchParams.set('accept-language', getLang());
  const res = await fetch(u, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(GEOCODER_TIMEOUT_MS),
    credentials: 'omit',
    referrerPolicy: 'strict-origin',
  });
  if (!res.ok) throw new Error(`geocoder: ${res.status}`);
  const hits = (await res.json()) as GeocoderHit[];
  return hits
    .map((hit) => {
      const lat = Number(hit.lat);
      const lon = Number(hit.lon);
      const parts = (hit.display_name ?? '').split(',').map((s) => s.trim());
      const name = hit.name || parts[0] || '';
      return {
        name,
        detail: parts
          .filter((p) => p !== name)
          .slice(0, 3)
          .join(', '),
        lat,
        lon,
        wide: ['city', 'town', 'village', 'suburb', 'municipality'].includes(hit.addresstype ?? ''),
      };
    })
    .filter((p) => p.name && p.lat >= south && p.lat <= north && p.lon >= west && p.lon <= east);
}

/**
 * The municipality's named places (areas and config/places.geojson) first, then the geocoder's
 * (when one is configured) that are not the same name. Throws only when every source failed.
 */
export async function searchPlaces(q: string, config: PublicConfig): Promise<FoundPlace[]> {
  const local = request<PlaceList>(`/places?q=${encodeURIComponent(q)}`).then((r) => r.data.places.map(fromPlace));
  const url = config.map.geocoder_url;
  const remote = url ? geocode(url, q, config) : Promise.resolve([]);
  const [a, b] = await Promise.allSettled([local, remote]);
  if (a.status === 'rejected' && (b.status === 'rejected' || !url)) throw a.reason;
  const own = a.status === 'fulfilled' ? a.value : [];
  const names = new Set(own.map((p) => p.name.toLowerCase()));
  const more = b.status === 'fulfilled' ? b.value.filter((p) => !names.has(p.name.toLowerCase())) : [];
  return [...own, ...more].slice(0, MAX_RESULTS);
}
