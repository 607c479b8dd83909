// Generates src/api/schema.ts from the backend's OpenAPI document: the types, and (--enum-values)
// a runtime array per enum such as `reportStatusValues`. Never edit schema.ts by hand.
//
//   npm run api-types                   from `trygg openapi` (../target/debug/trygg, or $TRYGG_BIN)
//   TRYGG_OPENAPI=<file or URL> npm run api-types     from a saved or served document instead
//   node scripts/api-types.mjs OUT.ts   writes elsewhere (scripts/test-browser.sh diffs the two)
//
// The output is neither formatted by Prettier nor linted (.prettierignore, eslint.config.js): what
// openapi-typescript prints is what is committed, and the browser tests' check compares exactly that.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pwa = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? join(pwa, 'src/api/schema.ts'));
const source = process.env.TRYGG_OPENAPI;

/** @returns {Promise<string>} the document's JSON text */
async function readDocument() {
  if (source && /^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`${source}: ${res.status} ${res.statusText}`);
    return res.text();
  }
  if (source) return readFileSync(source, 'utf8');
  const bin = resolve(process.env.TRYGG_BIN ?? join(pwa, '../target/debug/trygg'));
  // `trygg openapi` needs no server or database; an empty data directory keeps it from touching one.
  const data = mkdtempSync(join(tmpdir(), 'trygg-openapi-'));
  try {
    return execFileSync(bin, ['openapi'], { env: { ...process.env, TRYGG_DATA_DIR: data }, encoding: 'utf8' });
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'trygg-api-types-'));
try {
  // Written out first: openapi-typescript reads a file, and the binary's stdout is a string.
  const input = join(tmp, 'openapi.json');
  writeFileSync(input, await readDocument());
  const cli = join(pwa, 'node_modules/.bin/openapi-typescript');
  execFileSync(cli, [input, '--enum-values', '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`Wrote ${out} from ${source ?? 'trygg openapi'}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
