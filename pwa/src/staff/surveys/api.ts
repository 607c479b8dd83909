// The staff survey endpoints (issue 13) and the names of their DTOs, taken from the generated
// schema. Cookie-authenticated like ../api.ts: the browser sends the session and its Origin.
import { request } from '../../api/client';
import type { components } from '../../api/schema';
import type { SurveyDefinition } from '../../api/types';

type Schemas = components['schemas'];

// What the resident's views name already (../../api/types.ts), under the same names.
export type { QuestionType, SurveyChoice, SurveyPhase, SurveyQuestion, SurveyText } from '../../api/types';

export type { SurveyDefinition };
export type SurveySummary = Schemas['SurveySummary'];
export type SurveyDetail = Schemas['SurveyDetail'];
export type SurveyEvent = Schemas['HistoryEntry'];
export type IndexKind = Schemas['IndexKind'];
export type IndexValue = Schemas['IndexValue'];
export type IndexChange = Schemas['IndexChange'];
export type Access = Schemas['Access'];
export type SurveyAction = Schemas['SurveyActionDto'];
export type SurveyResults = Schemas['SurveyResults'];
export type GroupResult = Schemas['GroupResult'];
export type QuestionResult = Schemas['QuestionResult'];
export type InvitationCodes = Schemas['InvitationCodes'];

export { questionTypeValues } from '../../api/schema';

/**
 * `GET …/points` is GeoJSON, which the OpenAPI document names only by media type; these are the
 * properties its handler writes.
 */
export interface SurveyPoint {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { question: string; reasons: string[]; time_of_day: string | null; area: string | null };
}

const path = (slug: string, rest = ''): string => `/staff/surveys/${encodeURIComponent(slug)}${rest}`;

export const listSurveys = async (): Promise<SurveySummary[]> =>
  (await request<{ surveys: SurveySummary[] }>('/staff/surveys')).data.surveys;

/** A new draft at `slug`: the standard template without `definition`. */
export const createSurvey = async (slug: string, definition?: SurveyDefinition): Promise<SurveyDetail> =>
  (await request<SurveyDetail>('/staff/surveys', { method: 'POST', body: { slug, ...(definition && { definition }) } }))
    .data;

export const getSurvey = async (slug: string): Promise<SurveyDetail> => (await request<SurveyDetail>(path(slug))).data;

/** Saves the whole definition: a draft in place, a published survey as a new version. */
export const saveSurvey = async (slug: string, definition: SurveyDefinition): Promise<SurveyDetail> =>
  (await request<SurveyDetail>(path(slug), { method: 'PUT', body: definition })).data;

/** Publish, close, or duplicate (the answer is then the new draft). */
export const actOnSurvey = async (slug: string, action: SurveyAction): Promise<SurveyDetail> =>
  (await request<SurveyDetail>(path(slug, '/actions'), { method: 'POST', body: action })).data;

export const inviteToSurvey = async (slug: string, count: number): Promise<InvitationCodes> =>
  (await request<InvitationCodes>(path(slug, '/invitations'), { method: 'POST', body: { count } })).data;

/** `query` holds `by` and `compare` as the results page's address has them. */
export const getResults = async (slug: string, query: URLSearchParams): Promise<SurveyResults> =>
  (await request<SurveyResults>(`${path(slug, '/results')}${query.size ? `?${query.toString()}` : ''}`)).data;

export const getPoints = async (slug: string): Promise<SurveyPoint[]> =>
  (await request<{ features: SurveyPoint[] }>(path(slug, '/points'))).data.features;

/** Download addresses: plain links, so the browser saves the file with the session cookie. */
export const resultsCsvUrl = (slug: string, by: string | null, sep: 'semicolon' | 'comma'): string =>
  `/api/v1${path(slug, '/results.csv')}?${new URLSearchParams({ ...(by && { by }), sep }).toString()}`;
export const responsesCsvUrl = (slug: string): string => `/api/v1${path(slug, '/responses.csv')}`;
export const qrCodeUrl = (slug: string): string => `/api/v1/surveys/${encodeURIComponent(slug)}/qr.svg`;
