// The generated figures in readable form: the totals with their change, the counts by category,
// subtype and area (residents' and staff's apart, each with its change), the time-of-day ×
// weekday grid and the 13-month trend. Each chart is the server's picture with its table.
import { h } from '../../dom';
import type { Count, Figures, Line, MonthCount } from './api';
import { chartUrl } from './api';
import { st } from './i18n';
import { changeText, monthName, TIMES_OF_DAY, timeOfDayName, weekdayName, type Names } from './labels';
import { dataTable, foldedTable, picture } from './table';

export interface FiguresContext {
  id: number;
  figures: Figures;
  trend: MonthCount[];
  names: Names;
  /** The printed page: tables open, nothing interactive. */
  print: boolean;
}

const total = (c: Count): number => c.residents + c.staff;

function totals(f: Figures): HTMLElement {
  const item = (term: string, value: string): HTMLElement[] => [h('dt', {}, term), h('dd', {}, value)];
  return h(
    'dl',
    { class: 'lb-totals' },
    item(
      st('lb.total'),
      st('lb.total_value', { n: total(f.total), residents: f.total.residents, staff: f.total.staff }),
    ),
    item(st('lb.vs_previous'), changeText(f.vs_previous)),
    item(st('lb.vs_year_ago'), changeText(f.vs_year_ago)),
    item(st('lb.recurring'), String(f.recurring)),
  );
}

function lineTable(caption: string, head: string, lines: Line[], name: (key: string) => string): HTMLElement {
  return dataTable(
    caption,
    [head, st('lb.residents'), st('lb.staff'), st('lb.change_previous_short'), st('lb.change_year_short')],
    lines.map((l) => ({
      label: name(l.key),
      cells: [String(l.count.residents), String(l.count.staff), changeText(l.vs_previous), changeText(l.vs_year_ago)],
    })),
  );
}

function timeGridTable(grid: Count[][]): HTMLElement {
  return dataTable(
    st('lb.time_grid_caption'),
    [st('lb.time_of_day'), ...[0, 1, 2, 3, 4, 5, 6].map((d) => weekdayName(d, 'short'))],
    TIMES_OF_DAY.map((tod, row) => ({
      label: timeOfDayName(tod),
      cells: (grid[row] ?? []).map((c) => String(total(c))),
    })),
  );
}

function trendTable(trend: MonthCount[]): HTMLElement {
  return dataTable(
    st('lb.trend'),
    [st('lb.month'), st('lb.residents'), st('lb.staff')],
    trend.map((m) => ({ label: monthName(m.month), cells: [String(m.count.residents), String(m.count.staff)] })),
  );
}

/** The figures' parts, each under its own h3 (the caller gives the h2). */
export function figuresParts(c: FiguresContext): HTMLElement[] {
  const f = c.figures;
  if (!total(f.total)) return [totals(f), h('p', {}, st('lb.none')), ...trendPart(c)];
  return [
    totals(f),
    h('p', { class: 'hint' }, st('lb.few_hint')),
    h('h3', {}, st('lb.by_category')),
    picture(chartUrl(c.id, 'categories'), st('lb.chart_categories_alt'), 'lb-chart'),
    lineTable(st('lb.by_category'), st('lb.category'), f.by_category, c.names.category),
    h('h3', {}, st('lb.by_subtype')),
    foldedTable(lineTable(st('lb.by_subtype'), st('lb.subtype'), f.by_subtype, c.names.category), c.print),
    h('h3', {}, st('lb.by_area')),
    lineTable(st('lb.by_area'), st('lb.area'), f.by_area, c.names.area),
    h('h3', {}, st('lb.time_grid')),
    picture(chartUrl(c.id, 'time-grid'), st('lb.chart_time_grid_alt'), 'lb-chart'),
    foldedTable(timeGridTable(f.time_grid), c.print),
    ...trendPart(c),
  ];
}

function trendPart(c: FiguresContext): HTMLElement[] {
  return [
    h('h3', {}, st('lb.trend')),
    picture(chartUrl(c.id, 'trend'), st('lb.chart_trend_alt'), 'lb-chart'),
    foldedTable(trendTable(c.trend), c.print),
  ];
}
