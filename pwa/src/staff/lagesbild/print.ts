// The printable lägesbild (`/personal/lagesbild/{id}/utskrift`): A4, each part on a page of its
// own, the municipality's name and the lägesbild in every page's header, the page numbers in the
// footer, and "Arbetsmaterial" at the head of (and on every page of) each part not marked public.
// The server's SVG charts and map as pictures with their tables. "Skriv ut / Spara som PDF" waits
// for the pictures, then opens the browser's print.
import { h, type Child } from '../../dom';
import type { View } from '../../router';
import { heading } from '../../ui/page';
import { staffPage } from '../session';
import type { LagesbildDetail } from './api';
import { actionCard } from './actions';
import { figuresParts } from './figures';
import { hotspotsOnPaper } from './hotspots';
import { st } from './i18n';
import { kindName, lagesbildName, longDate, statusText, type Names } from './labels';
import { withLagesbild, type Loaded } from './load';
import { outcomeParts } from './outcome';
import { lagesbildPath } from './paths';
import { sectionAsText, triangleText } from './sections';
import { crimeTable, followUpList, notableList, surveyList } from './signals';

/** A part of the printed lägesbild; one not public says "Arbetsmaterial" first. */
const partOnPaper = (isPublic: boolean, ...content: Child[]): HTMLElement =>
  h(
    'section',
    { class: `lb-print-part${isPublic ? '' : ' is-internal'}` },
    isPublic ? null : h('p', { class: 'lb-classification' }, st('lb.internal')),
    ...content,
  );

const printedPart = (title: string, isPublic: boolean, ...content: Child[]): HTMLElement =>
  partOnPaper(isPublic, h('h2', {}, title), ...content);

/** A CSS string: the text in quotes, with what would end it escaped. */
const cssString = (s: string): string => `"${s.replace(/["\\]/g, '\\$&').replace(/\s+/g, ' ')}"`;

/**
 * The page boxes: margins, the header and the numbered footer. Made here, as the municipality's
 * name and the words come from the server and the language; the rest of the print rules are in
 * staff.css. A constructed style sheet, as the Content-Security-Policy refuses inline styles.
 * Chromium draws margin boxes since version 131; older browsers print without them. Returns what
 * takes the sheet away again.
 */
function addPageStyle(municipality: string, title: string): () => void {
  const pageOf = cssString(st('lb.print_page', { page: '\u0001', pages: '\u0002' }))
    .replace('\u0001', '" counter(page) "')
    .replace('\u0002', '" counter(pages) "');
  const boxes = `
    @top-left { content: ${cssString(`${municipality} – ${title}`)}; font-size: 8.5pt; color: #4a4f54; }
    @bottom-right { content: ${pageOf}; font-size: 8.5pt; }`;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    `@page lagesbild { size: A4; margin: 20mm 15mm; ${boxes} }
     @page lagesbild-internal { size: A4; margin: 20mm 15mm; ${boxes}
       @top-right { content: ${cssString(st('lb.internal').toUpperCase())}; font-size: 8.5pt; font-weight: bold; } }`,
  );
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}

/** The first page: the municipality, what lägesbild this is, and its summary. */
function cover(l: LagesbildDetail, municipality: string): HTMLElement {
  return partOnPaper(
    l.publicity.summary,
    h('p', { class: 'lb-print-municipality' }, municipality),
    h('h2', { class: 'lb-print-title' }, lagesbildName(l)),
    h(
      'p',
      { class: 'lb-meta' },
      [statusText(l), kindName(l.kind), st('lb.version', { n: l.version })].join(' · '),
      l.corrects ? ` · ${st('lb.corrects', { n: l.corrects })}` : '',
    ),
    l.correction_note ? h('p', {}, st('lb.correction_note', { note: l.correction_note })) : null,
    h('p', { class: 'hint' }, st('lb.prepared', { date: longDate(new Date().toISOString()) })),
    sectionAsText(l.sections, 'summary'),
  );
}

function printedParts(
  l: LagesbildDetail,
  names: Names,
  questions: Map<string, string>,
  municipality: string,
): HTMLElement[] {
  const f = l.content.figures;
  return [
    cover(l, municipality),
    printedPart(
      st('lb.figures'),
      l.publicity.figures,
      ...figuresParts({ id: l.id, figures: f, trend: l.content.trend, names, print: true }),
      h('h3', {}, st('lb.crime')),
      ...crimeTable(l.content.crime, names),
      h('h3', {}, st('lb.surveys')),
      ...surveyList(l.content.surveys, questions, 'h4'),
    ),
    printedPart(st('lb.hotspots'), l.publicity.hotspots, ...hotspotsOnPaper(l.id, f, names)),
    printedPart(
      st('lb.part_analysis'),
      false,
      sectionAsText(l.sections, 'local_knowledge'),
      triangleText(l.sections),
      sectionAsText(l.sections, 'priorities'),
      sectionAsText(l.sections, 'caveats'),
      h('h3', {}, st('lb.notable')),
      ...notableList(f.notable, names),
    ),
    printedPart(
      st('lb.actions'),
      l.publicity.actions,
      l.actions.length
        ? h(
            'ol',
            { class: 'lb-actions' },
            l.actions.map((a) => actionCard(a, { manage: false })),
          )
        : h('p', {}, st('lb.no_actions')),
    ),
    printedPart(st('lb.follow_up'), l.publicity.actions, ...followUpList(l.content.follow_up, true)),
    ...(l.content.outcome
      ? [printedPart(st('lb.outcome'), l.publicity.actions, ...outcomeParts(l.content.outcome))]
      : []),
  ];
}

/** Prints once every picture has arrived (or failed), so none is missing on paper. */
async function printWhenReady(page: HTMLElement): Promise<void> {
  await Promise.allSettled([...page.querySelectorAll('img')].map((img) => img.decode()));
  window.print();
}

function printPage(main: HTMLElement, { me, lagesbild: l, names, questions, municipality }: Loaded): () => void {
  const name = lagesbildName(l);
  const page = h(
    'article',
    { class: 'lb-print', 'aria-label': st('lb.print_label') },
    ...printedParts(l, names, questions, municipality),
  );
  staffPage(
    main,
    me,
    '/personal/lagesbild',
    h(
      'div',
      { class: 'lb-print-tools no-print' },
      h('p', {}, h('a', { href: lagesbildPath(l.id) }, st('lb.print_back'))),
      heading(st('lb.print_title', { name })),
      h('p', { class: 'hint' }, st('lb.print_hint')),
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', onclick: () => void printWhenReady(page) },
        st('lb.print_button'),
      ),
    ),
    page,
  );
  return addPageStyle(municipality, name);
}

export const lagesbildPrintView: View = (ctx) => withLagesbild(ctx, (loaded) => printPage(ctx.main, loaded));
