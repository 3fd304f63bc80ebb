/**
 * Server-Sent Events over fetch. `EventSource` cannot send an Authorization header, and the access
 * token must never travel in a URL, so the stream is a plain GET read through a ReadableStream.
 */

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** The text/event-stream format (WHATWG HTML §9.2): feed it text as it arrives, get whole events back. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const e = this.line(line);
      if (e) out.push(e);
    }
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      const e = this.data.length > 0 ? { id: this.id, event: this.event || 'message', data: this.data.join('\n') } : null;
      this.data = [];
      this.event = '';
      return e;
    }
    if (line.startsWith(':')) return null; // a comment: the server's heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return null;
  }
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface LiveStreamOptions {
  url: string;
  getToken: () => string | null;
  /** Silent re-authentication: a new access token, or null when the session is over. */
  refresh: () => Promise<string | null>;
  onEvent: (event: SseEvent) => void;
  onStatus?: (status: LiveStatus) => void;
  fetchFn?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Longest wait between reconnection attempts. */
export const MAX_RECONNECT_DELAY_MS = 30_000;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * Opens a live stream and keeps it open: reconnects with exponential backoff and `Last-Event-ID`
 * after a network failure or a server restart; on 401 or an `end` event (token expired or session
 * revoked) refreshes the token once and reconnects, and stops when that fails too. A 403, 404 or an
 * item that is gone stops it. Returns a function that closes it.
 */
export function openLiveStream(options: LiveStreamOptions): () => void {
  const fetchFn = options.fetchFn ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const base = options.baseDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? MAX_RECONNECT_DELAY_MS;
  const controller = new AbortController();
  const { signal } = controller;
  const status = (s: LiveStatus) => {
    if (!signal.aborted) options.onStatus?.(s);
  };

  let lastEventId: string | undefined;
  let attempt = 0;
  // A refresh is tried once per failure; a connection that delivers an event earns another.
  let refreshed = false;

  const backoff = (retryAfterMs?: number) => sleep(retryAfterMs ?? Math.min(max, base * 2 ** attempt++ + random() * base), signal);

  /** True to reconnect with the new token, false to stop. */
  const refreshOnce = async (): Promise<boolean> => {
    if (refreshed) return false;
    refreshed = true;
    try {
      return (await options.refresh()) !== null;
    } catch {
      return false;
    }
  };

  const run = async () => {
    status('connecting');
    while (!signal.aborted) {
      const token = options.getToken();
      if (!token) break;
      const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      let response: Response;
      try {
        // Low priority: the stream only pushes changes to what the page already loaded, so it must not
        // compete with the page's own requests, and tools that wait for the important requests to end
        // (Lighthouse's "network critical idle", which skips EventSource but not a fetch) can see the page loaded.
        response = await fetchFn(options.url, { headers, signal, cache: 'no-store', credentials: 'same-origin', priority: 'low' });
      } catch {
        if (signal.aborted) return;
        status('reconnecting');
        await backoff();
        continue;
      }
      if (response.status === 401) {
        if (await refreshOnce()) continue;
        break;
      }
      if (response.status === 429 || response.status >= 500) {
        const after = Number(response.headers.get('Retry-After'));
        status('reconnecting');
        await backoff(Number.isFinite(after) && after > 0 ? Math.min(max, after * 1000) : undefined);
        continue;
      }
      if (!response.ok || !response.body) break;

      let end: string | undefined;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const e of parser.push(decoder.decode(value, { stream: true }))) {
            if (e.id !== undefined) lastEventId = e.id;
            if (e.event === 'end') {
              try {
                end = String((JSON.parse(e.data) as { reason?: unknown }).reason ?? 'ended');
              } catch {
                end = 'ended';
              }
              continue;
            }
            attempt = 0;
            refreshed = false;
            status('live');
            options.onEvent(e);
          }
        }
      } catch {
        // The connection dropped: reconnect below.
      }
      if (signal.aborted) return;
      if (end === 'expired' || end === 'revoked') {
        status('reconnecting');
        if (await refreshOnce()) continue;
        break;
      }
      if (end === 'gone') break;
      status('reconnecting');
      await backoff();
    }
    status('ended');
  };

  void run();
  return () => controller.abort();
}
