// The staff views' messages, kept out of the resident flow's bundle; same rules as ../i18n:
// sv.ts is the source, en.ts must match it key for key.
import { getLang } from '../i18n';
import { staffEn } from './i18n/en';
import { staffSv, type StaffMessages } from './i18n/sv';

export type StaffKey = keyof StaffMessages;

export function st(key: StaffKey, params: Record<string, string | number> = {}): string {
  const catalog = getLang() === 'en' ? staffEn : staffSv;
  return catalog[key].replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}
