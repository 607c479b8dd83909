// The staff inrapport form (`/personal/inrapport`): one or several events, or "inget att
// rapportera" for a period. Kept in sessionStorage while written; sent through the offline outbox,
// so it waits on the device without network and is replayed by client_id.
import type { FieldErrors } from '../api/client';
import { getAreas, getCategories } from '../api/endpoints';
import type { AgeBand, Category, Inrapport, InrapportEvent, Me } from '../api/types';
import { h, type Child } from '../dom';
import { localName, t } from '../i18n';
import type { SentInrapport } from '../offline/db';
import { listInrapportOutbox, subscribe, submitInrapport } from '../offline/queue';
import { localDate, newDraft } from '../report/draft';
import { type View } from '../router';
import { checkbox, errorSummary, fieldId, radioGroup, textArea, textInput } from '../ui/form';
import { failure, heading, loading } from '../ui/page';
import { busyForm, selectField } from './fields';
import { st } from './i18n';
import { staffErrorMessage } from './login';
import { canFile, canTriage, requireUser, staffPage } from './session';

const KEY = 'trygg.inrapport';

export interface EventDraft {
  occurred_at: string;
  occurred_until: string;
  lat: number | null;
  lon: number | null;
  locality: string;
  place_description: string;
  category: string;
  subtype: string;
  description: string;
  people_count: string;
  age_band: AgeBand | '';
  assessment: string;
  observation: 'observed' | 'suspected' | '';
  recurring: boolean;
  police_report_made: boolean;
  police_report_number: string;
  rescue_case_number: string;
  action_taken: string;
  damage_cost_sek: string;
  follow_up_by: string;
}

