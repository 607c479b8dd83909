// One report for the coordinator (`/personal/rapport/{id}`): every field, the timeline with who and
// when, and a form per action. 409 (not allowed from this status) and 422 (field errors, e.g.
// personal data in a public reply) are shown at the form that caused them.
import { ApiError, type FieldErrors } from '../api/client';
import { getCategories } from '../api/endpoints';
import type { Category, Me, ReportDetail, ReportStatus, StaffTimelineEvent, TriageAction } from '../api/types';
import { h, type Child } from '../dom';
import { formatDateTime, formatNumber, localName, t } from '../i18n';
import { rerender, type View } from '../router';
import { checkbox, radioGroup, textArea, textInput } from '../ui/form';
import { failure, heading, loading } from '../ui/page';
import { act, getReportDetail } from './api';
import { busyForm, formProblems, selectField } from './fields';
import { st, type StaffKey } from './i18n';
import { categoryLabel, GROUPS, groupName, PRIORITIES, priorityName, sourceName, statusName } from './labels';
import { staffErrorMessage } from './login';
import { QUEUE_KEY } from './queue';
import { canReadQueue, canTriage, requireUser, staffPage } from './session';

const yesNo = (v: boolean | null | undefined): string => (v === null || v === undefined ? st('detail.unknown') : v ? t('common.yes') : t('common.no'));

function facts(rows: [string, Child | number][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts-list' },
    rows.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'number' ? String(v) : v)]),
  );
}

const reportLink = (id: string): HTMLElement => h('a', { href: `/personal/rapport/${encodeURIComponent(id)}`, class: 'reg-no' }, id);

function eventText(e: StaffTimelineEvent, categories: Category[], duplicateOf: string | null): Child[] {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const str = (k: string): string | null => (typeof data[k] === 'string' ? (data[k] as string) : null);
  switch (e.kind) {
    case 'received':
      return [st('event.received')];
    case 'status_changed':
      return [st('event.status', { status: statusName(e.status ?? '') })];
    case 'priority_changed':
      return [st('event.priority', { priority: priorityName(str('priority') ?? e.text) })];
    case 'assigned':
      return [st('event.assigned', { group: groupName(str('group')) })];
    case 'categorised':
      return [st('event.categorised', { category: str('category') ? categoryLabel(categories, str('category')!, str('subtype')) : '' })];
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
    default:
      return [e.kind, e.text ? h('p', { class: 'quote' }, e.text) : ''];
  }
}

/** Staff by name; the server writes `reporter` for the one who sent the report, nothing for itself. */
const actorName = (e: StaffTimelineEvent): string =>
  e.actor_user_id !== null && e.actor_user_id !== undefined && e.actor ? e.actor : e.actor === 'reporter' ? st('event.reporter') : (e.actor ?? st('event.system'));

function timeline(r: ReportDetail, categories: Category[]): HTMLElement {
  return h(
    'ol',
    { class: 'timeline staff-timeline' },
    [...r.timeline]
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((e) =>
        h(
          'li',
          { class: `event event-${e.kind}` },
          h(
            'p',
            { class: 'time' },
            h('time', { datetime: e.at }, formatDateTime(e.at)),
            ' · ',
            h('span', { class: 'actor' }, actorName(e)),
            ' ',
            h('span', { class: `badge ${e.public ? 'badge-public' : 'badge-internal'}` }, e.public ? st('event.public') : st('event.internal')),
          ),
          h('div', {}, ...eventText(e, categories, r.duplicate_of ?? null)),
        ),
      ),
  );
}

const isAction = (a: TriageAction | FieldErrors): a is TriageAction => typeof (a as { action?: unknown }).action === 'string';

interface ActionForm {
  key: string;
  title: StaffKey;
  submit: StaffKey;
  /** The form's fields; `errors` are the server's (or the form's own) messages by field. */
  fields: (errors: FieldErrors) => Child[];
  /** The action to send, or field errors to show without sending. */
  build: () => TriageAction | FieldErrors;
  done: (r: ReportDetail) => string;
}

