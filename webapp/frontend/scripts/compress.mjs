// Writes a Brotli (.br) and a gzip (.gz) copy beside every text file of the build, once, at the
// highest levels (too slow per request, free at build time). The server picks the variant the
// browser accepts (EncodedResourceResolver); a copy that would not be smaller is not written.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = new URL('../dist/', import.meta.url).pathname;
const TEXT = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

let raw = 0;
let br = 0;
let gz = 0;
for (const file of files(DIST)) {
  const content = readFileSync(file);
  const brotli = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: statSync(file).size,
    },
  });
  const gzip = gzipSync(content, { level: 9 });
  raw += content.length;
  if (brotli.length < content.length) {
    writeFileSync(`${file}.br`, brotli);
    br += brotli.length;
  }
  if (gzip.length < content.length) {
    writeFileSync(`${file}.gz`, gzip);
    gz += gzip.length;
  }
}
console.log(`pre-compressed ${DIST}: ${raw} bytes raw, ${gz} gzip, ${br} brotli`);
