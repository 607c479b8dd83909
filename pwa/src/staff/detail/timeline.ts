// The report's timeline, newest first: what happened, who did it and when, and whether the
// resident sees it (public) or only staff (internal).
import type { Category, ReportDetail, StaffTimelineEvent } from '../../api/types';
import { h, type Child } from '../../dom';
import { formatDateTime } from '../../i18n';
import { st } from '../i18n';
import { asPriority, categoryLabel, groupName, priorityName, statusName } from '../labels';
import { reportLink } from './facts';

function eventText(e: StaffTimelineEvent, categories: Category[], duplicateOf: string | null): Child[] {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const str = (k: string): string | null => {
    const v = data[k];
    return typeof v === 'string' ? v : null;
  };
  switch (e.kind) {
    case 'received':
      return [st('event.received')];
    case 'status_changed':
      return [st('event.status', { status: e.status ? statusName(e.status) : '' })];
    case 'priority_changed':
      return [st('event.priority', { priority: priorityName(asPriority(str('priority') ?? e.text)) })];
    case 'assigned':
      return [st('event.assigned', { group: groupName(str('group')) })];
    case 'categorised':
      return [
        st('event.categorised', {
          category: str('category') ? categoryLabel(categories, str('category')!, str('subtype')) : '',
        }),
      ];
    case 'note':
      return [h('strong', {}, st('event.note')), h('p', { class: 'quote' }, e.text ?? '')];
    case 'public_reply':
      return [h('strong', {}, st('event.public_reply')), h('p', { class: 'quote' }, e.text ?? '')];
    // The event data holds internal row ids, not registration numbers: the original is linked from
    // the report's own `duplicate_of`.
    case 'marked_duplicate':
      return [st('event.marked_duplicate'), ...(duplicateOf ? [' ', reportLink(duplicateOf), '.'] : ['.'])];
    case 'duplicate_added':
      return [st('event.duplicate_added')];
    case 'moderated':
      return [st('event.moderated'), e.text ? h('p', { class: 'quote' }, st('event.reason', { reason: e.text })) : ''];
    case 'photo_added':
      return [st('event.photo_added')];
    case 'photo_hidden':
      return [st('event.photo_hidden')];
    case 'photo_shown':
      return [st('event.photo_shown')];
    case 'photo_redacted':
      return [st('event.photo_redacted')];
    case 'plus_one':
      return [st('event.plus_one')];
    default:
      // A kind newer than this copy of the app.
      return [String((e as { kind: unknown }).kind), e.text ? h('p', { class: 'quote' }, e.text) : ''];
  }
}

/**
 * Staff by name; the server writes `reporter` for the one who sent the report (for an inrapport,
 * the staff member who wrote it), nothing for itself.
 */
const actorName = (e: StaffTimelineEvent, r: ReportDetail): string =>
  e.actor_user_id !== null && e.actor_user_id !== undefined && e.actor
    ? e.actor
    : e.actor === 'reporter'
      ? r.source === 'staff'
        ? st('event.inrapport_author')
        : st('event.reporter')
      : (e.actor ?? st('event.system'));

/**
 * Who sees the event: the reporter on the tracking page, or only staff. An inrapport has no
 * tracking page, so everything on it is internal.
 */
const seenByReporter = (e: StaffTimelineEvent, r: ReportDetail): boolean => e.public && r.source !== 'staff';

function timelineEvent(e: StaffTimelineEvent, r: ReportDetail, categories: Category[]): HTMLElement {
  const duplicateOf = r.duplicate_of ?? null;
  const seen = seenByReporter(e, r);
  return h(
    'li',
    { class: `event event-${e.kind}` },
    h(
      'p',
      { class: 'time' },
      h('time', { datetime: e.at }, formatDateTime(e.at)),
      ' · ',
      h('span', { class: 'actor' }, actorName(e, r)),
      ' ',
      h(
        'span',
        { class: `badge ${seen ? 'badge-public' : 'badge-internal'}` },
        seen ? st('event.public') : st('event.internal'),
      ),
    ),
    h('div', {}, ...eventText(e, categories, duplicateOf)),
  );
}

export function timeline(r: ReportDetail, categories: Category[]): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, st('detail.timeline')),
    h(
      'ol',
      { class: 'timeline staff-timeline' },
      [...r.timeline].sort((a, b) => b.at.localeCompare(a.at)).map((e) => timelineEvent(e, r, categories)),
    ),
  );
}
