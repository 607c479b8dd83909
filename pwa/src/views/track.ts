import { ApiError } from '../api/client';
import { getTracking } from '../api/endpoints';
import type { TimelineEntry } from '../api/types';
import { h, icon } from '../dom';
import { formatDateTime, localName, t, type MessageKey } from '../i18n';
import { rerender, type View } from '../router';
import { errorMessage } from '../ui/errors';
import { ICONS } from '../ui/icons';
import { failure, heading, loading } from '../ui/page';

/** The workflow's statuses in plain words (GLOSSARY.md); an unknown one is shown as sent. */
const STATUS: Record<string, { name: MessageKey; help: MessageKey } | undefined> = {
  new: { name: 'status.new', help: 'status.new_help' },
  triaged: { name: 'status.triaged', help: 'status.triaged_help' },
  in_progress: { name: 'status.in_progress', help: 'status.in_progress_help' },
  referred: { name: 'status.referred', help: 'status.referred_help' },
  resolved: { name: 'status.resolved', help: 'status.resolved_help' },
  closed: { name: 'status.closed', help: 'status.closed_help' },
  rejected: { name: 'status.rejected', help: 'status.rejected_help' },
  duplicate: { name: 'status.duplicate', help: 'status.duplicate_help' },
};

export function statusName(status: string): string {
  const known = STATUS[status];
  return known ? t(known.name) : status;
}

function entryText(e: TimelineEntry): HTMLElement[] {
  switch (e.kind) {
    case 'received':
      return [h('p', {}, t('track.event_received'))];
    case 'status_changed':
      return [h('p', {}, t('track.event_status', { status: e.status ? statusName(e.status) : '' }))];
    case 'public_reply':
      return [h('p', {}, h('strong', {}, t('track.event_reply'))), h('p', { class: 'quote' }, e.text ?? '')];
    default:
      return [];
  }
}

export const trackView: View = async ({ main, params }) => {
  loading(main);
  let report;
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
  const help = STATUS[report.status]?.help;
  main.replaceChildren(
    heading(t('track.title')),
    h(
      'div',
      { class: `status-box status-${report.status}` },
      h('p', { class: 'status-label' }, t('track.status')),
      h('p', { class: 'status-name' }, icon(ICONS.info), statusName(report.status)),
      help ? h('p', {}, t(help)) : null,
    ),
    h(
      'dl',
      { class: 'facts-list' },
      h('dt', {}, t('receipt.reg_no')),
      h('dd', { class: 'reg-no' }, report.id),
      h('dt', {}, t('review.what')),
      h('dd', {}, report.subtype ? `${localName(report.category)} – ${localName(report.subtype)}` : localName(report.category)),
      report.area ? [h('dt', {}, t('receipt.area')), h('dd', {}, report.area.name)] : [],
      h('dt', {}, t('receipt.received')),
      h('dd', {}, formatDateTime(report.received_at)),
    ),
    h('h2', {}, t('track.timeline')),
    h(
      'ol',
      { class: 'timeline' },
      [...report.timeline]
        .sort((a, b) => b.at.localeCompare(a.at))
        .map((e) => h('li', {}, h('p', { class: 'time' }, h('time', { datetime: e.at }, formatDateTime(e.at))), ...entryText(e))),
    ),
    h('p', { class: 'hint' }, t('track.privacy')),
  );
};
