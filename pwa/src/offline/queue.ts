import { ApiError } from '../api/client';
import { postInrapport, postReport } from '../api/endpoints';
import type { Inrapport, NewReport } from '../api/types';
import type { Draft } from '../report/draft';
import { openDb, type QueuedInrapport, type QueuedItem, type QueuedReport, type SavedReport, type SentInrapport } from './db';

export interface QueueState {
  pending: number;
  rejected: number;
  /** Reports that waited in the queue and have just reached the server. */
  justSent: number;
  /** The same for staff inrapporter (shown in the staff views, not the resident banner). */
  inrapportPending: number;
  inrapportRejected: number;
  inrapportJustSent: SentInrapport[];
}

export type SendOutcome =
  | { kind: 'sent'; report: SavedReport }
  | { kind: 'queued'; error: ApiError }
  | { kind: 'rejected'; error: ApiError };

export type InrapportOutcome =
  | { kind: 'sent'; receipt: SentInrapport }
  | { kind: 'queued'; error: ApiError }
  | { kind: 'rejected'; error: ApiError };

const listeners = new Set<(s: QueueState) => void>();
const RETRY_SECONDS = [15, 30, 60, 120, 300];
let retryIndex = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

export function subscribe(fn: (s: QueueState) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const isInrapport = (i: QueuedItem): i is QueuedInrapport => i.kind === 'inrapport';

async function notify(justSent = 0, inrapportJustSent: SentInrapport[] = []): Promise<void> {
  const all = await allOutbox();
  const reports = all.filter((i) => !isInrapport(i));
  const inrapporter = all.filter(isInrapport);
  const state: QueueState = {
    pending: reports.filter((i) => i.state === 'pending').length,
    rejected: reports.filter((i) => i.state === 'rejected').length,
    justSent,
    inrapportPending: inrapporter.filter((i) => i.state === 'pending').length,
    inrapportRejected: inrapporter.filter((i) => i.state === 'rejected').length,
    inrapportJustSent,
  };
  listeners.forEach((fn) => fn(state));
}

let chain: Promise<unknown> = Promise.resolve();

/** One sender at a time, in this tab and (through Web Locks) across tabs. */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => ('locks' in navigator ? await navigator.locks.request('trygg-outbox', fn) : fn());
  const p = chain.then(run, run);
  chain = p.catch(() => undefined);
  return p;
}

function scheduleRetry(afterSeconds: number | null): void {
  clearTimeout(retryTimer);
  const seconds = afterSeconds ?? RETRY_SECONDS[Math.min(retryIndex, RETRY_SECONDS.length - 1)]!;
  retryIndex += 1;
  retryTimer = setTimeout(() => void flush(), seconds * 1000);
}

const asApiError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));

/** Keeps a refused item for the user to fix; it is never dropped. */
async function reject<T extends QueuedItem>(item: T, error: ApiError): Promise<void> {
  const rejected: T = { ...item, state: 'rejected', error: { code: error.code, message: error.message, fields: error.fields } };
  await (await openDb()).put('outbox', rejected);
}

async function send(item: QueuedReport): Promise<SendOutcome> {
  const db = await openDb();
  try {
    const { receipt } = await postReport(item.body);
    const report: SavedReport = {
      ...receipt,
      client_id: item.client_id,
      category: item.draft.category,
      ...(item.draft.subtype && { subtype: item.draft.subtype }),
    };
    const tx = db.transaction(['outbox', 'reports'], 'readwrite');
    await Promise.all([tx.objectStore('outbox').delete(item.client_id), tx.objectStore('reports').put(report), tx.done]);
    retryIndex = 0;
    return { kind: 'sent', report };
  } catch (e) {
    const error = asApiError(e);
    if (error.transient) {
      if (navigator.onLine) scheduleRetry(error.retryAfterSeconds);
      return { kind: 'queued', error };
    }
    await reject(item, error);
    return { kind: 'rejected', error };
  }
}

/** Not logged in (any more), or a password to change first: wait for the next login, unchanged. */
const needsLogin = (e: ApiError): boolean => e.code === 'unauthorized' || e.code === 'password_change_required';

