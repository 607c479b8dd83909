import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ErrorCode, FieldErrors } from '../api/client';
import type { Inrapport, InrapportReceipt, NewReport, Receipt, SurveyResponse, SurveyText } from '../api/types';
import type { Draft } from '../report/draft';

/** Why the server refused a queued item, kept with it for the user. */
export interface KeptError {
  code: ErrorCode;
  message: string;
  fields: FieldErrors;
  /** The machine codes behind `fields` (kept for survey answers, whose app words some itself). */
  field_codes?: FieldErrors;
}

export interface QueuedReport {
  kind?: 'report';
  client_id: string;
  body: NewReport;
  /** The form state, so a rejected report can be opened and fixed. */
  draft: Draft;
  queued_at: string;
  state: 'pending' | 'rejected';
  error?: KeptError;
}

/**
 * A staff inrapport waiting in the same outbox; `draft` is the staff form's own state. It belongs
 * to the user who wrote it (`user_id`, their `Me.id`): it is sent, shown and deleted only while
 * that user is logged in, never with someone else's session on a shared device. Items queued by an
 * older version of the app have no `user_id` until the next logged-in user on the device takes them.
 */
export interface QueuedInrapport {
  kind: 'inrapport';
  client_id: string;
  user_id?: number;
  body: Inrapport;
  draft: unknown;
  /** The ids of each event's photos, in event order (absent: none). */
  event_photos?: string[][];
  queued_at: string;
  state: 'pending' | 'rejected';
  error?: KeptError;
}

/**
 * A resident's answers to a survey, waiting in the same outbox. Anonymous like the answers
 * themselves: nothing in it says who answered.
 */
export interface QueuedSurvey {
  kind: 'survey';
  client_id: string;
  slug: string;
  /** The survey's title as answered, to name it in messages after the survey is gone. */
  title: SurveyText;
  body: SurveyResponse;
  queued_at: string;
  state: 'pending' | 'rejected';
  error?: KeptError;
}

export type QueuedItem = QueuedReport | QueuedInrapport | QueuedSurvey;

/** Where a photo goes once the report it belongs to has been received. */
export interface PhotoUpload {
  /** `/track/{token}/photos` (the resident's) or `/reports/{id}/photos` (staff). */
  path: string;
  report_id: string;
  /** Staff photos go only with their author's session, like their inrapport. */
  user_id?: number;
}

/**
 * A photo chosen in a form, already downscaled on the device (EXIF and GPS dropped with it). A
 * draft or queued item holds only its `id`. Once its report is received it gets `upload`, and is
 * deleted as soon as the server has it; one the server refuses for good keeps only `refused`, so
 * the app can say so.
 */
export interface QueuedPhoto {
  id: string;
  blob?: Blob;
  created_at: string;
  upload?: PhotoUpload;
  refused?: KeptError;
}

export interface SentInrapport extends InrapportReceipt {
  client_id: string;
  sent_at: string;
  /** How its photos fared right after sending (absent: it had none). */
  photos?: { sent: number; waiting: number; refused: number } | undefined;
}

export interface SavedReport extends Receipt {
  client_id: string;
  category: string;
  subtype?: string;
  /** The first words of the description and of the place in words, to tell reports apart. */
  excerpt?: string;
  place_text?: string;
  /** When `status` was last fetched from the tracking page (absent: the status at sending). */
  checked_at?: string;
  /** How many photos went with the report (absent: none, or an older version of the app). */
  photos?: number;
}

/**
 * The `cache` key of the logged-in staff user (`Me`), written at login and removed at logout by
 * staff/session.ts: who this device takes to be logged in, even offline.
 */
export const ME_CACHE_KEY = '/auth/me';

interface CachedResponse {
  data: unknown;
  stored_at: string;
}

interface TryggDB extends DBSchema {
  outbox: { key: string; value: QueuedItem };
  reports: { key: string; value: SavedReport };
  cache: { key: string; value: CachedResponse };
  photos: { key: string; value: QueuedPhoto };
}

let db: Promise<IDBPDatabase<TryggDB>> | null = null;

export function openDb(): Promise<IDBPDatabase<TryggDB>> {
  db ??= openDB<TryggDB>('trygg', 2, {
    // By store rather than by version: a store missing for any reason is made, none is made twice.
    upgrade(d) {
      if (!d.objectStoreNames.contains('outbox')) d.createObjectStore('outbox', { keyPath: 'client_id' });
      if (!d.objectStoreNames.contains('reports')) d.createObjectStore('reports', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('cache')) d.createObjectStore('cache');
      // Version 2: photos, apart from the JSON items so that listing the outbox stays light.
      if (!d.objectStoreNames.contains('photos')) d.createObjectStore('photos', { keyPath: 'id' });
    },
    // A newer version of the app in another tab wants to upgrade: this one lets go rather than
    // hold it up (it is offered the update itself, and reloads into the new version).
    blocking() {
      void db?.then((open) => open.close());
    },
  });
  return db;
}
