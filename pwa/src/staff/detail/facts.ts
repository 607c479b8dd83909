// The report's fields as definition lists: the report itself, an inrapport's own fields, and the
// reporter's contact details. Empty values are left out.
import type { Category, ReportDetail } from '../../api/types';
import { h, type Child } from '../../dom';
import { formatDate, formatDateTime, formatNumber, t } from '../../i18n';
import { st, type StaffKey } from '../i18n';
import { categoryLabel, groupName, priorityName, sourceName, statusName } from '../labels';

type Inrapport = NonNullable<ReportDetail['inrapport']>;
type Contact = NonNullable<ReportDetail['contact']>;

const yesNo = (v: boolean | null | undefined): string =>
  v === null || v === undefined ? st('detail.unknown') : v ? t('common.yes') : t('common.no');

function facts(rows: [string, Child | number][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts-list' },
    rows
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'number' ? String(v) : v)]),
  );
}

export const reportLink = (id: string): HTMLElement =>
  h('a', { href: `/personal/rapport/${encodeURIComponent(id)}`, class: 'reg-no' }, id);

/** The page's heading: case number and category. */
export const reportTitle = (r: ReportDetail, categories: Category[]): string =>
  `${r.id} · ${categoryLabel(categories, r.category, r.subtype)}`;

const position = (r: ReportDetail): string =>
  `${formatNumber(r.lat, 5)}, ${formatNumber(r.lon, 5)}${r.accuracy_m ? ` (±\u00a0${Math.round(r.accuracy_m)}\u00a0m)` : ''}`;

/** A report sent within this long of when it happened was sent "now": its time is real. */
const NOW_MS = 15 * 60_000;

/**
 * When it happened, as the reporter gave it. A resident chooses "now" (the time is then the real
 * one) or a date and perhaps a time of day; the app stores an hour for the latter (19:00 for
 * "kväll"), which is not shown as if someone had said it. Staff and imports give a real time.
 */
export function occurredText(r: ReportDetail): string {
  if (r.source !== 'pwa') return formatDateTime(r.occurred_at);
  const tod = r.time_of_day ? st(`tod.${r.time_of_day}`) : null;
  if (Math.abs(Date.parse(r.received_at) - Date.parse(r.occurred_at)) <= NOW_MS)
    return st('detail.occurred_now', { at: formatDateTime(r.occurred_at) });
  const date = formatDate(r.occurred_at);
  return tod ? st('detail.occurred_tod', { date, tod }) : st('detail.occurred_date', { date });
}

export function reportFacts(r: ReportDetail): HTMLElement {
  return facts([
    [st('detail.status'), h('span', { class: `badge status-${r.status}` }, statusName(r.status))],
    [st('detail.priority'), priorityName(r.priority)],
    [st('detail.group'), groupName(r.assigned_group)],
    [st('detail.area'), r.area?.name ?? st('detail.unknown')],
    [st('detail.source'), sourceName(r.source)],
    [st('detail.organisation'), r.organisation ?? null],
    [st('detail.received'), formatDateTime(r.received_at)],
    [st('detail.occurred'), occurredText(r)],
    [st('detail.recurring'), yesNo(r.recurring)],
    [st('detail.feeling'), r.feeling ? t(`feeling.${r.feeling}` as 'feeling.1') : null],
    [st('detail.position'), position(r)],
    [st('detail.place'), r.place_description ?? null],
    [st('detail.duplicate_of'), r.duplicate_of ? reportLink(r.duplicate_of) : null],
    [st('detail.duplicates'), r.duplicate_count ? `+${r.duplicate_count}` : null],
    [
      st('detail.public'),
      !r.public_visible ? st('detail.public_no') : r.public_exact ? st('detail.public_exact') : st('detail.public_yes'),
    ],
    [st('detail.public_description'), r.public_description ?? null],
    [st('detail.updated'), formatDateTime(r.updated_at)],
  ]);
}

export function inrapportFacts(inr: Inrapport): HTMLElement {
  return h(
    'section',
    {},
    h('h2', {}, st('detail.inrapport')),
    facts([
      [st('inr.occurred_until'), inr.occurred_until ? formatDateTime(inr.occurred_until) : null],
      [st('inr.people_count'), inr.people_count ?? null],
      [st('inr.age_band'), inr.age_band ? st(`age.${inr.age_band}` as StaffKey) : null],
      [st('inr.assessment'), st(`assessment.${inr.assessment}` as StaffKey)],
      [st('inr.observation'), st(`observation.${inr.observation}` as StaffKey)],
      [st('inr.police_report_made'), yesNo(inr.police_report_made)],
      [st('inr.police_report_number'), inr.police_report_number ?? null],
      [st('inr.rescue_case_number'), inr.rescue_case_number ?? null],
      [st('inr.action_taken'), inr.action_taken ?? null],
      [
        st('inr.damage_cost_sek'),
        inr.damage_cost_sek !== null && inr.damage_cost_sek !== undefined ? `${inr.damage_cost_sek} kr` : null,
      ],
      [st('inr.follow_up_by'), inr.follow_up_by ?? null],
    ]),
  );
}

export function contactFacts(contact: Contact): HTMLElement {
  return h(
    'section',
    {},
    h('h2', {}, st('detail.contact')),
    facts([
      [t('contact.name'), contact.name ?? null],
      [t('contact.email'), contact.email ? h('a', { href: `mailto:${contact.email}` }, contact.email) : null],
      [t('contact.phone'), contact.phone ? h('a', { href: `tel:${contact.phone}` }, contact.phone) : null],
    ]),
  );
}