export interface InrapportDraft {
  client_id: string;
  organisation: string;
  period_from: string;
  period_to: string;
  nothing_to_report: boolean;
  events: EventDraft[];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const localDateTime = (d: Date): string => `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

function newEvent(): EventDraft {
  return {
    occurred_at: localDateTime(new Date()),
    occurred_until: '',
    lat: null,
    lon: null,
    locality: '',
    place_description: '',
    category: '',
    subtype: '',
    description: '',
    people_count: '',
    age_band: '',
    assessment: '',
    observation: '',
    recurring: false,
    police_report_made: false,
    police_report_number: '',
    rescue_case_number: '',
    action_taken: '',
    damage_cost_sek: '',
    follow_up_by: '',
  };
}

export function newInrapport(me: Me | null): InrapportDraft {
  return {
    client_id: newDraft().client_id,
    organisation: me?.organisation ?? '',
    period_from: '',
    period_to: '',
    nothing_to_report: false,
    events: [newEvent()],
  };
}

interface Stored {
  draft: InrapportDraft;
  errors: FieldErrors;
}

function load(me: Me): Stored {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) return JSON.parse(raw) as Stored;
  } catch {
    // Start afresh.
  }
  return { draft: newInrapport(me), errors: {} };
}

function save(s: Stored): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // In memory only.
  }
}

/** Opens a refused inrapport from the outbox in the form, with the server's messages. */
export function reopenInrapport(draft: InrapportDraft, errors: FieldErrors): void {
  save({ draft, errors });
}

const trimmed = (s: string): string | undefined => s.trim() || undefined;
const int = (s: string): number | undefined => (s.trim() && Number.isFinite(Number(s)) ? Math.round(Number(s)) : undefined);
const iso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

export function toInrapport(d: InrapportDraft): Inrapport & { client_id: string } {
  const body: Inrapport & { client_id: string } = { client_id: d.client_id };
  if (d.organisation.trim()) body.organisation = d.organisation.trim();
  if (d.period_from) body.period_from = d.period_from;
  if (d.period_to) body.period_to = d.period_to;
  if (d.nothing_to_report) {
    body.nothing_to_report = true;
    body.events = [];
    return body;
  }
  body.events = d.events.map((e): InrapportEvent => {
    const ev: InrapportEvent = {
      occurred_at: iso(e.occurred_at) ?? null,
      category: e.category || null,
      description: e.description.trim(),
      assessment: e.assessment ? Number(e.assessment) : null,
      observation: e.observation || null,
      recurring: e.recurring,
      police_report_made: e.police_report_made,
    };
    if (e.lat !== null && e.lon !== null) {
      ev.lat = e.lat;
      ev.lon = e.lon;
    } else {
      ev.locality = e.locality || null;
      ev.place_description = e.place_description.trim() || null;
    }
    const put = <K extends keyof InrapportEvent>(k: K, v: InrapportEvent[K] | undefined): void => {
      if (v !== undefined) ev[k] = v;
    };
    put('occurred_until', iso(e.occurred_until));
    put('subtype', e.subtype || undefined);
    put('people_count', int(e.people_count));
    put('age_band', e.age_band || undefined);
    put('police_report_number', e.police_report_made ? trimmed(e.police_report_number) : undefined);
    put('rescue_case_number', trimmed(e.rescue_case_number));
    put('action_taken', trimmed(e.action_taken));
    put('damage_cost_sek', int(e.damage_cost_sek));
    put('follow_up_by', trimmed(e.follow_up_by));
    return ev;
  });
  return body;
}

/** The form's own checks, named like the server's fields (`events[0].description`). */
function check(d: InrapportDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (d.nothing_to_report) {
    if (!d.period_from || !d.period_to) errors['period_from'] = [st('v.period_missing')];
    return errors;
  }
  d.events.forEach((e, i) => {
    const f = (name: string): string => `events[${i}].${name}`;
    if (!e.occurred_at) errors[f('occurred_at')] = [st('v.occurred_missing')];
    if (e.lat === null && !e.locality) errors[f('locality')] = [st('v.place_missing')];
    if (e.lat === null && !e.place_description.trim()) errors[f('place_description')] = [st('v.place_description_missing')];
    if (!e.category) errors[f('category')] = [st('v.category_missing')];
    if (!e.description.trim()) errors[f('description')] = [st('v.description_missing')];
    if (!e.assessment) errors[f('assessment')] = [st('v.assessment_missing')];
    if (!e.observation) errors[f('observation')] = [st('v.observation_missing')];
  });
  return errors;
}

interface FormData {
  categories: Category[];
  localities: [string, string][];
}

function eventFields(e: EventDraft, i: number, count: number, data: FormData, errors: FieldErrors, change: (fn: () => void, field?: string) => void, redraw: () => void, remove: () => void, canPolice: boolean): HTMLElement {
  const f = (name: string): string => `events[${i}].${name}`;
  const err = (name: string): string[] | undefined => errors[f(name)];
  const cat = data.categories.find((c) => c.slug === e.category);
  const text = (name: keyof EventDraft, label: string, o: { hint?: string; type?: string; inputmode?: string } = {}): HTMLElement =>
    textInput({ field: f(name), label, ...o, value: String(e[name] ?? ''), errors: err(name), onInput: (v) => change(() => ((e as unknown as Record<string, string>)[name] = v), f(name)) });
  return h(
    'fieldset',
    { class: 'card event-card' },
    h('legend', {}, st('inr.event_n', { n: i + 1 })),
    text('occurred_at', st('inr.occurred_at'), { type: 'datetime-local' }),
    text('occurred_until', st('inr.occurred_until'), { type: 'datetime-local', hint: st('inr.optional') }),
    e.lat !== null
      ? h(
          'div',
          { class: 'place-summary' },
          h('p', {}, st('inr.position_used', { lat: e.lat.toFixed(5), lon: e.lon?.toFixed(5) ?? '' })),
          h('button', { type: 'button', class: 'btn btn-small', onclick: () => {
                change(() => ((e.lat = null), (e.lon = null)));
                redraw();
              } }, st('inr.position_clear')),
        )
      : [
          selectField({ field: f('locality'), label: st('inr.locality'), value: e.locality, options: [['', st('inr.choose')], ...data.localities], errors: err('locality'), onChange: (v) => change(() => (e.locality = v), f('locality')) }),
          textArea({ field: f('place_description'), label: st('inr.place_description'), hint: st('inr.place_description_hint'), rows: 2, value: e.place_description, errors: err('place_description'), onInput: (v) => change(() => (e.place_description = v), f('place_description')) }),
          'geolocation' in navigator
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  onclick: (ev) => {
                    const button = ev.currentTarget as HTMLButtonElement;
                    button.textContent = st('inr.locating');
                    navigator.geolocation.getCurrentPosition(
                      (pos) => {
                        change(() => {
                          e.lat = Number(pos.coords.latitude.toFixed(6));
                          e.lon = Number(pos.coords.longitude.toFixed(6));
                        });
                        redraw();
                      },
                      () => (button.textContent = st('inr.position_failed')),
                      { enableHighAccuracy: true, timeout: 15000 },
                    );
                  },
                },
                st('inr.use_position'),
              )
            : null,
        ],
    err('lat') ? h('p', { class: 'field-error' }, err('lat')!.join(' ')) : null,
    selectField({
      field: f('category'),
      label: st('inr.category'),
      value: e.category,
      options: [['', st('inr.choose')], ...data.categories.map((c): [string, string] => [c.slug, localName(c)])],
      errors: err('category'),
      onChange: (v) => {
        change(() => ((e.category = v), (e.subtype = '')), f('category'));
        redraw();
      },
    }),
    cat?.subtypes.length
      ? selectField({
          field: f('subtype'),
          label: st('inr.subtype'),
          value: e.subtype,
          options: [['', st('inr.no_subtype')], ...cat.subtypes.map((x): [string, string] => [x.slug, localName(x)])],
          errors: err('subtype'),
          onChange: (v) => change(() => (e.subtype = v), f('subtype')),
        })
      : null,
    textArea({ field: f('description'), label: st('inr.description'), hint: st('inr.description_hint'), value: e.description, errors: err('description'), onInput: (v) => change(() => (e.description = v), f('description')) }),
    text('people_count', st('inr.people_count'), { type: 'number', inputmode: 'numeric', hint: st('inr.optional') }),
    selectField({
      field: f('age_band'),
      label: st('inr.age_band'),
      hint: st('inr.no_names'),
      value: e.age_band,
      options: [['', st('inr.not_given')], ...(['children', 'youth', 'adults', 'mixed', 'unknown'] as const).map((a): [string, string] => [a, st(`age.${a}`)])],
      errors: err('age_band'),
      onChange: (v) => change(() => (e.age_band = v as AgeBand | ''), f('age_band')),
    }),
    radioGroup({
      field: f('assessment'),
      legend: st('inr.assessment'),
      hint: st('inr.assessment_hint'),
      choices: ['1', '2', '3'].map((v) => ({ value: v, label: st(`assessment.${v}` as 'assessment.1') })),
      value: e.assessment,
      errors: err('assessment'),
      onChange: (v) => change(() => (e.assessment = v), f('assessment')),
      className: 'segmented',
    }),
    radioGroup({
      field: f('observation'),
      legend: st('inr.observation'),
      choices: [
        { value: 'observed', label: st('observation.observed') },
        { value: 'suspected', label: st('observation.suspected') },
      ],
      value: e.observation,
      errors: err('observation'),
      onChange: (v) => change(() => (e.observation = v as EventDraft['observation']), f('observation')),
    }),
    checkbox({ field: f('recurring'), label: st('inr.recurring'), checked: e.recurring, errors: err('recurring'), onChange: (v) => change(() => (e.recurring = v)) }),
    checkbox({
      field: f('police_report_made'),
      label: st('inr.police_report_made'),
      checked: e.police_report_made,
      errors: err('police_report_made'),
      onChange: (v) => {
        change(() => (e.police_report_made = v));
        redraw();
      },
    }),
    e.police_report_made ? text('police_report_number', st('inr.police_report_number'), { hint: canPolice ? st('inr.optional') : st('inr.police_number_hint') }) : null,
    text('rescue_case_number', st('inr.rescue_case_number'), { hint: st('inr.optional') }),
    textArea({ field: f('action_taken'), label: st('inr.action_taken'), hint: st('inr.optional'), rows: 2, value: e.action_taken, errors: err('action_taken'), onInput: (v) => change(() => (e.action_taken = v), f('action_taken')) }),
    text('damage_cost_sek', st('inr.damage_cost_sek'), { type: 'number', inputmode: 'numeric', hint: st('inr.damage_hint') }),
    text('follow_up_by', st('inr.follow_up_by'), { hint: st('inr.optional') }),
    count > 1 ? h('button', { type: 'button', class: 'btn btn-small', onclick: remove }, st('inr.remove_event', { n: i + 1 })) : null,
  );
}

function pendingBox(pending: number, rejected: number, sent: SentInrapport[]): HTMLElement {
  return h(
    'div',
    { class: 'inr-queue' },
    pending ? h('p', { class: 'banner banner-pending' }, st(pending === 1 ? 'inr.pending_one' : 'inr.pending', { n: pending }), ' ', navigator.onLine ? '' : st('inr.pending_offline')) : null,
    rejected ? h('p', { class: 'banner banner-error' }, st(rejected === 1 ? 'inr.rejected_one' : 'inr.rejected', { n: rejected }), ' ', h('a', { href: '/personal/mina' }, st('nav.mine'))) : null,
    sent.length ? h('p', { class: 'banner banner-ok' }, st('inr.just_sent', { ids: sent.flatMap((s) => s.reports).join(', ') || st('inr.nothing') })) : null,
  );
}

export const inrapportView: View = async ({ main }) => {
  const me = await requireUser(main, canFile);
  if (!me) return;
  loading(main);
  let data: FormData;
  try {
    const [categories, areas] = await Promise.all([getCategories(), getAreas()]);
    data = {
      categories,
      localities: areas.features.filter((f) => f.properties.kind === 'locality').map((f): [string, string] => [f.properties.slug, f.properties.name]),
    };
  } catch (e) {
    failure(main, st('inr.title'), `${st('inr.load_failed')} ${staffErrorMessage(e)}`);
    return;
  }
  let stored = load(me);
  let result: Child = null;
  const queueBox = h('div', { role: 'status' });
  const showQueue = async (sent: SentInrapport[] = []): Promise<void> => {
    const items = await listInrapportOutbox();
    queueBox.replaceChildren(pendingBox(items.filter((i) => i.state === 'pending').length, items.filter((i) => i.state === 'rejected').length, sent));
  };

  /** Puts the form up again, keeping focus (and the caret) where it was. */
  const redraw = (): void => {
    const active = document.activeElement as HTMLInputElement | null;
    const focused = active?.id;
    const caret = active && 'selectionStart' in active ? active.selectionStart : null;
    render();
    const again = focused ? (document.getElementById(focused) as HTMLInputElement | null) : null;
    again?.focus();
    if (again && caret !== null && typeof again.setSelectionRange === 'function') {
      try {
        again.setSelectionRange(caret, caret);
      } catch {
        // Date and number fields have no caret.
      }
    }
  };

  /** Applies an edit; a field the server or the form complained about loses its message at once. */
  const change = (fn: () => void, field?: string): void => {
    fn();
    const hadError = !!field && field in stored.errors;
    if (field) delete stored.errors[field];
    save(stored);
    if (hadError) redraw();
  };

  const render = (focusErrors = false): void => {
    const d = stored.draft;
    const errors = stored.errors;
    const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, st('inr.send'));
    const onSubmit = async (): Promise<void> => {
      const own = check(d);
      if (Object.keys(own).length) {
        stored.errors = own;
        save(stored);
        return render(true);
      }
      let outcome;
      try {
        outcome = await submitInrapport(toInrapport(d), structuredClone(d));
      } catch {
        stored.errors = { form: [t('error.storage')] };
        return render(true);
      }
      if (outcome.kind === 'rejected') {
        const fields = outcome.error.fields;
        stored.errors = Object.keys(fields).length ? fields : { form: [staffErrorMessage(outcome.error)] };
        save(stored);
        return render(true);
      }
      result =
        outcome.kind === 'sent'
          ? h(
              'div',
              { class: 'banner banner-ok inr-result', tabindex: '-1' },
              h('p', {}, h('strong', {}, st('inr.sent_title'))),
              outcome.receipt.reports.length
                ? h('p', {}, st('inr.sent_ids'), ' ', ...outcome.receipt.reports.flatMap((id, k) => [k ? ', ' : '', canTriage(me.role) ? h('a', { href: `/personal/rapport/${id}`, class: 'reg-no' }, id) : h('span', { class: 'reg-no' }, id)]))
                : h('p', {}, st('inr.sent_nothing')),
            )
          : h(
              'div',
              { class: 'banner banner-pending inr-result', tabindex: '-1' },
              h('p', {}, h('strong', {}, st('inr.queued_title'))),
              h('p', {}, outcome.error.status === 0 ? st('inr.queued_offline') : outcome.error.code === 'unauthorized' ? st('inr.queued_login') : st('inr.queued_busy')),
            );
      stored = { draft: newInrapport(me), errors: {} };
      save(stored);
      render();
      main.querySelector<HTMLElement>('.inr-result')?.focus();
      void showQueue();
    };
    const form = busyForm(
      { button, busyText: st('inr.sending'), onSubmit },
      textInput({ field: 'organisation', label: st('inr.organisation'), value: d.organisation, errors: errors['organisation'], autocomplete: 'organization', onInput: (v) => change(() => (d.organisation = v), 'organisation') }),
      h(
        'fieldset',
        { class: 'field period' },
        h('legend', {}, st('inr.period')),
        h('p', { class: 'hint' }, st('inr.period_hint')),
        textInput({ field: 'period_from', label: st('inr.period_from'), type: 'date', value: d.period_from, errors: errors['period_from'], onInput: (v) => change(() => (d.period_from = v), 'period_from') }),
        textInput({ field: 'period_to', label: st('inr.period_to'), type: 'date', value: d.period_to, errors: errors['period_to'], onInput: (v) => change(() => (d.period_to = v), 'period_to') }),
      ),
      checkbox({
        field: 'nothing_to_report',
        label: st('inr.nothing_to_report'),
        checked: d.nothing_to_report,
        errors: errors['nothing_to_report'],
        onChange: (v) => {
          change(() => (d.nothing_to_report = v));
          redraw();
        },
      }),
      d.nothing_to_report
        ? null
        : [
            ...d.events.map((e, i) =>
              eventFields(e, i, d.events.length, data, errors, change, redraw, () => {
                change(() => d.events.splice(i, 1));
                stored.errors = {};
                render();
                main.querySelector<HTMLElement>('h1')?.focus();
              }, canTriage(me.role)),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-block',
                onclick: () => {
                  change(() => d.events.push(newEvent()));
                  render();
                  document.getElementById(fieldId(`events[${d.events.length - 1}].occurred_at`))?.focus();
                },
              },
              st('inr.add_event'),
            ),
          ],
      button,
    );
    staffPage(
      main,
      me,
      '/personal/inrapport',
      heading(st('inr.title')),
      h('p', {}, st('inr.intro')),
      queueBox,
      result,
      errorSummary(errors),
      form,
    );
    if (focusErrors) main.querySelector<HTMLElement>('.error-summary')?.focus();
  };
  render(Object.keys(stored.errors).length > 0);
  await showQueue();
  return subscribe((s) => void showQueue(s.inrapportJustSent));
};
