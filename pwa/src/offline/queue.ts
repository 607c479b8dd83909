import { ApiError, asApiError, needsLogin, request } from '../api/client';
import { postInrapport, postReport } from '../api/endpoints';
import type { Inrapport, InrapportReceipt, Me, NewReport, Receipt } from '../api/types';
import { newClientId, type Draft } from '../report/draft';
import {
  ME_CACHE_KEY,
  openDb,
  type QueuedInrapport,
  type QueuedItem,
  type QueuedReport,
  type QueuedSurvey,
  type SavedReport,
  type SentInrapport,
} from './db';
import { addressPhotos, forgetPhotos, forgetStaffPhotos, photoStatus, sweepPhotos, uploadPhotos } from './photos';
import { sendSurvey, type SurveyOutcome } from './surveyOutbox';

export interface QueueState {
  pending: number;
  rejected: number;
  /** Reports that waited in the queue and have just reached the server. */
  justSent: number;
  /** Staff inrapporter that have just reached the server (shown in the staff views). */
  inrapportJustSent: SentInrapport[];
  /** Survey answers waiting to be sent, and those the server refused (to fix). */
  surveysPending: number;
  surveysRejected: QueuedSurvey[];
  /** Survey answers that waited and have just reached the server. */
  surveysJustSent: number;
  /** Survey answers the server refused for good on replay, and so were dropped (with why). */
  surveysDropped: QueuedSurvey[];
}

/** What a replay has just done, for the banners. */
type JustDone = Partial<Pick<QueueState, 'justSent' | 'inrapportJustSent' | 'surveysJustSent' | 'surveysDropped'>>;

export type SendOutcome =
  | { kind: 'sent'; report: SavedReport }
  | { kind: 'queued'; error: ApiError }
  /** `draft` is the one kept in the outbox to fix: after `client_id_reused`, under a fresh client_id. */
  | { kind: 'rejected'; error: ApiError; draft: Draft };

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
const isSurvey = (i: QueuedItem): i is QueuedSurvey => i.kind === 'survey';
/** Items queued before there were other kinds have no `kind`: they are reports. */
const isReport = (i: QueuedItem): i is QueuedReport => i.kind === undefined || i.kind === 'report';

