import { h, icon } from '../dom';
import { t } from '../i18n';
import type { View } from '../router';
import { ICONS } from '../ui/icons';
import { heading } from '../ui/page';

/** The 112 / 114 14 notice: shown on the start page and in the report flow. */
export function emergencyNotice(): HTMLElement {
  return h(
    'aside',
    { class: 'notice notice-emergency', 'aria-labelledby': 'emergency-title' },
    h('h2', { id: 'emergency-title' }, icon(ICONS.alert), t('notice.emergency_title')),
    h(
      'ul',
      { class: 'call-list' },
      h('li', {}, h('a', { href: 'tel:112', class: 'call' }, icon(ICONS.phone), t('notice.call_112'))),
      h('li', {}, h('a', { href: 'tel:11414', class: 'call' }, icon(ICONS.phone), t('notice.call_11414'))),
    ),
  );
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
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'survey-title' },
      h('h2', { id: 'survey-title' }, t('home.survey_title')),
      h('p', {}, t('home.survey_none')),
    ),
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
