import { en } from './en';
import { sv, type Messages } from './sv';

export type Lang = 'sv' | 'en';
export type MessageKey = keyof Messages;

const STORAGE_KEY = 'trygg.lang';
const catalogs: Record<Lang, Messages> = { sv, en };
const listeners = new Set<() => void>();

function stored(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

let lang: Lang = stored();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode without storage: the choice lasts for this visit.
  }
  document.documentElement.lang = next;
  listeners.forEach((fn) => fn());
}

export function onLangChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Fills in a message: `{name}` is the parameter, `{name:one|other}` the first word when the
 * parameter is 1 and the second otherwise ("1 rapport", "2 rapporter").
 */
export function format(message: string, params: Record<string, string | number> = {}): string {
  return message
    .replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (m, name: string, one: string, other: string) => {
      const v = params[name];
      return v === undefined ? m : Number(v) === 1 ? one : other;
    })
    .replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = params[name];
      return v === undefined ? m : String(v);
    });
}

/** The message for `key` in the current language, with its placeholders filled in (see `format`). */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return format(catalogs[lang][key], params);
}

/** Picks the localised name of a category-like object from the server. */
export function localName(item: { name_sv: string; name_en: string }): string {
  return lang === 'en' ? item.name_en : item.name_sv;
}

const locale = (): string => (lang === 'en' ? 'en-GB' : 'sv-SE');

/** Times as the municipality (and its e-mails) state them: Swedish time, wherever the device is. */
const TIME_ZONE = 'Europe/Stockholm';

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(iso));
}

export function formatNumber(n: number, digits: number): string {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

document.documentElement.lang = lang;
