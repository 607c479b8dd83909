import type { FieldErrors } from '../api/client';
import type { AreaCollection, LatLon, NewReport, TimeOfDay } from '../api/types';
import { lookupArea } from '../geo';
import { t } from '../i18n';

export type PlaceMode = 'map' | 'words';

/** What the form holds; plain data so it can be kept in sessionStorage and IndexedDB. */
export interface Draft {
  client_id: string;
  mode: PlaceMode;
  pin: LatLon | null;
  accuracy_m: number | null;
  locality: string;
  place_description: string;
  category: string;
  subtype: string;
  when: 'now' | 'earlier';
  date: string;
  time_of_day: TimeOfDay | '';
  recurring: 'yes' | 'no' | '';
  feeling: number | null;
  description: string;
  contact: { name: string; email: string; phone: string; consent: boolean };
  /** Ids of the photos kept on the device (offline/photos.ts); absent in older drafts. */
  photos?: string[];
}

export const STEPS = ['where', 'what', 'when', 'describe', 'review'] as const;
export type Step = (typeof STEPS)[number];

export const PLACE_DESCRIPTION_MAX = 500;
/** The positive category: "how unsafe does it feel" makes no sense for it. */
export const SAFE_PLACE = 'safe_place';
const TIME_OF_DAY_HOUR: Record<TimeOfDay, number> = { morning: 8, day: 13, evening: 19, night: 23 };

