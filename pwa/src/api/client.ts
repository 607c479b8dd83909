import { getLang } from '../i18n';
import {
  errorCodeValues,
  isOneOf,
  reportStatusValues,
  type ErrorBody,
  type ReportStatus,
  type ServerErrorCode,
} from './types';

/** The server's error codes (from the schema), plus `network` (no answer) and `unexpected` (no error JSON). */
export type ErrorCode = ServerErrorCode | 'network' | 'unexpected';

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldErrors = {},
    readonly retryAfterSeconds: number | null = null,
    /** With `conflict`: the statuses the report may move to instead. */
    readonly allowed: ReportStatus[] = [],
    /** With `validation`: the machine codes behind `fields` (`too_short`), for messages of the app's own. */
    readonly fieldCodes: FieldErrors = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth retrying later unchanged: no answer, overload or a server fault. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** Any failure as an ApiError: one that is not (fetch's own TypeError) means no answer came. */
export const asApiError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));

/** Not logged in (any more), or a password to change first: staff work waits for the next login. */
export const needsLogin = (e: ApiError): boolean => e.code === 'unauthorized' || e.code === 'password_change_required';

/**
 * The body as the schema's `ErrorBody` says, read defensively: a proxy's error page, or a code
 * newer than this copy of the app, must not break the message shown.
 */
type LooseErrorBody = { error?: { [K in keyof ErrorBody['error']]?: unknown } };

async function toApiError(res: Response): Promise<ApiError> {
  const retryAfter = Number(res.headers.get('Retry-After'));
  const retry = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  let body: LooseErrorBody = {};
  try {
    body = (await res.json()) as LooseErrorBody;
  } catch {
    // A proxy's HTML error page: fall through with the status alone.
  }
  const raw = body.error;
  const code: ErrorCode =
    typeof raw?.code === 'string' && isOneOf(errorCodeValues, raw.code)
      ? raw.code
      : res.status === 404
        ? 'not_found'
        : 'unexpected';
  const message = typeof raw?.message === 'string' ? raw.message : res.statusText;
  const fields = raw?.fields && typeof raw.fields === 'object' ? (raw.fields as FieldErrors) : {};
  const fieldCodes = raw?.field_codes && typeof raw.field_codes === 'object' ? (raw.field_codes as FieldErrors) : {};
  const allowed = Array.isArray(raw?.allowed)
    ? raw.allowed.filter((a): a is ReportStatus => typeof a === 'string' && isOneOf(reportStatusValues, a))
    : [];
  return new ApiError(res.status, code, message, fields, retry, allowed, fieldCodes);
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

/**
 * Request against /api/v1 with a JSON body, or a multipart one (`FormData`, whose boundary the
 * browser sets); the answer is JSON, and every failure becomes an ApiError.
 */
export async function request<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLang() };
  const options: RequestInit = { method: init.method ?? 'GET', headers, cache: 'no-store' };
  if (init.body instanceof FormData) {
    options.body = init.body;
  } else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(init.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, options);
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return { status: res.status, data: undefined as T };
  try {
    return { status: res.status, data: (await res.json()) as T };
  } catch (e) {
    throw new ApiError(res.status, 'unexpected', e instanceof Error ? e.message : String(e));
  }
}
