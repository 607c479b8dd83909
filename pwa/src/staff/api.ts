// The staff endpoints (issue 4). Cookie-authenticated: fetch sends the session cookie and the
// browser's Origin, which the server checks on writes.
import { request } from '../api/client';
import type { BulkResult, Me, ReportDetail, ReportPage, StatusCounts, TriageAction } from '../api/types';

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

export const bulkAct = async (ids: string[], action: TriageAction): Promise<BulkResult[]> =>
  (await request<BulkResult[]>('/reports/bulk', { method: 'POST', body: { ids, action } })).data;

export const myInrapporter = async (query: string): Promise<ReportPage> =>
  (await request<ReportPage>(`/inrapporter/mine?${query}`)).data;
