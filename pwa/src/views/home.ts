import { getOpenSurveys } from '../api/endpoints';
import type { OpenSurvey } from '../api/types';
import { h, icon } from '../dom';
import { t } from '../i18n';
import type { View } from '../router';
import { lastDay } from '../survey/dates';
import { localText } from '../survey/questions';
import { ICONS } from '../ui/icons';
import { heading } from '../ui/page';
import { emergencyNotice } from './emergency';

function surveyCard(survey: OpenSurvey): HTMLElement {
  const id = `survey-${survey.slug}`;
  const title = localText(survey.title);
  return h(
    'section',
    { class: 'card survey-card', 'aria-labelledby': id },
    h('h2', { id }, title),
    survey.closes_at ? h('p', {}, t('home.survey_closes', { date: lastDay(survey.closes_at) })) : null,
    h(
      'a',
      { href: `/enkat/${encodeURIComponent(survey.slug)}`, class: 'btn btn-block' },
      t('home.survey_answer'),
      h('span', { class: 'visually-hidden' }, `: ${title}`),
    ),
  );
}

/** A card for each survey open now; nothing at all when none is (or the network is away). */
function openSurveys(): HTMLElement {
  const slot = h('div', { class: 'survey-cards' });
  getOpenSurveys()
    .then((surveys) => slot.replaceChildren(...surveys.map(surveyCard)))
    .catch(() => undefined);
  return slot;
}

export const homeView: View = ({ main }) => {
  main.replaceChildren(
    heading(t('home.title')),
    h('p', { class: 'lead' }, t('home.lead')),
    emergencyNotice(),
    h(
      'nav',
      { class: 'start-actions', 'aria-label': t('home.actions') },
      h('a', { href: '/rapportera', class: 'btn btn-primary btn-block' }, icon(ICONS.pin), t('home.report')),
      h('a', { href: '/mina-rapporter', class: 'btn btn-block' }, t('nav.my_reports')),
      h('a', { href: '/karta', class: 'btn btn-block' }, t('home.public_map')),
    ),
    openSurveys(),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'good-to-know' },
      h('h2', { id: 'good-to-know' }, t('home.good_to_know')),
      h(
        'ul',
        { class: 'facts' },
        h('li', {}, t('fact.public_document')),
        h('li', {}, t('fact.anonymous')),
        h('li', {}, t('fact.no_names')),
        h('li', {}, t('fact.not_police')),
      ),
    ),
  );
};