function actionForms(r: ReportDetail, categories: Category[]): ActionForm[] {
  const s = {
    status: (r.allowed_next[0] ?? '') as ReportStatus | '',
    comment: '',
    priority: r.priority ?? 'normal',
    group: r.assigned_group ?? '',
    category: r.category,
    subtype: r.subtype ?? '',
    note: '',
    reply: '',
    of: '',
    visible: r.public_visible,
    publicText: r.public_description ?? '',
    removeRedaction: false,
    reason: '',
  };
  const need = (field: string, value: string, key: StaffKey): FieldErrors => (value.trim() ? {} : { [field]: [st(key)] });
  const subtypes = (): [string, string][] => [
    ['', st('detail.no_subtype')],
    ...(categories.find((c) => c.slug === s.category)?.subtypes ?? []).map((x): [string, string] => [x.slug, localName(x)]),
  ];
  return [
    {
      key: 'status',
      title: 'action.status',
      submit: 'action.status_submit',
      fields: (errors) =>
        r.allowed_next.length
          ? [
              radioGroup({
                field: 'status.status',
                legend: st('action.status_to', { status: statusName(r.status) }),
                choices: r.allowed_next.map((x) => ({ value: x, label: statusName(x) })),
                value: s.status,
                errors: errors['status.status'],
                onChange: (v) => (s.status = v as ReportStatus),
              }),
              textArea({ field: 'status.comment', label: st('action.comment'), hint: st('action.comment_hint'), rows: 2, value: s.comment, errors: errors['status.comment'], onInput: (v) => (s.comment = v) }),
            ]
          : [h('p', {}, st('action.status_none'))],
      build: () => (s.status ? { action: 'status', status: s.status, ...(s.comment.trim() && { comment: s.comment.trim() }) } : { 'status.status': [st('action.choose_status')] }),
      done: (d) => st('done.status', { status: statusName(d.status) }),
    },
    {
      key: 'priority',
      title: 'action.priority',
      submit: 'action.save',
      fields: (errors) => [
        selectField({ field: 'priority.priority', label: st('action.priority'), value: s.priority, options: PRIORITIES.map((p): [string, string] => [p, priorityName(p)]), errors: errors['priority.priority'], onChange: (v) => (s.priority = v) }),
      ],
      build: () => ({ action: 'priority', priority: s.priority as (typeof PRIORITIES)[number] }),
      done: (d) => st('done.priority', { priority: priorityName(d.priority) }),
    },
    {
      key: 'assign',
      title: 'action.assign',
      submit: 'action.save',
      fields: (errors) => [
        selectField({ field: 'assign.group', label: st('action.group'), value: s.group, options: [['', st('group.none')], ...GROUPS.map((g): [string, string] => [g, groupName(g)])], errors: errors['assign.group'], onChange: (v) => (s.group = v) }),
      ],
      build: () => ({ action: 'assign', group: s.group || null, user_id: null }),
      done: (d) => st('done.assign', { group: groupName(d.assigned_group) }),
    },
    {
      key: 'categorise',
      title: 'action.categorise',
      submit: 'action.save',
      fields: (errors) => {
        const sub = h('div', {});
        const renderSub = (): void => {
          sub.replaceChildren(
            selectField({ field: 'categorise.subtype', label: st('action.subtype'), value: s.subtype, options: subtypes(), errors: errors['categorise.subtype'], onChange: (v) => (s.subtype = v) }),
          );
        };
        renderSub();
        return [
          selectField({
            field: 'categorise.category',
            label: st('action.category'),
            value: s.category,
            options: categories.map((c): [string, string] => [c.slug, localName(c)]),
            errors: errors['categorise.category'],
            onChange: (v) => {
              s.category = v;
              s.subtype = '';
              renderSub();
            },
          }),
          sub,
        ];
      },
      build: () => ({ action: 'categorise', category: s.category, subtype: s.subtype || null }),
      done: (d) => st('done.categorise', { category: categoryLabel(categories, d.category, d.subtype) }),
    },
    {
      key: 'note',
      title: 'action.note',
      submit: 'action.note_submit',
      fields: (errors) => [textArea({ field: 'note.text', label: st('action.note_label'), hint: st('action.note_hint'), rows: 3, value: s.note, errors: errors['note.text'], onInput: (v) => (s.note = v) })],
      build: () => {
        const missing = need('note.text', s.note, 'action.text_missing');
        return Object.keys(missing).length ? missing : { action: 'note', text: s.note.trim() };
      },
      done: () => st('done.note'),
    },
    {
      key: 'reply',
      title: 'action.reply',
      submit: 'action.reply_submit',
      fields: (errors) => [textArea({ field: 'reply.text', label: st('action.reply_label'), hint: st('action.reply_hint'), rows: 3, value: s.reply, errors: errors['reply.text'], onInput: (v) => (s.reply = v) })],
      build: () => {
        const missing = need('reply.text', s.reply, 'action.text_missing');
        return Object.keys(missing).length ? missing : { action: 'public_reply', text: s.reply.trim() };
      },
      done: () => st('done.reply'),
    },
    {
      key: 'duplicate',
      title: 'action.duplicate',
      submit: 'action.duplicate_submit',
      fields: (errors) => [textInput({ field: 'duplicate.of', label: st('action.duplicate_of'), hint: st('action.duplicate_hint'), value: s.of, errors: errors['duplicate.of'], onInput: (v) => (s.of = v) })],
      build: () => {
        const missing = need('duplicate.of', s.of, 'action.of_missing');
        return Object.keys(missing).length ? missing : { action: 'duplicate', of: s.of.trim().toUpperCase() };
      },
      done: (d) => st('done.duplicate', { id: d.duplicate_of ?? s.of }),
    },
    {
      key: 'moderate',
      title: 'action.moderate',
      submit: 'action.save',
      fields: (errors) => [
        checkbox({ field: 'moderate.public_visible', label: st('action.public_visible'), checked: s.visible, errors: errors['moderate.public_visible'], onChange: (v) => (s.visible = v) }),
        textArea({ field: 'moderate.public_description', label: st('action.public_description'), hint: st('action.public_description_hint'), rows: 3, value: s.publicText, errors: errors['moderate.public_description'], onInput: (v) => (s.publicText = v) }),
        checkbox({ field: 'moderate.remove_redaction', label: st('action.remove_redaction'), checked: s.removeRedaction, errors: errors['moderate.remove_redaction'], onChange: (v) => (s.removeRedaction = v) }),
        textArea({ field: 'moderate.reason', label: st('action.reason'), hint: st('action.reason_hint'), rows: 2, value: s.reason, errors: errors['moderate.reason'], onInput: (v) => (s.reason = v) }),
      ],
      build: () => {
        const missing = need('moderate.reason', s.reason, 'action.reason_missing');
        if (Object.keys(missing).length) return missing;
        const text = s.publicText.trim();
        return {
          action: 'moderate',
          public_visible: s.visible,
          reason: s.reason.trim(),
          ...(s.removeRedaction ? { remove_redaction: true } : text && text !== (r.public_description ?? '') ? { public_description: text } : {}),
        };
      },
      done: () => st('done.moderate'),
    },
  ];
}

