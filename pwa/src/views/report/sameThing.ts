// "Är det här samma sak?" in the report flow: public open reports of the chosen category near the
// pin, each with "Ja, samma sak – lägg till +1", and "Nej, det här är något annat" to go on. A +1
// replaces the resident's own report (which is then not sent); if it cannot be sent, the resident
// may try again or send their report after all. Reporting itself never waits for any of this.
import type { PlusOneReceipt, PublicReport } from '../../api/types';
import { asApiError } from '../../api/client';
import { h, icon } from '../../dom';
import { formatDate, t } from '../../i18n';
import { forgetPhotos } from '../../offline/photos';
import { addPlusOne, dismissNearby, nearbyDismissed, nearbyReports } from '../../report/nearby';
import { draft, startOver } from '../../report/session';
import { errorMessage } from '../../ui/errors';
import { ICONS } from '../../ui/icons';
import { heading } from '../../ui/page';
import { reportMeta, reportNames, reportWords, type ReportNames } from '../../ui/publicReport';
import { emergencyLine } from '../emergency';
import type { FlowData } from './context';

/** What the thank-you screen needs: the report's number and count, and whether this +1 was new. */
export interface PlusOneDone {
  id: string;
  also_reported: number;
  counted: boolean;
}

/** The +1 was taken: the resident's own report is dropped, with the photos kept for it. */
function plusOneTaken(receipt: PlusOneReceipt, counted: boolean, done: (d: PlusOneDone) => void): void {
  void forgetPhotos(draft().photos ?? []);
  startOver();
  done({ id: receipt.id, also_reported: receipt.also_reported, counted });
}

/** One nearby report with its "+1" button; a failure is said in the item, with the way on. */
function nearbyItem(
  r: PublicReport,
  names: ReportNames,
  goOn: () => void,
  done: (d: PlusOneDone) => void,
): HTMLElement {
  const titleId = `same-${r.id}`;
  const category = names.category(r.category);
  const problem = h('div', { role: 'alert' });
  const sendOwn = h(
    'button',
    { type: 'button', class: 'btn btn-block', hidden: true, onclick: goOn },
    t('same.send_own'),
  );
  const yes = h('button', { type: 'button', class: 'btn btn-primary btn-block' });
  // Several reports give several such buttons: each says which report it is for.
  const label = (text: string): void =>
    yes.replaceChildren(text, h('span', { class: 'visually-hidden' }, `: ${category}, ${formatDate(r.received_at)}`));
  label(t('same.yes'));
  const send = async (): Promise<void> => {
    if (yes.getAttribute('aria-disabled') === 'true') return;
    yes.setAttribute('aria-disabled', 'true');
    label(t('same.sending'));
    problem.replaceChildren();
    try {
      const { receipt, counted } = await addPlusOne(r.id);
      plusOneTaken(receipt, counted, done);
    } catch (e) {
      const error = asApiError(e);
      yes.removeAttribute('aria-disabled');
      label(t('common.retry'));
      // Gone from the public (or refused for good): trying again would not help.
      yes.hidden = !error.transient;
      sendOwn.hidden = false;
      problem.replaceChildren(
        h(
          'p',
          { class: 'inline-warning' },
          icon(ICONS.alert),
          h('span', {}, error.transient ? `${t('same.failed')} ${errorMessage(error)}` : t('same.gone')),
        ),
      );
    }
  };
  yes.addEventListener('click', () => void send());
  return h(
    'li',
    {},
    h(
      'article',
      { class: 'same-report', 'aria-labelledby': titleId },
      h('h3', { id: titleId }, category),
      reportMeta(r, names),
      ...reportWords(r),
      problem,
      yes,
      sendOwn,
    ),
  );
}

function sameThingCard(reports: PublicReport[], data: FlowData, goOn: () => void, done: (d: PlusOneDone) => void) {
  const names = reportNames(data.categories, data.areas);
  return h(
    'section',
    { class: 'card same-thing', 'aria-labelledby': 'same-title' },
    h('h2', { id: 'same-title' }, t('same.title')),
    h('p', {}, t('same.lead', { n: reports.length })),
    h('ul', { class: 'same-list' }, ...reports.map((r) => nearbyItem(r, names, goOn, done))),
    h('button', { type: 'button', class: 'btn btn-block', onclick: goOn }, t('same.no')),
  );
}

/**
 * A place at the top of a step for the card, filled once the server has answered (at once, when it
 * was asked while the category was chosen). Empty when there is nothing near, when offline, on any
 * failure, or when the resident already said no for this place and category. "No" removes the card
 * and moves focus to `next`, the step's own first question.
 */
export function sameThingSlot(
  data: FlowData,
  next: () => HTMLElement | null,
  done: (d: PlusOneDone) => void,
): HTMLElement {
  const slot = h('div', { class: 'same-thing-slot' });
  const announce = h('p', { class: 'visually-hidden', role: 'status' });
  const d = draft();
  if (nearbyDismissed(d)) return slot;
  const goOn = (): void => {
    dismissNearby(draft());
    slot.replaceChildren(announce);
    announce.textContent = t('same.dismissed');
    next()?.focus();
  };
  void nearbyReports(d).then((reports) => {
    if (!reports.length || !slot.isConnected || nearbyDismissed(draft())) return;
    slot.replaceChildren(announce, sameThingCard(reports, data, goOn, done));
    announce.textContent = t('same.found', { n: reports.length });
  });
  return slot;
}

/** "Tack! Kommunen ser att fler har märkt samma sak.": the +1 was taken, no report was sent. */
export function plusOneScreen(main: HTMLElement, result: PlusOneDone, onNew: () => void): void {
  main.replaceChildren(
    h('div', { class: 'success-mark' }, icon(ICONS.check, 'icon icon-large')),
    heading(t('same.thanks_title')),
    h('p', { class: 'lead' }, t(result.counted ? 'same.thanks_counted' : 'same.thanks_already')),
    h(
      'p',
      { class: 'also-reported plus-one-count' },
      icon(ICONS.check),
      t('track.also_reported', { n: result.also_reported }),
    ),
    h('p', {}, t('same.thanks_not_sent')),
    emergencyLine(),
    h('p', {}, h('a', { href: '/karta' }, t('home.public_map'))),
    h(
      'div',
      { class: 'actions' },
      h('a', { href: '/', class: 'btn' }, t('common.to_start')),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: onNew }, t('receipt.new_report')),
    ),
  );
}
