// The coordinator's report page (issue 9): one form with one Save, a map of the position, nearby
// and similar reports with a one-click duplicate (and a warning when the categories differ), no
// action the workflow would refuse, and the facts as the reporter gave them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, apiReport, COORDINATOR, launch, phone, STAFF, staffApi, staffLogin, step } from './helpers.mjs';

let browser;
let asCoordinator;
before(async () => {
  browser = await launch();
  asCoordinator = await staffApi(COORDINATOR);
});
after(() => browser?.close());

const report = async (id) => (await asCoordinator(`/reports/${id}`)).body;

async function send(overrides) {
  const res = await api('/reports', { method: 'POST', body: JSON.stringify(apiReport(overrides)) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** Yesterday at 19:00 Stockholm time, as the app sends "earlier, yesterday, kväll". */
function yesterdayEvening() {
  const d = new Date(Date.now() - 86_400_000);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(d);
  const at = new Date(`${day}T19:00:00+01:00`);
  return { at: at.toISOString(), date: new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }).format(at) };
}

test('one form saves status, priority, group and the reply at once, and asks before e-mailing the resident', async () => {
  const evening = yesterdayEvening();
  const id = await send({
    description: `Enformulär${Date.now()}: mörkt vid busshållplatsen.`,
    category: 'unsafe_place',
    subtype: 'lighting',
    occurred_at: evening.at,
    time_of_day: 'evening',
    accuracy_m: 20,
    contact: { email: 'boende@example.se', consent: true },
  });
  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, `/personal/rapport/${id}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${id}`) }).waitFor();

  // The facts as the reporter gave them: the time of day, not the hour the app stored for it.
  const facts = page.locator('.facts-list');
  const occurred = await facts.locator('dt', { hasText: 'Inträffade' }).locator('xpath=following-sibling::dd[1]').textContent();
  assert.equal(occurred, `${evening.date}, kväll`);
  assert.ok(!occurred.includes('19:00'));
  // No priority yet: "Inte satt", in the facts and in the select alike.
  assert.equal(await facts.locator('dt', { hasText: 'Prioritet' }).locator('xpath=following-sibling::dd[1]').textContent(), 'Inte satt');
  const form = page.locator('section', { has: page.getByRole('heading', { name: 'Handläggning' }) });
  const priority = form.getByLabel('Prioritet');
  assert.equal(await priority.locator('option:checked').textContent(), 'Inte satt');
  // "Offentlig visning" says what it controls.
  await page.getByText('Gäller den offentliga kartan (/karta) och Open311.').waitFor();

  // The map: the marker and the accuracy circle show without tiles.
  await page.locator('.detail-map .detail-marker').waitFor();
  assert.ok((await page.locator('.detail-map .leaflet-overlay-pane path').count()) > 0, 'outlines drawn');
  await step(page, 'staff-detail-01-page');

  // Only the statuses the workflow allows from "Ny".
  const choices = await form.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.labels[0].textContent));
  assert.deepEqual(choices, ['Behåll Ny', 'Bedömd', 'Avvisad']);
  await form.getByRole('radio', { name: 'Bedömd' }).check();
  await priority.selectOption('high');
  await form.getByLabel('Grupp').selectOption('est');
  await form.getByRole('textbox', { name: /^Svar till den som rapporterade/ }).fill('Tack, vi har bett gatuenheten se över belysningen.');
  await form.getByRole('button', { name: 'Spara' }).click();

  // The resident gets e-mail: asked first; cancel sends nothing.
  const ask = page.getByRole('dialog', { name: 'Spara och skicka e-post?' });
  await ask.getByText('Ny status: Bedömd').waitFor();
  await ask.getByText('Tack, vi har bett gatuenheten se över belysningen.').waitFor();
  await step(page, 'staff-detail-02-ask-before-mail');
  await ask.getByRole('button', { name: 'Avbryt, skicka inget' }).click();
  await ask.waitFor({ state: 'hidden' });
  let r = await report(id);
  assert.equal(r.status, 'new');
  assert.equal(r.priority ?? null, null);
  assert.equal(r.assigned_group ?? null, null);
  assert.equal(r.timeline.filter((e) => e.kind === 'public_reply').length, 0);

  await form.getByRole('button', { name: 'Spara' }).click();
  await ask.getByRole('button', { name: 'Spara och skicka' }).click();
  await page
    .getByRole('status')
    .getByText('Sparat. Ny status: Bedömd. Svaret är skickat med e-post och visas på uppföljningssidan. Prioritet: Hög. Grupp: EST.')
    .waitFor();
  r = await report(id);
  assert.equal(r.status, 'triaged');
  assert.equal(r.priority, 'high');
  assert.equal(r.assigned_group, 'est');
  assert.equal(r.timeline.find((e) => e.kind === 'public_reply')?.text, 'Tack, vi har bett gatuenheten se över belysningen.');
  // The form offers what the workflow allows from "Bedömd" now, and Prioritet reads the same in both places.
  assert.equal(await facts.locator('dt', { hasText: 'Prioritet' }).locator('xpath=following-sibling::dd[1]').textContent(), 'Hög');
  assert.equal(await form.getByLabel('Prioritet').locator('option:checked').textContent(), 'Hög');
  assert.ok(!(await form.getByRole('radio').evaluateAll((rs) => rs.map((x) => x.value))).includes('triaged'));

  // Nothing changed: nothing sent, and it says so.
  await form.getByRole('button', { name: 'Spara' }).click();
  await form.getByText('Du har inte ändrat något.').waitFor();

  // Rejecting here asks for the reason too, with the same ready-made answers.
  await form.getByRole('radio', { name: 'Avvisad' }).check();
  await form.getByRole('radio', { name: 'Platsen går inte att hitta' }).waitFor();
  await form.getByRole('button', { name: 'Spara' }).click();
  await form.locator('.field-error').getByText('Skriv ett svar, eller välj ett av förslagen.').waitFor();
  await step(page, 'staff-detail-03-reject-needs-reason');
  assert.equal((await report(id)).status, 'triaged');
  assert.deepEqual(errors, []);
  await context.close();
});

