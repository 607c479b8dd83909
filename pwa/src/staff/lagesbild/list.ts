// The lägesbilder (`/personal/lagesbild`): each with its period, kind, status and version, the
// next EST meeting with the calendar to subscribe to, a warning when the styrgrupp is due an
// in-depth one, and for coordinators "Ny lägesbild" (group, kind, and a period if not the usual).
import { ApiError, type FieldErrors } from '../../api/client';
import type { Me } from '../../api/types';
import { h } from '../../dom';
import { navigate, rerender, type View } from '../../router';
import { radioGroup, textInput } from '../../ui/form';
import { failure, heading, loading } from '../../ui/page';
import { busyForm, formProblems, selectField } from '../fields';
import { GROUPS, groupName } from '../labels';
import { staffErrorMessage } from '../login';
import { canReadQueue, requireUser, staffPage } from '../session';
import {
  createLagesbild,
  lagesbildKindValues,
  listLagesbilder,
  listMeetings,
  type LagesbildList,
  type LagesbildSummary,
  type Meeting,
} from './api';
import { st } from './i18n';
import { kindName, lagesbildName, statusText } from './labels';
import { meetingsCard } from './meetings';
import { canImportCrime, canWrite, lagesbildPath } from './paths';

function lagesbildItem(l: LagesbildSummary): HTMLElement {
  return h(
    'li',
    { class: 'card lb-item' },
    h('h2', { class: 'lb-item-title' }, h('a', { href: lagesbildPath(l.id) }, lagesbildName(l))),
    h(
      'p',
      { class: 'lb-meta' },
      h('span', { class: `badge lb-status-${l.status}` }, statusText(l)),
      h('span', {}, kindName(l.kind)),
      h('span', {}, st('lb.version', { n: l.version })),
      l.corrects ? h('span', {}, st('lb.corrects', { n: l.corrects })) : null,
    ),
  );
}

/** A date field's day from its first moment, on this device's clock (Swedish staff: Swedish time). */
const startOf = (day: string): string => new Date(`${day}T00:00:00`).toISOString();

/** A date field's day to its end (the next midnight), or to now when that is still to come. */
function endOf(day: string): string {
  const midnight = new Date(`${day}T00:00:00`);
  midnight.setDate(midnight.getDate() + 1);
  return new Date(Math.min(midnight.getTime(), Date.now())).toISOString();
}

function newForm(): HTMLElement {
  const values = { group: 'est', kind: 'monthly', from: '', to: '' };
  const box = h('section', { class: 'card lb-new', 'aria-labelledby': 'new-title' });
  const submit = async (): Promise<void> => {
    const own: FieldErrors = {};
    if (values.from && values.to && values.to < values.from) own['to'] = [st('lb.to_before_from')];
    if (Object.keys(own).length) return show(own, '');
    try {
      const created = await createLagesbild({
        group: values.group,
        kind: lagesbildKindValues.find((k) => k === values.kind) ?? 'monthly',
        ...(values.from && { from: startOf(values.from) }),
        ...(values.to && { to: endOf(values.to) }),
      });
      navigate(lagesbildPath(created.id));
    } catch (e) {
      if (e instanceof ApiError && e.fields['from']) show({ from: [st('lb.period_too_long')] }, '');
      else if (e instanceof ApiError && e.fields['to']) show({ to: [st('lb.to_before_from')] }, '');
      else show({}, staffErrorMessage(e));
    }
  };
  const draw = (errors: FieldErrors, message: string): void => {
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st('lb.create'));
    box.replaceChildren(
      h('h2', { id: 'new-title' }, st('lb.new')),
      formProblems(message, errors) ?? '',
      busyForm(
        { button, busyText: st('lb.creating'), onSubmit: submit },
        selectField({
          field: 'group',
          label: st('lb.group'),
          value: values.group,
          options: GROUPS.map((g) => [g, groupName(g)]),
          onChange: (v) => (values.group = v),
        }),
        radioGroup({
          field: 'kind',
          legend: st('lb.kind'),
          value: values.kind,
          choices: lagesbildKindValues.map((k) => ({ value: k, label: kindName(k), hint: st(`lb.kind_hint.${k}`) })),
          onChange: (v) => (values.kind = v),
        }),
        h(
          'div',
          { class: 'lb-form-grid' },
          textInput({
            field: 'from',
            type: 'date',
            label: st('lb.from'),
            hint: st('lb.from_hint'),
            value: values.from,
            errors: errors['from'],
            onInput: (v) => (values.from = v),
          }),
          textInput({
            field: 'to',
            type: 'date',
            label: st('lb.to'),
            hint: st('lb.to_hint'),
            value: values.to,
            errors: errors['to'],
            onInput: (v) => (values.to = v),
          }),
        ),
        button,
      ),
    );
  };
  const show = (errors: FieldErrors, message: string): void => {
    draw(errors, message);
    box.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  draw({}, '');
  return box;
}

function listPage(main: HTMLElement, me: Me, list: LagesbildList, meetings: Meeting[]): void {
  const write = canWrite(me.role);
  staffPage(
    main,
    me,
    '/personal/lagesbild',
    heading(st('lb.title')),
    h('p', {}, st(write ? 'lb.intro' : 'lb.intro_read')),
    list.in_depth_due
      ? h('p', { class: 'notice notice-warn' }, st('lb.in_depth_due'), write ? ` ${st('lb.in_depth_due_how')}` : null)
      : null,
    h(
      'div',
      { class: 'lb-list-layout' },
      h(
        'div',
        {},
        list.lagesbilder.length
          ? h('ul', { class: 'lb-list' }, list.lagesbilder.map(lagesbildItem))
          : h('p', {}, st('lb.empty')),
        write ? newForm() : null,
      ),
      h(
        'div',
        {},
        meetingsCard(meetings),
        canImportCrime(me.role)
          ? h('p', {}, h('a', { href: '/personal/lagesbild/brottsstatistik' }, st('lb.crime_link')))
          : null,
      ),
    ),
  );
}

export const lagesbildListView: View = async ({ main }) => {
  const me = await requireUser(main, canReadQueue);
  if (!me) return;
  loading(main);
  try {
    const [list, meetings] = await Promise.all([listLagesbilder(), listMeetings()]);
    listPage(main, me, list, meetings);
  } catch (e) {
    failure(main, st('lb.title'), staffErrorMessage(e), () => void rerender());
  }
};
