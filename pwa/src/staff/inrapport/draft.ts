// The inrapport being written: the draft's shape, a fresh one, and where it is kept meanwhile
// (sessionStorage, with the messages the form or the server last gave for its fields, and whose
// it is: another user logging in on the same tab starts with an empty form).
import type { FieldErrors } from '../../api/client';
import type { AgeBand, Me, Observation } from '../../api/types';
import { localDate, newClientId } from '../../report/draft';

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
  observation: Observation | '';
  recurring: boolean;
  police_report_made: boolean;
  police_report_number: string;
  rescue_case_number: string;
  action_taken: string;
  damage_cost_sek: string;
  follow_up_by: string;
  /** Ids of the photos kept on the device (offline/photos.ts); absent in older drafts. */
  photos?: string[];
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

export function newEvent(): EventDraft {
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
    client_id: newClientId(),
    organisation: me?.organisation ?? '',
    period_from: '',
    period_to: '',
    nothing_to_report: false,
    events: [newEvent()],
  };
}

/** The draft and its fields' messages, as kept between visits, and its author's `Me.id`. */
export interface Stored {
  user_id: number;
  draft: InrapportDraft;
  errors: FieldErrors;
}

export const freshStored = (me: Me): Stored => ({ user_id: me.id, draft: newInrapport(me), errors: {} });

export function load(me: Me): Stored {
  try {
    const raw = sessionStorage.getItem(KEY);
    const stored = raw ? (JSON.parse(raw) as Partial<Stored>) : null;
    if (stored?.draft && stored.user_id === me.id)
      return { user_id: me.id, draft: stored.draft, errors: stored.errors ?? {} };
  } catch {
    // Start afresh.
  }
  return freshStored(me);
}

/** Forgets the draft being written (when its author deletes what they had on the device). */
export function forgetDraft(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was kept.
  }
}

export function save(s: Stored): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // In memory only.
  }
}

/** Opens `userId`'s refused inrapport from the outbox in the form, with the server's messages. */
export function reopenInrapport(userId: number, draft: InrapportDraft, errors: FieldErrors): void {
  save({ user_id: userId, draft, errors });
}
