import type { Problem } from './problem';

// The app's HTTP client on the platform's fetch. It replaced axios (about 60 KB of the first
// screen's script) and keeps its contract: `data`/`status`/`headers` answers, failures rejected as
// HttpError with `response` (status, parsed problem+json body, lower-case headers) or a `code` for
// network failures, timeouts and aborts.

/** What a request may say (the subset of axios's config the app used, plus the app's own flags). */
export interface RequestConfig {
  url?: string;
  method?: string;
  /** Query parameters; undefined and null are left out. */
  params?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  /** A body: FormData, Blob, string and URLSearchParams go as they are, anything else as JSON. */
  data?: unknown;
  /** 'json' (the default) parses the body when it is JSON; 'blob' for files. */
  responseType?: 'json' | 'blob' | 'text';
  /** Milliseconds before the request is given up (default 60 s). */
  timeout?: number;
  signal?: AbortSignal;
  /** Upload progress: the one case sent through XMLHttpRequest (fetch cannot report it). */
  onUploadProgress?: (event: { loaded: number; total?: number }) => void;
  /** Do not send the user to the sign-in page on 401 (the login call itself). */
  skipAuthRedirect?: boolean;
  /** Do not show the generic toasts for this request's failures. */
  silent?: boolean;
  /** Internal: retries done so far. */
  _retryCount?: number;
  /** Internal: the 401 refresh was already tried for this request. */
  _refreshed?: boolean;
  /** Send no Authorization header (the cookie-authenticated refresh and logout calls). */
  skipAuthHeader?: boolean;
  /** Never retry automatically (single-use refresh tokens, sign-in attempts). */
  noRetry?: boolean;
}

/** Response headers by lower-case name. */
export type ResponseHeaders = Record<string, string>;

export interface ApiResponse<T = unknown> {
  data: T;
  status: number;
  headers: ResponseHeaders;
}

export type HttpErrorCode = 'ERR_BAD_REQUEST' | 'ERR_BAD_RESPONSE' | 'ERR_NETWORK' | 'ECONNABORTED' | 'ERR_CANCELED';

