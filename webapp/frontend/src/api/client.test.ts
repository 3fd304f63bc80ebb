import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient, isCancel, isHttpError, MESSAGES, parseRetryAfter, type ClientHooks } from './client';
import { fieldErrorsOf, problemOf } from './problem';
import { scriptedFetch, type Reply } from '@/test/fake-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function setup(replies: Reply[], extra: Partial<ClientHooks> = {}) {
  const { fetch, calls } = scriptedFetch(replies);
  const hooks = {
    getToken: vi.fn(() => 'tok-123' as string | null),
    onUnauthorized: vi.fn(),
    onPasswordChangeRequired: vi.fn(),
    notify: vi.fn(),
    random: () => 0,
    fetch,
    ...extra,
  };
  return { client: createApiClient(hooks), calls, hooks };
}

describe('API client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('adds the bearer token', async () => {
    const { client, calls } = setup([{ status: 200, data: { ok: true } }]);
    const r = await client.get('/api/inventory');
    expect(r.data).toEqual({ ok: true });
    expect(calls[0].headers.get('Authorization')).toBe('Bearer tok-123');
  });

  it('sends no Authorization header without a session', async () => {
    const { client, calls } = setup([{ status: 200 }], { getToken: () => null });
    await client.get('/api/inventory');
    expect(calls[0].headers.has('Authorization')).toBe(false);
  });

  it('gives every mutation an Idempotency-Key but not GETs', async () => {
    const { client, calls } = setup([{ status: 200 }]);
    await client.get('/a');
    await client.post('/b', {});
    await client.put('/c', {});
    await client.patch('/d', {});
    await client.delete('/e');
    expect(calls[0].headers.has('Idempotency-Key')).toBe(false);
    const keys = calls.slice(1).map((c) => String(c.headers.get('Idempotency-Key')));
    keys.forEach((k) => expect(k).toMatch(UUID));
    expect(new Set(keys).size).toBe(4);
  });

  it('keeps the same Idempotency-Key across retries of a mutation', async () => {
    const { client, calls } = setup(['network-error', { status: 503 }, { status: 201, data: { id: 'x' } }]);
    const p = client.post('/api/inventory/1/stock', { quantity: 1 });
    await vi.runAllTimersAsync();
    const r = await p;
    expect(r.status).toBe(201);
    expect(calls).toHaveLength(3);
    const keys = calls.map((c) => c.headers.get('Idempotency-Key'));
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
  });

  it('retries a GET on 503 with exponential backoff and stops after 3 retries', async () => {
    const { client, calls, hooks } = setup([{ status: 503, data: { title: 'Unavailable' } }]);
    const p = client.get('/api/dashboard/metrics');
    const settled = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toHaveLength(1); // first backoff is 300 ms
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(599);
    expect(calls).toHaveLength(2); // then 600 ms
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1200); // then 1200 ms
    expect(calls).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(4); // no fifth attempt
    const error = (await settled) as { response?: { status: number } };
    expect(error.response?.status).toBe(503);
    expect(hooks.notify).toHaveBeenCalledWith(MESSAGES.server, 'error');
    expect(hooks.notify).toHaveBeenCalledTimes(1);
  });

  it('honours Retry-After on 503', async () => {
    const { client, calls } = setup([
      { status: 503, headers: { 'retry-after': '2' } },
      { status: 200, data: 1 },
    ]);
    const p = client.get('/x');
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await expect(p).resolves.toMatchObject({ data: 1 });
  });

  it('adds jitter to the backoff', async () => {
    const { client, calls } = setup([{ status: 502 }, { status: 200 }], { random: () => 0.5 });
    const p = client.get('/x');
    await vi.advanceTimersByTimeAsync(449);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 300 + 0.5 * 300
    expect(calls).toHaveLength(2);
    await p;
  });

  it('retries a 409 import-in-progress with backoff, keeping the Idempotency-Key', async () => {
    const busy = { status: 409, data: { status: 409, type: 'https://stockade.io/problems/import-in-progress' } };
    const { client, calls } = setup([busy, busy, { status: 202, data: { id: 'job' } }]);
    const p = client.post('/api/inventory/import', 'name,location\n');
    await vi.runAllTimersAsync();
    await expect(p).resolves.toMatchObject({ status: 202 });
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers.get('Idempotency-Key'))).size).toBe(1);
  });

  it('does not retry another 409', async () => {
    const { client, calls } = setup([{ status: 409, data: { status: 409, type: 'https://stockade.io/problems/conflict' } }]);
    await expect(client.post('/x', {})).rejects.toBeTruthy();
    expect(calls).toHaveLength(1);
  });

  it('does not retry a 500 or a 4xx', async () => {
    const { client, calls } = setup([{ status: 500, data: { instance: '/req/abc' } }]);
    await expect(client.get('/x')).rejects.toBeTruthy();
    expect(calls).toHaveLength(1);
    const second = setup([{ status: 404 }]);
    await expect(second.client.get('/x')).rejects.toBeTruthy();
    expect(second.calls).toHaveLength(1);
  });

  it('shows the generic server toast with the request reference', async () => {
    const { client, hooks } = setup([{ status: 500, data: { title: 'Internal' }, headers: { 'x-request-id': 'req-42' } }]);
    await expect(client.get('/x')).rejects.toBeTruthy();
    expect(hooks.notify).toHaveBeenCalledWith(`${MESSAGES.server} (Reference: req-42)`, 'error');
  });

  it('on 401 signs out and redirects (no refresh registered)', async () => {
    const { client, hooks } = setup([{ status: 401, data: { type: 'https://stockade.io/problems/unauthorized' } }]);
    await expect(client.get('/api/inventory')).rejects.toMatchObject({ response: { status: 401 } });
    expect(hooks.onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('on 401 tries a registered refresh once and retries with the new token', async () => {
    let token = 'old';
    const refresh = vi.fn(async () => {
      token = 'new';
      return 'new';
    });
    const { client, calls, hooks } = setup([{ status: 401 }, { status: 200, data: 'ok' }], { refresh, getToken: () => token });
    const r = await client.get('/x');
    expect(r.data).toBe('ok');
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls[1].headers.get('Authorization')).toBe('Bearer new');
    expect(hooks.onUnauthorized).not.toHaveBeenCalled();
  });

  it('on 401 after a failed refresh signs out', async () => {
    const refresh = vi.fn(async () => null);
    const { client, hooks } = setup([{ status: 401 }], { refresh });
    await expect(client.get('/x')).rejects.toBeTruthy();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(hooks.onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not redirect when the login call itself gets 401', async () => {
    const { client, hooks } = setup([{ status: 401 }]);
    await expect(client.post('/api/auth/login', {}, { skipAuthRedirect: true })).rejects.toBeTruthy();
    expect(hooks.onUnauthorized).not.toHaveBeenCalled();
  });

  it('on 403 shows the permission toast', async () => {
    const { client, hooks } = setup([{ status: 403, data: { type: 'https://stockade.io/problems/forbidden' } }]);
    await expect(client.delete('/api/inventory/1')).rejects.toBeTruthy();
    expect(hooks.notify).toHaveBeenCalledWith("You don't have permission to do that", 'error');
    expect(hooks.onPasswordChangeRequired).not.toHaveBeenCalled();
  });

  it('on 403 password-change-required goes to the password page without a toast', async () => {
    const { client, hooks } = setup([{ status: 403, data: { type: 'https://stockade.io/problems/password-change-required' } }]);
    await expect(client.get('/api/inventory')).rejects.toBeTruthy();
    expect(hooks.onPasswordChangeRequired).toHaveBeenCalledTimes(1);
    expect(hooks.notify).not.toHaveBeenCalled();
  });

  it('on 403 mfa-enrolment-required goes to the enrolment page without a toast', async () => {
    const onMfaEnrolmentRequired = vi.fn();
    const { client, hooks } = setup([{ status: 403, data: { type: 'https://stockade.io/problems/mfa-enrolment-required' } }], {
      onMfaEnrolmentRequired,
    });
    await expect(client.get('/api/inventory')).rejects.toBeTruthy();
    expect(onMfaEnrolmentRequired).toHaveBeenCalledTimes(1);
    expect(hooks.onPasswordChangeRequired).not.toHaveBeenCalled();
    expect(hooks.notify).not.toHaveBeenCalled();
  });

  it('toasts a network error after the retries', async () => {
    const { client, calls, hooks } = setup(['network-error']);
    const p = client.get('/x').catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    await p;
    expect(calls).toHaveLength(4);
    expect(hooks.notify).toHaveBeenCalledWith(MESSAGES.network, 'error');
  });

  it('toasts a 429 with the wait from Retry-After once the retries are spent', async () => {
    const { client, calls, hooks } = setup([{ status: 429, headers: { 'retry-after': '3' } }]);
    const p = client.get('/x').catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    await p;
    expect(calls).toHaveLength(4);
    expect(hooks.notify).toHaveBeenCalledWith('Too many requests — try again in 3 s', 'error');
    expect(hooks.notify).toHaveBeenCalledTimes(1);
  });

  it('does not wait out a long Retry-After: fails at once with the toast', async () => {
    const { client, calls, hooks } = setup([{ status: 429, headers: { 'Retry-After': '120' } }]);
    await expect(client.get('/x')).rejects.toMatchObject({ response: { status: 429 } });
    expect(calls).toHaveLength(1);
    expect(hooks.notify).toHaveBeenCalledWith('Too many requests — try again in 120 s', 'error');
  });

  it('a 429 without Retry-After still gets its own message, and silent requests none', async () => {
    const { client, hooks } = setup([{ status: 429 }]);
    await expect(client.post('/x', {}, { noRetry: true })).rejects.toBeTruthy();
    expect(hooks.notify).toHaveBeenCalledWith('Too many requests — try again in a moment', 'error');
    const quiet = setup([{ status: 429, headers: { 'retry-after': '1' } }]);
    await expect(quiet.client.post('/x', {}, { noRetry: true, silent: true })).rejects.toBeTruthy();
    expect(quiet.hooks.notify).not.toHaveBeenCalled();
    expect(quiet.calls).toHaveLength(1);
  });

  it('skipAuthHeader sends no Authorization header even with a session', async () => {
    const { client, calls } = setup([{ status: 200 }]);
    await client.post('/api/auth/refresh', undefined, { skipAuthHeader: true, headers: { Authorization: 'Bearer smuggled' } });
    expect(calls[0].headers.has('Authorization')).toBe(false);
  });

  it('a 401 for a request sent with a since-replaced token retries without another refresh', async () => {
    let token = 'old';
    const refresh = vi.fn(async () => 'never');
    const { fetch: inner, calls } = scriptedFetch([{ status: 401 }, { status: 200, data: 'ok' }]);
    const fetch: typeof globalThis.fetch = (input, init) => {
      const r = inner(input, init);
      token = 'newer'; // another request refreshed while this one was in flight
      return r;
    };
    const { client } = setup([], { refresh, getToken: () => token, fetch });
    await expect(client.get('/x')).resolves.toMatchObject({ data: 'ok' });
    expect(calls[0].headers.get('Authorization')).toBe('Bearer old');
    expect(refresh).not.toHaveBeenCalled();
    expect(calls[1].headers.get('Authorization')).toBe('Bearer newer');
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('nonsense')).toBeUndefined();
  });
});

