import { getLang } from '../i18n';

/** Error codes the server sends, plus `network` (no answer) and `unexpected` (no error JSON). */
export type ErrorCode =
  | 'validation'
  | 'malformed_json'
  | 'unknown_field'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_query'
  | 'unauthorized'
  | 'forbidden'
  | 'password_change_required'
  | 'cross_site'
  | 'bad_credentials'
  | 'conflict'
  | 'network'
  | 'unexpected';

const KNOWN_CODES: readonly string[] = [
  'validation',
  'malformed_json',
  'unknown_field',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'rate_limited',
  'unavailable',
  'bad_query',
  'unauthorized',
  'forbidden',
  'password_change_required',
  'cross_site',
  'bad_credentials',
  'conflict',
];

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldErrors = {},
    readonly retryAfterSeconds: number | null = null,
    /** With `conflict`: the statuses the report may move to instead. */
    readonly allowed: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth retrying later unchanged: no answer, overload or a server fault. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; fields?: unknown; allowed?: unknown };
}

async function toApiError(res: Response): Promise<ApiError> {
  const retryAfter = Number(res.headers.get('Retry-After'));
  const retry = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // A proxy's HTML error page: fall through with the status alone.
  }
  const raw = body.error;
  const code: ErrorCode =
    typeof raw?.code === 'string' && KNOWN_CODES.includes(raw.code)
      ? (raw.code as ErrorCode)
      : res.status === 404
        ? 'not_found'
        : 'unexpected';
  const message = typeof raw?.message === 'string' ? raw.message : res.statusText;
  const fields = raw?.fields && typeof raw.fields === 'object' ? (raw.fields as FieldErrors) : {};
  const allowed = Array.isArray(raw?.allowed) ? raw.allowed.filter((a): a is string => typeof a === 'string') : [];
  return new ApiError(res.status, code, message, fields, retry, allowed);
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

/** JSON request against /api/v1; every failure becomes an ApiError. */
export async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLang() };
  const options: RequestInit = { method: init.method ?? 'GET', headers, cache: 'no-store' };
  if (init.body !== undefined) {
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