function renderDetail(main: HTMLElement, me: Me, r: ReportDetail, categories: Category[], notice: string): void {
  const triage = canTriage(me.role);
  const back = ((): string => {
    try {
      return sessionStorage.getItem(QUEUE_KEY) ?? '/personal/ko';
    } catch {
      return '/personal/ko';
    }
  })();
  const noticeEl = h('p', { class: 'banner banner-ok detail-notice', role: 'status', tabindex: '-1' }, notice);
  if (!notice) noticeEl.classList.add('is-empty');

  const formSection = (f: ActionForm): HTMLElement => {
    const sectionEl = h('section', { class: 'card action-card', 'aria-labelledby': `action-${f.key}` });
    const draw = (errors: FieldErrors, message: string): void => {
      const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st(f.submit));
      const onSubmit = async (): Promise<void> => {
        const action = f.build();
        if (!isAction(action)) {
          draw(action, '');
          sectionEl.querySelector<HTMLElement>('.error-summary')?.focus();
          return;
        }
        try {
          const updated = await act(r.id, action);
          renderDetail(main, me, updated, categories, f.done(updated));
          main.querySelector<HTMLElement>('.detail-notice')?.focus();
        } catch (err) {
          if (err instanceof ApiError && err.code === 'conflict') {
            draw({}, st('action.conflict', { allowed: err.allowed.length ? err.allowed.map(statusName).join(', ') : st('queue.none') }));
          } else if (err instanceof ApiError && Object.keys(err.fields).length) {
            draw(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [`${f.key}.${k}`, v])), '');
          } else draw({}, staffErrorMessage(err));
          sectionEl.querySelector<HTMLElement>('.error-summary')?.focus();
        }
      };
      sectionEl.replaceChildren(
        h('h3', { id: `action-${f.key}` }, st(f.title)),
        formProblems(message, errors) ?? '',
        busyForm({ button, busyText: st('action.saving'), onSubmit }, ...f.fields(errors), h('div', { class: 'button-row' }, button)),
      );
    };
    draw({}, '');
    return sectionEl;
  };

  const inr = r.inrapport;
  staffPage(
    main,
    me,
    '',
    h('p', {}, h('a', { href: back }, st('detail.back'))),
    heading(`${r.id} · ${categoryLabel(categories, r.category, r.subtype)}`),
    noticeEl,
    r.screening_flags.length ? h('p', { class: 'inline-warning' }, st('detail.flagged', { flags: r.screening_flags.join(', ') })) : null,
    facts([
      [st('detail.status'), h('span', { class: `badge status-${r.status}` }, statusName(r.status))],
      [st('detail.priority'), priorityName(r.priority)],
      [st('detail.group'), groupName(r.assigned_group)],
      [st('detail.area'), r.area?.name ?? st('detail.unknown')],
      [st('detail.source'), sourceName(r.source)],
      [st('detail.organisation'), r.organisation ?? null],
      [st('detail.received'), formatDateTime(r.received_at)],
      [st('detail.occurred'), formatDateTime(r.occurred_at)],
      [st('detail.time_of_day'), r.time_of_day ? t(`when.${r.time_of_day}` as 'when.day') : null],
      [st('detail.recurring'), yesNo(r.recurring)],
      [st('detail.feeling'), r.feeling ? t(`feeling.${r.feeling}` as 'feeling.1') : null],
      [st('detail.position'), `${formatNumber(r.lat, 5)}, ${formatNumber(r.lon, 5)}${r.accuracy_m ? ` (± ${Math.round(r.accuracy_m)} m)` : ''}`],
      [st('detail.place'), r.place_description ?? null],
      [st('detail.duplicate_of'), r.duplicate_of ? reportLink(r.duplicate_of) : null],
      [st('detail.duplicates'), r.duplicate_count ? `+${r.duplicate_count}` : null],
      [st('detail.public'), r.public_visible ? st('detail.public_yes') : st('detail.public_no')],
      [st('detail.public_description'), r.public_description ?? null],
      [st('detail.updated'), formatDateTime(r.updated_at)],
    ]),
    h('h2', {}, st('detail.description')),
    h('p', { class: 'quote description' }, r.description),
    inr
      ? h(
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
            [st('inr.damage_cost_sek'), inr.damage_cost_sek !== null && inr.damage_cost_sek !== undefined ? `${inr.damage_cost_sek} kr` : null],
            [st('inr.follow_up_by'), inr.follow_up_by ?? null],
          ]),
        )
      : null,
    r.contact
      ? h(
          'section',
          {},
          h('h2', {}, st('detail.contact')),
          facts([
            [t('contact.name'), r.contact.name ?? null],
            [t('contact.email'), r.contact.email ? h('a', { href: `mailto:${r.contact.email}` }, r.contact.email) : null],
            [t('contact.phone'), r.contact.phone ? h('a', { href: `tel:${r.contact.phone}` }, r.contact.phone) : null],
          ]),
        )
      : null,
    h('section', { 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, st('detail.timeline')), timeline(r, categories)),
    triage ? h('section', { class: 'actions-list', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, st('detail.actions')), actionForms(r, categories).map(formSection)) : null,
  );
}

export const detailView: View = async ({ main, params }) => {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  loading(main);
  const id = params['id'] ?? '';
  try {
    const [r, categories] = await Promise.all([getReportDetail(id), getCategories()]);
    renderDetail(main, me, r, categories, '');
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found') failure(main, st('detail.not_found_title'), st('detail.not_found', { id }));
    else failure(main, id, staffErrorMessage(e), () => void rerender());
  }
};
