import { ApiError } from '../api/client';
import { getTracking } from '../api/endpoints';
import type { PhotoView, ReportStatus, TimelineEntry, Tracking } from '../api/types';
import { h, icon, type Child } from '../dom';
import { formatDateTime, localName, t, type MessageKey } from '../i18n';
import { rerender, type View } from '../router';
import { errorMessage } from '../ui/errors';
import { categoryIcon, ICONS } from '../ui/icons';
import { failure, heading, loading } from '../ui/page';

/** The workflow's statuses in plain words (GLOSSARY.md); one newer than the app is shown as sent. */
const STATUS: Record<ReportStatus, { name: MessageKey; help: MessageKey }> = {
  new: { name: 'status.new', help: 'status.new_help' },
  triaged: { name: 'status.triaged', help: 'status.triaged_help' },
  in_progress: { name: 'status.in_progress', help: 'status.in_progress_help' },
  referred: { name: 'status.referred', help: 'status.referred_help' },
  resolved: { name: 'status.resolved', help: 'status.resolved_help' },
  closed: { name: 'status.closed', help: 'status.closed_help' },
  rejected: { name: 'status.rejected', help: 'status.rejected_help' },
  duplicate: { name: 'status.duplicate', help: 'status.duplicate_help' },
};

const statusInfo = (status: ReportStatus): { name: MessageKey; help: MessageKey } | undefined =>
  (STATUS as Partial<Record<string, { name: MessageKey; help: MessageKey }>>)[status];

export function statusName(status: ReportStatus): string {
  const known = statusInfo(status);
  return known ? t(known.name) : status;
}

export function statusHelp(status: ReportStatus): string | null {
  const known = statusInfo(status);
  return known ? t(known.help) : null;
}

type Original = NonNullable<Tracking['duplicate_of']>;

/** A message with a case number in it, the number kept on one line ("TRY-2026-000123"). */
function withId(key: MessageKey, id: string): Child[] {
  const [before = '', after = ''] = t(key, { id: '\u0000' }).split('\u0000');
  return [before, h('span', { class: 'nowrap' }, id), after];
}

/** What one public event says; null for a kind the resident is not told about (never an empty line). */
function entryText(e: TimelineEntry, original: Original | null): Child[] | null {
  switch (e.kind) {
    case 'received':
      return [h('p', {}, t('track.event_received'))];
    case 'status_changed':
      return e.status ? [h('p', {}, t('track.event_status', { status: statusName(e.status) }))] : null;
    case 'public_reply':
      return e.text ? [h('p', {}, h('strong', {}, t('track.event_reply'))), h('p', { class: 'quote' }, e.text)] : null;
    case 'marked_duplicate':
      return [
        h('p', {}, ...(original ? withId('track.event_duplicate', original.id) : [t('track.event_duplicate_unknown')])),
      ];
    default:
      return null;
  }
}

function timeline(report: Tracking): HTMLElement {
  const original = report.duplicate_of ?? null;
  const items = [...report.timeline]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((e) => ({ e, text: entryText(e, original) }))
    .filter((x): x is { e: TimelineEntry; text: Child[] } => x.text !== null);
  return h(
    'ol',
    { class: 'timeline' },
    items.map(({ e, text }) =>
      h('li', {}, h('p', { class: 'time' }, h('time', { datetime: e.at }, formatDateTime(e.at))), ...text),
    ),
  );
}

const latestReply = (events: TimelineEntry[]): TimelineEntry | undefined =>
  [...events].filter((e) => e.kind === 'public_reply' && e.text).sort((a, b) => b.at.localeCompare(a.at))[0];

