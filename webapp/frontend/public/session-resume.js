// Resumes the browser session (POST /api/auth/refresh with the refresh cookie) while the app's own code is
// still downloading. The app needs the session before it can draw a signed-in page, and it could only ask
// for it once its entry chunk (about 83 KB gzip) had arrived and run: one more round trip after that, on
// every reload. This file is a few hundred bytes, loaded beside the entry; the app adopts the answer
// (src/lib/auth/session.ts, adoptEarlyResume) instead of sending its own refresh.
//
// Plain JavaScript outside the bundle, so it must stay self-contained and in step with the app: the same
// CSRF cookie and header, and the same cross-tab Web Lock (refresh tokens are single-use; two tabs refreshing
// with one cookie at once would look like theft and end the session).
(() => {
  // The app ran first (this file came late) and refreshes by itself.
  if (window.__stockadeResume === 'app') return;
  const cookie = document.cookie.match(/(?:^|;\s*)stockade_csrf=([^;]*)/);
  if (!cookie || !cookie[1]) return;
  let csrf = cookie[1];
  try {
    csrf = decodeURIComponent(csrf);
  } catch {
    // kept as it is, as the app's readCookie does
  }
  const send = () =>
    fetch('/api/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf, Accept: 'application/json, application/problem+json' },
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(15000) : undefined,
    }).then(async (res) => ({ status: res.status, body: res.ok ? await res.json() : null }));
  const locks = navigator.locks;
  const answer =
    locks && typeof locks.request === 'function' ? locks.request('stockade-refresh', { mode: 'exclusive' }, send) : send();
  // Read once by the app; a failure (network, timeout) reaches it as a rejection, never as an unhandled one.
  window.__stockadeResume = answer;
  answer.catch(() => null);
})();
