// The staff views' messages, kept out of the resident flow's bundle; same rules as ../i18n:
// sv.ts is the source, en.ts must match it key for key.
import { format, getLang } from '../i18n';
import { staffEn } from './i18n/en';
import { staffSv, type StaffMessages } from './i18n/sv';

export type StaffKey = keyof StaffMessages;

/** The staff message for `key`, filled in like the resident's (`{n}`, `{n:one|other}`). */
export function st(key: StaffKey, params: Record<string, string | number> = {}): string {
  return format((getLang() === 'en' ? staffEn : staffSv)[key], params);
}