test('nearby and similar reports: one click marks a duplicate; another category asks first', async () => {
  // Out in the countryside, away from the demo reports, so the list is just these.
  const spot = { lat: 58.021, lon: 13.121 };
  const marker = `Närhet${Date.now()}`;
  const original = await send({ ...spot, description: `${marker}: klotter på busskuren.` });
  const other = await send({ lat: spot.lat + 0.0005, lon: spot.lon, category: 'vandalism', description: `${marker}: krossad ruta i busskuren.` });
  const id = await send({ lat: spot.lat + 0.0002, lon: spot.lon, description: `${marker}: nytt klotter på busskuren.` });

  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, `/personal/rapport/${id}`);
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Närliggande och liknande rapporter' }) });
  const same = section.locator(`.similar-item[data-id="${original}"]`);
  const different = section.locator(`.similar-item[data-id="${other}"]`);
  await same.getByText('Samma kategori').waitFor();
  await different.getByText('Annan kategori').waitFor();
  await same.getByText(/Klotter · 22\u00a0m härifrån/).waitFor();
  const order = await section.locator('.similar-item').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(order.slice(0, 2), [original, other], 'the same category first');
  await step(page, 'staff-detail-04-similar');

  // Another category: a warning first, and cancelling it sends nothing.
  await different.getByRole('button', { name: /^Markera som dubblett av den här/ }).click();
  const warn = page.getByRole('dialog', { name: `Markera som dubblett av ${other}?` });
  await warn.getByText(`Kategorierna skiljer sig åt: den här rapporten gäller Klotter, ${other} gäller Skadegörelse.`).waitFor();
  await step(page, 'staff-detail-05-other-category');
  await warn.getByRole('button', { name: 'Avbryt' }).click();
  await warn.waitFor({ state: 'hidden' });
  assert.equal((await report(id)).status, 'new');

  // The same category, no e-mail to the reporter: one click.
  await same.getByRole('button', { name: /^Markera som dubblett av den här/ }).click();
  await page.getByRole('status').getByText(`Markerad som dubblett av ${original}.`).waitFor();
  assert.equal((await report(id)).duplicate_of, original);
  assert.equal((await report(original)).duplicate_count, 1);
  // Now a duplicate: nothing left to offer that the workflow would refuse.
  await section.locator('.similar-item').first().waitFor();
  assert.equal(await page.getByRole('button', { name: /^Markera som dubblett/ }).count(), 0);
  assert.equal(await page.getByRole('radio', { name: 'Bedömd' }).count(), 0);
  await page.getByText('Dubblett. Statusen kan inte ändras härifrån.').waitFor();
  await step(page, 'staff-detail-06-duplicate-marked');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an inrapport is not labelled as the public reporter’s', async () => {
  const asStaff = await staffApi(STAFF);
  const res = await asStaff('/inrapporter', {
    method: 'POST',
    body: {
      client_id: crypto.randomUUID(),
      organisation: 'Räddningstjänsten',
      events: [
        {
          category: 'fire',
          description: 'Papperskorg i brand vid skolan, släckt på plats.',
          locality: 'herrljunga',
          place_description: 'Skolgården',
          occurred_at: new Date(Date.now() - 7200_000).toISOString(),
          assessment: 2,
          observation: 'observed',
        },
      ],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const [id] = res.body.reports;
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, COORDINATOR, `/personal/rapport/${id}`);
  const received = page.locator('.staff-timeline li', { hasText: 'Rapporten togs emot.' });
  await received.getByText('Den som skrev inrapporten').waitFor();
  await received.getByText('Intern').waitFor();
  assert.equal(await page.locator('.staff-timeline').getByText('Syns på uppföljningssidan').count(), 0);
  assert.equal(await page.locator('.staff-timeline').getByText('Den som rapporterade').count(), 0);
  await step(page, 'staff-detail-07-inrapport');
  assert.deepEqual(errors, []);
  await context.close();
});