/** "Samma sak hade redan rapporterats": the original's number, where it stands and what was answered. */
function duplicateBox(original: Original): HTMLElement {
  const replies = original.replies.filter((r) => r.text);
  const help = statusHelp(original.status);
  return h(
    'section',
    { class: 'card duplicate-of', 'aria-labelledby': 'duplicate-title' },
    h('h2', { id: 'duplicate-title' }, t('track.duplicate_title')),
    h('p', {}, ...withId('track.duplicate_text', original.id)),
    h(
      'dl',
      { class: 'facts-list' },
      h('dt', {}, ...withId('track.duplicate_status', original.id)),
      h('dd', {}, h('strong', {}, statusName(original.status)), help ? h('span', { class: 'line' }, help) : null),
    ),
    h('h3', {}, ...withId('track.duplicate_replies', original.id)),
    replies.length
      ? h(
          'ol',
          { class: 'timeline' },
          [...replies]
            .sort((a, b) => b.at.localeCompare(a.at))
            .map((r) =>
              h(
                'li',
                {},
                h('p', { class: 'time' }, h('time', { datetime: r.at }, formatDateTime(r.at))),
                h('p', { class: 'quote' }, r.text ?? ''),
              ),
            ),
        )
      : h('p', {}, t('track.duplicate_no_replies')),
  );
}

/** A thumbnail's size (at most 320 px a side), so the page does not jump as the images arrive. */
export function thumbnailSize(p: PhotoView): { width: number; height: number } {
  const scale = Math.min(1, 320 / Math.max(p.width, p.height, 1));
  return { width: Math.round(p.width * scale), height: Math.round(p.height * scale) };
}

/** The photos the municipality has checked and made public, each opening its larger version. */
function photoGallery(photos: PhotoView[]): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'photos-title' },
    h('h2', { id: 'photos-title' }, t('track.photos')),
    h(
      'ul',
      { class: 'photo-gallery' },
      photos.map((p, i) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: p.url },
            h('img', { src: p.thumbnail_url, alt: t('track.photo_alt', { n: i + 1 }), ...thumbnailSize(p) }),
          ),
        ),
      ),
    ),
  );
}

export const trackView: View = async ({ main, params }) => {
  loading(main);
  let report: Tracking | null;
  try {
    report = await getTracking(params['token'] ?? '');
  } catch (e) {
    const msg = e instanceof ApiError ? errorMessage(e) : t('error.unexpected');
    failure(main, t('track.title'), msg, () => void rerender());
    return;
  }
  if (!report) {
    failure(main, t('track.not_found_title'), t('track.not_found'));
    return;
  }
  const help = statusHelp(report.status);
  // A rejection always comes with a reply (the server requires one): it is the next step, so it
  // stands in the status box, not only further down the timeline.
  const reply = report.status === 'rejected' ? latestReply(report.timeline) : undefined;
  main.replaceChildren(
    heading(t('track.title')),
    h(
      'div',
      { class: `status-box status-${report.status}` },
      h('p', { class: 'status-label' }, t('track.status')),
      h('p', { class: 'status-name' }, icon(ICONS.info), statusName(report.status)),
      help ? h('p', {}, help) : null,
      reply
        ? [h('p', { class: 'status-reply-label' }, t('track.reply')), h('p', { class: 'quote' }, reply.text ?? '')]
        : [],
      report.also_reported > 0
        ? h(
            'p',
            { class: 'also-reported' },
            icon(categoryIcon('gathering')),
            t('track.also_reported', { n: report.also_reported }),
          )
        : null,
    ),
    report.duplicate_of ? duplicateBox(report.duplicate_of) : '',
    h(
      'dl',
      { class: 'facts-list' },
      h('dt', {}, t('receipt.reg_no')),
      h('dd', { class: 'reg-no' }, report.id),
      h('dt', {}, t('review.what')),
      h(
        'dd',
        {},
        report.subtype ? `${localName(report.category)} – ${localName(report.subtype)}` : localName(report.category),
      ),
      report.area ? [h('dt', {}, t('receipt.area')), h('dd', {}, report.area.name)] : [],
      h('dt', {}, t('receipt.received')),
      h('dd', {}, formatDateTime(report.received_at)),
    ),
    report.photos.length ? photoGallery(report.photos) : '',
    h('h2', {}, t('track.timeline')),
    timeline(report),
    h('p', { class: 'hint' }, t('track.privacy')),
  );
};
