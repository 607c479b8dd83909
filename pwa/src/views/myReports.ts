import { getAreas, getResidentCategories, getTracking } from '../api/endpoints';
import type { AreaCollection, Category, ReportStatus } from '../api/types';
import { h, icon, type Child } from '../dom';
import { lookupArea } from '../geo';
import { formatDateTime, localName, t } from '../i18n';
import type { QueuedReport, SavedReport } from '../offline/db';
import { photoStatus, type PhotoStatus } from '../offline/photos';
import { excerpt, flush, listOutbox, listReports, removeQueued, subscribe, updateReportStatus } from '../offline/queue';
import { formErrors, stepOf, STEPS } from '../report/draft';
import { startOver } from '../report/session';
import { navigate, type View } from '../router';
import { keptErrorText } from '../ui/errors';
import { ICONS } from '../ui/icons';
import { heading, section } from '../ui/page';
import { photoLines } from './report/done';
import { statusHelp, statusName } from './track';

/** Where a sent report stands now: fetched once per visit of the page from its tracking link. */
type Live = { kind: 'loading' } | { kind: 'ok'; status: ReportStatus } | { kind: 'gone' } | { kind: 'failed' };

interface Reference {
  categories: Category[];
  areas: AreaCollection | null;
}

function categoryName(categories: Category[], slug: string, subtype?: string): string {
  const c = categories.find((x) => x.slug === slug);
  if (!c) return slug;
  const sub = subtype ? c.subtypes.find((s) => s.slug === subtype) : undefined;
  return sub ? `${localName(c)} – ${localName(sub)}` : localName(c);
}

/** The place of a queued report in words: its area (from the pin), or its locality and description. */
function draftPlace(item: QueuedReport, areas: AreaCollection | null): string | null {
  const d = item.draft;
  if (d.mode === 'map' && d.pin) {
    if (!areas) return null;
    return lookupArea(areas, d.pin.lat, d.pin.lon).area?.name ?? t('where.outside_short');
  }
  const locality = areas?.features.find((f) => f.properties.slug === d.locality)?.properties;
  const name = locality ? (locality.kind === 'municipality' ? t('where.countryside') : locality.name) : null;
  const text = d.place_description.trim() ? `”${excerpt(d.place_description)}”` : null;
  return [name, text].filter(Boolean).join(', ') || null;
}

function facts(...rows: [string, Child | null | undefined][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts-list compact' },
    ...rows
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

function fix(item: QueuedReport): void {
  const errors = formErrors(item.error?.fields ?? {}, item.draft);
  if (!Object.keys(errors).length && item.error) errors['review'] = [keptErrorText(item.error)];
  startOver(item.draft, errors);
  const first = STEPS.findIndex((s) => Object.keys(errors).some((f) => stepOf(f) === s));
  navigate('/rapportera', { state: { step: Math.max(first, 0) } });
}

function deleteButton(item: QueuedReport, label: string, onDeleted: () => void): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn',
      id: `delete-${item.client_id}`,
      onclick: () => {
        if (!confirm(t('my.confirm_delete'))) return;
        void removeQueued(item.client_id).then(onDeleted);
      },
    },
    t('my.delete'),
    h('span', { class: 'visually-hidden' }, ` ${label}`),
  );
}

function queuedFacts(item: QueuedReport, ref: Reference): HTMLElement {
  const text = item.draft.description.trim();
  const photos = item.draft.photos?.length ?? 0;
  return facts(
    [t('my.place'), draftPlace(item, ref.areas)],
    [t('my.text'), text ? h('span', { class: 'quote' }, `”${excerpt(text)}”`) : null],
    [t('my.photos'), photos ? String(photos) : null],
  );
}

function rejectedItem(item: QueuedReport, ref: Reference, onDeleted: () => void): HTMLElement {
  const messages = [...new Set(Object.values(item.error?.fields ?? {}).flat())];
  const name = categoryName(ref.categories, item.draft.category, item.draft.subtype);
  const saved = t('my.saved_at', { at: formatDateTime(item.queued_at) });
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, name),
    h('p', { class: 'meta' }, saved),
    queuedFacts(item, ref),
    h('p', { class: 'inline-warning' }, icon(ICONS.alert), h('span', {}, t('my.rejected_help'))),
    messages.length
      ? h(
          'ul',
          {},
          messages.map((m) => h('li', {}, m)),
        )
      : item.error
        ? h('p', {}, keptErrorText(item.error))
        : null,
    h(
      'div',
      { class: 'button-row' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => fix(item) }, t('my.fix')),
      deleteButton(item, `${name}, ${saved}`, onDeleted),
    ),
  );
}

function pendingItem(item: QueuedReport, ref: Reference, onDeleted: () => void): HTMLElement {
  const name = categoryName(ref.categories, item.draft.category, item.draft.subtype);
  const saved = t('my.pending_since', { at: formatDateTime(item.queued_at) });
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, name),
    h('p', { class: 'meta' }, icon(ICONS.clock), saved),
    queuedFacts(item, ref),
    h('div', { class: 'button-row' }, deleteButton(item, `${name}, ${saved}`, onDeleted)),
  );
}

