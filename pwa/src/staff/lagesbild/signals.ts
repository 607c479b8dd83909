// What the lägesbild brings in beside the reports: the inrapporter worth reading, the imported
// crime statistics, the signal of a survey round that closed in the period, and the follow-up of
// earlier actions still open. Each as a list or a table, for the screen and paper alike.
import { h, type Child } from '../../dom';
import { getLang } from '../../i18n';
import type { CrimeLine, FollowUpItem, Notable, SurveySignal } from './api';
import { st } from './i18n';
import { actionStatusBadge, overdueBadge } from './actionLabels';
import { dayText, longDate, shortDate, type Names } from './labels';
import { dataTable } from './table';

const locale = (): string => (getLang() === 'en' ? 'en-GB' : 'sv-SE');

export function notableList(items: Notable[], names: Names): Child[] {
  if (!items.length) return [h('p', {}, st('lb.no_notable'))];
  return [
    h('p', {}, st('lb.notable_intro')),
    h(
      'ul',
      { class: 'lb-notable' },
      items.map((n) =>
        h(
          'li',
          {},
          h(
            'p',
            { class: 'lb-notable-head' },
            h('a', { href: `/personal/rapport/${encodeURIComponent(n.id)}` }, n.id),
            ' ',
            names.category(n.category),
            ', ',
            names.area(n.area),
            ', ',
            shortDate(n.occurred_at),
            n.urgent ? h('span', { class: 'badge priority-urgent' }, st('lb.urgent')) : null,
            n.assessment ? h('span', { class: 'badge' }, st('lb.assessment', { n: n.assessment })) : null,
          ),
          h('p', { class: 'quote' }, n.description),
        ),
      ),
    ),
  ];
}

export function crimeTable(lines: CrimeLine[], names: Names): Child[] {
  if (!lines.length) return [h('p', {}, st('lb.no_crime'))];
  return [
    h('p', {}, st('lb.crime_intro')),
    dataTable(
      st('lb.crime'),
      [st('lb.offence_group'), st('lb.area'), st('lb.count'), st('lb.year_ago'), st('lb.source')],
      lines.map((l) => ({
        label: l.offence_group,
        cells: [names.area(l.area), String(l.count), String(l.year_ago), l.sources.join(', ')],
      })),
    ),
  ];
}

const share = (v: number): string =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(v);
const mean = (v: number): string =>
  new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

/** `questions`: `slug/code` → the question's text, from the survey's definition (codes when it did not load). */
function surveyItem(s: SurveySignal, questions: Map<string, string>, level: 'h3' | 'h4'): HTMLElement {
  const title = (getLang() === 'en' && s.title.en) || s.title.sv || s.slug;
  const index = s.trygghetsindex;
  return h(
    'li',
    { class: 'card lb-survey' },
    h(level, {}, title),
    h(
      'p',
      { class: 'lb-meta' },
      st('lb.survey_closed', { date: longDate(s.closed_at) }),
      ' · ',
      s.responses === null || s.responses === undefined
        ? st('lb.survey_too_few')
        : st('lb.survey_responses', { n: s.responses }),
    ),
    index
      ? h(
          'p',
          {},
          st('lb.trygghetsindex', { value: share(index.value), low: share(index.low), high: share(index.high) }),
        )
      : null,
    s.problems.length
      ? h(
          'div',
          {},
          h('p', { class: 'lb-label' }, st('lb.survey_problems')),
          h(
            'ol',
            {},
            s.problems.map(([code, i]) =>
              h('li', {}, `${questions.get(`${s.slug}/${code}`) ?? code}: ${mean(i.value)}`),
            ),
          ),
        )
      : null,
    h('p', {}, st('lb.survey_points', { n: s.points })),
    h(
      'p',
      { class: 'no-print' },
      h('a', { href: `/personal/enkater/${encodeURIComponent(s.slug)}/resultat` }, st('lb.survey_results')),
    ),
  );
}

/** `level`: the surveys' headings, h3 under the page's part, h4 under the printed figures' h3. */
export function surveyList(
  signals: SurveySignal[],
  questions: Map<string, string>,
  level: 'h3' | 'h4' = 'h3',
): Child[] {
  if (!signals.length) return [h('p', {}, st('lb.no_surveys'))];
  return [
    h(
      'ul',
      { class: 'lb-surveys' },
      signals.map((s) => surveyItem(s, questions, level)),
    ),
  ];
}

export function followUpList(items: FollowUpItem[], print: boolean): Child[] {
  if (!items.length) return [h('p', {}, st('lb.no_follow_up'))];
  return [
    h('p', {}, st('lb.follow_up_intro')),
    h(
      'ul',
      { class: 'lb-follow-up' },
      items.map((a) =>
        h(
          'li',
          { class: 'card' },
          h('h3', {}, a.problem),
          h('p', { class: 'lb-meta' }, actionStatusBadge(a.status), a.overdue ? overdueBadge() : null),
          h('p', {}, a.measure),
          h('p', {}, `${a.responsible_organisation}, ${a.owner}. ${st('lb.action.due', { due: dayText(a.due_date) })}`),
          a.latest_note ? h('p', {}, st('lb.latest_note', { note: a.latest_note })) : null,
          print
            ? null
            : h(
                'p',
                {},
                h(
                  'a',
                  { href: `/personal/lagesbild/${a.lagesbild_id}#action-${a.id}` },
                  st('lb.from_lagesbild', { n: a.lagesbild_id }),
                ),
              ),
        ),
      ),
    ),
  ];
}
