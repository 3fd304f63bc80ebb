// Lighthouse (the npm package) on a page of a puppeteer-core browser started with chromium.mjs's
// flags: shared by the browser test (lighthouse.e2e.mjs: accessibility and best practices, checked)
// and bench/lighthouse-spa.mjs (performance, FCP, LCP: measured).
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

/**
 * Debian's Chromium under puppeteer-core, the automation library Lighthouse itself drives a page with:
 * a page handed to Lighthouse stays ours, so what it shows after the audit can be checked, and it
 * keeps its cookies from one audit to the next. A fresh temporary profile each launch.
 */
export function launchChromium() {
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, protocolTimeout: 180_000 });
}

/**
 * Audits `url` in `page` as a phone (Lighthouse's default mobile screen and user agent) and returns the
 * report (lhr). Cookies and storage are kept, so a signed-in page stays signed in (Lighthouse's own
 * storage reset would sign it out), but the HTTP cache is emptied first: every run is a first visit's
 * load, every asset fetched from the server.
 *
 * `throttled: false` ('provided': Lighthouse applies no network or CPU throttling of its own) is for the
 * test: accessibility and best practices read the DOM, the console and the responses, not timings.
 * The waits are generous so that a loaded CI machine only makes the run slower, never different: up to
 * 120 s for the load (Lighthouse's default is 45 s, after which it audits whatever is there and warns).
 * `throttled: true` is Lighthouse's default mobile run (simulated slow 4G and a 4x slower CPU), for the bench.
 */
export async function runLighthouse(page, url, { categories, throttled }) {
  const flags = {
    output: 'json',
    logLevel: 'error',
    onlyCategories: categories,
    disableStorageReset: true,
    formFactor: 'mobile',
    ...(throttled ? {} : { throttlingMethod: 'provided', maxWaitForLoad: 120_000 }),
  };
  const cdp = await page.createCDPSession();
  try {
    // The disk cache, then (as Lighthouse does it) the memory cache by toggling "Disable cache".
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  } finally {
    await cdp.detach();
  }
  const result = await lighthouse(url, flags, undefined, page);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  return lhr;
}

/**
 * The audits that lower a category's score (weight > 0 and a score below 1), each with what it found.
 * An audit that could not run (scoreDisplayMode 'error', score null) counts as failing, with its error.
 */
export function failingAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.scoreDisplayMode === 'error' || (audit.score !== null && audit.score < 1))
    .map((audit) => ({
      id: audit.id,
      score: audit.score,
      title: audit.title,
      items: audit.errorMessage ? [`error: ${audit.errorMessage}`, ...itemsOf(audit)] : itemsOf(audit),
    }));
}

/** An audit's findings, one line each: the element for DOM audits, the message or URL for the others. */
export function itemsOf(audit) {
  const items = audit.details?.items ?? [];
  return items.map((item) => {
    if (item.node) return [item.node.selector, item.node.snippet, item.node.explanation].filter(Boolean).join(' | ');
    // inspector-issues groups its findings: one row per kind of issue, the issues as sub-items.
    const sub = item.subItems?.items?.map((s) => JSON.stringify(s)) ?? [];
    const { subItems, ...rest } = item;
    return [JSON.stringify(rest), ...sub.map((s) => `  ${s}`)].join('\n    ');
  });
}

/** A readable account of failing audits, for an assertion message and the CI log. */
export function describeFailures(failures) {
  return failures.map((f) => [`${f.id} (score ${f.score}): ${f.title}`, ...f.items.map((i) => `    ${i}`)].join('\n')).join('\n');
}
