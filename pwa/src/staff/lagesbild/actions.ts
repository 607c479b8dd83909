// The åtgärdsplan: each action with its status (and "Försenad" past its due date), what it is,
// who answers for it and by when, and its follow-ups. A coordinator changes the status and adds a
// follow-up of the process or the effect, also on a final lägesbild: its plan is followed up
// after the meeting. New actions are added while it is a draft.
import { ApiError } from '../../api/client';
import { isOneOf } from '../../api/types';
import { h, type Child } from '../../dom';
import { radioGroup, textArea } from '../../ui/form';
import { busyForm, formProblems, selectField } from '../fields';
import { staffErrorMessage } from '../login';
import {
  actionStatusValues,
  editAction,
  followUp,
  followUpKindValues,
  preventionValues,
  termValues,
  type ActionItem,
  type ActionItemInput,
} from './api';
import {
  actionStatusBadge,
  actionStatusName,
  followUpKindName,
  overdueBadge,
  preventionName,
  termName,
} from './actionLabels';
import { st } from './i18n';
import { dateTime, dayText } from './labels';

/** The action as the PUT takes it, with a new status. */
const withStatus = (a: ActionItem, status: string): ActionItemInput => ({
  problem: a.problem,
  cause: a.cause ?? null,
  measure: a.measure,
  prevention: isOneOf(preventionValues, a.prevention) ? a.prevention : 'situational',
  term: isOneOf(termValues, a.term) ? a.term : 'short',
  goal: a.goal ?? null,
  indicator: a.indicator ?? null,
  responsible_organisation: a.responsible_organisation,
  owner_user_id: a.owner_user_id ?? null,
  owner_name: a.owner_name ?? null,
  owner_email: a.owner_email ?? null,
  partners: a.partners ?? null,
  start_date: a.start_date ?? null,
  due_date: a.due_date,
  status: isOneOf(actionStatusValues, status) ? status : a.status,
  hotspot: a.hotspot ?? null,
});

const owner = (a: ActionItem): string =>
  [a.owner_name, a.owner_email && `<${a.owner_email}>`].filter(Boolean).join(' ') ||
  st('lb.action.owner_user', { id: a.owner_user_id ?? '' });

function facts(a: ActionItem): HTMLElement {
  const item = (term: string, value: string | null | undefined): Child[] =>
    value ? [h('dt', {}, term), h('dd', {}, value)] : [];
  return h(
    'dl',
    { class: 'lb-action-facts' },
    item(st('lb.action.measure'), a.measure),
    item(st('lb.action.cause'), a.cause),
    item(st('lb.action.goal'), a.goal),
    item(st('lb.action.indicator'), a.indicator),
    item(st('lb.action.owner'), `${a.responsible_organisation}: ${owner(a)}`),
    item(st('lb.action.partners'), a.partners),
    item(
      st('lb.action.dates'),
      a.start_date
        ? st('lb.action.from_to', { start: dayText(a.start_date), due: dayText(a.due_date) })
        : st('lb.action.due', { due: dayText(a.due_date) }),
    ),
  );
}

function followUps(a: ActionItem): Child {
  if (!a.follow_ups.length) return null;
  return h(
    'div',
    {},
    h('h4', {}, st('lb.follow_ups')),
    h(
      'ul',
      { class: 'lb-follow-ups' },
      a.follow_ups.map((f) =>
        h(
          'li',
          {},
          h(
            'span',
            { class: 'lb-when' },
            `${followUpKindName(f.kind)}, ${st('lb.by', { who: f.actor ?? '', when: dateTime(f.at) })}: `,
          ),
          f.note,
        ),
      ),
    ),
  );
}

/** Draws a changed action again in place, gives `focus` (an element's id) the focus and says `notice`. */
type Replace = (next: ActionItem, focus: string, notice: string) => void;

/** Shows why a tool's change was not made: the server's refusal, or the field to fill in. */
type Fail = (e: unknown, errors?: Record<string, string[]>) => void;

