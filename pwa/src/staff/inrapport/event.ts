// One event's fieldset in the inrapport form: when, where (a locality and a description, or the
// device's position), what, who, the assessment, and what was done about it.
import type { FieldErrors } from '../../api/client';
import { ageBandValues, isOneOf, observationValues, type Category } from '../../api/types';
import { h, type Child } from '../../dom';
import { localName } from '../../i18n';
import { checkbox, radioGroup, textArea, textInput } from '../../ui/form';
import { selectField } from '../fields';
import { st } from '../i18n';
import type { EventDraft } from './draft';

/** What the form offers to choose from. */
export interface InrapportChoices {
  categories: Category[];
  /** Localities as [slug, name]. */
  localities: [string, string][];
  /** Photos an event may have, and the largest one the server takes (bytes). */
  photos: { max: number; maxBytes: number };
}

export interface EventFieldsOptions {
  event: EventDraft;
  /** The event's place in the inrapport, from 0; its fields are named `events[i].…`. */
  index: number;
  /** How many events the inrapport has: one of several can be removed. */
  count: number;
  choices: InrapportChoices;
  errors: FieldErrors;
  /** Applies an edit to the draft; `field` names the field whose message the edit clears. */
  change: (fn: () => void, field?: string) => void;
  /** Draws the form again, for an edit that shows or hides fields. */
  redraw: () => void;
  remove: () => void;
  /** Whether the police report number is optional (triage roles) or asked for with a hint. */
  canPolice: boolean;
  /** The event's photo picker, for the form field `field`. */
  photos: (field: string, event: EventDraft) => HTMLElement;
}

/** The draft's fields that hold plain text, typed into a text input. */
type TextKey = { [K in keyof EventDraft]-?: string extends EventDraft[K] ? K : never }[keyof EventDraft];

/** What the field groups below share: the event, its field names and messages, and the edit hooks. */
interface Ctx {
  e: EventDraft;
  o: EventFieldsOptions;
  f: (name: string) => string;
  err: (name: string) => string[] | undefined;
  text: (name: TextKey, label: string, opts?: { hint?: string; type?: string; inputmode?: string }) => HTMLElement;
}

/** "Use my position": fills in the device's position, or says it failed on the button. */
function positionButton(c: Ctx): HTMLElement | null {
  if (!('geolocation' in navigator)) return null;
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      onclick: (ev) => {
        const button = ev.currentTarget as HTMLButtonElement;
        button.textContent = st('inr.locating');
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            c.o.change(() => {
              c.e.lat = Number(pos.coords.latitude.toFixed(6));
              c.e.lon = Number(pos.coords.longitude.toFixed(6));
            });
            c.o.redraw();
          },
          () => (button.textContent = st('inr.position_failed')),
          { enableHighAccuracy: true, timeout: 15000 },
        );
      },
    },
    st('inr.use_position'),
  );
}

/** Where: the position when one was taken (with a button to drop it), else locality and place. */
function placeFields(c: Ctx): Child[] {
  const { e, o, f, err } = c;
  if (e.lat !== null) {
    return [
      h(
        'div',
        { class: 'place-summary' },
        h('p', {}, st('inr.position_used', { lat: e.lat.toFixed(5), lon: e.lon?.toFixed(5) ?? '' })),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small',
            onclick: () => {
              o.change(() => ((e.lat = null), (e.lon = null)));
              o.redraw();
            },
          },
          st('inr.position_clear'),
        ),
      ),
    ];
  }
  return [
    selectField({
      field: f('locality'),
      label: st('inr.locality'),
      value: e.locality,
      options: [['', st('inr.choose')], ...o.choices.localities],
      errors: err('locality'),
      onChange: (v) => o.change(() => (e.locality = v), f('locality')),
    }),
    textArea({
      field: f('place_description'),
      label: st('inr.place_description'),
      hint: st('inr.place_description_hint'),
      rows: 2,
      value: e.place_description,
      errors: err('place_description'),
      onInput: (v) => o.change(() => (e.place_description = v), f('place_description')),
    }),
    positionButton(c),
  ];
}

/** What: category (a change redraws, for its subtypes), subtype and description. */
function whatFields({ e, o, f, err }: Ctx): Child[] {
  const cat = o.choices.categories.find((x) => x.slug === e.category);
  return [
    selectField({
      field: f('category'),
      label: st('inr.category'),
      value: e.category,
      options: [['', st('inr.choose')], ...o.choices.categories.map((x): [string, string] => [x.slug, localName(x)])],
      errors: err('category'),
      onChange: (v) => {
        o.change(() => ((e.category = v), (e.subtype = '')), f('category'));
        o.redraw();
      },
    }),
    cat?.subtypes.length
      ? selectField({
          field: f('subtype'),
          label: st('inr.subtype'),
          value: e.subtype,
          options: [['', st('inr.no_subtype')], ...cat.subtypes.map((x): [string, string] => [x.slug, localName(x)])],
          errors: err('subtype'),
          onChange: (v) => o.change(() => (e.subtype = v), f('subtype')),
        })
      : null,
    textArea({
      field: f('description'),
      label: st('inr.description'),
      hint: st('inr.description_hint'),
      value: e.description,
      errors: err('description'),
      onInput: (v) => o.change(() => (e.description = v), f('description')),
    }),
  ];
}

