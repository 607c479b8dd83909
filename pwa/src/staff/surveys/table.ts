// The results page's tables: a caption, the column heads, and per row its label (a row head)
// and its cells — or one text across them all, for a row whose figures are hidden.
import { h, type Child } from '../../dom';

export interface TableRow {
  label: string;
  /** The row's cells; a string spans them all ("för få svar"). */
  cells: Child[] | string;
}

/** `className`: `data-table` for a chart's table (hidden unless asked for), `result-table` for one always shown. */
export function resultTable(className: string, caption: string, head: string[], rows: TableRow[]): HTMLTableElement {
  return h(
    'table',
    { class: className },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((text) => h('th', { scope: 'col' }, text)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, r.label),
          typeof r.cells === 'string'
            ? h('td', { colspan: head.length - 1 }, r.cells)
            : r.cells.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  );
}
