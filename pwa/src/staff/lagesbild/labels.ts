// Names and numbers as the lägesbild views write them: kinds and statuses, periods and dates in
// Swedish time, changes ("få", "ny", "+18 %"), weekdays and times of day, and the names of the
// categories and areas the figures name by slug.
import { getAreas, getCategories } from '../../api/endpoints';
import type { Category, TimeOfDay } from '../../api/types';
import { getLang, localName, t } from '../../i18n';
import { groupName } from '../labels';
import type { Change, LagesbildSummary } from './api';
import { known, st } from './i18n';

const TIME_ZONE = 'Europe/Stockholm';
const locale = (): string => (getLang() === 'en' ? 'en-GB' : 'sv-SE');

/** "7 dec. 2026". */
export const shortDate = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE }).format(
    new Date(iso),
  );

/** "7 december 2026". */
export const longDate = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(iso));

/** "7 dec. 2026 09:00". */
export const dateTime = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(
    new Date(iso),
  );

/** "november 2026" for the trend's `2026-11`. */
export const monthName = (month: string): string =>
  new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T00:00:00Z`),
  );

/**
 * The period as people say it: its end is the moment it was made (exclusive), so a period that
 * ends at midnight ends, in words, the day before.
 */
export function periodText(p: { from: string; to: string }): string {
  const end = new Date(new Date(p.to).getTime() - 1).toISOString();
  return `${shortDate(p.from)} – ${shortDate(end)}`;
}

export const kindName = (k: string): string => known('lb.kind', k);

/** "Lägesbild EST, 8 sep. 2026 – 7 dec. 2026". */
export const lagesbildName = (l: Pick<LagesbildSummary, 'group' | 'period'>): string =>
  st('lb.name_period', { group: groupName(l.group), period: periodText(l.period) });

/** The status as a badge's text: "Utkast", or "Fastställd 7 dec. 2026". */
export const statusText = (l: Pick<LagesbildSummary, 'status' | 'finalised_at'>): string =>
  l.status === 'final' && l.finalised_at
    ? st('lb.finalised_on', { date: shortDate(l.finalised_at) })
    : known('lb.status', l.status);

const signedPercent = (percent: number): string =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(
    percent / 100,
  );

/** A change: "få (2 → 9)" with few on both sides, "ny (0 → 13)" from none, else "+18 % (61 → 72)". */
export function changeText(c: Change): string {
  const counts = { before: c.before, now: c.now };
  if (c.few) return st('lb.change_few', counts);
  if (c.percent === null || c.percent === undefined) return st('lb.change_new', counts);
  return st('lb.change_percent', { ...counts, percent: signedPercent(c.percent) });
}

export const timeOfDayName = (tod: string): string => {
  switch (tod) {
    case 'morning':
      return t('when.morning');
    case 'day':
      return t('when.day');
    case 'evening':
      return t('when.evening');
    case 'night':
      return t('when.night');
    default:
      return tod;
  }
};

/** The time grid's rows, in the server's order. */
export const TIMES_OF_DAY: TimeOfDay[] = ['morning', 'day', 'evening', 'night'];

/** Monday 0 … Sunday 6, as the figures number them (1 January 2024 was a Monday). */
export const weekdayName = (day: number, width: 'long' | 'short' = 'long'): string =>
  new Intl.DateTimeFormat(locale(), { weekday: width, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + day)));

/** Slug → name for the categories (and `category/subtype`) and areas the figures use. */
export interface Names {
  category: (key: string) => string;
  area: (slug: string | null | undefined) => string;
}

function categoryName(categories: Category[], key: string): string {
  const [slug, sub] = key.split('/');
  const c = categories.find((x) => x.slug === slug);
  if (!c) return key;
  const s = sub ? c.subtypes.find((x) => x.slug === sub) : undefined;
  return s ? `${localName(c)} – ${localName(s)}` : localName(c);
}

export async function loadNames(): Promise<Names> {
  const [categories, areas] = await Promise.all([getCategories(), getAreas()]);
  const areaNames = new Map(areas.features.map((f) => [f.properties.slug, f.properties.name]));
  return {
    category: (key) => categoryName(categories, key),
    area: (slug) => (slug ? (areaNames.get(slug) ?? slug) : st('lb.whole_municipality')),
  };
}

/** A date without a time (`2026-12-31`, a due date) as "31 december 2026", wherever the device is. */
export const dayText = (date: string): string =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
