import type { Category } from '../api/types';
import { localName } from '../i18n';
import { statusName } from '../views/track';
import { st, type StaffKey } from './i18n';
import { staffSv } from './i18n/sv';

export { statusName };

export const STATUSES = ['new', 'triaged', 'in_progress', 'referred', 'resolved', 'closed', 'rejected', 'duplicate'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const GROUPS = ['est', 'sspf', 'steering', 'rights_network', 'violence_free'] as const;

/** The message for a value the server sends (`priority.high`), or the value itself if it is new to us. */
const known = (prefix: string, value: string): string => {
  const key = `${prefix}.${value}`;
  return key in staffSv ? st(key as StaffKey) : value;
};

export const priorityName = (p: string | null | undefined): string => (p ? known('priority', p) : st('priority.none'));
export const groupName = (g: string | null | undefined): string => (g ? known('group', g) : st('group.none'));
export const sourceName = (s: string): string => known('source', s);

export function categoryLabel(categories: Category[], slug: string, subtype?: string | null): string {
  const c = categories.find((x) => x.slug === slug);
  if (!c) return slug;
  const sub = subtype ? c.subtypes.find((s) => s.slug === subtype) : undefined;
  return sub ? `${localName(c)} – ${localName(sub)}` : localName(c);
}
