// The survey being built, as plain data: new questions and choices with codes of their own, a
// question turned into another type keeping what that type uses (and only that, as the server
// asks), moves, and removal that takes the show-if conditions on the removed question with it.
import { st } from './i18n';
import type { SurveyChoice, SurveyQuestion, QuestionType, SurveyDefinition } from './api';
import { CHOICE_TYPES } from './labels';

const CODE_MAX = 48;

/** A code from a text: "Mycket trygg" → "mycket_trygg" (`[a-z][a-z0-9_]*`, at most 48 characters). */
export function codeFrom(text: string): string {
  const code = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, CODE_MAX)
    .replace(/_+$/, '');
  return /^[a-z]/.test(code) ? code : `x_${code}`.slice(0, CODE_MAX).replace(/_+$/, '');
}

/** `base`, or `base_2`, `base_3` … where `base` is taken. */
function uniqueCode(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const code = `${base.slice(0, CODE_MAX - String(n).length - 1)}_${n}`;
    if (!used.has(code)) return code;
  }
}

const usesChoices = (t: QuestionType): boolean => CHOICE_TYPES.includes(t) || t === 'map_points';
export const canBeBackground = (t: QuestionType): boolean => t !== 'free_text' && t !== 'map_points';
const canHaveIndex = (t: QuestionType): boolean => t === 'single_choice' || t === 'scale';

export function newChoice(taken: SurveyChoice[], n = taken.length + 1): SurveyChoice {
  const text = st('builder.new_choice', { n });
  return {
    code: uniqueCode(
      codeFrom(text),
      taken.map((c) => c.code),
    ),
    text: { sv: text, en: '' },
  };
}

/** The fields a type uses, set to where a new question of it starts. */
function typeDefaults(type: QuestionType): Partial<SurveyQuestion> {
  switch (type) {
    case 'number':
      return { min: 0, max: 100 };
    case 'free_text':
      return { max_length: 1000 };
    case 'map_points':
      return { max: 10 };
    default:
      return {};
  }
}

/** `q` as a question of `type`: what both types use is kept, what the new one does not is dropped. */
export function withType(q: SurveyQuestion, type: QuestionType): SurveyQuestion {
  const next: SurveyQuestion = {
    code: q.code,
    type,
    text: q.text,
    required: q.required ?? false,
    ...(q.help && { help: q.help }),
    ...(q.show_if && { show_if: q.show_if }),
    ...(canBeBackground(type) && q.background && { background: true }),
    ...typeDefaults(type),
  };
  if (usesChoices(type)) {
    const choices = usesChoices(q.type) ? [...(q.choices ?? [])] : [];
    while (CHOICE_TYPES.includes(type) && choices.length < 2) choices.push(newChoice(choices));
    next.choices = choices;
  }
  if (type === 'scale' && q.type === 'scale' && q.dont_know) next.dont_know = true;
  if (canHaveIndex(type) && canHaveIndex(q.type) && q.index) next.index = q.index;
  if (type === q.type) {
    if (q.min !== undefined) next.min = q.min;
    if (q.max !== undefined) next.max = q.max;
    if (q.max_length !== undefined) next.max_length = q.max_length;
  }
  return next;
}

/** A new question of `type` after the others, with a code no other question has. */
export function newQuestion(d: SurveyDefinition, type: QuestionType): SurveyQuestion {
  const code = uniqueCode(
    `fraga_${d.questions.length + 1}`,
    d.questions.map((q) => q.code),
  );
  return withType({ code, type, text: { sv: st('builder.new_question'), en: '' }, required: false }, type);
}

/** Moves the item at `from` to `to` in place. */
export function move<T>(list: T[], from: number, to: number): void {
  const [item] = list.splice(from, 1);
  if (item !== undefined) list.splice(to, 0, item);
}

/**
 * Removes question `i`; the later questions shown only after an answer to it are shown always
 * instead. Returns how many such conditions went.
 */
export function removeQuestion(d: SurveyDefinition, i: number): number {
  const [removed] = d.questions.splice(i, 1);
  let conditions = 0;
  for (const q of d.questions) {
    if (removed && q.show_if?.question === removed.code) {
      delete q.show_if;
      conditions++;
    }
  }
  return conditions;
}

/** A deep copy, so edits never touch what the server sent until it is saved. */
export const copyOf = (d: SurveyDefinition): SurveyDefinition => structuredClone(d);

/** Which question (by index) a server field name is about: `questions[3].choices` → 3. */
export function questionOf(field: string): number | null {
  const m = /^questions\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : null;
}
