// Photos on the device: kept in IndexedDB from the moment they are chosen (so they survive going
// offline and a reload), addressed when their report has been received, and uploaded one by one,
// each deleted as soon as the server has it, so that none is sent again once acknowledged.
import { asApiError, needsLogin, type ApiError } from '../api/client';
import { postPhoto } from '../api/endpoints';
import { newClientId } from '../report/draft';
import { openDb, type KeptError, type PhotoUpload, type QueuedPhoto } from './db';

/** Photos of a form that was never sent (its tab was closed) are deleted after this long. */
const ABANDONED_MS = 3 * 24 * 3600_000;

/** Keeps a (downscaled) photo on the device; the form keeps the returned id. */
export async function keepPhoto(blob: Blob): Promise<string> {
  const id = newClientId();
  await (await openDb()).put('photos', { id, blob, created_at: new Date().toISOString() });
  return id;
}

/** The photo's JPEG; none once it has been sent or refused, or the device's storage was cleared. */
export async function photoBlob(id: string): Promise<Blob | undefined> {
  return (await (await openDb()).get('photos', id))?.blob;
}

/** Deletes photos that are no longer wanted: removed from a form, or with a queued item. */
export async function forgetPhotos(ids: string[]): Promise<void> {
  if (!ids.length) return;
  const tx = (await openDb()).transaction('photos', 'readwrite');
  await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
}

/** The part of an IndexedDB object store `addressPhotos` uses, inside the caller's transaction. */
interface PhotoStore {
  get(id: string): Promise<QueuedPhoto | undefined>;
  put(value: QueuedPhoto): Promise<unknown>;
}

/**
 * Gives photos their destination once their report has been received, in the same transaction
 * that records the receipt: no photo is left without an owner if the tab dies in between.
 */
export async function addressPhotos(store: PhotoStore, ids: string[], upload: PhotoUpload): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const photo = await store.get(id);
      if (photo?.blob) await store.put({ ...photo, upload });
    }),
  );
}

export interface PhotoPass {
  sent: number;
  refused: number;
  /** Why the pass stopped early (no network, overload, no session); the rest wait for the next. */
  stopped: ApiError | null;
}

const kept = (e: ApiError): KeptError => ({ code: e.code, message: e.message, fields: e.fields });

/**
 * Uploads the addressed photos that `may` allows now, oldest first. A photo the server has
 * (201, or 200 for one it already held) is deleted at once; one it refuses for good (413, 415,
 * 422) loses its picture and keeps the reason; a transient failure or a missing login stops the
 * pass with everything left as it was.
 */
export async function uploadPhotos(may: (u: PhotoUpload) => boolean | Promise<boolean>): Promise<PhotoPass> {
  const db = await openDb();
  const waiting = (await db.getAll('photos'))
    .filter((p): p is QueuedPhoto & Required<Pick<QueuedPhoto, 'blob' | 'upload'>> => !!p.blob && !!p.upload)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
  const pass: PhotoPass = { sent: 0, refused: 0, stopped: null };
  for (const photo of waiting) {
    if (!(await may(photo.upload))) continue;
    try {
      await postPhoto(photo.upload.path, photo.blob);
      await db.delete('photos', photo.id);
      pass.sent += 1;
    } catch (e) {
      const error = asApiError(e);
      if (error.transient || needsLogin(error)) return { ...pass, stopped: error };
      const { id, created_at, upload } = photo;
      await db.put('photos', { id, created_at, upload, refused: kept(error) });
      pass.refused += 1;
    }
  }
  return pass;
}

export interface PhotoStatus {
  /** Still on the device, to be sent. */
  waiting: number;
  /** Refused by the server, with its reasons. */
  refused: KeptError[];
}

/** What is left on the device of a received report's photos. */
export async function photoStatus(reportId: string): Promise<PhotoStatus> {
  const mine = (await (await openDb()).getAll('photos')).filter((p) => p.upload?.report_id === reportId);
  return {
    waiting: mine.filter((p) => p.blob).length,
    refused: mine.flatMap((p) => (p.refused ? [p.refused] : [])),
  };
}

/** Deletes the photos a staff member's received inrapporter still have waiting (at logout). */
export async function forgetStaffPhotos(userId: number): Promise<void> {
  const all = await (await openDb()).getAll('photos');
  await forgetPhotos(all.filter((p) => p.upload?.user_id === userId && p.blob).map((p) => p.id));
}

/**
 * Deletes photos chosen in a form that was never sent: a draft lives in its tab's sessionStorage,
 * so one whose tab was closed can no longer be reached, and its photos (faces, number plates)
 * should not stay on the device. `inUse` are the ids queued items hold.
 */
export async function sweepPhotos(inUse: Set<string>, now: Date = new Date()): Promise<void> {
  const all = await (await openDb()).getAll('photos');
  const cutoff = now.getTime() - ABANDONED_MS;
  await forgetPhotos(
    all.filter((p) => !p.upload && !inUse.has(p.id) && Date.parse(p.created_at) < cutoff).map((p) => p.id),
  );
}
