import { openDb } from '../offline/db';
import { ApiError, request } from './client';
import type {
  AreaCollection,
  Category,
  CategoryList,
  Inrapport,
  InrapportReceipt,
  NearbyReports,
  NewReport,
  OpenSurvey,
  OpenSurveyList,
  PhotoReceipt,
  PlusOneReceipt,
  PublicConfig,
  PublicMap,
  PublicReport,
  PublishedSurvey,
  Receipt,
  SurveyReceipt,
  SurveyResponse,
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

/**
 * Uploads one photo to `path` (`/track/{token}/photos` or `/reports/{id}/photos`). The server
 * answers 200 instead of 201 when it already holds the same picture for the report.
 */
export async function postPhoto(path: string, photo: Blob): Promise<PhotoReceipt> {
  const form = new FormData();
  form.append('photo', photo, 'photo.jpg');
  return (await request<PhotoReceipt>(path, { method: 'POST', body: form })).data;
}

/** The surveys open for answers now (asked each time: a closed one must not be offered). */
export async function getOpenSurveys(): Promise<OpenSurvey[]> {
  return (await request<OpenSurveyList>('/surveys')).data.surveys;
}

/**
 * A survey's questions: from the network while there is one (its phase and version change), else
 * the copy stored at the last visit, so a survey once opened can be answered offline. `null`: no
 * such survey (or a draft); the stored copy goes too.
 */
export async function getSurvey(slug: string): Promise<PublishedSurvey | null> {
  const path = `/surveys/${encodeURIComponent(slug)}`;
  try {
    return await fetchAndStore<PublishedSurvey>(path);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_found') {
      await (await openDb()).delete('cache', path);
      return null;
    }
    const cached = await (await openDb()).get('cache', path);
    if (cached && e instanceof ApiError && e.transient) return cached.data as PublishedSurvey;
    throw e;
  }
}

/** Sends survey answers; `created` is false when the server already had them (a retry). */
export async function postSurveyResponse(
  slug: string,
  body: SurveyResponse,
): Promise<{ receipt: SurveyReceipt; created: boolean }> {
  const path = `/surveys/${encodeURIComponent(slug)}/responses`;
  const { status, data } = await request<SurveyReceipt>(path, { method: 'POST', body });
  return { receipt: data, created: status === 201 };
}

/** What the public map shows: only reports the coordinator made public, counted in squares. */
export async function getPublicMap(filter: { category: string; from: string }): Promise<PublicMap> {
  const q = new URLSearchParams({ from: filter.from });
  if (filter.category) q.set('category', filter.category);
  return (await request<PublicMap>(`/public/reports?${q.toString()}`)).data;
}

/** Public open reports of `category` within about 200 m of a point ("is this the same thing?"). */
export async function getNearbyReports(at: { lat: number; lon: number }, category: string): Promise<PublicReport[]> {
  const q = new URLSearchParams({ lat: String(at.lat), lon: String(at.lon), category });
  return (await request<NearbyReports>(`/public/reports/nearby?${q.toString()}`)).data.reports;
}

/** A "+1" on a public report; `counted` is false when this client_id had already given one. */
export async function postPlusOne(
  reportId: string,
  clientId: string,
): Promise<{ receipt: PlusOneReceipt; counted: boolean }> {
  const path = `/public/reports/${encodeURIComponent(reportId)}/plus-one`;
  const { status, data } = await request<PlusOneReceipt>(path, { method: 'POST', body: { client_id: clientId } });
  return { receipt: data, counted: status === 201 };
}
