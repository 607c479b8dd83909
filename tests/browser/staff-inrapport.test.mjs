import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { COORDINATOR, launch, phone, STAFF, staffApi, staffLogin, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('staff file an inrapport offline, and once online it reaches the server exactly once', async () => {
  const marker = `Inrapport${Date.now()}`;
  const { context, page, errors } = await phone(browser);
  const posts = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/inrapporter') && r.method() === 'POST') posts.push(r);
  });
  await staffLogin(page, STAFF);
  await page.getByRole('heading', { level: 1, name: 'Ny inrapport' }).waitFor();
  // A staff member has no queue in the navigation, and is refused it.
  assert.equal(await page.getByRole('navigation', { name: 'Personal' }).getByRole('link', { name: 'Kö' }).count(), 0);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await step(page, 'inrapport-01-form');

  await context.setOffline(true);
  // Submitting empty shows the form's own errors first.
  await page.getByRole('button', { name: 'Skicka inrapporten' }).click();
  await page.locator('.error-summary').getByText('Beskriv vad som hände.').waitFor();
  await step(page, 'inrapport-02-errors');

  const event = page.getByRole('group', { name: 'Händelse 1' });
  await event.getByLabel('Ort').selectOption({ label: 'Herrljunga' });
  await event.getByLabel('Plats', { exact: true }).fill('Parkeringen bakom idrottshallen');
  await event.getByLabel('Typ av händelse').selectOption('staff_incident');
  await event.getByLabel('Vad hände?').fill(`${marker}: hotfullt bemötande vid utryckning, ingen skadad.`);
  await event.getByLabel('Antal inblandade').fill('3');
  await event.getByLabel('Ålder på de inblandade').selectOption('youth');
  await event.getByRole('radio', { name: '2 – en del' }).check();
  await event.getByRole('radio', { name: 'Ja, jag såg det' }).check();
  await event.getByLabel('Uppskattad kostnad för skadan (kr)').fill('1500');
  await step(page, 'inrapport-03-filled-offline');
  await page.getByRole('button', { name: 'Skicka inrapporten' }).click();
  await page.getByText('Inrapporten är sparad på enheten.').waitFor();
  await page.getByText('1 inrapport väntar på att skickas.').waitFor();
  await step(page, 'inrapport-04-queued');

  await page.getByRole('link', { name: 'Mina inrapporter' }).click();
  await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).waitFor();
  await page.getByText('Listan kan inte hämtas utan nätverk.').waitFor();
  await step(page, 'inrapport-05-mine-pending');
  const offlinePosts = posts.length;

  const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/inrapporter') && r.request().method() === 'POST' && r.status() === 201);
  await context.setOffline(false);
  const receipt = await (await sent).json();
  assert.equal(receipt.reports.length, 1);
  await page.locator('.report-list .reg-no', { hasText: receipt.reports[0] }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).waitFor({ state: 'hidden' });
  await step(page, 'inrapport-06-mine-sent');
  assert.equal(posts.length - offlinePosts, 1, 'one POST once the network is back');

  // The coordinator sees it exactly once, with its details.
  const asCoordinator = await staffApi(COORDINATOR);
  const found = await asCoordinator(`/reports?source=staff&q=${marker}`);
  assert.equal(found.body.items.length, 1);
  const detail = await asCoordinator(`/reports/${found.body.items[0].id}`);
  assert.equal(detail.body.category, 'staff_incident');
  assert.equal(detail.body.inrapport.assessment, 2);
  assert.equal(detail.body.inrapport.damage_cost_sek, 1500);
  assert.equal(detail.body.inrapport.age_band, 'youth');
  assert.deepEqual(errors, []);
  await context.close();
});

