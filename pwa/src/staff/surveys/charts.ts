// Small charts of our own as inline SVG, with no chart library: horizontal bars (count and share
// per answer) and an index as a dot on its 95 % interval. Widths are percentages of the SVG's
// own width, so a chart fills a phone or a wide screen with the text at its normal size; labels
// wrap by a count of characters. Each chart has its table (`barTable`, `intervalTable`) beside
// it: the SVG is hidden from screen readers, which read the table instead.
import { st } from './i18n';
import { resultTable } from './table';
import type { IndexValue } from './api';

const NS = 'http://www.w3.org/2000/svg';
const LINE = 18;
const BAR = 16;
const GAP = 12;
/** Characters on a label line: about what fits a phone's card at 14 px. */
const WRAP = 40;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A label broken into lines of at most `WRAP` characters, at spaces where it can. */
function wrap(label: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + 1 + word.length > WRAP) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines.length ? lines : [''];
}

function chart(height: number, className: string): SVGSVGElement {
  return svg('svg', { class: `chart ${className}`, width: '100%', height, 'aria-hidden': 'true', focusable: 'false' });
}

export interface Bar {
  label: string;
  /** null: hidden, fewer than 5 answers. */
  count: number | null;
  share: number | null;
}

/** "12 (34 %)", "12" where there is no share, or "för få svar". */
function barValue(b: Bar, percent: (share: number) => string): string {
  if (b.count === null) return st('results.too_few');
  return b.share === null ? String(b.count) : `${b.count} (${percent(b.share)})`;
}

/** Bars of at most 70 % of the width, the figures after each bar's end. */
export function barChart(bars: Bar[], percent: (share: number) => string): SVGSVGElement {
  const rows = bars.map((b) => ({ b, lines: wrap(b.label) }));
  const height = rows.reduce((sum, r) => sum + r.lines.length * LINE + BAR + GAP, 0);
  const el = chart(height, 'bar-chart');
  let y = 0;
  for (const { b, lines } of rows) {
    for (const line of lines) el.append(svg('text', { x: 0, y: (y += LINE) - 4, class: 'chart-label' }, line));
    const width = b.share === null ? 0 : b.share * 70;
    if (b.count !== null)
      el.append(svg('rect', { x: 0, y: y + 1, width: `${width}%`, height: BAR - 2, rx: 2, class: 'chart-bar' }));
    el.append(
      svg(
        'text',
        {
          x: `${width}%`,
          dx: width > 0 ? 6 : 0,
          y: y + BAR - 3,
          class: b.count === null ? 'chart-value too-few' : 'chart-value',
        },
        barValue(b, percent),
      ),
    );
    y += BAR + GAP;
  }
  return el;
}

export const barTable = (caption: string, bars: Bar[], percent: (share: number) => string): HTMLTableElement =>
  resultTable(
    'data-table',
    caption,
    [st('results.answer'), st('results.count'), st('results.share')],
    bars.map((b) => ({
      label: b.label,
      cells: b.count === null ? st('results.too_few') : [String(b.count), b.share === null ? '–' : percent(b.share)],
    })),
  );

export interface IntervalRow {
  label: string;
  /** null: hidden (too few answers), or `empty`. */
  value: IndexValue | null;
  /** No one gave an answer the index counts: said so, rather than "för få svar". */
  empty?: boolean;
  /** Drawn hollow: an earlier round beside this one. */
  earlier?: boolean;
}

export interface Scale {
  max: number;
  ticks: number[];
  format: (v: number) => string;
  /** An interval, the unit once: "43–82 %". */
  range: (low: number, high: number) => string;
}

const missing = (r: IntervalRow): string => st(r.empty ? 'results.none' : 'results.too_few');

/** "72 % (63–80 %)". */
export const intervalText = (v: IndexValue, scale: Scale): string =>
  `${scale.format(v.value)} (${scale.range(v.low, v.high)})`;

/** Each row: its label and figures, then the interval as a line with the index as a dot; an axis below. */
export function intervalChart(rows: IntervalRow[], scale: Scale): SVGSVGElement {
  // 3 % in from each side, so a dot at 0 or at the top of the scale is drawn whole.
  const at = (v: number): string => `${3 + (94 * v) / scale.max}%`;
  const height = rows.length * (LINE + BAR + GAP) + LINE + 8;
  const el = chart(height, 'interval-chart');
  let y = 0;
  for (const r of rows) {
    el.append(
      svg(
        'text',
        { x: 0, y: (y += LINE) - 4, class: 'chart-label' },
        `${r.label}: ${r.value ? intervalText(r.value, scale) : missing(r)}`,
      ),
    );
    el.append(svg('line', { x1: at(0), x2: at(scale.max), y1: y + BAR / 2, y2: y + BAR / 2, class: 'chart-axis' }));
    if (r.value) {
      el.append(
        svg('line', {
          x1: at(r.value.low),
          x2: at(r.value.high),
          y1: y + BAR / 2,
          y2: y + BAR / 2,
          class: 'chart-interval',
        }),
      );
      el.append(
        svg('circle', {
          cx: at(r.value.value),
          cy: y + BAR / 2,
          r: 6,
          class: r.earlier ? 'chart-dot earlier' : 'chart-dot',
        }),
      );
    }
    y += BAR + GAP;
  }
  for (const [k, tick] of scale.ticks.entries()) {
    const anchor = k === 0 ? 'start' : k === scale.ticks.length - 1 ? 'end' : 'middle';
    el.append(
      svg('text', { x: at(tick), y: y + LINE - 4, 'text-anchor': anchor, class: 'chart-tick' }, scale.format(tick)),
    );
  }
  return el;
}

export const intervalTable = (caption: string, rows: IntervalRow[], scale: Scale): HTMLTableElement =>
  resultTable(
    'data-table',
    caption,
    [st('results.group'), st('results.index'), st('results.interval'), st('results.based_on')],
    rows.map((r) => ({
      label: r.label,
      cells: r.value
        ? [scale.format(r.value.value), scale.range(r.value.low, r.value.high), String(r.value.n)]
        : missing(r),
    })),
  );
