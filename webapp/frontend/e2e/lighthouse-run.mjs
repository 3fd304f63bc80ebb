// Lighthouse (the npm package) on a Chromium started by browser.mjs's launchWithDevToolsPort: shared by
// the browser test (lighthouse.e2e.mjs: accessibility and best practices, checked) and
// bench/lighthouse-spa.mjs (performance, FCP, LCP: measured).
import lighthouse from 'lighthouse';

/**
 * Audits `url` in a new tab of the browser on `port`, as a phone (Lighthouse's default mobile screen
 * and user agent). Storage is kept, so a signed-in session stays signed in. `throttled: false` applies
 * no network or CPU throttling: the accessibility and best-practices audits read the DOM, the console
 * and the responses, not timings, so they are the same on a fast or a loaded machine.
 */
export async function runLighthouse(port, url, { categories, throttled }) {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: categories,
    disableStorageReset: true,
    ...(throttled ? {} : { throttlingMethod: 'provided' }),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  return lhr;
}

/** The audits that lower a category's score (weight > 0, score < 1), each with what it found. */
export function failingAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => ({ id: audit.id, score: audit.score, title: audit.title, items: itemsOf(audit) }));
}

/** An audit's findings, one line each: the element for DOM audits, the message for the others. */
export function itemsOf(audit) {
  const items = audit.details?.items ?? [];
  return items.map((item) => {
    if (item.node) return [item.node.selector, item.node.snippet, item.node.explanation].filter(Boolean).join(' | ');
    return JSON.stringify(item);
  });
}

/** A readable account of every failing audit, for an assertion message. */
export function describeFailures(failures) {
  return failures.map((f) => [`${f.id} (score ${f.score}): ${f.title}`, ...f.items.map((i) => `    ${i}`)].join('\n')).join('\n');
}
