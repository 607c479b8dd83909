// The staff endpoints (issue 4). Cookie-authenticated: fetch sends the session cookie and the
// browser's Origin, which the server checks on writes.
import { request } from '../api/client';
import type { components } from '../api/schema';
import type {
  BulkResult,
  Me,
  PhotoAction,
  PhotoView,
  ReportDetail,
  ReportPage,
  StatusCounts,
  TriageAction,
} from '../api/types';

export type SimilarReport = components['schemas']['SimilarReport'];

export const login = async (email: string, password: string): Promise<Me> =>
  (await request<Me>('/auth/login', { method: 'POST', body: { email, password } })).data;

export const logout = async (): Promise<void> => {
  await request<void>('/auth/logout', { method: 'POST' });
};

export const fetchMe = async (): Promise<Me> => (await request<Me>('/auth/me')).data;

export const changePassword = async (current_password: string, new_password: string): Promise<void> => {
  await request<void>('/auth/password', { method: 'POST', body: { current_password, new_password } });
};

/** `query` is the queue's filter string (status=new&area=…), without `?`. */
export const listReports = async (query: string): Promise<ReportPage> =>
  (await request<ReportPage>(`/reports?${query}`)).data;

export const countReports = async (query: string): Promise<StatusCounts> =>
  (await request<StatusCounts>(`/reports/counts?${query}`)).data;

export const getReportDetail = async (id: string): Promise<ReportDetail> =>
  (await request<ReportDetail>(`/reports/${encodeURIComponent(id)}`)).data;

export const act = async (id: string, action: TriageAction): Promise<ReportDetail> =>
  (await request<ReportDetail>(`/reports/${encodeURIComponent(id)}/actions`, { method: 'POST', body: action })).data;

/** Hides, shows or blurs a photo (coordinators); a blur answers with the new version. */
export const actOnPhoto = async (photoId: number, action: PhotoAction): Promise<PhotoView> =>
  (await request<PhotoView>(`/photos/${photoId}/actions`, { method: 'POST', body: action })).data;

/**
 * The same request as `act`, for a page that is being unloaded: `keepalive` lets it finish after
 * the page has gone. Nobody is left to read the answer.
 */
export function actNow(id: string, action: TriageAction): void {
  void fetch(`/api/v1/reports/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    keepalive: true,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(action),
  }).catch(() => undefined);
}

/** Reports nearby (200 m, 30 days either side): candidates for "duplicate of". */
export const similarReports = async (id: string): Promise<SimilarReport[]> =>
  (await request<{ items: SimilarReport[] }>(`/reports/${encodeURIComponent(id)}/similar`)).data.items;

export const bulkAct = async (ids: string[], action: TriageAction): Promise<BulkResult[]> =>
  (await request<BulkResult[]>('/reports/bulk', { method: 'POST', body: { ids, action } })).data;

export const myInrapporter = async (query: string): Promise<ReportPage> =>
  (await request<ReportPage>(`/inrapporter/mine?${query}`)).data;