test('staff report "nothing to report" for a period, and a coordinator reads every staff page without axe findings', async () => {
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, STAFF);
  await page.getByLabel('Inget att rapportera för perioden').check();
  await page.getByLabel('Från och med').fill('2026-10-01');
  await page.getByLabel('Till och med').fill('2026-10-31');
  await page.getByRole('button', { name: 'Skicka inrapporten' }).click();
  await page.getByText('”Inget att rapportera” är registrerat för perioden.').waitFor();
  await step(page, 'inrapport-07-nothing-to-report');
  await page.goto('/personal/ko');
  await page.getByRole('heading', { level: 1, name: 'Du har inte behörighet' }).waitFor();
  await step(page, 'inrapport-08-no-access');
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in för personal' }).waitFor();

  await staffLogin(page, COORDINATOR, '/personal/inrapport');
  await page.getByRole('heading', { level: 1, name: 'Ny inrapport' }).waitFor();
  await page.getByRole('button', { name: 'Lägg till en händelse' }).click();
  await page.getByRole('group', { name: 'Händelse 2' }).waitFor();
  await step(page, 'inrapport-09-two-events');
  await page.getByRole('link', { name: 'Mina inrapporter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mina inrapporter' }).waitFor();
  await step(page, 'inrapport-10-mine');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'My staff reports' }).waitFor();
  await page.getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
  await step(page, 'inrapport-11-queue-english');
  await page.getByRole('button', { name: 'Svenska' }).click();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new account with a one-time password must choose its own before anything else', async () => {
  const oneTime = process.env.TRYGG_ONE_TIME_PASSWORD;
  assert.ok(oneTime, 'TRYGG_ONE_TIME_PASSWORD is set by scripts/test-browser.sh');
  const { context, page, errors } = await phone(browser);
  await page.goto('/');
  await page.getByRole('link', { name: 'Personalinloggning' }).click();
  await page.getByLabel('E-post').fill('ny@herrljunga.se');
  await page.getByLabel('Lösenord').fill(oneTime);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Byt lösenord' }).waitFor();
  // Any other staff page sends the user back here until the password is changed.
  await page.goto('/personal/mina');
  await page.getByRole('heading', { level: 1, name: 'Byt lösenord' }).waitFor();
  await page.getByLabel('Nuvarande lösenord').fill(oneTime);
  await page.getByLabel('Nytt lösenord').fill('kort');
  await page.getByLabel('Upprepa det nya lösenordet').fill('kort');
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await page.locator('.error-summary').getByText('Lösenordet måste ha minst 12 tecken.').waitFor();
  await step(page, 'password-01-too-short');
  // Long enough for the form, but the server refuses it as too easy to guess (field code weak_password).
  await page.getByLabel('Nytt lösenord').fill('aaaaaaaaaaaaaaaa');
  await page.getByLabel('Upprepa det nya lösenordet').fill('aaaaaaaaaaaaaaaa');
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await page.locator('.error-summary').getByText('Lösenordet är för lätt att gissa', { exact: false }).waitFor();
  await page.locator('#f-new_password-error').getByText('Lösenordet är för lätt att gissa', { exact: false }).waitFor();
  await step(page, 'password-01-weak');
  await page.getByLabel('Nytt lösenord').fill('ett eget långt lösenord');
  await page.getByLabel('Upprepa det nya lösenordet').fill('ett eget långt lösenord');
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mina inrapporter' }).waitFor();
  await page.getByText('Du har inte skickat några inrapporter än.').waitFor();
  await step(page, 'password-02-changed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an inrapport the server refuses on replay is kept under "Behöver ändras", fixed and sent', async () => {
  const marker = `Rättad${Date.now()}`;
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, STAFF);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  const event = page.getByRole('group', { name: 'Händelse 1' });
  // A time in the future passes the form's own checks but not the server's.
  const tomorrow = new Date(Date.now() + 36 * 3600_000);
  const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await event.getByLabel('När hände det?').fill(local);
  await event.getByLabel('Ort').selectOption({ label: 'Herrljunga' });
  await event.getByLabel('Plats', { exact: true }).fill('Torget');
  await event.getByLabel('Typ av händelse').selectOption('vandalism');
  await event.getByLabel('Vad hände?').fill(`${marker}: krossad ruta i busskuren.`);
  await event.getByRole('radio', { name: '1 – lite' }).check();
  await event.getByRole('radio', { name: 'Nej, jag misstänker det eller har hört det' }).check();
  await page.getByRole('button', { name: 'Skicka inrapporten' }).click();
  await page.getByText('Inrapporten är sparad på enheten.').waitFor();

  const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/inrapporter') && r.status() === 422);
  await context.setOffline(false);
  await refused;
  await page.getByText('1 inrapport behöver ändras innan den kan skickas.').waitFor();
  await page.getByRole('link', { name: 'Mina inrapporter' }).first().click();
  await page.getByRole('heading', { level: 2, name: 'Behöver ändras' }).waitFor();
  await page.getByText('Tidpunkten kan inte ligga i framtiden.').waitFor();
  await step(page, 'inrapport-12-rejected-on-replay');

  await page.getByRole('button', { name: 'Ändra och skicka igen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ny inrapport' }).waitFor();
  await page.locator('.error-summary').getByText('Tidpunkten kan inte ligga i framtiden.').waitFor();
  await step(page, 'inrapport-13-fix');
  const now = new Date(Date.now() - 3600_000);
  await page.getByLabel('När hände det?').fill(new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/inrapporter') && r.status() === 201);
  await page.getByRole('button', { name: 'Skicka inrapporten' }).click();
  await sent;
  await page.getByText('Inrapporten är skickad.').waitFor();
  await page.getByRole('link', { name: 'Mina inrapporter' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Mina inrapporter' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Behöver ändras' }).count(), 0, 'the fixed one left the outbox');
  // Singular and plural agree: "1 inrapporterad händelse", "2 inrapporterade händelser".
  await page.getByText(/^(1 inrapporterad händelse|([02-9]|\d\d+) inrapporterade händelser)\.$/).waitFor();

  const asCoordinator = await staffApi(COORDINATOR);
  assert.equal((await asCoordinator(`/reports?source=staff&q=${marker}`)).body.items.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});
