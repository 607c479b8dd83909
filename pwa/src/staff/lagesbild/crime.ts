// Crime statistics import (`/personal/lagesbild/brottsstatistik`, coordinators and admins): a
// CSV file chosen or pasted, sent as text; the answer is the counts (new, changed, unchanged), or
// every bad line with its number and column, and nothing imported. Below, what is imported for
// the last 13 months.
import { ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { h } from '../../dom';
import { rerender, type View } from '../../router';
import { textArea } from '../../ui/form';
import { failure, heading, loading } from '../../ui/page';
import { busyForm, formProblems } from '../fields';
import { staffErrorMessage } from '../login';
import { requireUser, staffPage } from '../session';
import { importCrime, listCrime, type CrimeStatistic, type Imported } from './api';
import { st } from './i18n';
import { loadNames, type Names } from './labels';
import { canImportCrime } from './paths';
import { dataTable } from './table';

/** `line[3].count` → "Rad 3, kolumn count: …", in the file's order. */
function lineErrors(fields: Record<string, string[]>): HTMLElement {
  const lines = Object.entries(fields)
    .map(([field, messages]) => {
      const m = /^line\[(\d+)\]\.(\w+)$/.exec(field);
      return { line: m ? Number(m[1]) : 0, column: m?.[2] ?? field, message: messages.join(' ') };
    })
    .sort((a, b) => a.line - b.line);
  return h(
    'div',
    { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('p', {}, st('lb.crime_errors')),
    h(
      'ul',
      {},
      lines.map((l) => h('li', {}, st('lb.crime_line', l))),
    ),
  );
}

const resultText = (r: Imported): HTMLElement =>
  h('p', { class: 'notice notice-info', role: 'status', tabindex: '-1' }, st('lb.crime_done', r));

function importForm(onImported: () => void): HTMLElement {
  let csv = '';
  const outcome = h('div', {});
  const show = (el: HTMLElement): void => {
    outcome.replaceChildren(el);
    el.focus();
  };
  const file = h('input', { id: 'crime-file', type: 'file', accept: '.csv,text/csv,text/plain' });
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    chosen.text().then(
      (text) => {
        csv = text;
        const area = document.getElementById('f-csv') as HTMLTextAreaElement | null;
        if (area) area.value = text;
      },
      () => show(formProblems(st('lb.crime_read_failed'), {})!),
    );
  });
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st('lb.crime_submit'));
  const submit = async (): Promise<void> => {
    if (!csv.trim()) return show(formProblems('', { csv: [st('lb.crime_text_missing')] })!);
    try {
      show(resultText(await importCrime(csv)));
      onImported();
    } catch (e) {
      const fields = e instanceof ApiError && e.code === 'validation' ? e.fields : {};
      show(Object.keys(fields).length ? lineErrors(fields) : formProblems(staffErrorMessage(e), {})!);
    }
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'crime-form-title' },
    h('h2', { id: 'crime-form-title' }, st('lb.crime_title')),
    h('p', {}, st('lb.crime_import_intro')),
    outcome,
    busyForm(
      { button, busyText: st('lb.crime_importing'), onSubmit: submit },
      h('div', { class: 'field' }, h('label', { for: 'crime-file' }, st('lb.crime_file')), file),
      textArea({ field: 'csv', label: st('lb.crime_text'), value: '', rows: 8, onInput: (v) => (csv = v) }),
      button,
    ),
  );
}

function importedTable(statistics: CrimeStatistic[], names: Names): HTMLElement {
  if (!statistics.length) return h('p', {}, st('lb.crime_imported_none'));
  return dataTable(
    st('lb.crime_imported'),
    [st('lb.crime_period'), st('lb.area'), st('lb.offence_group'), st('lb.count'), st('lb.source')],
    statistics.map((s) => ({
      label: `${s.period_start} – ${s.period_end}`,
      cells: [names.area(s.area), s.offence_group, String(s.count), s.source],
    })),
  );
}

async function crimePage(main: HTMLElement, me: Me): Promise<void> {
  const [statistics, names] = await Promise.all([listCrime(), loadNames()]);
  const imported = h('section', { 'aria-labelledby': 'crime-list-title' });
  const drawImported = (list: CrimeStatistic[]): void =>
    imported.replaceChildren(h('h2', { id: 'crime-list-title' }, st('lb.crime_imported')), importedTable(list, names));
  drawImported(statistics);
  staffPage(
    main,
    me,
    '/personal/lagesbild',
    h('p', {}, h('a', { href: '/personal/lagesbild' }, st('lb.back'))),
    heading(st('lb.crime_title')),
    importForm(() => void listCrime().then(drawImported, () => undefined)),
    imported,
  );
}

export const crimeImportView: View = async ({ main }) => {
  const me = await requireUser(main, canImportCrime);
  if (!me) return;
  loading(main);
  try {
    await crimePage(main, me);
  } catch (e) {
    failure(main, st('lb.crime_title'), staffErrorMessage(e), () => void rerender());
  }
};