/** A failed request: `response` when the server answered (status outside 2xx), else only a code. */
export class HttpError extends Error {
  readonly isHttpError = true;
  constructor(
    message: string,
    readonly code: HttpErrorCode,
    readonly config: RequestConfig,
    readonly response?: ApiResponse,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError || (!!error && typeof error === 'object' && (error as { isHttpError?: unknown }).isHttpError === true);
}

/** The request was aborted by its caller (not a timeout). */
export function isCancel(error: unknown): boolean {
  return isHttpError(error) && error.code === 'ERR_CANCELED';
}

export interface ApiClient {
  request<T = unknown>(config: RequestConfig): Promise<ApiResponse<T>>;
  get<T = unknown>(url: string, config?: RequestConfig): Promise<ApiResponse<T>>;
  delete<T = unknown>(url: string, config?: RequestConfig): Promise<ApiResponse<T>>;
  post<T = unknown>(url: string, data?: unknown, config?: RequestConfig): Promise<ApiResponse<T>>;
  put<T = unknown>(url: string, data?: unknown, config?: RequestConfig): Promise<ApiResponse<T>>;
  patch<T = unknown>(url: string, data?: unknown, config?: RequestConfig): Promise<ApiResponse<T>>;
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const MESSAGES = {
  forbidden: "You don't have permission to do that",
  server: 'Something went wrong on our side. Please try again.',
  network: 'The server could not be reached. Check your connection and try again.',
} as const;

/** The toast for a 429: with the wait from Retry-After when the server sent one. */
export function tooManyRequestsMessage(seconds: number | undefined): string {
  return seconds === undefined ? 'Too many requests — try again in a moment' : `Too many requests — try again in ${seconds} s`;
}

/** Longest Retry-After the client waits for by itself; a longer one fails at once (with the toast). */
export const MAX_RETRY_AFTER_MS = 30_000;

const DEFAULT_TIMEOUT_MS = 60_000;

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ClientHooks {
  getToken: () => string | null;
  /** No valid session: clear it and send the user to the sign-in page. */
  onUnauthorized: () => void;
  /** A token issued for a forced password change was refused. */
  onPasswordChangeRequired: () => void;
  /** A token that opens only the second-factor enrolment was refused (403 mfa-enrolment-required). */
  onMfaEnrolmentRequired?: () => void;
  notify: (message: string, kind: 'error' | 'info') => void;
  /** Optional silent re-authentication (a later refresh-cookie flow). Returns the new token or null. */
  refresh?: () => Promise<string | null>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** The network edge; by default the global fetch, looked up on every request (tests stub it). */
  fetch?: typeof fetch;
  baseURL?: string;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const MUTATIONS = new Set(['post', 'put', 'patch', 'delete']);

export function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Fallback for old browsers without randomUUID (still random, same shape).
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A header's value by name, whatever its case, in a plain header record. */
function headerIn(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key ? headers[key] : undefined;
  return v == null ? undefined : String(v);
}

function setHeader(headers: Record<string, string>, name: string, value: string | undefined): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
  if (value !== undefined) headers[name] = value;
}

export function isRetryableRequest(config: RequestConfig): boolean {
  const method = (config.method ?? 'get').toLowerCase();
  return method === 'get' || method === 'head' || headerIn(config.headers, IDEMPOTENCY_HEADER) !== undefined;
}

/** A 409 telling that another import is still running: worth retrying after a pause. */
export function isImportInProgress(error: HttpError): boolean {
  if (error.response?.status !== 409) return false;
  const p = error.response.data as Problem | undefined;
  return !!p && typeof p === 'object' && typeof p.type === 'string' && p.type.endsWith('import-in-progress');
}

export function isRetryableFailure(error: HttpError): boolean {
  if (error.code === 'ERR_CANCELED') return false;
  if (!error.response) return true; // network error / timeout
  return RETRYABLE_STATUS.has(error.response.status) || isImportInProgress(error);
}

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const s = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exp = policy.baseDelayMs * 2 ** attempt;
  const jitter = random() * policy.baseDelayMs;
  return Math.min(policy.maxDelayMs, exp + jitter);
}

/** A failed response's header by name, whatever its case. */
export function responseHeader(error: unknown, name: string): string | undefined {
  if (!isHttpError(error) || !error.response) return undefined;
  return headerIn(error.response.headers, name);
}

/** Whole seconds to wait from a failed response's Retry-After (at least 1), or undefined. */
export function retryAfterSeconds(error: unknown, now = Date.now()): number | undefined {
  const ms = parseRetryAfter(responseHeader(error, 'Retry-After'), now);
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
}

function requestIdOf(error: HttpError): string | undefined {
  const p = error.response?.data as Problem | undefined;
  if (p && typeof p === 'object' && typeof p.instance === 'string' && p.instance) return p.instance;
  const id = error.response?.headers['x-request-id'];
  return id ? id : undefined;
}

function queryString(params: RequestConfig['params']): string {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.append(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The body as sent, with the Content-Type it implies (none for FormData: the browser adds the boundary). */
function encodeBody(data: unknown, headers: Record<string, string>): BodyInit | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof FormData !== 'undefined' && data instanceof FormData) {
    setHeader(headers, 'Content-Type', undefined);
    return data;
  }
  if (typeof data === 'string' || data instanceof URLSearchParams || data instanceof ArrayBuffer) return data;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data;
  if (!headerIn(headers, 'Content-Type')) headers['Content-Type'] = 'application/json';
  return JSON.stringify(data);
}

/** A JSON body parsed, other text as it is ('' when empty), as axios did. */
function parseText(text: string): unknown {
  if (!text) return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface RawResponse {
  status: number;
  headers: ResponseHeaders;
  data: unknown;
}

async function viaFetch(
  fetchFn: typeof fetch,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: BodyInit | undefined,
  signal: AbortSignal,
  responseType: RequestConfig['responseType'],
): Promise<RawResponse> {
  const res = await fetchFn(url, { method: method.toUpperCase(), headers, body, signal, credentials: 'same-origin' });
  const out: ResponseHeaders = {};
  res.headers.forEach((v, k) => {
    out[k.toLowerCase()] = v;
  });
  const ok = res.status >= 200 && res.status < 300;
  // A failure's body is read as text whatever was asked for: it is problem+json the pages show.
  const data =
    ok && responseType === 'blob' ? await res.blob() : ok && responseType === 'text' ? await res.text() : parseText(await res.text());
  return { status: res.status, headers: out, data };
}

/** The upload with progress: fetch reports none, XMLHttpRequest does. */
function viaXhr(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: BodyInit | undefined,
  signal: AbortSignal,
  responseType: RequestConfig['responseType'],
  onUploadProgress: NonNullable<RequestConfig['onUploadProgress']>,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method.toUpperCase(), url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.responseType = responseType === 'blob' ? 'blob' : 'text';
    xhr.upload.onprogress = (e) => onUploadProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : undefined });
    const abort = () => xhr.abort();
    signal.addEventListener('abort', abort);
    xhr.onload = () => {
      signal.removeEventListener('abort', abort);
      const out: ResponseHeaders = {};
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const i = line.indexOf(':');
        if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      if (responseType === 'blob' && !ok) {
        void (xhr.response as Blob).text().then((t) => resolve({ status: xhr.status, headers: out, data: parseText(t) }), reject);
        return;
      }
      const data: unknown =
        responseType === 'blob' ? xhr.response : responseType === 'text' ? xhr.responseText : parseText(xhr.responseText);
      resolve({ status: xhr.status, headers: out, data });
    };
    xhr.onerror = () => {
      signal.removeEventListener('abort', abort);
      reject(new TypeError('Network request failed'));
    };
    xhr.onabort = () => {
      signal.removeEventListener('abort', abort);
      reject(new DOMException('Aborted', 'AbortError'));
    };
    xhr.send(body as XMLHttpRequestBodyInit | undefined);
  });
}

