// The indexes first on the results page: the trygghetsindex (a share, with its interval, per group
// and beside the compared round) and the problemindex per item (a mean on 0–6), and what changed
// since the compared round, marked where the two intervals do not overlap (more than chance).
import { h, type Child } from '../../dom';
import { st } from './i18n';
import type { IndexChange, SurveyQuestion } from './api';
import { intervalChart, intervalTable, intervalText, type IntervalRow, type Scale } from './charts';
import { decimal, local } from './labels';
import { groupLabel, indexRow, indexScale, type ResultContext } from './resultQuestions';
import { resultTable } from './table';

/** "+6 procentenheter" or "−0,4": the change in the index's own unit. */
function changeText(c: IndexChange, q: SurveyQuestion): string {
  const sign = c.change > 0 ? '+' : c.change < 0 ? '−' : '±';
  const size = Math.abs(c.change);
  return q.index === 'share'
    ? st('results.points_change', { change: `${sign}${decimal(size * 100, 0)}` })
    : `${sign}${decimal(size)}`;
}

function changeBadge(c: IndexChange): HTMLElement {
  return c.outside_intervals
    ? h('span', { class: 'badge change-clear' }, st('results.change_clear'))
    : h('span', { class: 'badge' }, st('results.change_chance'));
}

/** One share index: the figure for everyone, then the groups and the earlier round on one chart. */
function shareIndex(q: SurveyQuestion, i: number, ctx: ResultContext, compared: string): Child[] {
  const scale = indexScale(q);
  const total = ctx.results.total.questions[i]?.index ?? null;
  const change = ctx.results.changes.find((c) => c.code === q.code);
  const rows: IntervalRow[] = [
    indexRow(st('results.everyone'), ctx.results.total.questions[i]),
    ...ctx.results.groups.map((g) => indexRow(groupLabel(ctx, g), g.questions[i])),
    ...(change ? [{ label: compared, value: change.before, earlier: true }] : []),
  ];
  return [
    h('h3', {}, st('results.trygghetsindex')),
    h(
      'p',
      { class: 'index-figure' },
      total ? intervalText(total, scale) : st(rows[0]!.empty ? 'results.none' : 'results.too_few'),
    ),
    h('p', { class: 'hint' }, st('results.trygghetsindex_hint', { question: local(q.text) })),
    change
      ? h(
          'p',
          { class: 'index-change' },
          st('results.since', { compared }),
          ' ',
          h('strong', {}, changeText(change, q)),
          ' ',
          changeBadge(change),
        )
      : null,
    intervalChart(rows, scale),
    intervalTable(st('results.trygghetsindex'), rows, scale),
  ];
}

/** The mean indexes (the problem list): one row per item on one scale, and the changes as a table. */
function meanIndexes(items: [SurveyQuestion, number][], ctx: ResultContext, compared: string): Child[] {
  if (!items.length) return [];
  const scale: Scale = items.map(([q]) => indexScale(q)).reduce((a, b) => (b.max > a.max ? b : a));
  const rows: IntervalRow[] = items.map(([q, i]) => indexRow(local(q.text) || q.code, ctx.results.total.questions[i]));
  const changes = items.flatMap(([q]) => {
    const c = ctx.results.changes.find((x) => x.code === q.code);
    return c ? [[q, c] as const] : [];
  });
  return [
    h('h3', {}, st('results.problemindex')),
    h('p', { class: 'hint' }, st('results.problemindex_hint')),
    intervalChart(rows, scale),
    intervalTable(st('results.problemindex'), rows, scale),
    changes.length
      ? resultTable(
          'result-table',
          st('results.changes', { compared }),
          [st('results.item'), st('results.now'), st('results.before'), st('results.change')],
          changes.map(([q, c]) => ({
            label: local(q.text),
            cells: [
              intervalText(c.now, scale),
              intervalText(c.before, scale),
              h('span', {}, changeText(c, q), ' ', changeBadge(c)),
            ],
          })),
        )
      : null,
  ];
}

/** The index section, or nothing for a survey without indexes. */
export function indexSection(ctx: ResultContext, compared: string): HTMLElement | null {
  const questions = ctx.results.definition.questions;
  const shares = questions.flatMap((q, i) => (q.index === 'share' ? [[q, i] as [SurveyQuestion, number]] : []));
  const means = questions.flatMap((q, i) => (q.index === 'mean' ? [[q, i] as [SurveyQuestion, number]] : []));
  if (!shares.length && !means.length) return null;
  return h(
    'section',
    { class: 'card index-section', 'aria-labelledby': 'indexes-title' },
    h('h2', { id: 'indexes-title' }, st('results.indexes')),
    ...shares.flatMap(([q, i]) => shareIndex(q, i, ctx, compared)),
    ...meanIndexes(means, ctx, compared),
  );
}
