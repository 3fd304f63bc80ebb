import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

export type Reply = { status: number; data?: unknown; headers?: Record<string, string> } | 'network-error';

/** An axios adapter answering from a script of replies (the last one repeats); records every request. */
export function scriptedAdapter(replies: Reply[]) {
  const calls: InternalAxiosRequestConfig[] = [];
  const adapter = (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    // Snapshot the headers as sent.
    calls.push({ ...config, headers: new AxiosHeaders(config.headers) } as InternalAxiosRequestConfig);
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === 'network-error') {
      return Promise.reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {}));
    }
    const response: AxiosResponse = {
      data: reply.data ?? {},
      status: reply.status,
      statusText: String(reply.status),
      headers: new AxiosHeaders(reply.headers ?? {}),
      config,
      request: {},
    };
    if (reply.status >= 200 && reply.status < 300) return Promise.resolve(response);
    return Promise.reject(
      new AxiosError(
        `Request failed with status code ${reply.status}`,
        reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
        config,
        {},
        response,
      ),
    );
  };
  return { adapter, calls };
}

/** An AxiosError as the client rejects with, for components that map problem+json. */
export function problemError(status: number, data: unknown): AxiosError {
  const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;
  return new AxiosError('failed', AxiosError.ERR_BAD_REQUEST, config, {}, {
    data,
    status,
    statusText: '',
    headers: {},
    config,
    request: {},
  } as AxiosResponse);
}

/** One faked endpoint for routedAdapter: method + URL (exact, or a RegExp), answered from a script or a function. */
export interface FakeEndpoint {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | RegExp;
  reply: Reply[] | ((config: InternalAxiosRequestConfig) => Reply | Promise<Reply>);
}

/**
 * An axios adapter answering by endpoint (each script as in scriptedAdapter); records every request
 * (headers as sent). An unknown endpoint is answered with 404.
 */
export function routedAdapter(endpoints: FakeEndpoint[]) {
  const calls: InternalAxiosRequestConfig[] = [];
  const scripted = endpoints.map((e) => (Array.isArray(e.reply) ? scriptedAdapter(e.reply).adapter : null));
  const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    calls.push({ ...config, headers: new AxiosHeaders(config.headers) } as InternalAxiosRequestConfig);
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const i = endpoints.findIndex((e) => (e.method ?? 'GET') === method && (typeof e.url === 'string' ? e.url === url : e.url.test(url)));
    if (i < 0) return scriptedAdapter([{ status: 404, data: { status: 404, title: 'Not found' } }]).adapter(config);
    const fixed = scripted[i];
    if (fixed) return fixed(config);
    const reply = await (endpoints[i].reply as (c: InternalAxiosRequestConfig) => Reply | Promise<Reply>)(config);
    return scriptedAdapter([reply]).adapter(config);
  };
  /** The recorded requests to one endpoint. */
  const to = (method: string, url: string | RegExp) =>
    calls.filter((c) => (c.method ?? 'get').toUpperCase() === method && (typeof url === 'string' ? c.url === url : url.test(c.url ?? '')));
  return { adapter, calls, to };
}
