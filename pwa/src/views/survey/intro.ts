import { h, icon } from '../../dom';
import { formatDateTime, t } from '../../i18n';
import type { QueuedSurvey } from '../../offline/db';
import { removeQueuedSurvey } from '../../offline/queue';
import { lastDay } from '../../survey/dates';
import { firstScreen, resumeScreen } from '../../survey/order';
import { localText, shownQuestions } from '../../survey/questions';
import { resetSession } from '../../survey/session';
import { invitationCodeErrors } from '../../survey/validate';
import { errorSummary, textInput } from '../../ui/form';
import { ICONS } from '../../ui/icons';
import { heading } from '../../ui/page';
import type { SurveyFlow } from './context';
import { fixKept } from './send';

/** About 15 seconds a question and a minute for a map, rounded to whole minutes. */
function minutes(flow: SurveyFlow): number {
  const shown = shownQuestions(flow.survey.definition, {});
  const seconds = shown.reduce((s, q) => s + (q.type === 'map_points' ? 60 : 15), 0);
  return Math.max(1, Math.round(seconds / 60));
}

function facts(flow: SurveyFlow): HTMLElement {
  const { definition, closes_at } = flow.survey;
  const n = shownQuestions(definition, {}).length;
  return h(
    'ul',
    { class: 'facts' },
    h('li', {}, t('survey.anonymous')),
    h('li', {}, t('survey.length', { n, minutes: minutes(flow) })),
    h('li', {}, t(definition.questions.some((q) => q.required) ? 'survey.optional_most' : 'survey.optional_all')),
    h('li', {}, t('survey.offline')),
    closes_at ? h('li', {}, t('survey.closes', { date: lastDay(closes_at) })) : null,
  );
}

/** Answers to this survey already on the device: waiting to be sent, or refused and to fix. */
function keptNotice(flow: SurveyFlow, item: QueuedSurvey, onDeleted: () => void): HTMLElement {
  const at = formatDateTime(item.queued_at);
  if (item.state === 'pending') {
    return h('p', { class: 'notice notice-info' }, icon(ICONS.clock), h('span', {}, t('survey.kept_pending', { at })));
  }
  const remove = (): void => {
    if (confirm(t('survey.kept_delete_confirm'))) void removeQueuedSurvey(item.client_id).then(onDeleted);
  };
  return h(
    'div',
    { class: 'notice notice-warn' },
    h('p', { class: 'inline-warning' }, icon(ICONS.alert), h('span', {}, t('survey.kept_rejected', { at }))),
    h(
      'div',
      { class: 'button-row' },
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', onclick: () => fixKept(flow, item) },
        t('survey.kept_fix'),
      ),
      h('button', { type: 'button', class: 'btn', onclick: remove }, t('survey.kept_delete')),
    ),
  );
}

function codeField(flow: SurveyFlow, errors: string[]): HTMLElement {
  return h(
    'div',
    {},
    h('p', {}, t('survey.invitation')),
    textInput({
      field: 'invitation_code',
      label: t('survey.code_label'),
      hint: t('survey.code_hint'),
      value: flow.session.invitation_code,
      autocomplete: 'off',
      errors,
      onInput: (v) => {
        flow.session.invitation_code = v;
        delete flow.session.serverErrors['invitation_code'];
        flow.save();
      },
    }),
  );
}

/**
 * The survey's first page: its title and introduction, that it is anonymous and how long it
 * takes, the invitation code where one is needed, and Start (or Continue, with answers given).
 */
export function introScreen(
  main: HTMLElement,
  flow: SurveyFlow,
  at: { review?: boolean },
  shownErrors?: string[],
): void {
  const { definition } = flow.survey;
  const started = Object.keys(flow.session.answers).length > 0;
  const errors = shownErrors ?? flow.session.serverErrors['invitation_code'] ?? [];
  const invitation = flow.survey.access === 'invitation';
  const start = (): void => {
    const invalid = invitation ? invitationCodeErrors(flow.session.invitation_code) : [];
    if (invalid.length) {
      introScreen(main, flow, at, invalid);
      main.querySelector<HTMLElement>('.error-summary')?.focus();
      return;
    }
    if (at.review) flow.go({ screen: 'review' });
    else
      flow.go(started ? resumeScreen(definition, flow.session.answers) : firstScreen(definition, flow.session.answers));
  };
  const startOver = (): void => {
    if (!confirm(t('survey.start_over_confirm'))) return;
    flow.session = resetSession(flow.slug, flow.survey.version);
    flow.go(firstScreen(definition, flow.session.answers));
  };
  const intro = localText(definition.intro)
    .split(/\n\s*\n/)
    .filter((p) => p.trim());
  main.replaceChildren(
    errorSummary(errors.length ? { invitation_code: errors } : {}) ?? '',
    heading(localText(definition.title)),
    ...intro.map((p, i) => h('p', { class: i === 0 ? 'lead' : null }, p)),
    facts(flow),
    // Not the ones being fixed in this tab (the same client_id): those are the answers above.
    ...flow.kept
      .filter((item) => item.client_id !== flow.session.client_id)
      .map((item) => keptNotice(flow, item, () => flow.go({ screen: 'intro' }, { replace: true }))),
    invitation ? codeField(flow, errors) : '',
    started && !at.review
      ? h('button', { type: 'button', class: 'btn btn-link', onclick: startOver }, t('survey.start_over'))
      : '',
    h(
      'div',
      { class: 'actions sticky survey-actions' },
      h('a', { href: '/', class: 'btn' }, t('common.to_start')),
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', onclick: start },
        t(at.review ? 'survey.save_change' : started ? 'survey.resume' : 'survey.start'),
      ),
    ),
  );
}
