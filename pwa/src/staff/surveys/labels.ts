// Names for what the survey API sends: texts in the reader's language, phases, question types,
// the answers every yes/no question and "vet ej" scale share, and short dates for lists.
import { getLang, type Lang } from '../../i18n';
import { hasMessage, st, stIn } from './i18n';
import type { SurveyText, SurveyPhase, SurveyQuestion, QuestionType } from './api';

/** The text in the staff member's language (or `lang`); Swedish where the English is empty, as residents see it. */
export const local = (text: SurveyText | null | undefined, lang: Lang = getLang()): string =>
  (lang === 'en' && text?.en?.trim() ? text.en : text?.sv) ?? '';

/** A value newer than this copy of the app is shown as it is. */
const known = (key: string, value: string): string => (hasMessage(key) ? st(key) : value);

export const phaseName = (p: SurveyPhase): string => known(`surveys.phase.${p}`, p);
export const typeName = (t: QuestionType): string => known(`qtype.${t}`, t);

/** Question types a later question's show-if may depend on, as the server allows. */
export const CONDITION_TYPES: readonly QuestionType[] = ['single_choice', 'multiple_choice', 'scale', 'yes_no', 'area'];

/** Types whose answers are one of `choices` (and so have a choices editor). */
export const CHOICE_TYPES: readonly QuestionType[] = ['single_choice', 'multiple_choice', 'scale'];

/**
 * The answers a question takes, as code and label: its choices, yes/no, "vet ej" on a scale that
 * offers it, or the areas (`areas`: slug → name) for an area question.
 */
export function answersOf(q: SurveyQuestion, areas: Map<string, string>, lang: Lang = getLang()): [string, string][] {
  switch (q.type) {
    case 'yes_no':
      return [
        ['yes', stIn(lang, 'answer.yes')],
        ['no', stIn(lang, 'answer.no')],
      ];
    case 'area':
      return [...areas];
    default: {
      const choices = (q.choices ?? []).map((c): [string, string] => [c.code, local(c.text, lang) || c.code]);
      return q.dont_know ? [...choices, ['dont_know', stIn(lang, 'answer.dont_know')]] : choices;
    }
  }
}

const TIME_ZONE = 'Europe/Stockholm';
const locale = (lang: Lang = getLang()): string => (lang === 'en' ? 'en-GB' : 'sv-SE');

/** "7 dec. 2026": dates in lists and the history. */
export const shortDate = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE }).format(
    new Date(iso),
  );

/** "31 mars 2027" in `lang`: the poster's last day to answer. */
export const longDate = (iso: string, lang: Lang): string =>
  new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(iso));

/** A share (0–1) as a whole percentage, "42 %". */
export const percent = (share: number): string =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);

export const decimal = (n: number, digits = 1): string =>
  new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
