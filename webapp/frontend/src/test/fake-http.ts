import { HttpError } from '@/api/client';

export type Reply = { status: number; data?: unknown; headers?: Record<string, string> } | 'network-error';

/** A request as it reached the network edge (fetch): what the server would have seen. */
export interface RecordedRequest {
  /** Lower case, as the client's config spells it ('get', 'post', …). */
  method: string;
  /** The path, without the query string. */
  url: string;
  /** The query string's parameters. */
  params: Record<string, string>;
  headers: Headers;
  /** The body as sent: a JSON string, FormData, a Blob, or undefined. */
  data: unknown;
}

function record(input: RequestInfo | URL, init: RequestInit = {}): RecordedRequest {
  const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const u = new URL(raw, 'http://localhost');
  return {
    method: (init.method ?? 'GET').toLowerCase(),
    url: u.pathname,
    params: Object.fromEntries(u.searchParams),
    headers: new Headers(init.headers),
    data: init.body ?? undefined,
  };
}

/** The Response for a scripted reply (JSON unless the data is a string or a Blob; no body for 204). */
async function respond(reply: Exclude<Reply, 'network-error'>, signal?: AbortSignal | null): Promise<Response> {
  if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
  const headers = new Headers(reply.headers);
  const empty = reply.status === 204 || reply.status === 205 || reply.status === 304;
  let body: BodyInit | null = null;
  if (!empty) {
    const data = reply.data ?? {};
    if (typeof data === 'string') body = data;
    // The DOM's Blob (jsdom) is not the one the platform's Response reads: pass its text.
    else if (typeof Blob !== 'undefined' && data instanceof Blob) body = await data.text();
    else {
      body = JSON.stringify(data);
      if (!headers.has('Content-Type')) headers.set('Content-Type', reply.status >= 400 ? 'application/problem+json' : 'application/json');
    }
  }
  return new Response(body, { status: reply.status, headers });
}

function answer(reply: Reply, signal?: AbortSignal | null): Promise<Response> {
  return reply === 'network-error' ? Promise.reject(new TypeError('Failed to fetch')) : respond(reply, signal);
}

/** A fetch answering from a script of replies (the last one repeats); records every request. */
export function scriptedFetch(replies: Reply[]) {
  const calls: RecordedRequest[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push(record(input, init));
    return answer(replies[Math.min(calls.length - 1, replies.length - 1)], init?.signal);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** An HttpError as the client rejects with, for components that map problem+json. */
export function problemError(status: number, data: unknown): HttpError {
  return new HttpError('failed', status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', {}, { data, status, headers: {} });
}

/** One faked endpoint for routedFetch: method + path (exact, or a RegExp), answered from a script or a function. */
export interface FakeEndpoint {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | RegExp;
  reply: Reply[] | ((request: RecordedRequest) => Reply | Promise<Reply>);
}

const matches = (pattern: string | RegExp, url: string) => (typeof pattern === 'string' ? pattern === url : pattern.test(url));

/**
 * A fetch answering by endpoint (each script as in scriptedFetch); records every request (headers
 * as sent). An unknown endpoint is answered with 404.
 */
export function routedFetch(endpoints: FakeEndpoint[]) {
  const calls: RecordedRequest[] = [];
  const counts = endpoints.map(() => 0);
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = record(input, init);
    calls.push(request);
    const method = request.method.toUpperCase();
    const i = endpoints.findIndex((e) => (e.method ?? 'GET') === method && matches(e.url, request.url));
    if (i < 0) return answer({ status: 404, data: { status: 404, title: 'Not found' } }, init?.signal);
    const { reply } = endpoints[i];
    if (Array.isArray(reply)) return answer(reply[Math.min(counts[i]++, reply.length - 1)], init?.signal);
    return answer(await reply(request), init?.signal);
  };
  /** The recorded requests to one endpoint. */
  const to = (method: string, url: string | RegExp) => calls.filter((c) => c.method.toUpperCase() === method && matches(url, c.url));
  return { fetch: fetch as typeof globalThis.fetch, calls, to };
}
