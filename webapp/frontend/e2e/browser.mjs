// What the browser tests (spa.e2e.mjs, lighthouse.e2e.mjs) and bench/lighthouse-spa.mjs share: how
// Debian's Chromium is started, how a page's CSP violations are collected, how a user signs in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** No sandbox (root in CI), nothing that calls home or updates itself while a test measures. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Collects the page's CSP refusals and uncaught errors into `problems`. */
export function watchForProblems(page, problems) {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

/** Signs in through the SPA's form, starting from a protected page as a user would. */
export async function signIn(page, base, user, password) {
  await page.goto(base + '/');
  await page.waitForURL(/\/login/);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Chromium with a DevTools port Lighthouse can connect to. The Playwright context is the browser's
 * default one, so the tabs Lighthouse opens share its cookies (a signed-in dashboard) and show up in
 * `context.on('page')`. No viewport emulation of Playwright's: Lighthouse sets its own.
 */
export async function launchWithDevToolsPort() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockade-lighthouse-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: null,
    args: [...CHROMIUM_ARGS, '--remote-debugging-port=0'],
  });
  // Chromium writes the port it chose as the first line of this file once it listens.
  const file = path.join(dir, 'DevToolsActivePort');
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(file) || !fs.readFileSync(file, 'utf8').includes('\n')) {
    if (Date.now() > deadline) throw new Error(`Chromium wrote no ${file}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
  return {
    context,
    port,
    page: context.pages()[0] ?? (await context.newPage()),
    async close() {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
