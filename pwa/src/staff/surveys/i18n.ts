// The survey views' messages: the staff catalogs (already loaded with the staff chunk) and the
// survey ones (../i18n/surveys.*.ts, loaded with this chunk, so the queue does not carry them).
import { format, getLang, type Lang } from '../../i18n';
import { staffEn } from '../i18n/en';
import { surveysEn } from '../i18n/surveys.en';
import { surveysSv } from '../i18n/surveys.sv';
import { staffSv } from '../i18n/sv';

const catalogs = { sv: { ...staffSv, ...surveysSv }, en: { ...staffEn, ...surveysEn } };

export type SurveyKey = keyof (typeof catalogs)['sv'];

/** Whether `key` (made from a value the server sent) has a message. */
export const hasMessage = (key: string): key is SurveyKey => key in catalogs.sv;

/** The message for `key` in `lang`, e.g. the preview in the language previewed, or the poster in Swedish. */
export const stIn = (lang: Lang, key: SurveyKey, params: Record<string, string | number> = {}): string =>
  format(catalogs[lang][key], params);

/** The message for `key` in the page's language, filled in as ../i18n fills the staff's. */
export const st = (key: SurveyKey, params: Record<string, string | number> = {}): string =>
  stIn(getLang(), key, params);
