import { openDb } from '../offline/db';
import { ApiError, request } from './client';
import type {
  AreaCollection,
  Category,
  CategoryList,
  Inrapport,
  InrapportReceipt,
  NewReport,
  PublicConfig,
  Receipt,
  Tracking,
} from './types';

const memo = new Map<string, Promise<unknown>>();

async function fetchAndStore<T>(path: string): Promise<T> {
  const { data } = await request<T>(path);
  const db = await openDb();
  await db.put('cache', { data, stored_at: new Date().toISOString() }, path);
  return data;
}

/**
 * Reference data the report flow needs offline: served from IndexedDB when a copy exists
 * (refreshed in the background), otherwise from the network.
 */
function reference<T>(path: string): Promise<T> {
  let p = memo.get(path) as Promise<T> | undefined;
  if (!p) {
    p = (async () => {
      const cached = await (await openDb()).get('cache', path);
      if (cached) {
        fetchAndStore<T>(path).catch(() => undefined);
        return cached.data as T;
      }
      return fetchAndStore<T>(path);
    })();
    p.catch(() => memo.delete(path));
    memo.set(path, p);
  }
  return p;
}

export const getPublicConfig = (): Promise<PublicConfig> => reference<PublicConfig>('/public-config');
export const getAreas = (): Promise<AreaCollection> => reference<AreaCollection>('/areas');

/** Every category, staff-only ones included (inrapporter and triage). */
export async function getCategories(): Promise<Category[]> {
  return (await reference<CategoryList>('/categories')).categories;
}

/** Categories a resident may choose (staff-only ones are for inrapporter). */
export async function getResidentCategories(): Promise<Category[]> {
  return (await getCategories()).filter((c) => !c.staff_only);
}

/** Sends a report; `created` is false when the server already had this client_id. */
export async function postReport(body: NewReport): Promise<{ receipt: Receipt; created: boolean }> {
  const { status, data } = await request<Receipt>('/reports', { method: 'POST', body });
  return { receipt: data, created: status === 201 };
}

export async function getTracking(token: string): Promise<Tracking | null> {
  try {
    return (await request<Tracking>(`/track/${encodeURIComponent(token)}`)).data;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found') return null;
    throw e;
  }
}

/** Files an inrapport (staff); `created` is false when the server already had this client_id. */
export async function postInrapport(body: Inrapport): Promise<{ receipt: InrapportReceipt; created: boolean }> {
  const { status, data } = await request<InrapportReceipt>('/inrapporter', { method: 'POST', body });
  return { receipt: data, created: status === 201 };
}
