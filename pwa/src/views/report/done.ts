import type { ErrorCode } from '../../api/client';
import type { SavedReport } from '../../offline/db';
import type { PhotoStatus } from '../../offline/photos';
import { h, icon } from '../../dom';
import { formatDateTime, t } from '../../i18n';
import { ICONS } from '../../ui/icons';
import { heading } from '../../ui/page';
import { emergencyLine } from '../emergency';

/** The tracking link with copy and (where the phone has it) share. */
function trackingLink(report: SavedReport, url: string, token: string): HTMLElement {
  const status = h('p', { class: 'status-text', role: 'status' });
  const input = h('input', { id: 'tracking-url', type: 'text', readonly: true, value: url });
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = t('receipt.copied');
    } catch {
      // No clipboard permission: select the text so the phone's own copy menu works.
      input.focus();
      input.select();
      status.textContent = t('receipt.copy_manually');
    }
  };
  return h(
    'div',
    { class: 'tracking-link' },
    h('label', { for: 'tracking-url' }, t('receipt.link_label')),
    input,
    h(
      'div',
      { class: 'button-row' },
      h('button', { type: 'button', class: 'btn', onclick: () => void copy() }, icon(ICONS.copy), t('receipt.copy')),
      'share' in navigator
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn',
              onclick: () =>
                void navigator
                  .share({ title: t('receipt.share_title', { id: report.id }), url })
                  .catch(() => undefined),
            },
            icon(ICONS.share),
            t('receipt.share'),
          )
        : null,
    ),
    status,
    h('p', {}, h('a', { href: `/folj/${encodeURIComponent(token)}` }, t('receipt.open_tracking'))),
  );
}

/** How the report's photos fared: sent, still waiting on the device, or refused (and why). */
export function photoLines(total: number, status: PhotoStatus): HTMLElement[] {
  const { waiting, refused } = status;
  const sent = total - waiting - refused.length;
  const reasons = [...new Set(refused.map((r) => r.message))];
  return [
    sent > 0 ? h('p', {}, t('photos.sent', { n: sent })) : null,
    waiting ? h('p', {}, t('photos.waiting', { n: waiting })) : null,
    refused.length
      ? h(
          'p',
          { class: 'inline-warning' },
          icon(ICONS.alert),
          h('span', {}, t('photos.refused', { n: refused.length }), ' ', reasons.join(' ')),
        )
      : null,
  ].filter((p): p is HTMLParagraphElement => p !== null);
}

export function receiptScreen(main: HTMLElement, report: SavedReport, photos: PhotoStatus, onNew: () => void): void {
  main.replaceChildren(
    h('div', { class: 'success-mark' }, icon(ICONS.check, 'icon icon-large')),
    heading(t('receipt.title')),
    h('p', { class: 'lead' }, t('receipt.lead')),
    emergencyLine(),
    h(
      'dl',
      { class: 'facts-list' },
      h('dt', {}, t('receipt.reg_no')),
      h('dd', { class: 'reg-no' }, report.id),
      report.area ? [h('dt', {}, t('receipt.area')), h('dd', {}, report.area.name)] : [],
      h('dt', {}, t('receipt.received')),
      h('dd', {}, formatDateTime(report.received_at)),
    ),
    ...(report.photos ? photoLines(report.photos, photos) : []),
    h('h2', {}, t('receipt.follow')),
    // Without a link only on a retry of a report made before tracking tokens were stored hashed:
    // the first answer, with the link, never reached this phone, and the server cannot make it again.
    ...(report.tracking_url && report.tracking_token
      ? [h('p', {}, t('receipt.follow_help')), trackingLink(report, report.tracking_url, report.tracking_token)]
      : [h('p', {}, t('receipt.no_link'))]),
    h(
      'div',
      { class: 'actions' },
      h('a', { href: '/', class: 'btn' }, t('common.to_start')),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: onNew }, t('receipt.new_report')),
    ),
  );
}

export function queuedScreen(main: HTMLElement, reason: ErrorCode | undefined, photos: number): void {
  main.replaceChildren(
    h('div', { class: 'success-mark' }, icon(ICONS.clock, 'icon icon-large')),
    heading(t('queued.title')),
    h('p', { class: 'lead' }, t(reason === 'network' || reason === undefined ? 'queued.offline' : 'queued.busy')),
    h('p', {}, t('queued.help')),
    photos ? h('p', {}, t('photos.with_report', { n: photos })) : '',
    emergencyLine(),
    h(
      'div',
      { class: 'actions' },
      h('a', { href: '/', class: 'btn' }, t('common.to_start')),
      h('a', { href: '/mina-rapporter', class: 'btn btn-primary' }, t('nav.my_reports')),
    ),
  );
}
