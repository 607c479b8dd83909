import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { COORDINATOR, launch, phone, seedReports, staffApi, staffLogin, step, tabTo } from './helpers.mjs';

let browser;
let asCoordinator;
before(async () => {
  browser = await launch();
  asCoordinator = await staffApi(COORDINATOR);
});
after(() => browser?.close());

const press = (page, key) => page.keyboard.press(key);
const rows = (page) => page.locator('.queue-list > li');
const selectedId = (page) => page.locator('.queue-row.is-selected').getAttribute('data-id');
const statusOf = async (id) => (await asCoordinator(`/reports/${id}`)).body.status;

/** The queue filtered to one test's reports, through the filter form. */
async function filterQueue(page, marker, n) {
  await page.locator("summary", { hasText: "Filter" }).click();
  await page.getByLabel('Sök', { exact: true }).fill(marker);
  await page.getByRole('button', { name: 'Filtrera' }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === marker);
  await page.locator('.queue-shown', { hasText: `Visar ${n} av ${n}.` }).waitFor();
}

test('a coordinator logs in, filters the queue, changes a status with a shortcut and sees it on the timeline', async () => {
  const marker = `Köfilter${Date.now()}`;
  await seedReports(marker, 4);
  const { context, page, errors } = await phone(browser);
  await page.goto('/personal/ko');
  await page.getByRole('heading', { level: 1, name: 'Logga in för personal' }).waitFor();
  await step(page, 'staff-01-login');
  await page.getByLabel('E-post').fill(COORDINATOR.email);
  await page.getByLabel('Lösenord').fill('fel lösenord helt enkelt');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('alert').getByText('E-postadressen eller lösenordet stämmer inte.').waitFor();
  await step(page, 'staff-02-login-failed');
  await page.getByLabel('Lösenord').fill(COORDINATOR.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kö' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/personal/ko', 'back where the login was asked for');
  await page.locator('.queue-list > li').first().waitFor();
  await step(page, 'staff-03-queue');

  await filterQueue(page, marker, 4);
  assert.equal(await rows(page).count(), 4);
  await page.getByRole('navigation', { name: 'Antal per status' }).getByRole('link', { name: /^Ny\s+4$/ }).waitFor();
  await step(page, 'staff-04-queue-filtered');

  // A reload keeps the filter: it lives in the URL.
  await page.reload();
  await page.locator('.queue-shown', { hasText: 'Visar 4 av 4.' }).waitFor();

  await press(page, 'j');
  const first = await selectedId(page);
  await press(page, 't');
  await page.getByRole('status').getByText(`${first}: ny status Bedömd.`).waitFor();
  assert.equal(await statusOf(first), 'triaged');
  assert.notEqual(await selectedId(page), first, 'the selection moved on to the next report');
  await page.getByRole('navigation', { name: 'Antal per status' }).getByRole('link', { name: /^Bedömd\s+1$/ }).waitFor();

  await press(page, 'k');
  assert.equal(await selectedId(page), first);
  await press(page, 'Enter');
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${first}`) }).waitFor();
  const entry = page.locator('.staff-timeline li', { hasText: 'Ny status: Bedömd.' });
  await entry.getByText('Sara Samordnare').waitFor();
  await entry.locator('time').waitFor();
  await step(page, 'staff-05-detail-timeline');

  // On a wide screen the map with clustered markers sits beside the list (below it on a phone).
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/personal/ko?q=${marker}`);
  await page.locator('.queue-marker, .queue-cluster').first().waitFor();
  const list = await page.locator('.queue-list').boundingBox();
  const map = await page.locator('.queue-map').boundingBox();
  assert.ok(map.x > list.x + list.width - 1, 'the map is to the right of the list');
  await step(page, 'staff-05b-queue-desktop');
  // The list can be narrowed to the map's area (the API's bbox), and widened again.
  await page.getByRole('button', { name: 'Visa bara rapporter inom kartans område' }).click();
  await page.waitForURL((url) => url.searchParams.get('bbox')?.split(',').length === 4);
  await page.locator('.queue-shown', { hasText: 'Visar 4 av 4.' }).waitFor();
  await page.getByText('Listan visar bara rapporter inom ett kartområde.').waitFor();
  await page.locator('summary', { hasText: 'Filter' }).getByText('2 valda').waitFor();
  await page.getByRole('link', { name: 'Visa hela kommunen igen' }).click();
  await page.waitForURL((url) => !url.searchParams.has('bbox'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a coordinator works a queue with the keyboard alone: move, triage, reject with a reason, a refused change, open and back', async () => {
  const marker = `Tangent${Date.now()}`;
  await seedReports(marker, 6);
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, `/personal/ko?q=${marker}`);
  await page.locator('.queue-shown', { hasText: 'Visar 6 av 6.' }).waitFor();

  await press(page, '?');
  const help = page.getByRole('dialog', { name: 'Kortkommandon' });
  await help.waitFor();
  await step(page, 'staff-06-shortcuts-help');
  await press(page, 'Escape');
  await help.waitFor({ state: 'hidden' });

  const ids = await rows(page).evaluateAll((lis) => lis.map((li) => li.dataset.id));
  await press(page, 'j');
  await press(page, 't'); // ids[0] → triaged, on to ids[1]
  await page.getByRole('status').getByText(`${ids[0]}: ny status Bedömd.`).waitFor();
  await press(page, 't'); // ids[1] → triaged, on to ids[2]
  await page.getByRole('status').getByText(`${ids[1]}: ny status Bedömd.`).waitFor();
  // x asks for the public reason first: the arrows choose a ready-made one, Tab reaches the button.
  await press(page, 'x');
  const reject = page.getByRole('dialog', { name: `Avvisa ${ids[2]}` });
  await reject.waitFor();
  await press(page, 'ArrowDown');
  assert.equal(await reject.getByRole('radio', { name: 'Redan åtgärdat' }).isChecked(), true);
  assert.equal(await reject.getByLabel('Svar till den som rapporterade').inputValue(), 'Det som beskrivs är redan åtgärdat.');
  await step(page, 'staff-06b-reject-reason');
  await tabTo(page, (f) => f.name === 'Avvisa och skicka svaret');
  await press(page, 'Enter'); // ids[2] → rejected after the undo window, on to ids[3]
  await reject.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText(`${ids[2]} blir Avvisad om 5 sekunder.`).waitFor();
  await page.getByRole('status').getByText(`${ids[2]}: ny status Avvisad.`).waitFor({ timeout: 10_000 });
  assert.equal(await selectedId(page), ids[3]);
  // New → resolved is not a step of the workflow: the 409 is shown with what is allowed, nothing moves.
  await press(page, 'r');
  await page.getByRole('alert').getByText(`${ids[3]} kan inte få status Åtgärdad från Ny. Du kan välja: Bedömd, Avvisad.`).waitFor();
  assert.equal(await selectedId(page), ids[3]);
  await step(page, 'staff-07-keyboard-conflict');
  await press(page, 'k');
  await press(page, 'k');
  await press(page, 'p'); // ids[1] triaged → in progress
  await page.getByRole('status').getByText(`${ids[1]}: ny status Hanteras.`).waitFor();

  // Shortcuts are ignored while typing in a field.
  await press(page, '/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-q');
  await page.keyboard.type('tpx');
  assert.equal(await page.getByLabel('Sök', { exact: true }).inputValue(), `${marker}tpx`);

  assert.deepEqual(await Promise.all(ids.slice(0, 4).map(statusOf)), ['triaged', 'in_progress', 'rejected', 'new']);

  const rejected = (await asCoordinator(`/reports/${ids[2]}`)).body.timeline.find((e) => e.kind === 'public_reply');
  assert.equal(rejected?.text, 'Det som beskrivs är redan åtgärdat.', 'the reason went to the tracking page');

  // The whole queue (300 demo reports and more): j past the last loaded row fetches the next page.
  await page.goto('/personal/ko?status=all');
  await page.locator('.queue-shown', { hasText: /^Visar 50 av \d{3}\.$/ }).waitFor();
  await press(page, 'Escape');
  for (let i = 0; i < 51; i++) await press(page, 'j');
  await page.locator('.queue-shown', { hasText: /^Visar 100 av \d{3}\.$/ }).waitFor();
  assert.equal(await page.locator('.queue-row.is-selected').evaluate((li) => [...li.parentElement.children].indexOf(li)), 50);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.classList.contains('is-selected')), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a coordinator changes several statuses at once with the checkboxes', async () => {
  const marker = `Flera${Date.now()}`;
  const seeded = await seedReports(marker, 5);
  // One already triaged: triaged → triaged is refused for it, the others go through.
  await asCoordinator(`/reports/${seeded[0]}/actions`, { method: 'POST', body: { action: 'status', status: 'triaged' } });
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, `/personal/ko?q=${marker}`);
  await page.locator('.queue-shown', { hasText: 'Visar 5 av 5.' }).waitFor();

  // Space on a selected row ticks its box; the rest with the "select all" box.
  await press(page, 'j');
  await press(page, ' ');
  await page.getByRole('status').getByText(/markerad\.$/).waitFor();
  // The bulk bar is folded away; its summary counts what is ticked.
  await page.locator('summary', { hasText: 'Ändra flera' }).getByText('1 markerade').waitFor();
  await page.locator('summary', { hasText: 'Ändra flera' }).click();
  await page.getByLabel('Markera alla som visas').check();
  await page.getByLabel('Ny status för markerade').selectOption('triaged');
  await page.getByRole('button', { name: 'Ändra markerade (5)' }).click();
  // Nothing is sent before the dialog says how many reports and residents it touches.
  const confirm = page.getByRole('dialog', { name: 'Ändra 5 rapporter?' });
  await confirm.getByText('5 rapporter får status Bedömd.').waitFor();
  await confirm.getByText('Ingen av dem som rapporterade får e-post om det.').waitFor();
  await confirm.getByRole('button', { name: 'Ändra 5 rapporter till Bedömd' }).click();
  await page.getByRole('alert').getByText(`4 fick status Bedömd. Kunde inte ändras: ${seeded[0]} (inte tillåtet från nuvarande status).`).waitFor();
  await step(page, 'staff-08-bulk');
  const statuses = await Promise.all(seeded.map(statusOf));
  assert.deepEqual(statuses, ['triaged', 'triaged', 'triaged', 'triaged', 'triaged']);
  await page.getByRole('button', { name: 'Ändra markerade (1)' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a coordinator merges a duplicate by its case number: the original counts +1, and errors from the server are shown at the form', async () => {
  const marker = `Dubblett${Date.now()}`;
  const [original, duplicate] = await seedReports(marker, 2);
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, `/personal/rapport/${duplicate}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${duplicate}`) }).waitFor();
  await step(page, 'staff-09-detail');

  // A public reply with a vehicle registration number is refused (422) and the message is at the field.
  const form = page.locator('section', { has: page.getByRole('heading', { name: 'Handläggning' }) });
  await form.getByRole('textbox', { name: /^Svar till den som rapporterade/ }).fill('Tack! Bilen ABC 123 som stod där är nu bortforslad.');
  await form.getByRole('button', { name: 'Spara' }).click();
  await form.locator('.field-error').waitFor();
  await step(page, 'staff-10-reply-refused');

  const dup = page.locator('section', { has: page.getByRole('heading', { name: 'Dubblett av en rapport med känt ärendenummer' }) });
  await dup.getByRole('textbox', { name: 'Dubblett av' }).fill(original);
  await dup.getByRole('button', { name: 'Markera som dubblett' }).click();
  await page.getByRole('status').getByText(`Markerad som dubblett av ${original}.`).waitFor();
  await page.locator('.facts-list').getByRole('link', { name: original }).waitFor();
  // A duplicate cannot move on: no status to choose, no "duplicate of" to offer.
  await form.getByText('Dubblett. Statusen kan inte ändras härifrån.').waitFor();
  assert.equal(await form.getByRole('radio').count(), 0);
  assert.equal(await page.getByRole('button', { name: /^Markera som dubblett/ }).count(), 0);

  await page.locator('.facts-list').getByRole('link', { name: original }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${original}`) }).waitFor();
  await page.locator('.facts-list dd', { hasText: '+1' }).waitFor();
  await page
    .locator('.staff-timeline li', { hasText: 'En annan rapport markerades som dubblett av den här (+1).' })
    .getByText('Sara Samordnare')
    .waitFor();
  await step(page, 'staff-11-original-plus-one');

  await page.goto(`/personal/ko?q=${marker}&status=all`);
  await page.locator(`.queue-row[data-id="${original}"] .badge-dup`, { hasText: '+1' }).waitFor();
  assert.equal((await asCoordinator(`/reports/${original}`)).body.duplicate_count, 1);
  assert.equal((await asCoordinator(`/reports/${duplicate}`)).body.duplicate_of, original);
  assert.deepEqual(errors, []);
  await context.close();
});