function statusForm(a: ActionItem, replace: Replace, fail: Fail): HTMLElement {
  let status: string = a.status;
  const button = h('button', { type: 'submit', class: 'btn' }, st('lb.change_status'));
  const onSubmit = async (): Promise<void> => {
    try {
      replace(await editAction(a.id, withStatus(a, status)), `f-status-${a.id}`, st('lb.status_changed'));
    } catch (e) {
      fail(e);
    }
  };
  return busyForm(
    { button, busyText: st('lb.saving'), onSubmit },
    h(
      'div',
      { class: 'lb-status-row' },
      selectField({
        field: `status-${a.id}`,
        label: st('lb.action.status'),
        value: status,
        options: actionStatusValues.map((s) => [s, actionStatusName(s)]),
        onChange: (v) => (status = v),
      }),
      button,
    ),
  );
}

/** "Följ upp": of the process (was it done?) or the effect (what did it lead to?), with a note. */
function followUpForm(a: ActionItem, replace: Replace, fail: Fail): HTMLElement {
  const note = { kind: 'process', text: '' };
  const field = `note-${a.id}`;
  const missing = { [field]: [st('lb.follow_up_note_missing')] };
  const button = h('button', { type: 'submit', class: 'btn' }, st('lb.follow_up_save'));
  const onSubmit = async (): Promise<void> => {
    if (!note.text.trim()) return fail(null, missing);
    try {
      const kind = isOneOf(followUpKindValues, note.kind) ? note.kind : 'process';
      replace(await followUp(a.id, kind, note.text.trim()), `action-${a.id}`, st('lb.follow_up_saved'));
    } catch (e) {
      fail(e, e instanceof ApiError && e.code === 'validation' ? missing : {});
    }
  };
  return h(
    'details',
    { class: 'lb-fold' },
    h('summary', {}, st('lb.follow_up_add')),
    busyForm(
      { button, busyText: st('lb.saving'), onSubmit },
      radioGroup({
        field: `kind-${a.id}`,
        legend: st('lb.follow_up_kind'),
        value: note.kind,
        choices: followUpKindValues.map((k) => ({
          value: k,
          label: followUpKindName(k),
          hint: st(`lb.follow_up_kind_hint.${k}`),
        })),
        onChange: (v) => (note.kind = v),
      }),
      textArea({ field, label: st('lb.follow_up_note'), value: '', rows: 3, onInput: (v) => (note.text = v) }),
      button,
    ),
  );
}

/** The coordinator's tools on one action: its status, and a follow-up. */
function actionTools(a: ActionItem, replace: Replace): HTMLElement {
  const problems = h('div', {});
  const fail: Fail = (e, errors = {}) => {
    problems.replaceChildren(formProblems(Object.keys(errors).length ? '' : staffErrorMessage(e), errors) ?? '');
    problems.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  return h('div', { class: 'lb-action-tools' }, problems, statusForm(a, replace, fail), followUpForm(a, replace, fail));
}

export function actionCard(a: ActionItem, o: { manage: boolean; replace?: Replace }): HTMLElement {
  return h(
    'li',
    { class: 'card lb-action', id: `action-${a.id}`, tabindex: '-1' },
    h('h3', {}, a.problem),
    h(
      'p',
      { class: 'lb-meta' },
      actionStatusBadge(a.status),
      a.overdue ? overdueBadge() : null,
      h('span', {}, `${preventionName(a.prevention)}, ${termName(a.term).toLowerCase()}`),
      a.hotspot ? h('a', { href: `#hotspot-${a.hotspot}` }, st('lb.hotspot', { rank: a.hotspot })) : null,
    ),
    facts(a),
    followUps(a),
    o.manage && o.replace ? actionTools(a, o.replace) : null,
  );
}

/** The list of actions; `manage` gives each its tools, and a changed action is drawn again in place. */
export function actionList(actions: ActionItem[], manage: boolean): { el: HTMLElement; add: (a: ActionItem) => void } {
  const list = h('ol', { class: 'lb-actions' });
  const empty = h('p', {}, st('lb.no_actions'));
  const said = h('p', { class: 'visually-hidden', role: 'status' });
  const replace: Replace = (next, focus, notice) => {
    document.getElementById(`action-${next.id}`)?.replaceWith(actionCard(next, { manage, replace }));
    document.getElementById(focus)?.focus();
    said.textContent = notice;
  };
  for (const a of actions) list.append(actionCard(a, { manage, replace }));
  return {
    el: h('div', {}, actions.length ? null : empty, list, said),
    add: (a) => {
      empty.remove();
      const card = actionCard(a, { manage, replace });
      list.append(card);
      card.focus();
      said.textContent = st('lb.action_added');
    },
  };
}
