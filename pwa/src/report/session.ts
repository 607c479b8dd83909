import type { FieldErrors } from '../api/client';
import { newDraft, type Draft } from './draft';

const KEY = 'trygg.draft';

interface Session {
  draft: Draft;
  /** Messages from the server's last refusal, by form field; cleared as the user edits. */
  serverErrors: FieldErrors;
}

function load(): Session {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) return JSON.parse(raw) as Session;
  } catch {
    // Unreadable or unavailable storage: start afresh.
  }
  return { draft: newDraft(), serverErrors: {} };
}

let session: Session = load();
const listeners = new Set<() => void>();

/** Calls `fn` after every change of the draft (the report flow clears errors as fields become valid). */
export function onDraftChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function save(): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage full or blocked: the draft lives in memory only.
  }
}

/** The report being written; survives a reload of the tab. */
export const draft = (): Draft => session.draft;
export const serverErrors = (): FieldErrors => session.serverErrors;

export function updateDraft(change: (d: Draft) => void, clearFields: string[] = []): void {
  change(session.draft);
  for (const f of clearFields) delete session.serverErrors[f];
  save();
  listeners.forEach((fn) => fn());
}

export function startOver(d: Draft = newDraft(), errors: FieldErrors = {}): void {
  session = { draft: d, serverErrors: errors };
  save();
}
