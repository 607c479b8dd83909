import { isOneOf, priorityValues, type Category, type Priority, type ScreeningHit, type Source } from '../api/types';
import { localName } from '../i18n';
import { statusName } from '../views/track';
import { st, type StaffKey } from './i18n';
import { staffSv } from './i18n/sv';

export { statusName };

/** The assignable groups: the schema has no enum for them (`assigned_group` is free text). */
export const GROUPS = ['est', 'sspf', 'steering', 'rights_network', 'violence_free'] as const;

/**
 * The message for a value the server sends. The template types make the compiler ask for a
 * message for every value in the schema's enums; at run time a value newer than this copy of the
 * app is shown as it is.
 */
const known = (key: StaffKey, value: string): string => (key in staffSv ? st(key) : value);

export const priorityName = (p: Priority | null | undefined): string =>
  p ? known(`priority.${p}`, p) : st('priority.none');
export const groupName = (g: string | null | undefined): string =>
  g ? known(`group.${g}` as StaffKey, g) : st('group.none');
export const sourceName = (s: Source): string => known(`source.${s}`, s);
export const screeningName = (hit: ScreeningHit): string => known(`screening.${hit}`, hit);

/** A priority from untyped event data, or null. */
export const asPriority = (v: string | null | undefined): Priority | null =>
  v && isOneOf(priorityValues, v) ? v : null;

export function categoryLabel(categories: Category[], slug: string, subtype?: string | null): string {
  const c = categories.find((x) => x.slug === slug);
  if (!c) return slug;
  const sub = subtype ? c.subtypes.find((s) => s.slug === subtype) : undefined;
  return sub ? `${localName(c)} – ${localName(sub)}` : localName(c);
}
