// The inrapport form's fields: organisation, the period, "inget att rapportera", and else the
// events (each in ./event.ts) with a button for one more.
import type { FieldErrors } from '../../api/client';
import { h, type Child } from '../../dom';
import { checkbox, textInput } from '../../ui/form';
import { st } from '../i18n';
import type { InrapportDraft } from './draft';
import { eventFields, type EventFieldsOptions, type InrapportChoices } from './event';

export interface FormOptions {
  draft: InrapportDraft;
  errors: FieldErrors;
  choices: InrapportChoices;
  canPolice: boolean;
  /** Applies an edit to the draft; `field` names the field whose message the edit clears. */
  change: (fn: () => void, field?: string) => void;
  /** Draws the form again, keeping the focus. */
  redraw: () => void;
  addEvent: () => void;
  removeEvent: (i: number) => void;
  /** An event's photo picker (see EventFieldsOptions). */
  photos: EventFieldsOptions['photos'];
}

function periodFields({ draft: d, errors, change }: FormOptions): HTMLElement {
  return h(
    'fieldset',
    { class: 'field period' },
    h('legend', {}, st('inr.period')),
    h('p', { class: 'hint' }, st('inr.period_hint')),
    textInput({
      field: 'period_from',
      label: st('inr.period_from'),
      type: 'date',
      value: d.period_from,
      errors: errors['period_from'],
      onInput: (v) => change(() => (d.period_from = v), 'period_from'),
    }),
    textInput({
      field: 'period_to',
      label: st('inr.period_to'),
      type: 'date',
      value: d.period_to,
      errors: errors['period_to'],
      onInput: (v) => change(() => (d.period_to = v), 'period_to'),
    }),
  );
}

function eventList(o: FormOptions): Child[] {
  const d = o.draft;
  return [
    ...d.events.map((event, index) =>
      eventFields({
        event,
        index,
        count: d.events.length,
        choices: o.choices,
        errors: o.errors,
        change: o.change,
        redraw: o.redraw,
        remove: () => o.removeEvent(index),
        canPolice: o.canPolice,
        photos: o.photos,
      }),
    ),
    h('button', { type: 'button', class: 'btn btn-block', onclick: o.addEvent }, st('inr.add_event')),
  ];
}

/** The fields above the send button. */
export function inrapportFields(o: FormOptions): Child[] {
  const { draft: d, errors, change } = o;
  return [
    textInput({
      field: 'organisation',
      label: st('inr.organisation'),
      value: d.organisation,
      errors: errors['organisation'],
      autocomplete: 'organization',
      onInput: (v) => change(() => (d.organisation = v), 'organisation'),
    }),
    periodFields(o),
    checkbox({
      field: 'nothing_to_report',
      label: st('inr.nothing_to_report'),
      checked: d.nothing_to_report,
      errors: errors['nothing_to_report'],
      onChange: (v) => {
        change(() => (d.nothing_to_report = v));
        o.redraw();
      },
    }),
    ...(d.nothing_to_report ? [] : eventList(o)),
  ];
}