/** A fresh random client_id (UUID v4) for a report or an inrapport. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain-http LAN testing has getRandomValues only.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newDraft(): Draft {
  return {
    client_id: newClientId(),
    mode: 'map',
    pin: null,
    accuracy_m: null,
    locality: '',
    place_description: '',
    category: '',
    subtype: '',
    when: 'now',
    date: '',
    time_of_day: '',
    recurring: '',
    feeling: null,
    description: '',
    contact: { name: '', email: '', phone: '', consent: false },
    photos: [],
  };
}

/** YYYY-MM-DD in local time, as `<input type="date">` uses. */
export function localDate(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The earliest date offered: the server refuses reports older than a year. */
function earliestDate(now: Date): string {
  const d = new Date(now);
  d.setDate(d.getDate() - 364);
  return localDate(d);
}

function timeOfDayAt(d: Date): TimeOfDay {
  const h = d.getHours();
  if (h >= 5 && h < 10) return 'morning';
  if (h >= 10 && h < 17) return 'day';
  if (h >= 17 && h < 22) return 'evening';
  return 'night';
}

function occurredAt(d: Draft, now: Date): Date {
  if (d.when === 'now') return now;
  const [y, m, day] = d.date.split('-').map(Number);
  const at = new Date(y!, m! - 1, day, d.time_of_day ? TIME_OF_DAY_HOUR[d.time_of_day] : 12);
  return at > now ? now : at;
}

const chars = (s: string): number => [...s].length;

function trimmedContact(d: Draft): { name: string; email: string; phone: string } {
  return { name: d.contact.name.trim(), email: d.contact.email.trim(), phone: d.contact.phone.trim() };
}

function hasContact(d: Draft): boolean {
  const c = trimmedContact(d);
  return !!(c.name || c.email || c.phone);
}

export function toRequest(d: Draft, now: Date = new Date()): NewReport {
  const body: NewReport = {
    client_id: d.client_id,
    category: d.category,
    description: d.description.trim(),
    occurred_at: occurredAt(d, now).toISOString(),
  };
  if (d.mode === 'map' && d.pin) {
    body.lat = Number(d.pin.lat.toFixed(6));
    body.lon = Number(d.pin.lon.toFixed(6));
    if (d.accuracy_m !== null) body.accuracy_m = Math.round(d.accuracy_m);
  } else {
    body.locality = d.locality;
    body.place_description = d.place_description.trim();
  }
  if (d.subtype) body.subtype = d.subtype;
  const tod = d.when === 'now' ? timeOfDayAt(now) : d.time_of_day;
  if (tod) body.time_of_day = tod;
  if (d.recurring && d.category !== SAFE_PLACE) body.recurring = d.recurring === 'yes';
  if (d.feeling !== null && d.category !== SAFE_PLACE) body.feeling = d.feeling;
  if (hasContact(d)) {
    const c = trimmedContact(d);
    body.contact = {
      ...(c.name && { name: c.name }),
      ...(c.email && { email: c.email }),
      ...(c.phone && { phone: c.phone }),
      consent: d.contact.consent,
    };
  }
  return body;
}

export interface ValidationContext {
  areas: AreaCollection | null;
  descriptionMax: number;
  now: Date;
}

/** Client-side checks per step; keys are the form's field names (see `fieldStep`). */
export function validateStep(step: Step, d: Draft, ctx: ValidationContext): FieldErrors {
  const e: FieldErrors = {};
  const add = (field: string, msg: string): void => {
    (e[field] ??= []).push(msg);
  };
  switch (step) {
    case 'where':
      if (d.mode === 'map') {
        if (!d.pin) add('pin', t('v.pin_missing'));
        else if (ctx.areas && !lookupArea(ctx.areas, d.pin.lat, d.pin.lon).inside_municipality)
          add('pin', t('v.pin_outside'));
      } else {
        if (!d.locality) add('locality', t('v.locality_missing'));
        const n = chars(d.place_description.trim());
        if (n === 0) add('place_description', t('v.place_missing'));
        else if (n > PLACE_DESCRIPTION_MAX) add('place_description', t('v.too_long', { max: PLACE_DESCRIPTION_MAX }));
      }
      break;
    case 'what':
      if (!d.category) add('category', t('v.category_missing'));
      break;
    case 'when':
      if (d.when === 'earlier') {
        if (!d.date) add('date', t('v.date_missing'));
        else if (d.date > localDate(ctx.now)) add('date', t('v.date_future'));
        else if (d.date < earliestDate(ctx.now)) add('date', t('v.date_old'));
      }
      break;
    case 'describe': {
      const n = chars(d.description.trim());
      if (n === 0)
        add('description', t(d.category === SAFE_PLACE ? 'v.description_missing_safe' : 'v.description_missing'));
      else if (n > ctx.descriptionMax) add('description', t('v.too_long', { max: ctx.descriptionMax }));
      const c = trimmedContact(d);
      if (c.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) add('contact_email', t('v.email_invalid'));
      if (c.phone && !/^\+?[\d\s()-]{5,}$/.test(c.phone)) add('contact_phone', t('v.phone_invalid'));
      if (hasContact(d) && !d.contact.consent) add('contact_consent', t('v.consent_missing'));
      break;
    }
    case 'review':
      break;
  }
  return e;
}

/** The first step that does not pass its checks (the review step when all do). */
export function firstInvalidStep(d: Draft, ctx: ValidationContext): number {
  const i = STEPS.findIndex((s) => Object.keys(validateStep(s, d, ctx)).length > 0);
  return i === -1 ? STEPS.length - 1 : i;
}

const FIELD_STEP: Record<string, Step> = {
  pin: 'where',
  locality: 'where',
  place_description: 'where',
  category: 'what',
  when: 'when',
  date: 'when',
  time_of_day: 'when',
  recurring: 'when',
  feeling: 'describe',
  description: 'describe',
  contact_name: 'describe',
  contact_email: 'describe',
  contact_phone: 'describe',
  contact_consent: 'describe',
};

/** The step a form field is on; anything unknown is shown on the review step. */
export const stepOf = (field: string): Step => FIELD_STEP[field] ?? 'review';

/** Maps a server field name (`lat`, `contact.email`, …) to the form's field. */
function formField(serverField: string, d: Draft): string {
  const f = serverField.replace(/\./g, '_');
  if (['lat', 'lon', 'accuracy_m'].includes(f)) return 'pin';
  if (f === 'subtype') return 'category';
  if (f === 'occurred_at') return d.when === 'earlier' ? 'date' : 'when';
  if (f === 'contact') return 'contact_consent';
  return f in FIELD_STEP ? f : 'review';
}

/** Server field errors regrouped by form field (lat and lon both become the pin: said once). */
export function formErrors(fields: FieldErrors, d: Draft): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, msgs] of Object.entries(fields)) {
    const list = (out[formField(k, d)] ??= []);
    for (const m of msgs) if (!list.includes(m)) list.push(m);
  }
  return out;
}
