// Lighthouse on the SPA's first screen — the sign-in page and the signed-in dashboard — in Debian's
// Chromium against the packaged app. Run by SpaEndToEndIT after spa.e2e.mjs, on the same server.
// Only the deterministic parts fail the build: accessibility and best practices at 100, no CSP
// violation, the first screen's JavaScript under its gzip budget as served. Performance and LCP
// depend on the machine: bench/lighthouse-spa.mjs measures them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { generateReport } from 'lighthouse';
import { launchWithDevToolsPort, signIn, watchForProblems } from './browser.mjs';
import { describeFailures, failingAudits, itemsOf, runLighthouse } from './lighthouse-run.mjs';
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
 * Lighthouse on one page; the scores are checked, and the report kept when LIGHTHOUSE_REPORTS is set.
 * `shown(tab)` locates what the page shows once its content is in: seen in Lighthouse's own tab, it
 * proves the audit was of the page with its content and not of a spinner or a redirect.
 */
async function audit(browser, name, url, expectedPath, shown) {
  const seen = new Promise((resolve) => {
    browser.context.once('page', (tab) =>
      shown(tab)
        .waitFor({ timeout: 60_000 })
        .then(
          () => resolve(true),
          () => resolve(false),
        ),
    );
  });
  const lhr = await runLighthouse(browser.port, BASE + url, { categories: CATEGORIES, throttled: false });
  if (REPORTS) {
    fs.mkdirSync(REPORTS, { recursive: true });
    fs.writeFileSync(path.join(REPORTS, `${name}.html`), generateReport(lhr, 'html'));
  }
  assert.ok(await seen, `${name}: Lighthouse's tab never showed the page's content`);
  // E.g. "The page loaded too slowly to finish within the time limit": the audit may then be incomplete.
  assert.deepEqual(lhr.runWarnings, [], `${name}: Lighthouse warned`);
  assert.equal(new URL(lhr.finalDisplayedUrl).pathname, expectedPath, `${name}: where Lighthouse ended up`);
  for (const category of CATEGORIES) console.log(`# ${name}: ${category} ${Math.round(lhr.categories[category].score * 100)}`);
  // The best-practices audits that see a CSP violation (an Issues-panel entry, a console error), also
  // asserted on their own so that the message names what the browser refused.
  for (const id of ['inspector-issues', 'errors-in-console']) {
    assert.notEqual(lhr.audits[id].score, 0, `${name}: ${id}\n${itemsOf(lhr.audits[id]).join('\n')}`);
  }
  const failures = CATEGORIES.flatMap((c) => failingAudits(lhr, c));
  assert.deepEqual(
    CATEGORIES.map((c) => lhr.categories[c].score),
    CATEGORIES.map(() => 1),
    `${name}: accessibility and best practices must be 100\n${describeFailures(failures)}`,
  );
}

test('Lighthouse on the first screen', { timeout: 240_000 }, async (t) => {
  const browser = await launchWithDevToolsPort();
  const problems = [];
  watchForProblems(browser.page, problems);
  // Lighthouse's own tabs too: a CSP refusal logged while it audits counts like any other.
  browser.context.on('page', (p) => watchForProblems(p, problems));
  try {
    await t.test('the first screen downloads its JavaScript gzipped, under the budget', async () => {
      const index = await fetch(BASE + '/login');
      assert.equal(index.status, 200);
      let raw = 0;
      let gzip = 0;
      for (const file of firstScreenScripts(await index.text())) {
        const plain = await sizeAsSent(`/${file}`, 'identity');
        const zipped = await sizeAsSent(`/${file}`, 'gzip');
        assert.equal(plain.status, 200, file);
        assert.equal(zipped.encoding, 'gzip', `${file} is sent gzipped`);
        console.log(`# first screen: ${file} ${plain.bytes} B raw, ${zipped.bytes} B gzip`);
        raw += plain.bytes;
        gzip += zipped.bytes;
      }
      console.log(`# first screen total: ${raw} B raw, ${gzip} B gzip (budget ${BUDGET_GZIP_BYTES} B gzip)`);
      assert.equal(overBudget(gzip), null);
    });

    await t.test('sign-in page: accessibility 100, best practices 100', async () => {
      await audit(browser, 'sign-in', '/login', '/login', (tab) => tab.getByLabel('Username'));
    });

    await t.test('dashboard (signed in): accessibility 100, best practices 100', async () => {
      await signIn(browser.page, BASE, env.ADMIN_USER, env.ADMIN_PASSWORD);
      await browser.page.getByTestId('kpi-total-products').waitFor();
      await audit(browser, 'dashboard', '/', '/', (tab) => tab.getByTestId('kpi-total-products'));
    });

    await t.test('no Content-Security-Policy violation or uncaught error', async () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await browser.close();
  }
});
