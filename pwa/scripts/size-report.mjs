// Prints the gzip size of the JS + CSS the app loads, without Leaflet, and fails over budget.
// Every chunk in dist/assets counts (a superset of the report flow), except Leaflet's own chunk
// and the staff views' chunks (only loaded under /personal/), which have a budget of their own;
// the survey views (staffSurveys*, loaded only when a survey page is opened) have a third, and the
// lägesbild views (staffLagesbild*, likewise) a fourth.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 100;
const STAFF_BUDGET_KB = 60;
const SURVEYS_BUDGET_KB = 30;
const LAGESBILD_BUDGET_KB = 30;
const dir = new URL('../dist/assets/', import.meta.url);
/** @param {number} n */
const kb = (n) => (n / 1024).toFixed(1);

const files = readdirSync(dir)
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => ({ f, gz: gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length }));
const leaflet = files.filter(({ f }) => f.startsWith('leaflet'));
const surveys = files.filter(({ f }) => f.startsWith('staffSurveys'));
const lagesbild = files.filter(({ f }) => f.startsWith('staffLagesbild'));
const staff = files.filter(
  ({ f }) => f.startsWith('staff') && !f.startsWith('staffSurveys') && !f.startsWith('staffLagesbild'),
);
const counted = files.filter(({ f }) => !f.startsWith('leaflet') && !f.startsWith('staff'));
const total = counted.reduce((s, x) => s + x.gz, 0);
const staffTotal = staff.reduce((s, x) => s + x.gz, 0);
const surveysTotal = surveys.reduce((s, x) => s + x.gz, 0);
const lagesbildTotal = lagesbild.reduce((s, x) => s + x.gz, 0);

for (const { f, gz } of counted) console.log(`  ${f.padEnd(36)} ${kb(gz).padStart(6)} KB gzip`);
for (const { f, gz } of leaflet) console.log(`  ${f.padEnd(36)} ${kb(gz).padStart(6)} KB gzip (Leaflet, not counted)`);
for (const { f, gz } of staff)
  console.log(`  ${f.padEnd(36)} ${kb(gz).padStart(6)} KB gzip (staff views, lazily loaded)`);
for (const { f, gz } of surveys)
  console.log(`  ${f.padEnd(36)} ${kb(gz).padStart(6)} KB gzip (survey views, lazily loaded after the staff views)`);
for (const { f, gz } of lagesbild)
  console.log(`  ${f.padEnd(36)} ${kb(gz).padStart(6)} KB gzip (lägesbild views, lazily loaded after the staff views)`);
console.log(`Report flow JS+CSS without Leaflet: ${kb(total)} KB gzip (budget ${BUDGET_KB} KB)`);
console.log(
  `Staff views JS+CSS (lazily loaded, without Leaflet): ${kb(staffTotal)} KB gzip (budget ${STAFF_BUDGET_KB} KB)`,
);
console.log(
  `Survey views JS+CSS (lazily loaded, without Leaflet): ${kb(surveysTotal)} KB gzip (budget ${SURVEYS_BUDGET_KB} KB)`,
);
console.log(
  `Lägesbild views JS+CSS (lazily loaded, without Leaflet): ${kb(lagesbildTotal)} KB gzip (budget ${LAGESBILD_BUDGET_KB} KB)`,
);
if (lagesbildTotal > LAGESBILD_BUDGET_KB * 1024) {
  console.error('The lägesbild views are over their size budget.');
  process.exit(1);
}
if (surveysTotal > SURVEYS_BUDGET_KB * 1024) {
  console.error('The survey views are over their size budget.');
  process.exit(1);
}
if (staffTotal > STAFF_BUDGET_KB * 1024) {
  console.error('The staff views are over their size budget.');
  process.exit(1);
}
if (total > BUDGET_KB * 1024) {
  console.error('Over the size budget.');
  process.exit(1);
}
