// "Lägg till åtgärd": the problem and its cause, the measure, situational or social, short or long
// term, goal and indicator, the responsible organisation and a named owner with an e-mail address
// (reminded when it is late), partners, dates, status, and the hotspot it answers.
import { ApiError, type FieldErrors } from '../../api/client';
import { isOneOf } from '../../api/types';
import { h } from '../../dom';
import { radioGroup, textArea, textInput } from '../../ui/form';
import { busyForm, formProblems, selectField } from '../fields';
import { staffErrorMessage } from '../login';
import {
  actionStatusValues,
  addAction,
  preventionValues,
  termValues,
  type ActionItem,
  type ActionItemInput,
  type Hotspot,
} from './api';
import { actionStatusName, preventionName, termName } from './actionLabels';
import { st, type LagesbildKey } from './i18n';
import type { Names } from './labels';

const EMPTY = {
  problem: '',
  cause: '',
  measure: '',
  prevention: 'situational',
  term: 'short',
  goal: '',
  indicator: '',
  responsible_organisation: '',
  owner_name: '',
  owner_email: '',
  partners: '',
  start_date: '',
  due_date: '',
  status: 'planned',
  hotspot: '',
};
type Values = typeof EMPTY;

/** What the form can say before asking the server: the required fields and the order of the dates. */
function check(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  const need = (field: keyof Values, key: LagesbildKey): void => {
    if (!v[field].trim()) errors[field] = [st(key)];
  };
  need('problem', 'lb.action.problem_missing');
  need('measure', 'lb.action.measure_missing');
  need('responsible_organisation', 'lb.action.organisation_missing');
  need('owner_name', 'lb.action.owner_missing');
  need('owner_email', 'lb.action.email_missing');
  need('due_date', 'lb.action.due_missing');
  if (v.start_date && v.due_date && v.due_date < v.start_date) errors['due_date'] = [st('lb.action.due_before_start')];
  return errors;
}

const optional = (s: string): string | null => s.trim() || null;

function toInput(v: Values): ActionItemInput {
  return {
    problem: v.problem.trim(),
    cause: optional(v.cause),
    measure: v.measure.trim(),
    prevention: isOneOf(preventionValues, v.prevention) ? v.prevention : 'situational',
    term: isOneOf(termValues, v.term) ? v.term : 'short',
    goal: optional(v.goal),
    indicator: optional(v.indicator),
    responsible_organisation: v.responsible_organisation.trim(),
    owner_name: v.owner_name.trim(),
    owner_email: v.owner_email.trim(),
    partners: optional(v.partners),
    start_date: optional(v.start_date),
    due_date: v.due_date,
    status: isOneOf(actionStatusValues, v.status) ? v.status : 'planned',
    hotspot: v.hotspot ? Number(v.hotspot) : null,
  };
}

/** The server names the owner's absence `owner_user_id`; the form asks for a name and e-mail instead. */
function serverErrors(e: ApiError): FieldErrors {
  const { owner_user_id: owner, ...rest } = e.fields;
  return owner ? { owner_name: [st('lb.action.owner_missing')], ...rest } : rest;
}

/** The form's fields, drawn from `values` (which they keep up to date) with `errors`. */
interface Fields {
  values: Values;
  text: (field: keyof Values, type?: string) => HTMLElement;
  area: (field: keyof Values) => HTMLElement;
}

const fieldsOf = (values: Values, errors: FieldErrors): Fields => ({
  values,
  text: (field, type = 'text') =>
    textInput({
      field,
      type,
      label: st(`lb.action.${field}` as LagesbildKey),
      value: values[field],
      errors: errors[field],
      onInput: (v) => (values[field] = v),
    }),
  area: (field) =>
    textArea({
      field,
      label: st(`lb.action.${field}` as LagesbildKey),
      value: values[field],
      errors: errors[field],
      rows: 3,
      onInput: (v) => (values[field] = v),
    }),
});

/** What the action is: the problem and its cause, the measure, its kind and term, goal and indicator. */
function whatFields(f: Fields): HTMLElement[] {
  return [
    f.area('problem'),
    f.area('cause'),
    f.area('measure'),
    radioGroup({
      field: 'prevention',
      legend: st('lb.action.prevention'),
      value: f.values.prevention,
      className: 'segmented',
      choices: preventionValues.map((p) => ({
        value: p,
        label: preventionName(p),
        hint: st(`lb.action.prevention_hint.${p}`),
      })),
      onChange: (v) => (f.values.prevention = v),
    }),
    radioGroup({
      field: 'term',
      legend: st('lb.action.term'),
      value: f.values.term,
      className: 'segmented',
      choices: termValues.map((t) => ({ value: t, label: termName(t) })),
      onChange: (v) => (f.values.term = v),
    }),
    f.area('goal'),
    f.area('indicator'),
  ];
}

/** Who answers for it: the organisation, its partners, and a named person to remind. */
const whoFields = (f: Fields): HTMLElement =>
  h(
    'fieldset',
    { class: 'lb-owner-fields', 'aria-describedby': 'owner-hint' },
    h('legend', {}, st('lb.action.owner_legend')),
    h('p', { class: 'hint', id: 'owner-hint' }, st('lb.action.owner_hint')),
    h(
      'div',
      { class: 'lb-form-grid' },
      f.text('responsible_organisation'),
      f.text('partners'),
      f.text('owner_name'),
      f.text('owner_email', 'email'),
    ),
  );

/** When, how far it has come, and the hotspot it answers. */
function whenFields(f: Fields, hotspots: Hotspot[], names: Names): HTMLElement {
  return h(
    'div',
    { class: 'lb-form-grid' },
    f.text('start_date', 'date'),
    f.text('due_date', 'date'),
    selectField({
      field: 'status',
      label: st('lb.action.status'),
      value: f.values.status,
      options: actionStatusValues.map((s) => [s, actionStatusName(s)]),
      onChange: (v) => (f.values.status = v),
    }),
    selectField({
      field: 'hotspot',
      label: st('lb.action.hotspot'),
      value: f.values.hotspot,
      options: [
        ['', st('lb.action.no_hotspot')],
        ...hotspots.map((spot): [string, string] => [
          String(spot.rank),
          st('lb.action.hotspot_choice', {
            rank: spot.rank,
            area: names.area(spot.area),
            n: spot.count.residents + spot.count.staff,
          }),
        ]),
      ],
      onChange: (v) => (f.values.hotspot = v),
    }),
  );
}

export function actionForm(o: {
  lagesbildId: number;
  hotspots: Hotspot[];
  names: Names;
  onAdded: (a: ActionItem) => void;
}): HTMLElement {
  let values: Values = { ...EMPTY };
  const box = h('section', { class: 'card lb-action-form', 'aria-labelledby': 'add-action-title' });
  const submit = async (): Promise<void> => {
    const own = check(values);
    if (Object.keys(own).length) return show(own, '');
    try {
      const added = await addAction(o.lagesbildId, toInput(values));
      values = { ...EMPTY };
      draw({}, '');
      o.onAdded(added);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'validation') show(serverErrors(e), '');
      else show({}, staffErrorMessage(e));
    }
  };
  const draw = (errors: FieldErrors, message: string): void => {
    const fields = fieldsOf(values, errors);
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, st('lb.add_action'));
    box.replaceChildren(
      h('h3', { id: 'add-action-title' }, st('lb.add_action')),
      formProblems(message, errors) ?? '',
      busyForm(
        { button, busyText: st('lb.adding'), onSubmit: submit },
        whatFields(fields),
        whoFields(fields),
        whenFields(fields, o.hotspots, o.names),
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
