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
      new AxiosError(`Request failed with status code ${reply.status}`, reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST, config, {}, response),
    );
  };
  return { adapter, calls };
}

/** An AxiosError as the client rejects with, for components that map problem+json. */
export function problemError(status: number, data: unknown): AxiosError {
  const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;
  return new AxiosError('failed', AxiosError.ERR_BAD_REQUEST, config, {}, { data, status, statusText: '', headers: {}, config, request: {} } as AxiosResponse);
}
