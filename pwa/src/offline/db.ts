import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FieldErrors } from '../api/client';
import type { Inrapport, InrapportReceipt, NewReport, Receipt } from '../api/types';
import type { Draft } from '../report/draft';

export interface QueuedReport {
  kind?: 'report';
  client_id: string;
  body: NewReport;
  /** The form state, so a rejected report can be opened and fixed. */
  draft: Draft;
  queued_at: string;
  state: 'pending' | 'rejected';
  error?: { code: string; message: string; fields: FieldErrors };
}

/** A staff inrapport waiting in the same outbox; `draft` is the staff form's own state. */
export interface QueuedInrapport {
  kind: 'inrapport';
  client_id: string;
  body: Inrapport;
  draft: unknown;
  queued_at: string;
  state: 'pending' | 'rejected';
  error?: { code: string; message: string; fields: FieldErrors };
}

export type QueuedItem = QueuedReport | QueuedInrapport;

export interface SentInrapport extends InrapportReceipt {
  client_id: string;
  sent_at: string;
}

export interface SavedReport extends Receipt {
  client_id: string;
  category: string;
  subtype?: string;
}

interface CachedResponse {
  data: unknown;
  stored_at: string;
}

interface TryggDB extends DBSchema {
  outbox: { key: string; value: QueuedItem };
  reports: { key: string; value: SavedReport };
  cache: { key: string; value: CachedResponse };
}

let db: Promise<IDBPDatabase<TryggDB>> | null = null;

export function openDb(): Promise<IDBPDatabase<TryggDB>> {
  db ??= openDB<TryggDB>('trygg', 1, {
    upgrade(d) {
      d.createObjectStore('outbox', { keyPath: 'client_id' });
      d.createObjectStore('reports', { keyPath: 'id' });
      d.createObjectStore('cache');
    },
  });
  return db;
}
