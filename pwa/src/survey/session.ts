import type { FieldErrors } from '../api/client';
import { newClientId } from '../report/draft';
import type { Answers } from './questions';

/** One survey being answered in this tab; plain data, kept in sessionStorage so a reload resumes. */
export interface SurveySession {
  client_id: string;
  /** The version of the questions answered (sent with the answers). */
  version: number;
  answers: Answers;
  invitation_code: string;
  /**
   * Messages from the server's last refusal, by its field (`answers.CODE`, `invitation_code`,
   * `version`) or `review` for the whole; each goes when its question is answered again.
   */
  serverErrors: FieldErrors;
}

const key = (slug: string): string => `trygg.survey.${slug}`;
const open = new Map<string, SurveySession>();

const fresh = (version: number): SurveySession => ({
  client_id: newClientId(),
  version,
  answers: {},
  invitation_code: '',
  serverErrors: {},
});

function load(slug: string): SurveySession | null {
  try {
    const raw = sessionStorage.getItem(key(slug));
    if (raw) return JSON.parse(raw) as SurveySession;
  } catch {
    // Unreadable or unavailable storage: start afresh.
  }
  return null;
}

/** The answers being given to `slug` in this tab (new ones for `version` when there are none). */
export function surveySession(slug: string, version: number): SurveySession {
  let session = open.get(slug) ?? load(slug);
  if (!session) session = fresh(version);
  open.set(slug, session);
  return session;
}

/** Keeps the session's changes over a reload. */
export function saveSession(slug: string): void {
  const session = open.get(slug);
  if (!session) return;
  try {
    sessionStorage.setItem(key(slug), JSON.stringify(session));
  } catch {
    // Storage full or blocked: the answers live in memory only.
  }
}

/** Starts over: new answers under a new client_id, or (to fix queued answers) the ones given. */
export function resetSession(slug: string, version: number, from?: Partial<SurveySession>): SurveySession {
  const session = { ...fresh(version), ...from };
  open.set(slug, session);
  saveSession(slug);
  return session;
}

/** Forgets the answers in this tab (they are sent, or kept in the outbox). */
export function endSession(slug: string): void {
  open.delete(slug);
  try {
    sessionStorage.removeItem(key(slug));
  } catch {
    // Nothing was stored.
  }
}
