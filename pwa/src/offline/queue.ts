import { ApiError } from '../api/client';
import { postReport } from '../api/endpoints';
import type { NewReport } from '../api/types';
import type { Draft } from '../report/draft';
import { openDb, type QueuedReport, type SavedReport } from './db';

export interface QueueState {
  pending: number;
  rejected: number;
  /** Reports that waited in the queue and have just reached the server. */
  justSent: number;
}

export type SendOutcome =
  | { kind: 'sent'; report: SavedReport }
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

async function notify(justSent = 0): Promise<void> {
  const items = await listOutbox();
  const state: QueueState = {
    pending: items.filter((i) => i.state === 'pending').length,
    rejected: items.filter((i) => i.state === 'rejected').length,
    justSent,
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
    const error = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
    if (error.transient) {
      if (navigator.onLine) scheduleRetry(error.retryAfterSeconds);
      return { kind: 'queued', error };
    }
    const rejected: QueuedReport = {
      ...item,
      state: 'rejected',
      error: { code: error.code, message: error.message, fields: error.fields },
    };
    await db.put('outbox', rejected);
    return { kind: 'rejected', error };
  }
}

/** Stores the report first (so nothing is lost if the tab dies), then tries to send it. */
export async function submit(body: NewReport, draft: Draft): Promise<SendOutcome> {
  const item: QueuedReport = {
    client_id: draft.client_id,
    body,
    draft,
    queued_at: new Date().toISOString(),
    state: 'pending',
  };
  await (await openDb()).put('outbox', item);
  const outcome = await exclusive(async () => {
    const current = await (await openDb()).get('outbox', item.client_id);
    if (current) return send(current);
    // A replay in another tab got there first.
    const report = (await listReports()).find((r) => r.client_id === item.client_id);
    return report ? ({ kind: 'sent', report } as const) : send(item);
  });
  await notify();
  return outcome;
}

let pendingFlush: Promise<void> | null = null;

/** Replays every pending report; stops at the first transient failure and retries later. */
export function flush(): Promise<void> {
  pendingFlush ??= exclusive(async () => {
    pendingFlush = null;
    clearTimeout(retryTimer);
    let sent = 0;
    for (const item of await listOutbox()) {
      if (item.state !== 'pending') continue;
      const outcome = await send(item);
      if (outcome.kind === 'queued') break;
      if (outcome.kind === 'sent') sent += 1;
    }
    await notify(sent);
  });
  return pendingFlush;
}

export async function listOutbox(): Promise<QueuedReport[]> {
  const items = await (await openDb()).getAll('outbox');
  return items.sort((a, b) => a.queued_at.localeCompare(b.queued_at));
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
