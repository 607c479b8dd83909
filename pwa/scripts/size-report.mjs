// Prints the gzip size of the JS + CSS the app loads, without Leaflet, and fails over budget.
// Every chunk in dist/assets counts (a superset of the report flow), except Leaflet's own chunk.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 100;
const dir = new URL('../dist/assets/', import.meta.url);
/** @param {number} n */
const kb = (n) => (n / 1024).toFixed(1);

const files = readdirSync(dir)
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => ({ f, gz: gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length }));
const leaflet = files.filter(({ f }) => f.startsWith('leaflet'));
const counted = files.filter(({ f }) => !f.startsWith('leaflet'));
const total = counted.reduce((s, x) => s + x.gz, 0);

for (const { f, gz } of counted) console.log(`  ${f.padEnd(36)} ${kb(gz).padStart(6)} KB gzip`);
for (const { f, gz } of leaflet) console.log(`  ${f.padEnd(36)} ${kb(gz).padStart(6)} KB gzip (Leaflet, not counted)`);
console.log(`Report flow JS+CSS without Leaflet: ${kb(total)} KB gzip (budget ${BUDGET_KB} KB)`);
if (total > BUDGET_KB * 1024) {
  console.error('Over the size budget.');
  process.exit(1);
}
