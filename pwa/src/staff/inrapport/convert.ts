// From the draft to what is sent: the form's own checks first, then the request body (empty
// fields left out, local times as ISO instants, a position or else a locality and a description).
import type { FieldErrors } from '../../api/client';
import type { Inrapport, InrapportEvent, Observation } from '../../api/types';
import { st } from '../i18n';
import type { EventDraft, InrapportDraft } from './draft';

const trimmed = (s: string): string | undefined => s.trim() || undefined;
const int = (s: string): number | undefined =>
  s.trim() && Number.isFinite(Number(s)) ? Math.round(Number(s)) : undefined;
const iso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

/**
 * One event's body; `check` has made sure the required fields are there (the server answers any
 * that are not with the same field errors).
 */
function toEvent(e: EventDraft): InrapportEvent {
  const ev: InrapportEvent = {
    occurred_at: iso(e.occurred_at) ?? '',
    category: e.category,
    description: e.description.trim(),
    assessment: Number(e.assessment),
    // Never empty after `check`; were it, the server would refuse it as a field error.
    observation: e.observation as Observation,
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
}

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
  body.events = d.events.map(toEvent);
  return body;
}

/** The form's own checks, named like the server's fields (`events[0].description`). */
export function check(d: InrapportDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (d.nothing_to_report) {
    if (!d.period_from || !d.period_to) errors['period_from'] = [st('v.period_missing')];
    return errors;
  }
  d.events.forEach((e, i) => {
    const f = (name: string): string => `events[${i}].${name}`;
    if (!e.occurred_at) errors[f('occurred_at')] = [st('v.occurred_missing')];
    if (e.lat === null && !e.locality) errors[f('locality')] = [st('v.place_missing')];
    if (e.lat === null && !e.place_description.trim())
      errors[f('place_description')] = [st('v.place_description_missing')];
    if (!e.category) errors[f('category')] = [st('v.category_missing')];
    if (!e.description.trim()) errors[f('description')] = [st('v.description_missing')];
    if (!e.assessment) errors[f('assessment')] = [st('v.assessment_missing')];
    if (!e.observation) errors[f('observation')] = [st('v.observation_missing')];
  });
  return errors;
}
