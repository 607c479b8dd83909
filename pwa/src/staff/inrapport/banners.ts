// The banners above the inrapport form: what waits in the outbox (or was refused there), what
// has just been sent, and the outcome of the last send.
import { h } from '../../dom';
import type { SentInrapport } from '../../offline/db';
import { listInrapportOutbox, type InrapportOutcome } from '../../offline/queue';
import { st, type StaffKey } from '../i18n';

function pendingBox(pending: number, rejected: number, sent: SentInrapport[]): HTMLElement {
  return h(
    'div',
    { class: 'inr-queue' },
    pending
      ? h(
          'p',
          { class: 'banner banner-pending' },
          st(pending === 1 ? 'inr.pending_one' : 'inr.pending', { n: pending }),
          ' ',
          navigator.onLine ? '' : st(pending === 1 ? 'inr.pending_offline_one' : 'inr.pending_offline'),
        )
      : null,
    rejected
      ? h(
          'p',
          { class: 'banner banner-error' },
          st(rejected === 1 ? 'inr.rejected_one' : 'inr.rejected', { n: rejected }),
          ' ',
          h('a', { href: '/personal/mina' }, st('nav.mine')),
        )
      : null,
    sent.length
      ? h(
          'p',
          { class: 'banner banner-ok' },
          st('inr.just_sent', { ids: sent.flatMap((s) => s.reports).join(', ') || st('inr.nothing') }),
        )
      : null,
  );
}

/**
 * The outbox's banners for `userId`'s own inrapporter; `show` reads the outbox again, `sent` are
 * those just sent from it.
 */
export function createQueueBox(userId: number): { el: HTMLElement; show: (sent?: SentInrapport[]) => Promise<void> } {
  const el = h('div', { role: 'status' });
  const show = async (sent: SentInrapport[] = []): Promise<void> => {
    const items = await listInrapportOutbox(userId);
    el.replaceChildren(
      pendingBox(
        items.filter((i) => i.state === 'pending').length,
        items.filter((i) => i.state === 'rejected').length,
        sent,
      ),
    );
  };
  return { el, show };
}

/** How the photos of an inrapport just sent fared, one line for each outcome there was. */
function photoLines(photos: SentInrapport['photos']): HTMLElement[] {
  if (!photos) return [];
  const lines: [StaffKey, number][] = [
    ['inr.photos_sent', photos.sent],
    ['inr.photos_waiting', photos.waiting],
    ['inr.photos_refused', photos.refused],
  ];
  return lines.filter(([, n]) => n > 0).map(([key, n]) => h('p', {}, st(key, { n })));
}

/** Sent: the registration numbers (linked for those who may open them). Queued: why it waits. */
export function resultBanner(
  outcome: Exclude<InrapportOutcome, { kind: 'rejected' }>,
  linkReports: boolean,
): HTMLElement {
  if (outcome.kind === 'sent') {
    return h(
      'div',
      { class: 'banner banner-ok inr-result', tabindex: '-1' },
      h('p', {}, h('strong', {}, st('inr.sent_title'))),
      outcome.receipt.reports.length
        ? h(
            'p',
            {},
            st('inr.sent_ids'),
            ' ',
            ...outcome.receipt.reports.flatMap((id, k) => [
              k ? ', ' : '',
              linkReports
                ? h('a', { href: `/personal/rapport/${id}`, class: 'reg-no' }, id)
                : h('span', { class: 'reg-no' }, id),
            ]),
          )
        : h('p', {}, st('inr.sent_nothing')),
      ...photoLines(outcome.receipt.photos),
    );
  }
  return h(
    'div',
    { class: 'banner banner-pending inr-result', tabindex: '-1' },
    h('p', {}, h('strong', {}, st('inr.queued_title'))),
    h(
      'p',
      {},
      outcome.error.status === 0
        ? st('inr.queued_offline')
        : outcome.error.code === 'unauthorized'
          ? st('inr.queued_login')
          : st('inr.queued_busy'),
    ),
  );
}
