// The lägesbild's tables and pictures: the survey results' table (a caption and row heads) in a
// region that scrolls sideways on a phone, a server-drawn picture that says so when it does not
// load, and a table folded away under its chart on screen.
import { h } from '../../dom';
import { resultTable, type TableRow } from '../surveys/table';
import { st } from './i18n';

/** A table in a region that scrolls sideways on a phone, and takes the keyboard's focus for it. */
export const dataTable = (caption: string, head: string[], rows: TableRow[]): HTMLElement =>
  h(
    'div',
    { class: 'lb-table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
    resultTable('lb-table', caption, head, rows),
  );

/** A picture the server draws (a chart, the map); its figures are always in a table beside it. */
export function picture(src: string, alt: string, className: string): HTMLElement {
  const img = h('img', { src, alt, class: className });
  const box = h('figure', { class: 'lb-picture' }, img);
  img.addEventListener('error', () => box.replaceChildren(h('p', { class: 'hint' }, st('lb.picture_failed'))));
  return box;
}

/** On screen a table under its chart opens on request; on paper it is simply there. */
export const foldedTable = (table: HTMLElement, print: boolean): HTMLElement =>
  print ? table : h('details', { class: 'lb-fold' }, h('summary', {}, st('lb.show_table')), table);
