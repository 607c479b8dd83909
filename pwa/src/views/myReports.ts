import { getResidentCategories } from '../api/endpoints';
import type { Category } from '../api/types';
import { h, icon } from '../dom';
import { formatDateTime, localName, t } from '../i18n';
import type { QueuedReport, SavedReport } from '../offline/db';
import { flush, listOutbox, listReports, removeQueued, subscribe } from '../offline/queue';
import { formErrors, stepOf, STEPS } from '../report/draft';
import { startOver } from '../report/session';
import { navigate, type View } from '../router';
import { ICONS } from '../ui/icons';
import { heading, section } from '../ui/page';
import { statusName } from './track';

function categoryName(categories: Category[], slug: string): string {
  const c = categories.find((x) => x.slug === slug);
  return c ? localName(c) : slug;
}

function fix(item: QueuedReport): void {
  const errors = formErrors(item.error?.fields ?? {}, item.draft);
  if (!Object.keys(errors).length && item.error) errors['review'] = [item.error.message];
  startOver(item.draft, errors);
  const first = STEPS.findIndex((s) => Object.keys(errors).some((f) => stepOf(f) === s));
  navigate('/rapportera', { state: { step: Math.max(first, 0) } });
}

function rejectedItem(item: QueuedReport, categories: Category[]): HTMLElement {
  const messages = [...new Set(Object.values(item.error?.fields ?? {}).flat())];
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, categoryName(categories, item.draft.category)),
    h('p', { class: 'meta' }, t('my.saved_at', { at: formatDateTime(item.queued_at) })),
    h(
      'p',
      { class: 'inline-warning' },
      icon(ICONS.alert),
      h('span', {}, t('my.rejected_help')),
    ),
    messages.length
      ? h('ul', {}, messages.map((m) => h('li', {}, m)))
      : item.error
        ? h('p', {}, item.error.message)
        : null,
    h(
      'div',
      { class: 'button-row' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => fix(item) }, t('my.fix')),
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onclick: () => {
            if (confirm(t('my.confirm_delete'))) void removeQueued(item.client_id);
          },
        },
        t('my.delete'),
      ),
    ),
  );
}

function pendingItem(item: QueuedReport, categories: Category[]): HTMLElement {
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, categoryName(categories, item.draft.category)),
    h('p', { class: 'meta' }, icon(ICONS.clock), t('my.pending_since', { at: formatDateTime(item.queued_at) })),
  );
}

function sentItem(report: SavedReport, categories: Category[]): HTMLElement {
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, categoryName(categories, report.category)),
    h(
      'dl',
      { class: 'facts-list compact' },
      h('dt', {}, t('receipt.reg_no')),
      h('dd', { class: 'reg-no' }, report.id),
      report.area ? [h('dt', {}, t('receipt.area')), h('dd', {}, report.area.name)] : [],
      h('dt', {}, t('receipt.received')),
      h('dd', {}, formatDateTime(report.received_at)),
      h('dt', {}, t('my.last_status')),
      h('dd', {}, statusName(report.status)),
    ),
    h(
      'a',
      { href: `/folj/${encodeURIComponent(report.tracking_token)}`, class: 'btn btn-block' },
      t('my.follow'),
      h('span', { class: 'visually-hidden' }, ` ${report.id}`),
    ),
  );
}

export const myReportsView: View = async ({ main }) => {
  const categories = await getResidentCategories().catch(() => [] as Category[]);
  const render = async (): Promise<void> => {
    const [outbox, sent] = await Promise.all([listOutbox(), listReports()]);
    const rejected = outbox.filter((i) => i.state === 'rejected');
    const pending = outbox.filter((i) => i.state === 'pending');
    const focused = main.contains(document.activeElement) ? document.activeElement?.id : undefined;
    main.replaceChildren(
      heading(t('nav.my_reports')),
      h('p', {}, t('my.intro')),
      rejected.length
        ? section(t('my.rejected'), h('ul', { class: 'report-list' }, rejected.map((i) => rejectedItem(i, categories))))
        : '',
      pending.length
        ? section(
            t('my.pending'),
            h('ul', { class: 'report-list' }, pending.map((i) => pendingItem(i, categories))),
            navigator.onLine
              ? h('button', { type: 'button', class: 'btn', onclick: () => void flush() }, t('queue.send_now'))
              : h('p', {}, t('my.offline')),
          )
        : '',
      sent.length
        ? section(t('my.sent'), h('ul', { class: 'report-list' }, sent.map((r) => sentItem(r, categories))))
        : '',
      outbox.length || sent.length
        ? ''
        : h('p', { class: 'empty' }, t('my.empty')),
      h('a', { href: '/rapportera', class: 'btn btn-primary btn-block' }, icon(ICONS.pin), t('home.report')),
    );
    if (focused) document.getElementById(focused)?.focus();
  };
  await render();
  return subscribe(() => void render());
};