async function sendInrapport(item: QueuedInrapport): Promise<InrapportOutcome> {
  try {
    const { receipt } = await postInrapport(item.body);
    await (await openDb()).delete('outbox', item.client_id);
    retryIndex = 0;
    return { kind: 'sent', receipt: { ...receipt, client_id: item.client_id, sent_at: new Date().toISOString() } };
  } catch (e) {
    const error = asApiError(e);
    if (needsLogin(error)) return { kind: 'queued', error };
    if (error.transient) {
      if (navigator.onLine) scheduleRetry(error.retryAfterSeconds);
      return { kind: 'queued', error };
    }
    await reject(item, error);
    return { kind: 'rejected', error };
  }
}

async function submitItem<O>(item: QueuedItem, sendIt: () => Promise<O>, sentElsewhere: () => Promise<O | null>): Promise<O> {
  await (await openDb()).put('outbox', item);
  const outcome = await exclusive(async () => {
    if (await (await openDb()).get('outbox', item.client_id)) return sendIt();
    // A replay in another tab got there first.
    return (await sentElsewhere()) ?? sendIt();
  });
  await notify();
  return outcome;
}

/** Stores the report first (so nothing is lost if the tab dies), then tries to send it. */
export function submit(body: NewReport, draft: Draft): Promise<SendOutcome> {
  const item: QueuedReport = { client_id: draft.client_id, body, draft, queued_at: new Date().toISOString(), state: 'pending' };
  return submitItem<SendOutcome>(
    item,
    async () => send(((await (await openDb()).get('outbox', item.client_id)) as QueuedReport | undefined) ?? item),
    async () => {
      const report = (await listReports()).find((r) => r.client_id === item.client_id);
      return report ? { kind: 'sent', report } : null;
    },
  );
}

/** The same for a staff inrapport: stored in the outbox, then sent; replayed by client_id. */
export function submitInrapport(body: Inrapport & { client_id: string }, draft: unknown): Promise<InrapportOutcome> {
  const item: QueuedInrapport = {
    kind: 'inrapport',
    client_id: body.client_id,
    body,
    draft,
    queued_at: new Date().toISOString(),
    state: 'pending',
  };
  // Sent from another tab already: sending again returns the same receipt (idempotent by client_id).
  return submitItem<InrapportOutcome>(item, () => sendInrapport(item), async () => null);
}

let pendingFlush: Promise<void> | null = null;

/** Replays every pending item; stops at the first transient failure and retries later. */
export function flush(): Promise<void> {
  pendingFlush ??= exclusive(async () => {
    pendingFlush = null;
    clearTimeout(retryTimer);
    let sent = 0;
    const inrapporter: SentInrapport[] = [];
    for (const item of await allOutbox()) {
      if (item.state !== 'pending') continue;
      if (isInrapport(item)) {
        const outcome = await sendInrapport(item);
        if (outcome.kind === 'sent') inrapporter.push(outcome.receipt);
        if (outcome.kind === 'queued' && outcome.error.transient) break;
        continue;
      }
      const outcome = await send(item);
      if (outcome.kind === 'queued') break;
      if (outcome.kind === 'sent') sent += 1;
    }
    await notify(sent, inrapporter);
  });
  return pendingFlush;
}

async function allOutbox(): Promise<QueuedItem[]> {
  const items = await (await openDb()).getAll('outbox');
  return items.sort((a, b) => a.queued_at.localeCompare(b.queued_at));
}

/** The resident's queued reports. */
export async function listOutbox(): Promise<QueuedReport[]> {
  return (await allOutbox()).filter((i): i is QueuedReport => !isInrapport(i));
}

/** Staff inrapporter waiting to be sent or refused on replay. */
export async function listInrapportOutbox(): Promise<QueuedInrapport[]> {
  return (await allOutbox()).filter(isInrapport);
}

export async function removeQueued(clientId: string): Promise<void> {
  await (await openDb()).delete('outbox', clientId);
  await notify();
}

export async function listReports(): Promise<SavedReport[]> {
  const items = await (await openDb()).getAll('reports');
  return items.sort((a, b) => b.received_at.localeCompare(a.received_at));
}

export async function getReport(id: string): Promise<SavedReport | undefined> {
  return (await openDb()).get('reports', id);
}

/** Replays on start, when the network returns and when the app comes back to the foreground. */
export function startQueue(): void {
  window.addEventListener('online', () => void flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) void flush();
  });
  void flush();
}