async function notify(done: JustDone = {}): Promise<void> {
  const items = await allOutbox();
  const reports = items.filter(isReport);
  const surveys = items.filter(isSurvey);
  const state: QueueState = {
    pending: reports.filter((i) => i.state === 'pending').length,
    rejected: reports.filter((i) => i.state === 'rejected').length,
    justSent: done.justSent ?? 0,
    inrapportJustSent: done.inrapportJustSent ?? [],
    surveysPending: surveys.filter((i) => i.state === 'pending').length,
    surveysRejected: surveys.filter((i) => i.state === 'rejected'),
    surveysJustSent: done.surveysJustSent ?? 0,
    surveysDropped: done.surveysDropped ?? [],
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

/**
 * Keeps a refused item for the user to fix; it is never dropped. `client_id_reused` (409) means
 * the server holds a different report under this client_id, so sending it again unchanged can
 * never succeed: the report is kept under a fresh client_id, and "change and send again" sends it
 * as the new report it is. (Inrapporter never get it: the server answers a user's repeated
 * client_id with the first receipt.)
 */
async function reject<T extends QueuedItem>(item: T, error: ApiError): Promise<T> {
  const kept: T = {
    ...item,
    state: 'rejected',
    error: { code: error.code, message: error.message, fields: error.fields },
  };
  const db = await openDb();
  if (error.code !== 'client_id_reused' || !isReport(kept)) {
    await db.put('outbox', kept);
    return kept;
  }
  const client_id = newClientId();
  const renewed = {
    ...kept,
    client_id,
    body: { ...kept.body, client_id },
    draft: { ...kept.draft, client_id },
  } satisfies QueuedReport;
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([tx.store.delete(item.client_id), tx.store.put(renewed), tx.done]);
  return renewed as T;
}

/** The first words of a text, cut at a word and marked "…" (at most about `max` characters). */
export function excerpt(text: string, max = 60): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  if ([...flat].length <= max) return flat;
  const cut = [...flat].slice(0, max).join('');
  const atWord = cut.slice(0, cut.lastIndexOf(' '));
  return `${atWord.length > max / 2 ? atWord : cut}…`;
}

function savedReport(item: QueuedReport, receipt: Receipt, photos: number): SavedReport {
  const d = item.draft;
  return {
    ...receipt,
    client_id: item.client_id,
    category: d.category,
    ...(d.subtype && { subtype: d.subtype }),
    ...(d.description.trim() && { excerpt: excerpt(d.description) }),
    ...(d.mode === 'words' && { place_text: excerpt(d.place_description) }),
    ...(photos && { photos }),
  };
}

/**
 * Sends the report; once received, it moves from the outbox to the sent reports and its photos
 * are addressed to its tracking token, in one transaction (they are uploaded by `deliverPhotos`).
 */
async function send(item: QueuedReport): Promise<SendOutcome> {
  let receipt: Receipt;
  try {
    ({ receipt } = await postReport(item.body));
  } catch (e) {
    const error = asApiError(e);
    if (error.transient) {
      if (navigator.onLine) scheduleRetry(error.retryAfterSeconds);
      return { kind: 'queued', error };
    }
    const kept = await reject(item, error);
    return { kind: 'rejected', error, draft: kept.draft };
  }
  const photos = item.draft.photos ?? [];
  const report = savedReport(item, receipt, photos.length);
  const token = receipt.tracking_token;
  const tx = (await openDb()).transaction(['outbox', 'reports', 'photos'], 'readwrite');
  await Promise.all([
    tx.objectStore('outbox').delete(item.client_id),
    tx.objectStore('reports').put(report),
    // Every report made by a version of the app that has photos gets a token.
    token
      ? addressPhotos(tx.objectStore('photos'), photos, {
          path: `/track/${encodeURIComponent(token)}/photos`,
          report_id: receipt.id,
        })
      : undefined,
    tx.done,
  ]);
  retryIndex = 0;
  return { kind: 'sent', report };
}

/**
 * Whose inrapporter may be sent now: the user this device has logged in (none after a logout, even
 * one made offline, whose cookie the server may still honour), confirmed by the server just before
 * sending, since the cookie is whoever logged in last and an inrapport may only go with its author's.
 */
async function sessionUser(): Promise<number | ApiError> {
  const loggedOut = new ApiError(401, 'unauthorized', 'No one is logged in on this device.');
  try {
    const local = (await (await openDb()).get('cache', ME_CACHE_KEY))?.data as Me | undefined;
    if (!local) return loggedOut;
    const server = (await request<Me>('/auth/me')).data;
    return server.id === local.id ? server.id : loggedOut;
  } catch (e) {
    return asApiError(e);
  }
}

/** An item written by `userId`; those queued by an older version (no user_id) count as the caller's. */
const ownedBy = (item: QueuedInrapport, userId: number): boolean => (item.user_id ?? userId) === userId;

/** An inrapport's photos, addressed to its events' reports (the receipt lists them in event order). */
async function receiveInrapport(item: QueuedInrapport, receipt: InrapportReceipt, author: number): Promise<void> {
  const tx = (await openDb()).transaction(['outbox', 'photos'], 'readwrite');
  const photos = tx.objectStore('photos');
  await Promise.all([
    tx.objectStore('outbox').delete(item.client_id),
    ...(item.event_photos ?? []).map((ids, i) => {
      const id = receipt.reports[i];
      if (!id) return undefined;
      return addressPhotos(photos, ids, {
        path: `/reports/${encodeURIComponent(id)}/photos`,
        report_id: id,
        user_id: author,
      });
    }),
    tx.done,
  ]);
}

/**
 * Sends `item` if `author` (the session's user, from `sessionUser`) wrote it; otherwise it waits
 * as after an expired session (the form's user is no longer the one logged in).
 */
async function sendInrapport(item: QueuedInrapport, author: number | ApiError): Promise<InrapportOutcome> {
  if (author instanceof ApiError) return { kind: 'queued', error: author };
  if (!ownedBy(item, author)) return { kind: 'queued', error: new ApiError(401, 'unauthorized', 'another user') };
  if (item.user_id === undefined) {
    item = { ...item, user_id: author };
    await (await openDb()).put('outbox', item);
  }
  let receipt: InrapportReceipt;
  try {
    ({ receipt } = await postInrapport(item.body));
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
  await receiveInrapport(item, receipt, author);
  retryIndex = 0;
  return { kind: 'sent', receipt: { ...receipt, client_id: item.client_id, sent_at: new Date().toISOString() } };
}

/**
 * Uploads the photos of received reports that may go now: the resident's always, staff photos
 * only with their author's session (`author`, asked of the server when first needed). A transient
 * failure retries later, as for a report.
 */
async function deliverPhotos(author?: number | ApiError): Promise<void> {
  const pass = await uploadPhotos(
    async (u) => u.user_id === undefined || u.user_id === (author ??= await sessionUser()),
  );
  if (pass.sent) retryIndex = 0;
  if (pass.stopped?.transient && navigator.onLine) scheduleRetry(pass.stopped.retryAfterSeconds);
}

/** How an inrapport's photos fared just after it was sent (absent: it had none). */
async function inrapportPhotos(item: QueuedInrapport, receipt: InrapportReceipt): Promise<SentInrapport['photos']> {
  const total = (item.event_photos ?? []).flat().length;
  if (!total) return undefined;
  const status = await Promise.all(receipt.reports.map(photoStatus));
  const waiting = status.reduce((n, s) => n + s.waiting, 0);
  const refused = status.reduce((n, s) => n + s.refused.length, 0);
  return { sent: total - waiting - refused, waiting, refused };
}

async function submitItem<O>(
  item: QueuedItem,
  sendIt: () => Promise<O>,
  sentElsewhere: () => Promise<O | null>,
): Promise<O> {
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
  const item: QueuedReport = {
    client_id: draft.client_id,
    body,
    draft,
    queued_at: new Date().toISOString(),
    state: 'pending',
  };
  return submitItem<SendOutcome>(
    item,
    async () => {
      const queued = (await (await openDb()).get('outbox', item.client_id)) as QueuedReport | undefined;
      const outcome = await send(queued ?? item);
      if (outcome.kind === 'sent') await deliverPhotos();
      return outcome;
    },
    async () => {
      const report = (await listReports()).find((r) => r.client_id === item.client_id);
      return report ? { kind: 'sent', report } : null;
    },
  );
}

/**
 * The same for a staff inrapport written by `userId`: stored in the outbox as theirs, then sent
 * if the session is still theirs; replayed by client_id.
 */
export function submitInrapport(
  body: Inrapport & { client_id: string },
  draft: unknown,
  userId: number,
  eventPhotos: string[][] = [],
): Promise<InrapportOutcome> {
  const item: QueuedInrapport = {
    kind: 'inrapport',
    client_id: body.client_id,
    user_id: userId,
    body,
    draft,
    ...(eventPhotos.some((ids) => ids.length) && { event_photos: eventPhotos }),
    queued_at: new Date().toISOString(),
    state: 'pending',
  };
  // Sent from another tab already: sending again returns the same receipt (idempotent by client_id).
  return submitItem<InrapportOutcome>(
    item,
    async () => {
      const author = await sessionUser();
      const outcome = await sendInrapport(item, author);
      if (outcome.kind !== 'sent') return outcome;
      await deliverPhotos(author);
      const photos = await inrapportPhotos(item, outcome.receipt);
      return photos ? { kind: 'sent', receipt: { ...outcome.receipt, photos } } : outcome;
    },
    () => Promise.resolve(null),
  );
}

/**
 * The same for a resident's survey answers: stored in the outbox (anonymous, like the answers),
 * then sent; a replay of the same client_id and answers is received once.
 */
export function submitSurvey(item: QueuedSurvey): Promise<SurveyOutcome> {
  return submitItem<SurveyOutcome>(
    item,
    () => sendSurveyNow(item),
    () => Promise.resolve(null),
  );
}

async function sendSurveyNow(item: QueuedSurvey): Promise<SurveyOutcome> {
  const outcome = await sendSurvey(item);
  if (outcome.kind === 'sent') retryIndex = 0;
  if (outcome.kind === 'queued' && navigator.onLine) scheduleRetry(outcome.error.retryAfterSeconds);
  return outcome;
}

let pendingFlush: Promise<void> | null = null;

/**
 * Replays every pending item; stops at the first transient failure and retries later. Inrapporter
 * go only as their author: the session's user is asked once, and anyone else's wait for them.
 */
export function flush(): Promise<void> {
  pendingFlush ??= exclusive(async () => {
    pendingFlush = null;
    clearTimeout(retryTimer);
    let sent = 0;
    const inrapporter: SentInrapport[] = [];
    const surveys = { sent: 0, dropped: [] as QueuedSurvey[] };
    let author: number | ApiError | undefined;
    let stalled = false;
    for (const item of await allOutbox()) {
      if (item.state !== 'pending') continue;
      if (isInrapport(item)) {
        author ??= await sessionUser();
        // Someone else's: it waits, untouched, for its author's next login on this device.
        if (typeof author === 'number' && !ownedBy(item, author)) continue;
        const outcome = await sendInrapport(item, author);
        if (outcome.kind === 'sent') inrapporter.push(outcome.receipt);
        if (outcome.kind === 'queued' && outcome.error.transient) {
          stalled = true;
          break;
        }
        // No session (any more): the rest wait for the next login too.
        if (outcome.kind === 'queued') author = outcome.error;
        continue;
      }
      if (isSurvey(item)) {
        const outcome = await sendSurveyNow(item);
        if (outcome.kind === 'sent') surveys.sent += 1;
        if (outcome.kind === 'dropped') surveys.dropped.push(outcome.item);
        if (outcome.kind === 'queued') {
          stalled = true;
          break;
        }
        continue;
      }
      const outcome = await send(item);
      if (outcome.kind === 'queued') {
        stalled = true;
        break;
      }
      if (outcome.kind === 'sent') sent += 1;
    }
    // The photos of what was just sent, and of reports received earlier whose upload was cut short.
    if (!stalled) await deliverPhotos(author);
    await notify({
      justSent: sent,
      inrapportJustSent: inrapporter,
      surveysJustSent: surveys.sent,
      surveysDropped: surveys.dropped,
    });
  });
  return pendingFlush;
}

async function allOutbox(): Promise<QueuedItem[]> {
  const items = await (await openDb()).getAll('outbox');
  return items.sort((a, b) => a.queued_at.localeCompare(b.queued_at));
}

/** The resident's queued reports. */
export async function listOutbox(): Promise<QueuedReport[]> {
  return (await allOutbox()).filter(isReport);
}

/** The resident's survey answers on this device, waiting to be sent or refused on replay. */
export async function listSurveyOutbox(): Promise<QueuedSurvey[]> {
  return (await allOutbox()).filter(isSurvey);
}

/** Deletes survey answers kept on this device (the user chose not to send them after all). */
export async function removeQueuedSurvey(clientId: string): Promise<void> {
  const db = await openDb();
  const item = await db.get('outbox', clientId);
  if (item && isSurvey(item)) await db.delete('outbox', clientId);
  await notify();
}

/** `userId`'s inrapporter on this device, waiting to be sent or refused on replay. */
export async function listInrapportOutbox(userId: number): Promise<QueuedInrapport[]> {
  return (await allOutbox()).filter(isInrapport).filter((i) => ownedBy(i, userId));
}

/** How many inrapporter other users have left waiting on this device (never what they hold). */
export async function countOthersInrapporter(userId: number): Promise<number> {
  return (await allOutbox()).filter(isInrapport).filter((i) => !ownedBy(i, userId)).length;
}

/** Deletes one of the resident's queued reports. */
export async function removeQueued(clientId: string): Promise<void> {
  const db = await openDb();
  const item = await db.get('outbox', clientId);
  if (item && isReport(item)) {
    await db.delete('outbox', clientId);
    await forgetPhotos(item.draft.photos ?? []);
  }
  await notify();
}

/**
 * Deletes `userId`'s inrapporter with their photos: one (`clientId`), or all they have on this
 * device (at logout), the photos of those already sent included.
 */
export async function removeInrapporter(userId: number, clientId?: string): Promise<void> {
  const mine = (await listInrapportOutbox(userId)).filter((i) => clientId === undefined || i.client_id === clientId);
  const tx = (await openDb()).transaction('outbox', 'readwrite');
  await Promise.all([...mine.map((i) => tx.store.delete(i.client_id)), tx.done]);
  await forgetPhotos(mine.flatMap((i) => (i.event_photos ?? []).flat()));
  if (clientId === undefined) await forgetStaffPhotos(userId);
  await notify();
}

export async function listReports(): Promise<SavedReport[]> {
  const items = await (await openDb()).getAll('reports');
  return items.sort((a, b) => b.received_at.localeCompare(a.received_at));
}

/** Keeps the status just read from the report's tracking page, for the next visit (offline too). */
export async function updateReportStatus(id: string, status: SavedReport['status']): Promise<void> {
  const db = await openDb();
  const report = await db.get('reports', id);
  if (report) await db.put('reports', { ...report, status, checked_at: new Date().toISOString() });
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
  void photosInUse()
    .then((ids) => sweepPhotos(ids))
    .catch(() => undefined);
}

/** The photos queued items hold (not yet addressed, since their reports have not been received). */
async function photosInUse(): Promise<Set<string>> {
  const items = await allOutbox();
  return new Set(
    items.flatMap((i) => (isInrapport(i) ? (i.event_photos ?? []).flat() : isReport(i) ? (i.draft.photos ?? []) : [])),
  );
}
