// Lighthouse on the SPA's first screen — the sign-in page and the signed-in dashboard — in Debian's
// Chromium against the packaged app. Run by SpaEndToEndIT after spa.e2e.mjs, on the same server.
// Only what does not depend on the machine's speed fails the build: accessibility and best practices
// at 100, no console error, no failed request and no CSP violation while Lighthouse loads the page,
// and the first screen's JavaScript under its gzip budget as served. Performance and LCP do depend
// on it: bench/lighthouse-spa.mjs measures them.
//
// Lighthouse audits a page we hand it (puppeteer-core, which Lighthouse drives pages with), without
// throttling and with a 120 s load limit, so a busy CI machine makes the run slower, not different.
// After each audit the same page is asked whether it shows its content (the audit saw the real
// screen, not a loading skeleton). Each report is kept as JSON in LIGHTHOUSE_REPORTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describeFailures, failingAudits, itemsOf, launchChromium, runLighthouse } from './lighthouse-run.mjs';
import { BUDGET_GZIP_BYTES, firstScreenScripts, overBudget } from '../scripts/check-budget.mjs';

const env = process.env;
const BASE = env.STOCKADE_URL;
const REPORTS = env.LIGHTHOUSE_REPORTS;
const CATEGORIES = ['accessibility', 'best-practices'];

/** The body's length as sent (fetch would decode it and pick Accept-Encoding itself). */
function sizeAsSent(url, encoding) {
  return new Promise((resolve, reject) => {
    http
      .get(BASE + url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode, encoding: res.headers['content-encoding'], bytes }));
      })
      .on('error', reject);
  });
}

/**
 * What the page does wrong while it is watched: console errors (a CSP refusal is one, so is a failed
 * resource), uncaught errors, and every response of 400 or more — a signed-out first visit must not
 * fire a request that fails, such as a session refresh answered 401.
 */
function watch(page) {
  const seen = { console: [], responses: [], on: false };
  page.on('console', (m) => {
    if (seen.on && m.type() === 'error') seen.console.push(`console error: ${m.text()} (${m.location()?.url ?? '?'})`);
  });
  page.on('pageerror', (e) => {
    if (seen.on) seen.console.push(`page error: ${e.message}`);
  });
  page.on('response', (r) => {
    if (seen.on && r.status() >= 400) seen.responses.push(`${r.request().method()} ${r.url()} -> ${r.status()}`);
  });
  return seen;
}

/**
 * Lighthouse on `url` in `page`. `shows` (run in the page the moment the audit returns) must be true: the
 * page's content was there, not a loading skeleton; `applicable` audits must have found something to
 * check (the form fields' labels on the sign-in page). Every failure names what Lighthouse found, and
 * the report is written before any check.
 */
