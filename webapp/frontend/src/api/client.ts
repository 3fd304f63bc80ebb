import {
  AxiosHeaders,
  create as createAxios,
  isAxiosError,
  isCancel,
  type AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { Problem } from './problem';

declare module 'axios' {
  interface AxiosRequestConfig {
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
  adapter?: AxiosRequestConfig['adapter'];
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

function header(config: AxiosRequestConfig, name: string): string | undefined {
  const h = config.headers;
  if (!h) return undefined;
  if (h instanceof AxiosHeaders) {
    const v = h.get(name);
    return v == null ? undefined : String(v);
  }
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key ? (h as Record<string, unknown>)[key] : undefined;
  return v == null ? undefined : String(v);
}

export function isRetryableRequest(config: AxiosRequestConfig): boolean {
  const method = (config.method ?? 'get').toLowerCase();
  return method === 'get' || method === 'head' || header(config, IDEMPOTENCY_HEADER) !== undefined;
}

/** A 409 telling that another import is still running: worth retrying after a pause. */
export function isImportInProgress(error: AxiosError): boolean {
  if (error.response?.status !== 409) return false;
  const p = error.response.data as Problem | undefined;
  return !!p && typeof p === 'object' && typeof p.type === 'string' && p.type.endsWith('import-in-progress');
}

export function isRetryableFailure(error: AxiosError): boolean {
  if (isCancel(error) || error.code === 'ERR_CANCELED') return false;
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

/** A response header by name, whatever its case (AxiosHeaders or a plain object). */
export function responseHeader(error: unknown, name: string): string | undefined {
  if (!isAxiosError(error) || !error.response) return undefined;
  const h = error.response.headers as unknown;
  if (!h || typeof h !== 'object') return undefined;
  if (h instanceof AxiosHeaders) {
    const v = h.get(name);
    return v == null ? undefined : String(v);
  }
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key ? (h as Record<string, unknown>)[key] : undefined;
  return v == null ? undefined : String(v);
}

/** Whole seconds to wait from a failed response's Retry-After (at least 1), or undefined. */
export function retryAfterSeconds(error: unknown, now = Date.now()): number | undefined {
  const ms = parseRetryAfter(responseHeader(error, 'Retry-After'), now);
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
}

function requestIdOf(error: AxiosError): string | undefined {
  const p = error.response?.data as Problem | undefined;
  if (p && typeof p === 'object' && typeof p.instance === 'string' && p.instance) return p.instance;
  const h = error.response?.headers;
  const id = h ? (h['x-request-id'] as unknown) : undefined;
  return typeof id === 'string' && id ? id : undefined;
}

export function createApiClient(hooks: ClientHooks): AxiosInstance {
  const policy: RetryPolicy = { retries: 3, baseDelayMs: 300, maxDelayMs: 8000, ...hooks.retry };
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = hooks.random ?? Math.random;
  let refreshing: Promise<string | null> | null = null;

  const instance = createAxios({
    baseURL: hooks.baseURL ?? '',
    adapter: hooks.adapter,
    headers: { Accept: 'application/json' },
    timeout: 60_000,
  });

  instance.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    const token = hooks.getToken();
    if (config.skipAuthHeader) config.headers.delete('Authorization');
    else if (token) config.headers.set('Authorization', `Bearer ${token}`);
    const method = (config.method ?? 'get').toLowerCase();
    if (MUTATIONS.has(method) && !config.headers.has(IDEMPOTENCY_HEADER)) {
      // Set once: a retry re-sends this same config, so the key stays identical.
      config.headers.set(IDEMPOTENCY_HEADER, newKey());
    }
    return config;
  });

  instance.interceptors.response.use(undefined, async (error: unknown) => {
    if (!isAxiosError(error) || !error.config) throw error;
    const config = error.config;
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
        return instance.request(config);
      }
    }

    if (status === 401 && !config.skipAuthRedirect) {
      if (hooks.refresh && !config._refreshed) {
        config._refreshed = true;
        // Sent with a token that has since been replaced (another request refreshed): just retry.
        const current = hooks.getToken();
        const sent = header(config, 'Authorization');
        if (current && sent !== `Bearer ${current}`) return instance.request(config);
        try {
          refreshing ??= hooks.refresh().finally(() => {
            refreshing = null;
          });
          const token = await refreshing;
          if (token) return instance.request(config);
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
      } else if (status === undefined && !isCancel(error)) {
        hooks.notify(MESSAGES.network, 'error');
      }
    }
    throw error;
  });

  return instance;
}
