// A survey's results (`/personal/enkater/{slug}/resultat?by=&compare=`): the breakdown and the
// round to compare with (in the address, so a view can be linked), the indexes, the marked places,
// one card per question with its bars, and the CSV downloads. Every chart has its table: read by
// screen readers always, shown to everyone with "Visa som tabeller".
import { ApiError } from '../../api/client';
import { getAreas } from '../../api/endpoints';
import type { Me } from '../../api/types';
import { h } from '../../dom';
import { navigate, rerender, type View } from '../../router';
import { failure, heading, loading } from '../../ui/page';
import { selectField } from '../fields';
import { st } from './i18n';
import { staffErrorMessage } from '../login';
import { canReadQueue, canTriage, requireUser, staffPage } from '../session';
import { getResults, listSurveys, responsesCsvUrl, resultsCsvUrl, type SurveyResults, type SurveySummary } from './api';
import { local, phaseName } from './labels';
import { period, surveyPath } from './list';
import { indexSection } from './resultIndexes';
import { placesSection } from './resultMap';
import { questionCard, type ResultContext } from './resultQuestions';

/** Background questions the results can be broken down by (one answer each). */
const breakdowns = (r: SurveyResults): [string, string][] =>
  r.definition.questions
    .filter((q) => q.background && (q.type === 'single_choice' || q.type === 'area' || q.type === 'yes_no'))
    .map((q) => [q.code, local(q.text) || q.code]);

function controls(r: SurveyResults, others: SurveySummary[]): HTMLElement {
  const values = { by: r.by ?? '', compare: r.compared_with ?? '' };
  return h(
    'form',
    {
      class: 'card results-controls',
      onsubmit: (e) => {
        e.preventDefault();
        const q = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
        navigate(`${surveyPath(r.slug, 'resultat')}${q.size ? `?${q.toString()}` : ''}`);
      },
    },
    selectField({
      field: 'by',
      label: st('results.by'),
      value: values.by,
      options: [['', st('results.by_none')], ...breakdowns(r)],
      onChange: (v) => (values.by = v),
    }),
    selectField({
      field: 'compare',
      label: st('results.compare'),
      hint: st('results.compare_hint'),
      value: values.compare,
      options: [
        ['', st('results.compare_none')],
        ...others.map((s): [string, string] => [s.slug, `${local(s.title) || s.slug} (${period(s)})`]),
      ],
      onChange: (v) => (values.compare = v),
    }),
    h('button', { type: 'submit', class: 'btn btn-primary' }, st('results.show')),
  );
}

function downloads(r: SurveyResults, me: Me): HTMLElement {
  const link = (href: string, text: string): HTMLElement => h('li', {}, h('a', { href, download: '' }, text));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'downloads-title' },
    h('h2', { id: 'downloads-title' }, st('results.downloads')),
    h(
      'ul',
      { class: 'download-list' },
      link(resultsCsvUrl(r.slug, r.by ?? null, 'semicolon'), st('results.csv')),
      link(resultsCsvUrl(r.slug, r.by ?? null, 'comma'), st('results.csv_comma')),
      canTriage(me.role) ? link(responsesCsvUrl(r.slug), st('results.responses_csv')) : null,
    ),
    h('p', { class: 'hint' }, st('results.downloads_hint')),
  );
}

/** "Visa som tabeller": the tables in view instead of the charts, for the whole page. */
function tableToggle(page: HTMLElement): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'btn btn-small', 'aria-pressed': 'false' },
    st('results.as_tables'),
  );
  button.addEventListener('click', () => {
    const on = page.classList.toggle('show-tables');
    button.setAttribute('aria-pressed', String(on));
  });
  return button;
}

function resultsPage(
  main: HTMLElement,
  me: Me,
  r: SurveyResults,
  surveys: SurveySummary[],
  areas: Map<string, string>,
): () => void {
  const self = surveys.find((s) => s.slug === r.slug);
  const title = local(r.definition.title) || r.slug;
  const by = r.by ? (r.definition.questions.find((q) => q.code === r.by) ?? null) : null;
  const ctx: ResultContext = { results: r, areas, by };
  const compared = surveys.find((s) => s.slug === r.compared_with);
  const places = placesSection(r.slug, r.points, r.definition.questions, areas);
  const page = h('div', { class: 'results' });
  page.append(
    h('div', { class: 'button-row' }, tableToggle(page)),
    indexSection(
      ctx,
      compared ? `${local(compared.title) || compared.slug} (${period(compared)})` : (r.compared_with ?? ''),
    ) ?? '',
    places.el,
    h('h2', {}, st('results.questions')),
    ...r.definition.questions.map((q, i) => questionCard(q, i, ctx)),
  );
  staffPage(
    main,
    me,
    '/personal/enkater',
    h('p', {}, h('a', { href: '/personal/enkater' }, st('surveys.back'))),
    heading(st('results.title', { title })),
    h(
      'p',
      { class: 'survey-card-meta' },
      self ? h('span', { class: `badge phase-${self.phase}` }, phaseName(self.phase)) : null,
      self ? h('span', {}, period(self)) : null,
      h(
        'span',
        {},
        r.total.responses === null || r.total.responses === undefined
          ? st('results.too_few')
          : st('surveys.responses', { n: r.total.responses }),
      ),
    ),
    h('p', { class: 'hint' }, st('results.suppression', { n: r.min_cell })),
    controls(
      r,
      surveys.filter((s) => s.slug !== r.slug),
    ),
    page,
    downloads(r, me),
  );
  return places.destroy;
}

export const surveyResultsView: View = async ({ main, params }) => {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  loading(main);
  const slug = params['slug'] ?? '';
  const query = new URLSearchParams(
    [...new URLSearchParams(location.search)].filter(([k]) => k === 'by' || k === 'compare'),
  );
  try {
    const [results, surveys, areaCollection] = await Promise.all([getResults(slug, query), listSurveys(), getAreas()]);
    const areas = new Map(areaCollection.features.map((f) => [f.properties.slug, f.properties.name]));
    return resultsPage(main, me, results, surveys, areas);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found')
      failure(main, st('surveys.not_found_title'), st('surveys.not_found', { slug }));
    else if (e instanceof ApiError && e.code === 'validation')
      failure(main, st('results.title', { title: slug }), st('results.bad_query'), () =>
        navigate(surveyPath(slug, 'resultat')),
      );
    else failure(main, st('results.title', { title: slug }), staffErrorMessage(e), () => void rerender());
    return undefined;
  }
};