async function audit(page, seen, name, url, { path: expectedPath, shows, content, applicable = [] }) {
  seen.console.length = 0;
  seen.responses.length = 0;
  seen.on = true;
  const started = Date.now();
  let lhr;
  try {
    lhr = await runLighthouse(page, BASE + url, { categories: CATEGORIES, throttled: false });
  } finally {
    seen.on = false;
  }
  console.log(`# ${name}: Lighthouse took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (REPORTS) {
    fs.mkdirSync(REPORTS, { recursive: true });
    fs.writeFileSync(path.join(REPORTS, `${name}.json`), JSON.stringify(lhr, null, 2));
  }
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c].score]));
  for (const c of CATEGORIES) console.log(`# ${name}: ${c} ${scores[c] === null ? 'none' : Math.round(scores[c] * 100)}`);
  const failures = CATEGORIES.flatMap((c) => failingAudits(lhr, c));
  // Printed whatever fails next, so that a CI log says why without the report at hand.
  if (failures.length > 0) console.log(`# ${name}: failing audits\n${describeFailures(failures).replace(/^/gm, '#   ')}`);

  // E.g. "The page loaded too slowly to finish within the time limit": the audit may be incomplete.
  assert.deepEqual(lhr.runWarnings, [], `${name}: Lighthouse warned`);
  assert.equal(new URL(lhr.finalDisplayedUrl).pathname, expectedPath, `${name}: where Lighthouse ended up`);
  assert.ok(await page.evaluate(shows), `${name}: the audited page does not show ${content} (a loading screen was audited?)`);
  for (const id of applicable) {
    assert.equal(
      lhr.audits[id].scoreDisplayMode,
      'binary',
      `${name}: audit ${id} found nothing to check (${lhr.audits[id].scoreDisplayMode})`,
    );
  }
  assert.deepEqual(seen.responses, [], `${name}: requests that failed while the page loaded`);
  assert.deepEqual(seen.console, [], `${name}: console errors while the page loaded`);
  // The best-practices audits that see a CSP violation (Chromium's Issues panel, the console), also
  // asserted on their own so that the message names what the browser refused.
  for (const id of ['inspector-issues', 'errors-in-console']) {
    assert.equal(lhr.audits[id].score, 1, `${name}: ${id}\n${itemsOf(lhr.audits[id]).join('\n')}`);
  }
  assert.deepEqual(
    scores,
    Object.fromEntries(CATEGORIES.map((c) => [c, 1])),
    `${name}: accessibility and best practices must be 100\n${describeFailures(failures)}`,
  );
}

test('Lighthouse on the first screen', { timeout: 600_000 }, async (t) => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    const seen = watch(page);

    await t.test('the first screen downloads its JavaScript compressed, gzip under the budget', async () => {
      const index = await fetch(BASE + '/login');
      assert.equal(index.status, 200);
      const total = { raw: 0, gzip: 0, br: 0 };
      for (const file of firstScreenScripts(await index.text())) {
        const plain = await sizeAsSent(`/${file}`, 'identity');
        const zipped = await sizeAsSent(`/${file}`, 'gzip');
        const brotli = await sizeAsSent(`/${file}`, 'br');
        assert.equal(plain.status, 200, file);
        assert.equal(zipped.encoding, 'gzip', `${file} is sent gzipped`);
        assert.equal(brotli.encoding, 'br', `${file} is sent Brotli-compressed`);
        console.log(`# first screen: ${file} ${plain.bytes} B raw, ${zipped.bytes} B gzip, ${brotli.bytes} B brotli`);
        total.raw += plain.bytes;
        total.gzip += zipped.bytes;
        total.br += brotli.bytes;
      }
      console.log(
        `# first screen total: ${total.raw} B raw, ${total.gzip} B gzip, ${total.br} B brotli (budget ${BUDGET_GZIP_BYTES} B gzip)`,
      );
      assert.equal(overBudget(total.gzip), null);
    });

    // First, in a browser that has never seen the server: a new user's first visit.
    await t.test('sign-in page: accessibility 100, best practices 100, no error', async () => {
      await audit(page, seen, 'sign-in', '/login', {
        path: '/login',
        shows: () => document.querySelector('input[autocomplete="username"]') !== null,
        content: 'the sign-in form',
        applicable: ['label', 'button-name'],
      });
    });

    await t.test('dashboard (signed in): accessibility 100, best practices 100, no error', async () => {
      // Through the form, as a user signs in; the audit then reloads the dashboard, which resumes the
      // session from the refresh cookie (the access token lives in memory only).
      await page.goto(BASE + '/login');
      await page.locator('input[autocomplete="username"]').fill(env.ADMIN_USER);
      await page.locator('input[autocomplete="current-password"]').fill(env.ADMIN_PASSWORD);
      await Promise.all([page.waitForFunction(() => location.pathname === '/'), page.locator('button[type="submit"]').click()]);
      await audit(page, seen, 'dashboard', '/', {
        path: '/',
        // A number, not the placeholder shown while the figures load: the seeded items are counted.
        shows: () => /^\d+$/.test(document.querySelector('[data-testid="kpi-total-products"]')?.textContent ?? ''),
        content: 'its figures',
      });
    });
  } finally {
    await browser.close();
  }
});