function statusPart(report: SavedReport, live: Live | undefined): HTMLElement {
  const shown = live?.kind === 'ok' ? live.status : report.status;
  const help = statusHelp(shown);
  const note =
    live?.kind === 'loading'
      ? t('my.status_loading')
      : live?.kind === 'gone'
        ? t('track.not_found')
        : live?.kind === 'ok'
          ? null
          : report.checked_at
            ? t('my.status_stale', { at: formatDateTime(report.checked_at) })
            : t('my.status_at_send');
  return h(
    'span',
    { class: 'status-now' },
    h('strong', { class: `status-name-small status-${shown}` }, statusName(shown)),
    help ? h('span', { class: 'line' }, help) : null,
    note ? h('span', { class: 'line hint' }, note) : null,
  );
}

function sentItem(report: SavedReport, ref: Reference, live: Live | undefined, photos?: PhotoStatus): HTMLElement {
  const place = [report.area?.name, report.place_text ? `”${report.place_text}”` : null].filter(Boolean).join(', ');
  return h(
    'li',
    { class: 'card report-card' },
    h('h3', {}, categoryName(ref.categories, report.category, report.subtype)),
    facts(
      [t('receipt.reg_no'), h('span', { class: 'reg-no' }, report.id)],
      [t('my.status'), statusPart(report, live)],
      [t('my.place'), place || null],
      [t('receipt.received'), formatDateTime(report.received_at)],
      [t('my.text'), report.excerpt ? h('span', { class: 'quote' }, `”${report.excerpt}”`) : null],
      [t('my.photos'), report.photos && photos ? h('div', {}, ...photoLines(report.photos, photos)) : null],
    ),
    // No token only for a retry of a report made before tracking tokens were derivable again.
    report.tracking_token
      ? h(
          'a',
          { href: `/folj/${encodeURIComponent(report.tracking_token)}`, class: 'btn btn-block' },
          t('my.follow'),
          h('span', { class: 'visually-hidden' }, ` ${report.id}`),
        )
      : h('p', { class: 'hint' }, t('receipt.no_link')),
  );
}

export const myReportsView: View = async ({ main }) => {
  const [categories, areas] = await Promise.all([
    getResidentCategories().catch(() => [] as Category[]),
    getAreas().catch(() => null),
  ]);
  const ref: Reference = { categories, areas };
  const live = new Map<string, Live>();
  const said = h('p', { class: 'status-text', role: 'status' });
  let closed = false;

  const render = async (): Promise<void> => {
    const [outbox, sent] = await Promise.all([listOutbox(), listReports()]);
    const photos = new Map(
      await Promise.all(sent.filter((r) => r.photos).map(async (r) => [r.id, await photoStatus(r.id)] as const)),
    );
    if (closed) return;
    const rejected = outbox.filter((i) => i.state === 'rejected');
    const pending = outbox.filter((i) => i.state === 'pending');
    refresh(sent);
    const active = main.contains(document.activeElement) ? document.activeElement : null;
    const focused = active?.id;
    const onHeading = active?.tagName === 'H1';
    const onDeleted = (): void => {
      said.textContent = t('my.deleted');
      main.querySelector<HTMLElement>('h1')?.focus();
    };
    main.replaceChildren(
      heading(t('nav.my_reports')),
      h('p', {}, t('my.intro')),
      said,
      rejected.length
        ? section(
            t('my.rejected'),
            h(
              'ul',
              { class: 'report-list' },
              rejected.map((i) => rejectedItem(i, ref, onDeleted)),
            ),
          )
        : '',
      pending.length
        ? section(
            t('my.pending'),
            h(
              'ul',
              { class: 'report-list' },
              pending.map((i) => pendingItem(i, ref, onDeleted)),
            ),
            navigator.onLine
              ? h('button', { type: 'button', class: 'btn', onclick: () => void flush() }, t('queue.send_now'))
              : h('p', {}, t('my.offline', { n: pending.length })),
          )
        : '',
      sent.length
        ? section(
            t('my.sent'),
            h(
              'ul',
              { class: 'report-list' },
              sent.map((r) => sentItem(r, ref, live.get(r.id), photos.get(r.id))),
            ),
          )
        : '',
      outbox.length || sent.length ? '' : h('p', { class: 'empty' }, t('my.empty')),
      h('a', { href: '/rapportera', class: 'btn btn-primary btn-block' }, icon(ICONS.pin), t('home.report')),
    );
    if (focused) document.getElementById(focused)?.focus();
    else if (onHeading) main.querySelector<HTMLElement>('h1')?.focus();
  };

  /** Asks each report's tracking page where it stands now; offline, the last known status stays. */
  function refresh(sent: SavedReport[]): void {
    if (!navigator.onLine) return;
    const todo = sent.filter((r) => r.tracking_token && !live.has(r.id));
    if (!todo.length) return;
    for (const r of todo) live.set(r.id, { kind: 'loading' });
    void Promise.all(
      todo.map(async (r) => {
        try {
          const tracked = await getTracking(r.tracking_token!);
          if (!tracked) {
            live.set(r.id, { kind: 'gone' });
            return;
          }
          live.set(r.id, { kind: 'ok', status: tracked.status });
          await updateReportStatus(r.id, tracked.status);
        } catch {
          live.set(r.id, { kind: 'failed' });
        }
      }),
    ).then(() => void render());
  }

  await render();
  const unsubscribe = subscribe(() => void render());
  return () => {
    closed = true;
    unsubscribe();
  };
};
