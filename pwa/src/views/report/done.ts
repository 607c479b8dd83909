import type { ErrorCode } from '../../api/client';
import type { SavedReport } from '../../offline/db';
import { h, icon } from '../../dom';
import { formatDateTime, t } from '../../i18n';
import { ICONS } from '../../ui/icons';
import { heading } from '../../ui/page';

/** The tracking link with copy and (where the phone has it) share. */
function trackingLink(report: SavedReport): HTMLElement {
  const status = h('p', { class: 'status-text', role: 'status' });
  const input = h('input', { id: 'tracking-url', type: 'text', readonly: true, value: report.tracking_url });
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(report.tracking_url);
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
                  .share({ title: t('receipt.share_title', { id: report.id }), url: report.tracking_url })
                  .catch(() => undefined),
            },
            icon(ICONS.share),
            t('receipt.share'),
          )
        : null,
    ),
    status,
    h('p', {}, h('a', { href: `/folj/${encodeURIComponent(report.tracking_token)}` }, t('receipt.open_tracking'))),
  );
}

export function receiptScreen(main: HTMLElement, report: SavedReport, onNew: () => void): void {
  main.replaceChildren(
    h('div', { class: 'success-mark' }, icon(ICONS.check, 'icon icon-large')),
    heading(t('receipt.title')),
    h('p', { class: 'lead' }, t('receipt.lead')),
    h(
      'dl',
      { class: 'facts-list' },
      h('dt', {}, t('receipt.reg_no')),
      h('dd', { class: 'reg-no' }, report.id),
      report.area ? [h('dt', {}, t('receipt.area')), h('dd', {}, report.area.name)] : [],
      h('dt', {}, t('receipt.received')),
      h('dd', {}, formatDateTime(report.received_at)),
    ),
    h('h2', {}, t('receipt.follow')),
    h('p', {}, t('receipt.follow_help')),
    trackingLink(report),
    h(
      'div',
      { class: 'actions' },
      h('a', { href: '/', class: 'btn' }, t('common.to_start')),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: onNew }, t('receipt.new_report')),
    ),
  );
}

export function queuedScreen(main: HTMLElement, reason: ErrorCode | undefined): void {
  main.replaceChildren(
    h('div', { class: 'success-mark' }, icon(ICONS.clock, 'icon icon-large')),
    heading(t('queued.title')),
    h('p', { class: 'lead' }, t(reason === 'rate_limited' || reason === 'unavailable' ? 'queued.busy' : 'queued.offline')),
    h('p', {}, t('queued.help')),
    h(
      'div',
      { class: 'actions' },
      h('a', { href: '/', class: 'btn' }, t('common.to_start')),
      h('a', { href: '/mina-rapporter', class: 'btn btn-primary' }, t('nav.my_reports')),
    ),
  );
}
