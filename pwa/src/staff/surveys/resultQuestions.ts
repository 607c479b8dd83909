// One card per question in the results: how many answered, the answers as bars with count and
// share (and as a table), per group when the results are broken down, and the question's index
// with its interval. A hidden figure (fewer than 5 answers behind it) reads "för få svar", never 0.
import { h, type Child } from '../../dom';
import { st } from './i18n';
import type { GroupResult, SurveyQuestion, QuestionResult, SurveyResults } from './api';
import { barChart, barTable, intervalChart, intervalTable, type Bar, type IntervalRow, type Scale } from './charts';
import { answersOf, decimal, local, percent } from './labels';

/** What the results page knows beside the figures: the areas' names and how to name a group. */
export interface ResultContext {
  results: SurveyResults;
  areas: Map<string, string>;
  /** The breakdown's question, when there is one. */
  by: SurveyQuestion | null;
}

export const answerLabel = (q: SurveyQuestion, code: string, areas: Map<string, string>): string =>
  answersOf(q, areas).find(([c]) => c === code)?.[1] ?? areas.get(code) ?? code;

/** A group's name: the background answer it stands for, or "not given". */
export function groupLabel(ctx: ResultContext, g: GroupResult): string {
  if (!ctx.by) return st('results.everyone');
  return g.group === null || g.group === undefined ? st('results.not_given') : answerLabel(ctx.by, g.group, ctx.areas);
}

/** The scale an index is drawn on: shares 0–100 %, means from 0 to the question's highest score. */
export function indexScale(q: SurveyQuestion): Scale {
  if (q.index === 'share')
    return {
      max: 1,
      ticks: [0, 0.25, 0.5, 0.75, 1],
      format: percent,
      range: (low, high) => `${decimal(low * 100, 0)}–${percent(high)}`,
    };
  const top = Math.max(1, ...(q.choices ?? []).map((c) => c.score ?? 0));
  return {
    max: top,
    ticks: Array.from({ length: Math.floor(top) + 1 }, (_, k) => k),
    format: (v) => decimal(v),
    range: (low, high) => `${decimal(low)}–${decimal(high)}`,
  };
}

/** A question's index as a chart row: hidden, or empty when no one answered it. */
export const indexRow = (label: string, r: QuestionResult | undefined): IntervalRow => ({
  label,
  value: r?.index ?? null,
  empty: r?.respondents === 0,
});

/** "14 har svarat", or "för få svar". */
function answered(r: QuestionResult): string {
  if (r.respondents === null || r.respondents === undefined) return st('results.too_few');
  return st('results.respondents', { n: r.respondents });
}

function bars(q: SurveyQuestion, r: QuestionResult, ctx: ResultContext): Bar[] {
  return r.choices.map((c) => ({
    label: answerLabel(q, c.code, ctx.areas),
    count: c.count ?? null,
    share: c.share ?? null,
  }));
}

/** The figures of one group for one question: bars, a mean, or where the answers are instead. */
function groupFigures(q: SurveyQuestion, r: QuestionResult, ctx: ResultContext, caption: string): Child[] {
  switch (q.type) {
    case 'free_text':
      return [h('p', { class: 'hint' }, st('results.free_text'))];
    case 'map_points':
      return [h('p', { class: 'hint' }, st('results.map_points'))];
    case 'number':
      return [
        h(
          'p',
          {},
          st('results.mean'),
          ' ',
          r.mean === null || r.mean === undefined ? st('results.too_few') : decimal(r.mean),
        ),
      ];
    default: {
      // A hidden group says so once, above, rather than once for every answer.
      if (r.respondents === null || r.respondents === undefined) return [];
      if (r.respondents === 0) return [h('p', { class: 'hint' }, st('results.no_answers'))];
      const list = bars(q, r, ctx);
      return [barChart(list, percent), barTable(caption, list, percent)];
    }
  }
}

/** The question's index per group (and for everyone), with the interval. */
function indexFigures(q: SurveyQuestion, i: number, ctx: ResultContext): Child[] {
  if (!q.index) return [];
  const scale = indexScale(q);
  const rows = [
    indexRow(st('results.everyone'), ctx.results.total.questions[i]),
    ...ctx.results.groups.map((g) => indexRow(groupLabel(ctx, g), g.questions[i])),
  ];
  const caption = st(q.index === 'share' ? 'results.trygghetsindex' : 'results.problemindex');
  return [h('h4', {}, caption), intervalChart(rows, scale), intervalTable(`${caption}: ${local(q.text)}`, rows, scale)];
}

export function questionCard(q: SurveyQuestion, i: number, ctx: ResultContext): HTMLElement {
  const { total, groups } = ctx.results;
  const r = total.questions[i];
  const title = `${i + 1}. ${local(q.text) || q.code}`;
  return h(
    'section',
    { class: 'card result-card', 'aria-labelledby': `result-${i}` },
    h('h3', { id: `result-${i}` }, title),
    r ? h('p', { class: 'meta' }, answered(r)) : null,
    ...(r ? groupFigures(q, r, ctx, title) : []),
    groups.length && r && q.type !== 'free_text' && q.type !== 'map_points'
      ? h(
          'div',
          { class: 'result-groups' },
          groups.map((g) => {
            const gr = g.questions[i];
            const name = groupLabel(ctx, g);
            return h(
              'div',
              { class: 'result-group' },
              h('h4', {}, name, ' ', h('span', { class: 'meta' }, gr ? `· ${answered(gr)}` : '')),
              ...(gr ? groupFigures(q, gr, ctx, `${title} – ${name}`) : []),
            );
          }),
        )
      : null,
    ...indexFigures(q, i, ctx),
  );
}