/** Who and how sure: how many, their age band (never names), the assessment and the observation. */
function whoFields({ e, o, f, err, text }: Ctx): Child[] {
  return [
    text('people_count', st('inr.people_count'), { type: 'number', inputmode: 'numeric', hint: st('inr.optional') }),
    selectField({
      field: f('age_band'),
      label: st('inr.age_band'),
      hint: st('inr.no_names'),
      value: e.age_band,
      options: [['', st('inr.not_given')], ...ageBandValues.map((a): [string, string] => [a, st(`age.${a}`)])],
      errors: err('age_band'),
      onChange: (v) => o.change(() => (e.age_band = isOneOf(ageBandValues, v) ? v : ''), f('age_band')),
    }),
    radioGroup({
      field: f('assessment'),
      legend: st('inr.assessment'),
      hint: st('inr.assessment_hint'),
      choices: ['1', '2', '3'].map((v) => ({ value: v, label: st(`assessment.${v}` as 'assessment.1') })),
      value: e.assessment,
      errors: err('assessment'),
      onChange: (v) => o.change(() => (e.assessment = v), f('assessment')),
      className: 'segmented',
    }),
    radioGroup({
      field: f('observation'),
      legend: st('inr.observation'),
      choices: observationValues.map((v) => ({ value: v, label: st(`observation.${v}`) })),
      value: e.observation,
      errors: err('observation'),
      onChange: (v) => o.change(() => (e.observation = isOneOf(observationValues, v) ? v : ''), f('observation')),
    }),
  ];
}

/** What followed: recurring, a police report (its number once ticked), rescue case, action, cost. */
function followUpFields({ e, o, f, err, text }: Ctx): Child[] {
  return [
    checkbox({
      field: f('recurring'),
      label: st('inr.recurring'),
      checked: e.recurring,
      errors: err('recurring'),
      onChange: (v) => o.change(() => (e.recurring = v)),
    }),
    checkbox({
      field: f('police_report_made'),
      label: st('inr.police_report_made'),
      checked: e.police_report_made,
      errors: err('police_report_made'),
      onChange: (v) => {
        o.change(() => (e.police_report_made = v));
        o.redraw();
      },
    }),
    e.police_report_made
      ? text('police_report_number', st('inr.police_report_number'), {
          hint: o.canPolice ? st('inr.optional') : st('inr.police_number_hint'),
        })
      : null,
    text('rescue_case_number', st('inr.rescue_case_number'), { hint: st('inr.optional') }),
    textArea({
      field: f('action_taken'),
      label: st('inr.action_taken'),
      hint: st('inr.optional'),
      rows: 2,
      value: e.action_taken,
      errors: err('action_taken'),
      onInput: (v) => o.change(() => (e.action_taken = v), f('action_taken')),
    }),
    text('damage_cost_sek', st('inr.damage_cost_sek'), {
      type: 'number',
      inputmode: 'numeric',
      hint: st('inr.damage_hint'),
    }),
    text('follow_up_by', st('inr.follow_up_by'), { hint: st('inr.optional') }),
  ];
}

export function eventFields(o: EventFieldsOptions): HTMLElement {
  const e = o.event;
  const i = o.index;
  const f = (name: string): string => `events[${i}].${name}`;
  const err = (name: string): string[] | undefined => o.errors[f(name)];
  const text: Ctx['text'] = (name, label, opts = {}) =>
    textInput({
      field: f(name),
      label,
      ...opts,
      value: e[name] ?? '',
      errors: err(name),
      onInput: (v) => o.change(() => (e[name] = v), f(name)),
    });
  const c: Ctx = { e, o, f, err, text };
  return h(
    'fieldset',
    { class: 'card event-card' },
    h('legend', {}, st('inr.event_n', { n: i + 1 })),
    text('occurred_at', st('inr.occurred_at'), { type: 'datetime-local' }),
    text('occurred_until', st('inr.occurred_until'), { type: 'datetime-local', hint: st('inr.optional') }),
    placeFields(c),
    err('lat') ? h('p', { class: 'field-error' }, err('lat')!.join(' ')) : null,
    whatFields(c),
    o.photos(f('photos'), e),
    whoFields(c),
    followUpFields(c),
    o.count > 1
      ? h('button', { type: 'button', class: 'btn btn-small', onclick: o.remove }, st('inr.remove_event', { n: i + 1 }))
      : null,
  );
}
