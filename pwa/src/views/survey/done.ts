import type { ErrorCode } from '../../api/client';
import type { PublishedSurvey } from '../../api/types';
import { h, icon } from '../../dom';
import { formatDate, t } from '../../i18n';
import { localText } from '../../survey/questions';
import { surveyRefusal } from '../../survey/refusal';
import { ICONS } from '../../ui/icons';
import { heading } from '../../ui/page';

const toStart = (): HTMLElement => h('a', { href: '/', class: 'btn' }, t('common.to_start'));

/** After the answers: received now, or kept on the device until there is a network. */
export function thanksScreen(main: HTMLElement, queuedFor?: ErrorCode): void {
  const queued = queuedFor !== undefined;
  main.replaceChildren(
    h('div', { class: 'success-mark' }, icon(queued ? ICONS.clock : ICONS.check, 'icon icon-large')),
    heading(t(queued ? 'survey.queued_title' : 'survey.sent_title')),
    queued
      ? h('p', { class: 'lead' }, t(queuedFor === 'network' ? 'survey.queued_offline' : 'survey.queued_busy'))
      : h('p', { class: 'lead' }, t('survey.sent_text')),
    queued ? h('p', {}, t('survey.queued_help')) : '',
    h('p', {}, t('survey.report_too')),
    h(
      'div',
      { class: 'actions survey-actions' },
      h('a', { href: '/rapportera', class: 'btn' }, t('home.report')),
      h('a', { href: '/', class: 'btn btn-primary' }, t('common.to_start')),
    ),
  );
}

/** The server will never take these answers (closed, code spent): said plainly, and they are gone. */
export function droppedScreen(main: HTMLElement, reason: ErrorCode): void {
  main.replaceChildren(
    heading(t('survey.dropped_title')),
    h('p', { class: 'lead' }, surveyRefusal(reason)),
    h('div', { class: 'actions survey-actions' }, toStart()),
  );
}

export function closedScreen(main: HTMLElement, survey: PublishedSurvey): void {
  main.replaceChildren(
    heading(t('survey.closed_title')),
    h('p', { class: 'lead' }, localText(survey.definition.title)),
    h('p', {}, t('survey.closed_text')),
    h('div', { class: 'actions survey-actions' }, toStart()),
  );
}

export function scheduledScreen(main: HTMLElement, survey: PublishedSurvey): void {
  main.replaceChildren(
    heading(t('survey.scheduled_title')),
    h('p', { class: 'lead' }, localText(survey.definition.title)),
    survey.opens_at ? h('p', {}, t('survey.scheduled_text', { date: formatDate(survey.opens_at) })) : '',
    h('div', { class: 'actions survey-actions' }, toStart()),
  );
}