describe('API client on fetch', () => {
  it('joins the base URL, the path and the query (leaving out unset parameters) and asks for JSON', async () => {
    const { client, calls } = setup([{ status: 200, data: { items: [] } }], { baseURL: 'https://api.example' });
    const seen: string[] = [];
    const fetch = vi.fn<typeof globalThis.fetch>((input, init) => {
      seen.push(String(input));
      return scriptedFetch([{ status: 200, data: { items: [] } }]).fetch(input, init);
    });
    const viaBase = setup([], { baseURL: 'https://api.example', fetch });
    await viaBase.client.get('/api/inventory', { params: { page: 2, search: 'a b&c', category: undefined, sort: null } });
    expect(seen).toEqual(['https://api.example/api/inventory?page=2&search=a+b%26c']);
    expect(calls).toHaveLength(0);
    await client.get('/api/inventory');
    expect(calls[0].headers.get('Accept')).toBe('application/json');
  });

  it('sends objects as JSON, FormData with the browser’s own boundary, and a string as it is', async () => {
    const { client, calls } = setup([{ status: 201, data: { item: { id: '1' } } }]);
    await client.post('/api/inventory', { name: 'Bolt', quantity: 3 });
    expect(calls[0].headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(calls[0].data))).toEqual({ name: 'Bolt', quantity: 3 });

    const form = new FormData();
    form.append('image', new Blob(['png']), 'a.png');
    await client.post('/api/inventory/1/image', form, { headers: { 'Content-Type': 'multipart/form-data' } });
    expect(calls[1].data).toBe(form);
    expect(calls[1].headers.has('Content-Type')).toBe(false);

    await client.post('/api/inventory/import', 'sku,name\n', { headers: { 'Content-Type': 'text/csv' } });
    expect(calls[2].data).toBe('sku,name\n');
    expect(calls[2].headers.get('Content-Type')).toBe('text/csv');
  });

  it('sends If-Match as given and reads the answer’s ETag by lower-case name', async () => {
    const { client, calls } = setup([{ status: 200, data: { item: { id: '1' } }, headers: { ETag: 'W/"8"' } }]);
    const r = await client.put('/api/inventory/1', { name: 'x' }, { headers: { 'If-Match': '"7"' } });
    expect(calls[0].headers.get('If-Match')).toBe('"7"');
    expect(r.headers.etag).toBe('W/"8"');
    expect(r.status).toBe(200);
  });

  it('rejects a problem+json answer with its field errors, as the pages read them', async () => {
    const problem = {
      type: 'https://stockade.io/problems/validation',
      title: 'Invalid',
      status: 400,
      errors: [{ field: 'sku', message: 'taken' }],
    };
    const { client } = setup([{ status: 400, data: problem }]);
    const error = await client.post('/api/inventory', {}).catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect(problemOf(error)).toEqual(problem);
    expect(fieldErrorsOf(error)).toEqual([{ field: 'sku', message: 'taken' }]);
  });

  it('answers a file as a Blob, and a failed file request with its parsed problem', async () => {
    const { client } = setup([
      { status: 200, data: 'sku,name\r\n', headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="t.csv"' } },
      { status: 404, data: { status: 404, detail: 'No such import' } },
    ]);
    const r = await client.get<Blob>('/api/transactions', { responseType: 'blob' });
    expect(await r.data.text()).toBe('sku,name\r\n');
    expect(r.headers['content-disposition']).toBe('attachment; filename="t.csv"');
    const error = await client.get('/api/inventory/import/9/errors.csv', { responseType: 'blob', silent: true }).catch((e: unknown) => e);
    expect(problemOf(error)?.detail).toBe('No such import');
  });

  it('gives up after the timeout as a network failure (retried like one)', async () => {
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const fetch: typeof globalThis.fetch = (_input, init) => {
        attempts++;
        return new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
        );
      };
      const { client, hooks } = setup([], { fetch, retry: { retries: 1 } });
      const settled = client.get('/x', { timeout: 1000 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(999);
      expect(attempts).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await vi.advanceTimersByTimeAsync(300); // the backoff
      expect(attempts).toBe(2);
      await vi.advanceTimersByTimeAsync(1000);
      const error = await settled;
      expect(error).toMatchObject({ code: 'ECONNABORTED' });
      expect(isCancel(error)).toBe(false);
      expect(hooks.notify).toHaveBeenCalledWith(MESSAGES.network, 'error');
    } finally {
      vi.useRealTimers();
    }
  });

  it('an abort by the caller is a cancel: no retry, no toast', async () => {
    let attempts = 0;
    const fetch: typeof globalThis.fetch = (_input, init) => {
      attempts++;
      return new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
      );
    };
    const { client, hooks } = setup([], { fetch });
    const controller = new AbortController();
    const settled = client.get('/x', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    const error = await settled;
    expect(isCancel(error)).toBe(true);
    expect(attempts).toBe(1);
    expect(hooks.notify).not.toHaveBeenCalled();
    await expect(client.get('/x', { signal: controller.signal })).rejects.toMatchObject({ code: 'ERR_CANCELED' });
    expect(attempts).toBe(1); // already aborted: not sent
  });

  it('reports upload progress through XMLHttpRequest, with the same headers', async () => {
    const sent: { method: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
    class FakeXhr {
      upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
      status = 0;
      responseType = '';
      responseText = '';
      response: unknown = null;
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      private req = { method: '', url: '', headers: {} as Record<string, string>, body: undefined as unknown };
      open(method: string, url: string) {
        this.req.method = method;
        this.req.url = url;
      }
      setRequestHeader(k: string, v: string) {
        this.req.headers[k] = v;
      }
      getAllResponseHeaders() {
        return 'content-type: application/json\r\nx-request-id: r1\r\n';
      }
      abort() {}
      send(body: unknown) {
        this.req.body = body;
        sent.push(this.req);
        this.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true });
        this.upload.onprogress?.({ loaded: 100, total: 100, lengthComputable: true });
        this.status = 202;
        this.responseText = JSON.stringify({ id: 'job-1' });
        queueMicrotask(() => this.onload?.());
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const { client } = setup([]);
    const progress: number[] = [];
    const r = await client.post('/api/inventory/import', 'sku\n', {
      params: { mode: 'all-or-nothing', dryRun: false },
      headers: { 'Content-Type': 'text/csv' },
      onUploadProgress: (e) => progress.push(e.loaded / (e.total ?? 1)),
    });
    expect(progress).toEqual([0.5, 1]);
    expect(r).toMatchObject({ status: 202, data: { id: 'job-1' }, headers: { 'x-request-id': 'r1' } });
    expect(sent[0].method).toBe('POST');
    expect(sent[0].url).toBe('/api/inventory/import?mode=all-or-nothing&dryRun=false');
    expect(sent[0].headers.Authorization).toBe('Bearer tok-123');
    expect(sent[0].headers['Idempotency-Key']).toMatch(UUID);
    expect(sent[0].body).toBe('sku\n');
  });
});
