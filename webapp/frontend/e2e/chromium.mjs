// How the browser tests (spa.e2e.mjs, lighthouse.e2e.mjs) and bench/lighthouse-spa.mjs start Debian's
// Chromium (STACK.md): no sandbox (root in CI), nothing that calls home or updates itself meanwhile.
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
