// The lägesbild endpoints (issue 14) and the names of their DTOs, taken from the generated schema.
// Cookie-authenticated like ../api.ts: the browser sends the session and its Origin.
import { request } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type LagesbildSummary = Schemas['LagesbildSummary'];
export type LagesbildList = Schemas['LagesbildList'];
export type LagesbildDetail = Schemas['LagesbildDetail'];
export type LagesbildKind = Schemas['LagesbildKind'];
export type LagesbildEvent = Schemas['HistoryEntry'];
export type NewLagesbild = Schemas['NewLagesbildDto'];
export type Sections = Schemas['Sections'];
export type Publicity = Schemas['Publicity'];
export type Content = Schemas['Content'];
export type Outcome = Schemas['Outcome'];
export type Figures = Schemas['Figures'];
export type Change = Schemas['Change'];
export type Count = Schemas['Count'];
export type Line = Schemas['Line'];
export type Hotspot = Schemas['Hotspot'];
export type Notable = Schemas['Notable'];
export type MonthCount = Schemas['MonthCount'];
export type CrimeLine = Schemas['CrimeLine'];
export type SurveySignal = Schemas['SurveySignal'];
export type FollowUpItem = Schemas['FollowUpItem'];
export type ActionItem = Schemas['ActionItemView'];
export type ActionItemInput = Schemas['ActionItemDto'];
export type ActionStatus = Schemas['ActionStatus'];
export type FollowUpKind = Schemas['FollowUpKind'];
export type Prevention = Schemas['Prevention'];
export type Term = Schemas['Term'];
export type Meeting = Schemas['Meeting'];
export type CrimeStatistic = Schemas['CrimeStatistic'];
export type Imported = Schemas['Imported'];

export {
  actionStatusValues,
  followUpKindValues,
  lagesbildKindValues,
  preventionValues,
  termValues,
} from '../../api/schema';

const path = (id: number, rest = ''): string => `/staff/lagesbilder/${id}${rest}`;

export const listLagesbilder = async (): Promise<LagesbildList> =>
  (await request<LagesbildList>('/staff/lagesbilder')).data;

/** A new draft; without `from` it starts where the group's last one of that kind ended. */
export const createLagesbild = async (body: NewLagesbild): Promise<LagesbildDetail> =>
  (await request<LagesbildDetail>('/staff/lagesbilder', { method: 'POST', body })).data;

export const getLagesbild = async (id: number): Promise<LagesbildDetail> =>
  (await request<LagesbildDetail>(path(id))).data;

export const saveText = async (id: number, sections: Sections, publicity: Publicity): Promise<LagesbildDetail> =>
  (await request<LagesbildDetail>(path(id), { method: 'PUT', body: { sections, publicity } })).data;

/** Freezes the figures; the answer is the final lägesbild. */
export const finalise = async (id: number): Promise<LagesbildDetail> =>
  (await request<LagesbildDetail>(path(id, '/actions'), { method: 'POST', body: { action: 'finalise' } })).data;

/** A final lägesbild corrected: the answer is the new draft version. */
export const correct = async (id: number, note: string): Promise<LagesbildDetail> =>
  (await request<LagesbildDetail>(path(id, '/actions'), { method: 'POST', body: { action: 'correct', note } })).data;

export const addAction = async (id: number, body: ActionItemInput): Promise<ActionItem> =>
  (await request<ActionItem>(path(id, '/action-items'), { method: 'POST', body })).data;

export const editAction = async (actionId: number, body: ActionItemInput): Promise<ActionItem> =>
  (await request<ActionItem>(`/staff/action-items/${actionId}`, { method: 'PUT', body })).data;

export const followUp = async (actionId: number, kind: FollowUpKind, note: string): Promise<ActionItem> =>
  (await request<ActionItem>(`/staff/action-items/${actionId}/follow-ups`, { method: 'POST', body: { kind, note } }))
    .data;

export const listMeetings = async (): Promise<Meeting[]> =>
  (await request<{ meetings: Meeting[] }>('/staff/meetings')).data.meetings;

export const importCrime = async (csv: string): Promise<Imported> =>
  (await request<Imported>('/staff/crime-statistics', { method: 'POST', body: { csv } })).data;

export const listCrime = async (): Promise<CrimeStatistic[]> =>
  (await request<{ statistics: CrimeStatistic[] }>('/staff/crime-statistics')).data.statistics;

/** Addresses the browser fetches itself (pictures, downloads), with the session cookie. */
export const chartUrl = (id: number, name: 'categories' | 'time-grid' | 'trend'): string =>
  `/api/v1${path(id, `/charts/${name}.svg`)}`;
export const mapUrl = (id: number): string => `/api/v1${path(id, '/map.svg')}`;
export const geojsonUrl = (id: number): string => `/api/v1${path(id, '/hotspots.geojson')}`;
export const TABLES = ['categories', 'subtypes', 'areas', 'time-grid', 'hotspots', 'trend', 'crime'] as const;
export type TableName = (typeof TABLES)[number];
export const tableUrl = (id: number, name: TableName): string => `/api/v1${path(id, `/tables/${name}.csv`)}`;
export const calendarUrl = (group: string): string => `/api/v1/calendar/${encodeURIComponent(group)}.ics`;
