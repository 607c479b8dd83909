// The builder's live preview: one question as a resident gets it (one per screen, with progress,
// back and next), in Swedish or English. Answers given here only steer the show-if conditions
// while clicking through; nothing is sent.
import { h } from '../../dom';
import type { Lang } from '../../i18n';
import { checkboxGroup, radioGroup, textArea, textInput } from '../../ui/form';
import { stIn } from './i18n';
import type { SurveyQuestion, SurveyDefinition } from './api';
import { answersOf, local } from './labels';

export interface PreviewState {
  /** The question shown. */
  index: number;
  lang: Lang;
  answers: Record<string, string | string[]>;
}

/** Whether `q` is shown after the answers given in the preview so far. */
function shown(q: SurveyQuestion, answers: PreviewState['answers']): boolean {
  if (!q.show_if) return true;
  const given = answers[q.show_if.question];
  const values = Array.isArray(given) ? given : given ? [given] : [];
  return values.some((v) => q.show_if!.any_of.includes(v));
}

/** The question's control, as the resident's screen has it; `answered` hears of every answer. */
function control(q: SurveyQuestion, p: PreviewState, areas: Map<string, string>, answered: () => void): HTMLElement {
  const field = `preview-${q.code || 'q'}`;
  const text = local(q.text, p.lang);
  // The help, what may be given, and whether it must be answered, as the resident's hint has them.
  const hint = (extra = ''): string =>
    [local(q.help, p.lang), extra, q.required ? stIn(p.lang, 'preview.required') : ''].filter(Boolean).join(' ');
  const value = typeof p.answers[q.code] === 'string' ? (p.answers[q.code] as string) : '';
  const set = (v: string): void => {
    p.answers[q.code] = v;
    answered();
  };
  switch (q.type) {
    case 'multiple_choice':
      return checkboxGroup({
        field,
        legend: text,
        hint: hint(q.max ? stIn(p.lang, 'preview.max_chosen', { n: q.max }) : stIn(p.lang, 'preview.choose_all')),
        choices: answersOf(q, areas, p.lang).map(([v, label]) => ({ value: v, label })),
        values: Array.isArray(p.answers[q.code]) ? (p.answers[q.code] as string[]) : [],
        onChange: (values) => {
          p.answers[q.code] = values;
          answered();
        },
      });
    case 'number':
      return textInput({
        field,
        label: text,
        type: 'number',
        inputmode: 'numeric',
        value,
        onInput: set,
        hint: hint(stIn(p.lang, 'preview.number', { min: q.min ?? 0, max: q.max ?? 0 })),
      });
    case 'free_text':
      return textArea({
        field,
        label: text,
        value,
        onInput: set,
        hint: hint(),
        after: h('p', { class: 'counter' }, stIn(p.lang, 'preview.max_length', { max: q.max_length ?? 1000 })),
      });
    case 'map_points':
      return h(
        'div',
        { class: 'field' },
        h('p', { class: 'preview-question' }, text),
        hint() ? h('p', { class: 'hint' }, hint()) : null,
        h(
          'div',
          { class: 'preview-map', role: 'img', 'aria-label': stIn(p.lang, 'preview.map') },
          stIn(p.lang, 'preview.map'),
        ),
        q.choices?.length
          ? h(
              'p',
              { class: 'hint' },
              stIn(p.lang, 'preview.reasons', {
                reasons: answersOf(q, areas, p.lang)
                  .map(([, l]) => l)
                  .join(', '),
              }),
            )
          : null,
      );
    default:
      return radioGroup({
        field,
        legend: text,
        legendClass: 'preview-question',
        hint: hint(),
        value,
        choices: answersOf(q, areas, p.lang).map(([v, label]) => ({ value: v, label })),
        onChange: set,
      });
  }
}

/** The condition in words: "Visas bara om fråga 1 besvaras med Ja." */
function conditionNote(
  q: SurveyQuestion,
  d: SurveyDefinition,
  p: PreviewState,
  areas: Map<string, string>,
): HTMLElement | null {
  const c = q.show_if;
  const target = c ? d.questions.find((x) => x.code === c.question) : undefined;
  if (!c || !target) return null;
  const labels = answersOf(target, areas, p.lang)
    .filter(([code]) => c.any_of.includes(code))
    .map(([, l]) => l);
  return h(
    'p',
    { class: 'preview-condition' },
    stIn(p.lang, 'preview.shown_if', {
      n: d.questions.indexOf(target) + 1,
      answers: labels.join(stIn(p.lang, 'preview.or')) || '–',
    }),
  );
}

/** The pane's content for `d` as `p` says; `go` draws it again after a move to another question. */
export function previewContent(
  d: SurveyDefinition,
  p: PreviewState,
  areas: Map<string, string>,
  go: () => void,
): HTMLElement {
  const q = d.questions[p.index];
  if (!q) return h('p', {}, stIn(p.lang, 'preview.empty'));
  const step = (dir: 1 | -1): number => {
    for (let i = p.index + dir; i >= 0 && i < d.questions.length; i += dir)
      if (shown(d.questions[i]!, p.answers)) return i;
    return -1;
  };
  const nav = (dir: 1 | -1, key: 'preview.back' | 'preview.next'): HTMLElement | string => {
    const to = step(dir);
    return to < 0
      ? ''
      : h(
          'button',
          {
            type: 'button',
            class: `btn${dir > 0 ? ' btn-primary' : ''}`,
            onclick: () => {
              p.index = to;
              go();
            },
          },
          stIn(p.lang, key),
        );
  };
  // Back and next follow the answers: a question shown only after certain answers is skipped until given.
  const navRow = h('div', { class: 'button-row preview-nav' });
  function drawNav(): void {
    navRow.replaceChildren(
      nav(-1, 'preview.back'),
      nav(1, 'preview.next') || h('p', { class: 'hint' }, stIn(p.lang, 'preview.last')),
    );
  }
  drawNav();
  return h(
    'div',
    { lang: p.lang },
    h('p', { class: 'preview-title' }, local(d.title, p.lang)),
    h(
      'div',
      { class: 'preview-screen' },
      h(
        'p',
        { class: 'step-count', tabindex: '-1' },
        stIn(p.lang, 'preview.progress', { n: p.index + 1, total: d.questions.length }),
      ),
      h('progress', { max: d.questions.length, value: p.index + 1, 'aria-hidden': 'true' }),
      conditionNote(q, d, p, areas),
      control(q, p, areas, drawNav),
      navRow,
    ),
  );
}
