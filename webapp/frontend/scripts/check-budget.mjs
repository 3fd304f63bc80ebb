// Fails the build when the first screen's JavaScript grows past its budget. Deterministic: the
// gzip size (level 9) of the scripts index.html loads before anything renders — the entry chunk
// and the chunks it preloads — not a timing. Lazy routes (charts, scanner, admin) do not count.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

// About 10 % above the size reached when the budget was set (entry 304,347 B raw, 102,249 B gzip;
// it was 446,022 B raw, 145,729 B gzip before the sign-in form and the signed-in shell were split out).
const BUDGET_GZIP_BYTES = 112_000;

const DIST = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(`${DIST}index.html`, 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]);
if (scripts.length === 0) throw new Error('no script found in dist/index.html');

let raw = 0;
let gzip = 0;
for (const file of scripts) {
  const content = readFileSync(DIST + file);
  const size = gzipSync(content, { level: 9 }).length;
  raw += content.length;
  gzip += size;
  console.log(`first screen: ${file} ${content.length} B raw, ${size} B gzip`);
}
console.log(`first screen total: ${raw} B raw, ${gzip} B gzip (budget ${BUDGET_GZIP_BYTES} B gzip)`);
if (gzip > BUDGET_GZIP_BYTES) {
  console.error(
    `The first screen's JavaScript is ${gzip} B gzip, over its ${BUDGET_GZIP_BYTES} B budget: load the new code lazily, or raise the budget on purpose.`,
  );
  process.exit(1);
}
