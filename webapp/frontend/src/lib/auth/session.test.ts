import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, registerRefresh } from '@/api/http';
import { setNavigator } from '@/lib/navigation';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { routedFetch } from '@/test/fake-http';
import type { LoginResponse } from '@/api/types';
import { logout } from './session-api';
import { installSilentReauth, refreshSession, REFRESH_LOCK } from './session';
const user = { id: 'u1', username: 'ann', email: 'ann@example.com', role: 'Manager' as const };
const fresh: LoginResponse = { token: 'new-token', expiresAt: '2030-01-01T00:15:00Z', mustChangePassword: false, user };

function setCsrf(value: string | null) {
  document.cookie = value === null ? 'stockade_csrf=; max-age=0; path=/' : `stockade_csrf=${value}; path=/`;
}

function signInWith(token: string) {
  useSession.getState().signIn({ token, expiresAt: '2030-01-01T00:00:00Z', mustChangePassword: false, user });
}

/** A held-open promise, released by hand. */
function gate() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

describe('silent re-authentication', () => {
  beforeEach(() => {
    setCsrf('csrf-1');
    installSilentReauth();
  });

  afterEach(() => {
    registerRefresh(null);
    setNavigator(null);
    setCsrf(null);
    useSession.getState().signOut();
    useUi.setState({ toasts: [] });
    Reflect.deleteProperty(navigator, 'locks');
  });

  it('refreshes with the X-CSRF-Token from the cookie and no Authorization header', async () => {
    signInWith('old-token');
    const http = routedFetch([{ method: 'POST', url: '/api/auth/refresh', reply: [{ status: 200, data: fresh }] }]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(refreshSession()).resolves.toBe('new-token');
    const [call] = http.to('POST', '/api/auth/refresh');
    expect(call.headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(call.headers.has('Authorization')).toBe(false);
    expect(call.data).toBeUndefined();
    const s = useSession.getState();
    expect([s.token, s.expiresAt, s.user?.username, s.mustChangePassword]).toEqual(['new-token', '2030-01-01T00:15:00Z', 'ann', false]);
  });

  it('does not call the server without a CSRF cookie, and a refused refresh gives null', async () => {
    const http = routedFetch([
      { method: 'POST', url: '/api/auth/refresh', reply: [{ status: 401, data: { status: 401, type: 'x/session-ended' } }] },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    setCsrf(null);
    await expect(refreshSession()).resolves.toBeNull();
    expect(http.calls).toHaveLength(0);
    setCsrf('csrf-1');
    await expect(refreshSession()).resolves.toBeNull();
    expect(http.calls).toHaveLength(1); // never retried
    expect(useUi.getState().toasts).toEqual([]);
  });

  it('shares one in-flight refresh within the tab', async () => {
    const g = gate();
    const http = routedFetch([
      {
        method: 'POST',
        url: '/api/auth/refresh',
        reply: async () => {
          await g.promise;
          return { status: 200, data: fresh };
        },
      },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    const a = refreshSession();
    const b = refreshSession();
    g.release();
    await expect(Promise.all([a, b])).resolves.toEqual(['new-token', 'new-token']);
    expect(http.to('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('takes the cross-tab Web Lock around the refresh when the browser has one', async () => {
    const order: string[] = [];
    const request = vi.fn(async (_name: string, _opts: unknown, cb: () => Promise<unknown>) => {
      order.push('lock');
      const r = await cb();
      order.push('unlock');
      return r;
    });
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    const http = routedFetch([
      {
        method: 'POST',
        url: '/api/auth/refresh',
        reply: () => {
          order.push('refresh');
          return { status: 200, data: fresh };
        },
      },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(refreshSession()).resolves.toBe('new-token');
    expect(request).toHaveBeenCalledWith(REFRESH_LOCK, { mode: 'exclusive' }, expect.any(Function));
    expect(order).toEqual(['lock', 'refresh', 'unlock']);
  });

  it('on a 401 refreshes once and retries the request with the new token', async () => {
    signInWith('old-token');
    const http = routedFetch([
      { method: 'POST', url: '/api/auth/refresh', reply: [{ status: 200, data: fresh }] },
      {
        url: '/api/inventory',
        reply: (c) => (c.headers.get('Authorization') === 'Bearer new-token' ? { status: 200, data: { items: [] } } : { status: 401 }),
      },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    const r = await api.get('/api/inventory');
    expect(r.data).toEqual({ items: [] });
    const gets = http.to('GET', '/api/inventory');
    expect(gets.map((c) => c.headers.get('Authorization'))).toEqual(['Bearer old-token', 'Bearer new-token']);
    expect(http.to('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(useSession.getState().token).toBe('new-token');
  });

  it('retries only once: a second 401 signs out', async () => {
    signInWith('old-token');
    const navigate = vi.fn();
    setNavigator(navigate);
    window.history.pushState({}, '', '/low-stock');
    const http = routedFetch([
      { method: 'POST', url: '/api/auth/refresh', reply: [{ status: 200, data: fresh }] },
      { url: '/api/inventory', reply: [{ status: 401 }] },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(api.get('/api/inventory')).rejects.toMatchObject({ response: { status: 401 } });
    expect(http.to('GET', '/api/inventory')).toHaveLength(2);
    expect(http.to('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(useSession.getState().token).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login?next=%2Flow-stock', { replace: true });
  });

  it('a failing refresh signs out and goes to the sign-in page', async () => {
    signInWith('old-token');
    const navigate = vi.fn();
    setNavigator(navigate);
    window.history.pushState({}, '', '/inventory/abc');
    const http = routedFetch([
      {
        method: 'POST',
        url: '/api/auth/refresh',
        reply: [{ status: 401, data: { status: 401, type: 'https://stockade.io/problems/session-ended' } }],
      },
      { url: '/api/inventory/abc', reply: [{ status: 401 }] },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    await expect(api.get('/api/inventory/abc')).rejects.toBeTruthy();
    expect(http.to('GET', '/api/inventory/abc')).toHaveLength(1);
    expect(useSession.getState().token).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login?next=%2Finventory%2Fabc', { replace: true });
  });

  it('concurrent 401s share one refresh and are both retried', async () => {
    signInWith('old-token');
    const g = gate();
    const http = routedFetch([
      {
        method: 'POST',
        url: '/api/auth/refresh',
        reply: async () => {
          await g.promise;
          return { status: 200, data: fresh };
        },
      },
      {
        url: /^\/api\/(a|b|c)$/,
        reply: (c) => (c.headers.get('Authorization') === 'Bearer new-token' ? { status: 200, data: c.url } : { status: 401 }),
      },
    ]);
    vi.stubGlobal('fetch', http.fetch);
    const all = Promise.all([api.get('/api/a'), api.get('/api/b'), api.get('/api/c')]);
    await vi.waitFor(() => expect(http.to('POST', '/api/auth/refresh')).toHaveLength(1));
    g.release();
    const rs = await all;
    expect(rs.map((r) => r.data)).toEqual(['/api/a', '/api/b', '/api/c']);
    expect(http.to('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('logout posts the CSRF header without a bearer token, and ignores a failure', async () => {
    signInWith('old-token');
    const http = routedFetch([{ method: 'POST', url: '/api/auth/logout', reply: [{ status: 204 }] }]);
    vi.stubGlobal('fetch', http.fetch);
    await logout();
    const [call] = http.to('POST', '/api/auth/logout');
    expect(call.headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(call.headers.has('Authorization')).toBe(false);

    vi.stubGlobal('fetch', routedFetch([{ method: 'POST', url: '/api/auth/logout', reply: ['network-error'] }]).fetch);
    await expect(logout()).resolves.toBeUndefined();
    expect(useUi.getState().toasts).toEqual([]);
  });
});
