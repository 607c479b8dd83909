// The top of a lägesbild's page: its status ("Fastställd 7 dec. 2026"), kind and version, what a
// correction corrects, whether the figures are live or frozen, what just happened, and the
// buttons: the print view, "Fastställ" on a draft, "Gör en rättelse" on a final one. And the
// downloads at the foot.
import { h, type Child } from '../../dom';
import { geojsonUrl, TABLES, tableUrl, type LagesbildDetail } from './api';
import { st } from './i18n';
import { dateTime, kindName, statusText } from './labels';
import { lagesbildPath } from './paths';

/** What the page says after it was drawn again: finalised just now, or by someone else meanwhile. */
export type Notice = 'finalised' | 'already_final';

/** The newer version that corrects this one, from the history. */
function correctedBy(l: LagesbildDetail): number | null {
  const event = [...l.history].reverse().find((e) => e.kind === 'corrected');
  const by = (event?.data as { by?: unknown } | undefined)?.by;
  return typeof by === 'number' ? by : null;
}

function tools(
  l: LagesbildDetail,
  write: { onFinalise: () => Promise<void>; onCorrect: () => Promise<void> } | null,
): HTMLElement {
  return h(
    'div',
    { class: 'button-row lb-tools' },
    h('a', { class: 'btn', href: lagesbildPath(l.id, 'utskrift') }, st('lb.print')),
    write && l.status === 'draft'
      ? h(
          'button',
          { type: 'button', class: 'btn btn-primary', onclick: () => void write.onFinalise() },
          st('lb.finalise'),
        )
      : null,
    write && l.status === 'final'
      ? h('button', { type: 'button', class: 'btn', onclick: () => void write.onCorrect() }, st('lb.correct'))
      : null,
  );
}

export function detailHeader(
  l: LagesbildDetail,
  notice: Notice | null,
  write: { onFinalise: () => Promise<void>; onCorrect: () => Promise<void> } | null,
): Child[] {
  const newer = correctedBy(l);
  return [
    h(
      'p',
      { class: 'lb-meta' },
      h('span', { class: `badge lb-status-${l.status}` }, statusText(l)),
      h('span', {}, kindName(l.kind)),
      h('span', {}, st('lb.version', { n: l.version })),
      l.corrects ? h('a', { href: lagesbildPath(l.corrects) }, st('lb.corrects', { n: l.corrects })) : null,
    ),
    notice
      ? h(
          'p',
          { class: 'notice notice-info', role: 'status' },
          st(notice === 'finalised' ? 'lb.finalised' : 'lb.already_final'),
        )
      : null,
    l.correction_note
      ? h('p', { class: 'notice notice-warn' }, st('lb.correction_note', { note: l.correction_note }))
      : null,
    newer
      ? h(
          'p',
          { class: 'notice notice-warn' },
          st('lb.corrected_by'),
          ' ',
          h('a', { href: lagesbildPath(newer) }, st('lb.corrected_link')),
        )
      : null,
    h(
      'p',
      { class: 'hint' },
      l.status === 'final' ? st('lb.frozen') : st('lb.generated_live'),
      ' ',
      st('lb.generated_at', { date: dateTime(l.content.generated_at) }),
    ),
    tools(l, write),
  ];
}

export function downloads(id: number): HTMLElement {
  const link = (href: string, text: string): HTMLElement => h('li', {}, h('a', { href, download: '' }, text));
  return h(
    'section',
    { class: 'lb-part', id: 'ladda-ner', 'aria-labelledby': 'ladda-ner-title' },
    h('h2', { id: 'ladda-ner-title' }, st('lb.downloads')),
    h(
      'ul',
      { class: 'download-list' },
      TABLES.map((name) => link(tableUrl(id, name), st(`lb.table.${name}`))),
      link(geojsonUrl(id), st('lb.download_geojson')),
    ),
    h('p', { class: 'hint' }, st('lb.downloads_hint')),
  );
}
