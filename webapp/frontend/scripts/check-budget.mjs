// Fails the build when the first screen's JavaScript grows past its budget. Deterministic: the
// gzip size (level 9) of the scripts index.html loads before anything renders — the entry chunk
// and the chunks it preloads — not a timing. Lazy routes (charts, scanner, admin) do not count.
// The browser test (e2e/lighthouse.e2e.mjs) imports the budget and the script list from here and
// checks the same sum on the gzip copies the packaged server actually sends.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Just above the size reached when the budget was last set, so that it cannot creep back. Now 84,977 B
// gzip: the charts are plain SVG drawn by our own small components (docs/adr/0012-charts-in-plain-svg.md),
// which merge into the entry with the dashboard (+1.8 KB) where recharts was a lazy chunk of 114 KB gzip
// that the dashboard always fetched. Before that 83,181 B: chunks under 10 KB merge (vite.config.ts), some
// into the entry (+1.1 KB), for 15 fewer requests after it on the dashboard. Earlier: entry 250,824 B raw, 82,090 B gzip once axios gave way to a small client on fetch (it was 307,410 B raw,
// 103,104 B gzip with axios; 446,022 B raw, 145,729 B gzip before the sign-in form and the signed-in
// shell were split out).
export const BUDGET_GZIP_BYTES = 85_500;

/** The scripts index.html makes the browser load before the first render (paths without the leading /). */
export function firstScreenScripts(html) {
  const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  if (scripts.length === 0) throw new Error('no script found in index.html');
  return scripts;
}

/** Null when `gzip` bytes fit the budget, otherwise what to do about it. */
export function overBudget(gzip) {
  return gzip > BUDGET_GZIP_BYTES
    ? `The first screen's JavaScript is ${gzip} B gzip, over its ${BUDGET_GZIP_BYTES} B budget: load the new code lazily, or raise the budget on purpose.`
    : null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const DIST = new URL('../dist/', import.meta.url).pathname;
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of firstScreenScripts(readFileSync(`${DIST}index.html`, 'utf8'))) {
    const content = readFileSync(DIST + file);
    const size = gzipSync(content, { level: 9 }).length;
    // Reported only (as compress.mjs writes it): browsers that accept Brotli get this smaller copy.
    const br = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length;
    raw += content.length;
    gzip += size;
    brotli += br;
    console.log(`first screen: ${file} ${content.length} B raw, ${size} B gzip, ${br} B brotli`);
  }
  console.log(`first screen total: ${raw} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${BUDGET_GZIP_BYTES} B gzip)`);
  const refusal = overBudget(gzip);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
}
