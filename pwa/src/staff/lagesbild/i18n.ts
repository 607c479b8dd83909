// The lägesbild views' messages: the staff catalogs (already loaded with the staff chunk) and the
// lägesbild ones (../i18n/lagesbild.*.ts, loaded with this chunk, so the queue does not carry them).
import { format, getLang } from '../../i18n';
import { staffEn } from '../i18n/en';
import { lagesbildEn } from '../i18n/lagesbild.en';
import { lagesbildSv } from '../i18n/lagesbild.sv';
import { staffSv } from '../i18n/sv';

const catalogs = { sv: { ...staffSv, ...lagesbildSv }, en: { ...staffEn, ...lagesbildEn } };

export type LagesbildKey = keyof (typeof catalogs)['sv'];

/** Whether `key` (made from a value the server sent) has a message. */
export const hasMessage = (key: string): key is LagesbildKey => key in catalogs.sv;

/** The message for `key` in the page's language, filled in as ../i18n fills the staff's. */
export const st = (key: LagesbildKey, params: Record<string, string | number> = {}): string =>
  format(catalogs[getLang()][key], params);

/** A name for a value the server sends (`lb.kind.monthly`); one newer than this app shows as it is. */
export const known = (prefix: string, value: string): string => {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? st(key) : value;
};
