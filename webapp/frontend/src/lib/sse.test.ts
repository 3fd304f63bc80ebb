import { describe, expect, it, vi } from 'vitest';
import { openLiveStream, SseParser, type LiveStatus, type SseEvent } from './sse';

/** A fetch Response whose body yields the given chunks, then ends (or hangs open when `hang`). */
function streamResponse(chunks: string[], { status = 200, hang = false, headers = {} as Record<string, string> } = {}): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const body = {
    getReader: () => ({
      read: () =>
        i < chunks.length
          ? Promise.resolve({ done: false, value: encoder.encode(chunks[i++]) })
          : hang
            ? new Promise<never>(() => {})
            : Promise.resolve({ done: true, value: undefined }),
    }),
  };
  return {
    status,
    ok: status >= 200 && status < 300,
    body,
    headers: { get: (n: string) => headers[n] ?? null },
  } as unknown as Response;
}

const until = (predicate: () => boolean) => vi.waitFor(() => expect(predicate()).toBe(true), { timeout: 2000 });

describe('SseParser', () => {
  it('parses events split anywhere across chunks, with ids, names, multi-line data and comments', () => {
    const p = new SseParser();
    const text = ': keep-alive\n\nid: 7\nevent: dashboard\ndata: {"a":\ndata: 1}\n\r\nid:8\r\nevent:item\r\ndata:x\r\n\r\n';
    const events: SseEvent[] = [];
    for (const ch of text) events.push(...p.push(ch));
    expect(events).toEqual([
      { id: '7', event: 'dashboard', data: '{"a":\n1}' },
      { id: '8', event: 'item', data: 'x' },
    ]);
  });

  it('ignores a comment-only block and defaults the event name to message', () => {
    const p = new SseParser();
    expect(p.push(':hb\n\n')).toEqual([]);
    expect(p.push('data: hi\n\n')).toEqual([{ id: undefined, event: 'message', data: 'hi' }]);
  });
});

describe('openLiveStream', () => {
  const noSleep = () => Promise.resolve();

  it('sends the Bearer token at low priority, delivers events and reconnects with Last-Event-ID after a drop', async () => {
    const fetchFn = vi
      .fn()
      .mockResolvedValueOnce(streamResponse(['id: 1\nevent: dashboard\ndata: {"n":1}\n\n']))
      .mockResolvedValueOnce(streamResponse(['id: 2\nevent: dashboard\ndata: {"n":2}\n\n'], { hang: true }));
    const events: SseEvent[] = [];
    const statuses: LiveStatus[] = [];
    const close = openLiveStream({
      url: '/api/stream/dashboard',
      getToken: () => 'tok',
      refresh: vi.fn(),
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      fetchFn,
      sleep: noSleep,
    });
    await until(() => events.length === 2);
    close();
    expect(fetchFn.mock.calls[0][1].headers).toEqual({ Accept: 'text/event-stream', Authorization: 'Bearer tok' });
    expect(fetchFn.mock.calls[0][1].priority).toBe('low');
    expect(fetchFn.mock.calls[1][1].headers['Last-Event-ID']).toBe('1');
    expect(statuses).toContain('reconnecting');
    expect(events.map((e) => JSON.parse(e.data).n)).toEqual([1, 2]);
  });

  it('backs off exponentially between failed connections', async () => {
    const delays: number[] = [];
    const fetchFn = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('network'))
      .mockRejectedValueOnce(new TypeError('network'))
      .mockResolvedValueOnce(streamResponse([], { status: 503 }))
      .mockResolvedValueOnce(streamResponse(['data: ok\n\n'], { hang: true }));
    const events: SseEvent[] = [];
    const close = openLiveStream({
      url: '/s',
      getToken: () => 't',
      refresh: vi.fn(),
      onEvent: (e) => events.push(e),
      fetchFn,
      random: () => 0,
      baseDelayMs: 100,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    await until(() => events.length === 1);
    close();
    expect(delays).toEqual([100, 200, 400]);
  });

  it('on end (token expired) refreshes the token once and reconnects with the new one', async () => {
    let token = 'old';
    const refresh = vi.fn(async () => {
      token = 'new';
      return token;
    });
    const fetchFn = vi
      .fn()
      .mockResolvedValueOnce(streamResponse(['id: 4\nevent: low-stock\ndata: {}\n\nid: 5\nevent: end\ndata: {"reason":"expired"}\n\n']))
      .mockResolvedValueOnce(streamResponse(['id: 6\nevent: low-stock\ndata: {}\n\n'], { hang: true }));
    const events: SseEvent[] = [];
    const close = openLiveStream({ url: '/s', getToken: () => token, refresh, onEvent: (e) => events.push(e), fetchFn, sleep: noSleep });
    await until(() => events.length === 2);
    close();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetchFn.mock.calls[1][1].headers).toMatchObject({ Authorization: 'Bearer new', 'Last-Event-ID': '5' });
    expect(events.every((e) => e.event === 'low-stock')).toBe(true);
  });

  it('stops when the session was revoked and the refresh fails', async () => {
    const refresh = vi.fn(async () => null);
    const fetchFn = vi.fn().mockResolvedValueOnce(streamResponse(['event: end\ndata: {"reason":"revoked"}\n\n']));
    const statuses: LiveStatus[] = [];
    openLiveStream({
      url: '/s',
      getToken: () => 't',
      refresh,
      onEvent: vi.fn(),
      onStatus: (s) => statuses.push(s),
      fetchFn,
      sleep: noSleep,
    });
    await until(() => statuses.includes('ended'));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('on 401 refreshes once, and stops when the new token is refused too', async () => {
    const refresh = vi.fn(async () => 'again');
    const fetchFn = vi.fn().mockResolvedValue(streamResponse([], { status: 401 }));
    const statuses: LiveStatus[] = [];
    openLiveStream({
      url: '/s',
      getToken: () => 't',
      refresh,
      onEvent: vi.fn(),
      onStatus: (s) => statuses.push(s),
      fetchFn,
      sleep: noSleep,
    });
    await until(() => statuses.includes('ended'));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('stops on 404 without retrying', async () => {
    const fetchFn = vi.fn().mockResolvedValue(streamResponse([], { status: 404 }));
    const statuses: LiveStatus[] = [];
    openLiveStream({
      url: '/s',
      getToken: () => 't',
      refresh: vi.fn(),
      onEvent: vi.fn(),
      onStatus: (s) => statuses.push(s),
      fetchFn,
      sleep: noSleep,
    });
    await until(() => statuses.includes('ended'));
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });
});