export function createApiClient(hooks: ClientHooks): ApiClient {
  const policy: RetryPolicy = { retries: 3, baseDelayMs: 300, maxDelayMs: 8000, ...hooks.retry };
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = hooks.random ?? Math.random;
  const fetchFn: typeof fetch = (input, init) => (hooks.fetch ?? globalThis.fetch)(input, init);
  let refreshing: Promise<string | null> | null = null;

  /** One attempt: headers as sent (bearer, idempotency key), then the answer or an HttpError. */
  async function send(config: RequestConfig): Promise<ApiResponse> {
    const headers = (config.headers ??= {});
    const token = hooks.getToken();
    if (config.skipAuthHeader) setHeader(headers, 'Authorization', undefined);
    else if (token) setHeader(headers, 'Authorization', `Bearer ${token}`);
    const method = (config.method ?? 'get').toLowerCase();
    // Set once on the config: a retry re-sends it, so the key stays identical.
    if (MUTATIONS.has(method) && !headerIn(headers, IDEMPOTENCY_HEADER)) headers[IDEMPOTENCY_HEADER] = newKey();

    const sent: Record<string, string> = { Accept: 'application/json' };
    for (const [k, v] of Object.entries(headers)) setHeader(sent, k, v);
    const body = encodeBody(config.data, sent);
    const url = (hooks.baseURL ?? '') + (config.url ?? '') + queryString(config.params);

    if (config.signal?.aborted) throw new HttpError('canceled', 'ERR_CANCELED', config);
    const controller = new AbortController();
    const timeout = config.timeout ?? DEFAULT_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort();
    config.signal?.addEventListener('abort', onAbort);
    let raw: RawResponse;
    try {
      raw =
        config.onUploadProgress && typeof XMLHttpRequest !== 'undefined'
          ? await viaXhr(url, method, sent, body, controller.signal, config.responseType, config.onUploadProgress)
          : await viaFetch(fetchFn, url, method, sent, body, controller.signal, config.responseType);
    } catch (e) {
      if (timedOut) throw new HttpError(`timeout of ${timeout}ms exceeded`, 'ECONNABORTED', config);
      if (controller.signal.aborted) throw new HttpError('canceled', 'ERR_CANCELED', config);
      throw new HttpError(e instanceof Error ? e.message : 'Network Error', 'ERR_NETWORK', config);
    } finally {
      clearTimeout(timer);
      config.signal?.removeEventListener('abort', onAbort);
    }
    const response: ApiResponse = { data: raw.data, status: raw.status, headers: raw.headers };
    if (raw.status >= 200 && raw.status < 300) return response;
    throw new HttpError(
      `Request failed with status code ${raw.status}`,
      raw.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
      config,
      response,
    );
  }

  /** One attempt and what its failure leads to: a retry, a refresh, a redirect or a toast. */
  async function run(config: RequestConfig): Promise<ApiResponse> {
    try {
      return await send(config);
    } catch (error) {
      if (!isHttpError(error)) throw error;
      return recover(error, config);
    }
  }

  async function recover(error: HttpError, config: RequestConfig): Promise<ApiResponse> {
    const status = error.response?.status;

    const retryAfter =
      status === 503 || status === 429 || status === 409 ? parseRetryAfter(responseHeader(error, 'Retry-After')) : undefined;
    // Rate limited for longer than we would wait: say so now rather than hang silently.
    const waitTooLong = status === 429 && retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS;
    if (!config.noRetry && !waitTooLong && isRetryableRequest(config) && isRetryableFailure(error)) {
      const attempt = config._retryCount ?? 0;
      if (attempt < policy.retries) {
        config._retryCount = attempt + 1;
        let delay = isImportInProgress(error)
          ? backoffDelay(attempt, { ...policy, baseDelayMs: policy.baseDelayMs * 4 }, random)
          : backoffDelay(attempt, policy, random);
        if (retryAfter !== undefined) delay = Math.min(Math.max(retryAfter, 0), MAX_RETRY_AFTER_MS);
        await sleep(delay);
        return run(config);
      }
    }

    if (status === 401 && !config.skipAuthRedirect) {
      if (hooks.refresh && !config._refreshed) {
        config._refreshed = true;
        // Sent with a token that has since been replaced (another request refreshed): just retry.
        const current = hooks.getToken();
        const sent = headerIn(config.headers, 'Authorization');
        if (current && sent !== `Bearer ${current}`) return run(config);
        try {
          // One refresh in flight, shared by every request that got a 401 meanwhile (rotation: a
          // second refresh would present an already used token).
          refreshing ??= hooks.refresh().finally(() => {
            refreshing = null;
          });
          const token = await refreshing;
          if (token) return run(config);
        } catch {
          // fall through to sign-out
        }
      }
      hooks.onUnauthorized();
      throw error;
    }

    if (status === 403) {
      const p = error.response?.data as Problem | undefined;
      if (p && typeof p.type === 'string' && p.type.endsWith('password-change-required')) {
        hooks.onPasswordChangeRequired();
      } else if (p && typeof p.type === 'string' && p.type.endsWith('mfa-enrolment-required')) {
        hooks.onMfaEnrolmentRequired?.();
      } else if (!config.silent) {
        hooks.notify(MESSAGES.forbidden, 'error');
      }
      throw error;
    }

    if (!config.silent) {
      if (status === 429) {
        hooks.notify(tooManyRequestsMessage(retryAfterSeconds(error)), 'error');
      } else if (status !== undefined && status >= 500) {
        const id = requestIdOf(error);
        hooks.notify(id ? `${MESSAGES.server} (Reference: ${id})` : MESSAGES.server, 'error');
      } else if (status === undefined && error.code !== 'ERR_CANCELED') {
        hooks.notify(MESSAGES.network, 'error');
      }
    }
    throw error;
  }

  const request = <T>(config: RequestConfig) =>
    // A copy per call (headers too): retries mutate it, the caller's object stays as it was.
    run({ ...config, headers: { ...config.headers } }) as Promise<ApiResponse<T>>;
  return {
    request,
    get: (url, config) => request({ ...config, url, method: 'get' }),
    delete: (url, config) => request({ ...config, url, method: 'delete' }),
    post: (url, data, config) => request({ ...config, url, method: 'post', data }),
    put: (url, data, config) => request({ ...config, url, method: 'put', data }),
    patch: (url, data, config) => request({ ...config, url, method: 'patch', data }),
  };
}
