// "Är det här samma sak?": public open reports of the chosen category near the pin, asked for
// while the resident reports, and the "+1" a resident adds to one of them instead of a new report.
// Asking is a courtesy, never a gate: offline or on any failure there is simply nothing to show.
import { getNearbyReports, postPlusOne } from '../api/endpoints';
import type { PlusOneReceipt, PublicReport } from '../api/types';
import { newClientId, type Draft } from './draft';
import { draft } from './session';

/** How long the category must stay chosen before the server is asked (tapping through tiles). */
const DEBOUNCE_MS = 400;
const DISMISSED_KEY = 'trygg.nearby.dismissed';
const PLUS_ONE_KEY = 'trygg.plus_one';

const tabStorage = (): Storage => sessionStorage;
const deviceStorage = (): Storage => localStorage;

let asked: { key: string; reports: Promise<PublicReport[]> } | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

/** What the answer depends on: the category and the pin. Null without both (or with a place in words). */
function lookupKey(d: Draft): string | null {
  if (d.mode !== 'map' || !d.pin || !d.category) return null;
  return `${d.category}@${d.pin.lat.toFixed(5)},${d.pin.lon.toFixed(5)}`;
}

/** Public open reports of the draft's category near its pin, asked once per pin and category. */
export function nearbyReports(d: Draft): Promise<PublicReport[]> {
  const key = lookupKey(d);
  if (!key || !d.pin || !navigator.onLine) return Promise.resolve([]);
  if (asked?.key === key) return asked.reports;
  const reports = getNearbyReports(d.pin, d.category).catch(() => {
    // Asked again next time: the failure may have been passing.
    if (asked?.key === key) asked = null;
    return [];
  });
  asked = { key, reports };
  return reports;
}

/** Asks ahead once the resident has settled on a category, so the next step has the answer at once. */
export function askNearbySoon(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void nearbyReports(draft()), DEBOUNCE_MS);
}

// Storage is passed as a getter: merely naming `localStorage` throws where storage is blocked.
function readJson<T>(storage: () => Storage, key: string, fallback: T): T {
  try {
    const raw = storage().getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(storage: () => Storage, key: string, value: unknown): void {
  try {
    storage().setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the copy in memory below still holds for this visit.
  }
}

/** "No, this is something else", by pin and category: for this tab, so a reload does not ask again. */
const dismissed = new Set(readJson<string[]>(tabStorage, DISMISSED_KEY, []));
/** The client_id of each "+1" given on this phone, by report id. */
const plusOneIds = readJson<Record<string, string>>(deviceStorage, PLUS_ONE_KEY, {});

export function nearbyDismissed(d: Draft): boolean {
  const key = lookupKey(d);
  return !!key && dismissed.has(key);
}

export function dismissNearby(d: Draft): void {
  const key = lookupKey(d);
  if (!key) return;
  dismissed.add(key);
  writeJson(tabStorage, DISMISSED_KEY, [...dismissed]);
}

/**
 * Sends a "+1" on `reportId`. The client_id is made once per report and kept on the phone, so a
 * retry after a lost answer, or a second tap another day, counts once (the server answers 200).
 */
export function addPlusOne(reportId: string): Promise<{ receipt: PlusOneReceipt; counted: boolean }> {
  let clientId = plusOneIds[reportId];
  if (!clientId) {
    clientId = newClientId();
    plusOneIds[reportId] = clientId;
    writeJson(deviceStorage, PLUS_ONE_KEY, plusOneIds);
  }
  return postPlusOne(reportId, clientId);
}
