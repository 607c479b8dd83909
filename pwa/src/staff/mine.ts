// "Mina inrapporter" (`/personal/mina`): what waits on this device (pending, or refused on replay
// and kept for fixing) and what the server holds, in cursor pages.
import { getCategories } from '../api/endpoints';
import type { Category, ReportSummary } from '../api/types';
import { h } from '../dom';
import { formatDateTime } from '../i18n';
import type { QueuedInrapport } from '../offline/db';
import { countOthersInrapporter, flush, listInrapportOutbox, removeInrapporter, subscribe } from '../offline/queue';
import { navigate, type View } from '../router';
import { heading, section } from '../ui/page';
import { myInrapporter } from './api';
import { st } from './i18n';
import { reopenInrapport, type InrapportDraft } from './inrapport';
import { categoryLabel, statusName } from './labels';
import { staffErrorMessage } from './login';
import { canFile, requireUser, staffPage } from './session';

function outboxItem(item: QueuedInrapport, userId: number): HTMLElement {
  const draft = item.draft as InrapportDraft;
  const n = draft.nothing_to_report ? 0 : draft.events.length;
  const what = n ? st(n === 1 ? 'mine.events_one' : 'mine.events', { n }) : st('inr.nothing_to_report');
  const messages = [...new Set(Object.values(item.error?.fields ?? {}).flat())];
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, what),
    h('p', { class: 'meta' }, st('mine.saved_at', { at: formatDateTime(item.queued_at) })),
    item.state === 'rejected'
      ? [
          h('p', { class: 'inline-warning' }, st('mine.rejected_help')),
          messages.length
            ? h(
                'ul',
                {},
                messages.map((m) => h('li', {}, m)),
              )
            : h('p', {}, item.error?.message ?? ''),
          h(
            'div',
            { class: 'button-row' },
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-primary',
                onclick: () => {
                  reopenInrapport(userId, draft, item.error?.fields ?? {});
                  navigate('/personal/inrapport');
                },
              },
              st('mine.fix'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'btn',
                onclick: () => {
                  if (confirm(st('mine.confirm_delete'))) void removeInrapporter(userId, item.client_id);
                },
              },
              st('mine.delete'),
            ),
          ),
        ]
      : null,
  );
}

function sentItem(r: ReportSummary, categories: Category[]): HTMLElement {
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, categoryLabel(categories, r.category, r.subtype)),
    h(
      'dl',
      { class: 'facts-list compact' },
      h('dt', {}, st('detail.reg_no')),
      h('dd', { class: 'reg-no' }, r.id),
      h('dt', {}, st('detail.status')),
      h('dd', {}, statusName(r.status)),
      h('dt', {}, st('detail.occurred')),
      h('dd', {}, formatDateTime(r.occurred_at)),
      r.area ? [h('dt', {}, st('detail.area')), h('dd', {}, r.area.name)] : [],
    ),
    h('p', { class: 'queue-excerpt' }, r.excerpt),
  );
}

export const mineView: View = async ({ main }) => {
  const me = await requireUser(main, canFile);
  if (!me) return;
  const categories = await getCategories().catch(() => [] as Category[]);
  const outboxBox = h('div', {});
  const serverList = h('ul', { class: 'report-list' });
  const serverStatus = h('p', { role: 'status' });
  const more = h('button', { type: 'button', class: 'btn btn-block', hidden: true }, st('queue.more'));
  let cursor: string | null = null;
  let items: ReportSummary[] = [];

  const loadPage = async (): Promise<void> => {
    try {
      const page = await myInrapporter(new URLSearchParams({ limit: '50', ...(cursor && { cursor }) }).toString());
      const first = items.length;
      items = [...items, ...page.items];
      cursor = page.next_cursor ?? null;
      serverList.append(...page.items.map((r) => sentItem(r, categories)));
      serverStatus.textContent = items.length
        ? st(items.length === 1 ? 'mine.count_one' : 'mine.count', { n: items.length })
        : st('mine.empty');
      more.hidden = !cursor;
      if (first) serverList.children[first]?.querySelector<HTMLElement>('h3')?.setAttribute('tabindex', '-1');
      if (first) serverList.children[first]?.querySelector<HTMLElement>('h3')?.focus();
    } catch (e) {
      serverStatus.textContent = navigator.onLine ? staffErrorMessage(e) : st('mine.offline');
    }
  };
  more.addEventListener('click', () => void loadPage());

  const renderOutbox = async (): Promise<void> => {
    const [outbox, others] = await Promise.all([listInrapportOutbox(me.id), countOthersInrapporter(me.id)]);
    const rejected = outbox.filter((i) => i.state === 'rejected');
    const pending = outbox.filter((i) => i.state === 'pending');
    const item = (i: QueuedInrapport): HTMLElement => outboxItem(i, me.id);
    outboxBox.replaceChildren(
      rejected.length ? section(st('mine.rejected'), h('ul', { class: 'report-list' }, rejected.map(item))) : '',
      pending.length
        ? section(
            st('mine.pending'),
            h('ul', { class: 'report-list' }, pending.map(item)),
            navigator.onLine
              ? h('button', { type: 'button', class: 'btn', onclick: () => void flush() }, st('mine.send_now'))
              : h('p', {}, st('mine.offline_pending')),
          )
        : '',
      // Another user's wait for them: only how many, never what or whose.
      others
        ? h('p', { class: 'hint others-waiting' }, st(others === 1 ? 'mine.others_one' : 'mine.others', { n: others }))
        : '',
    );
  };

  staffPage(
    main,
    me,
    '/personal/mina',
    heading(st('nav.mine')),
    outboxBox,
    h('section', {}, h('h2', {}, st('mine.sent')), serverStatus, serverList, more),
    h('a', { href: '/personal/inrapport', class: 'btn btn-primary btn-block' }, st('nav.inrapport')),
  );
  await Promise.all([renderOutbox(), loadPage()]);
  return subscribe((s) => {
    void renderOutbox();
    if (s.inrapportJustSent.length) {
      items = [];
      cursor = null;
      serverList.replaceChildren();
      void loadPage();
    }
  });
};
