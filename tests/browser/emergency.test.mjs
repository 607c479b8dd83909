import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { atStep, BASE, HERRLJUNGA, launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

/** The one-line notice under the step's heading, with both numbers to tap. */
async function assertLine(page) {
  const line = page.locator('main .emergency-line');
  assert.equal(await line.count(), 1, 'one emergency line');
  await line.getByText('Det här är ingen larmtjänst.', { exact: false }).waitFor();
  assert.equal(await line.getByRole('link', { name: 'Ring 112' }).getAttribute('href'), 'tel:112');
  assert.equal(await line.getByRole('link', { name: '114 14' }).getAttribute('href'), 'tel:11414');
}

const urgent = (page) => page.getByRole('heading', { name: 'Pågår det nu? Ring 112' });

test('the 112 / 114 14 notice is on every step, the receipt and the queued screen', async () => {
  const { context, page, errors } = await phone(browser, { geolocation: HERRLJUNGA });
  await page.goto('/rapportera');
  await atStep(page, 1);
  await assertLine(page);
  await page.getByRole('button', { name: 'Använd min position' }).click();
  await page.locator('.place-summary').getByText('Vald plats: Herrljunga').waitFor();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  await assertLine(page);
  await page.getByRole('radio', { name: 'Nedskräpning' }).check();
  assert.equal(await urgent(page).count(), 0, 'littering is not an emergency');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 3);
  await assertLine(page);
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 4);
  await assertLine(page);
  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Soptunnan vid busshållplatsen är full igen.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 5);
  await assertLine(page);
  await step(page, 'emergency-01-review-line');
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tack! Din rapport är skickad' }).waitFor();
  await assertLine(page);
  await step(page, 'emergency-02-receipt-line');

  // The queued screen: the same report again without a network.
  await page.getByRole('button', { name: 'Gör en ny rapport' }).click();
  await atStep(page, 1);
  await page.getByRole('radio', { name: 'Välj ort och beskriv med ord' }).check();
  await page.getByRole('radio', { name: 'Herrljunga' }).check();
  await page.getByLabel('Beskriv platsen').fill('Vid återvinningsstationen.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  await page.getByRole('radio', { name: 'Nedskräpning' }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 3);
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 4);
  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Kartonger överallt runt containrarna.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 5);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rapporten är sparad på enheten' }).waitFor();
  await assertLine(page);
  await step(page, 'emergency-03-queued-line');
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Pågår det nu? Ring 112" stands out when a threat is happening now, and goes when it is not now', async () => {
  const { context, page, errors } = await phone(browser, { geolocation: HERRLJUNGA });
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.getByRole('button', { name: 'Använd min position' }).click();
  await page.locator('.place-summary').getByText('Vald plats: Herrljunga').waitFor();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  assert.equal(await urgent(page).count(), 0);
  // "Nu eller alldeles nyss" is the default: choosing the category is enough.
  await page.getByRole('radio', { name: 'Hot eller våld' }).check();
  await urgent(page).waitFor();
  const call = page.locator('.notice-urgent').getByRole('link', { name: 'Ring 112 nu' });
  assert.equal(await call.getAttribute('href'), 'tel:112');
  await call.scrollIntoViewIfNeeded();
  assert.ok(await call.isVisible());
  await step(page, 'emergency-04-threat-now');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 3);
  await urgent(page).waitFor();
  await step(page, 'emergency-05-threat-now-when');
  await page.getByRole('radio', { name: 'Tidigare' }).check();
  await urgent(page).waitFor({ state: 'detached' });
  await page.getByRole('radio', { name: 'Nu eller alldeles nyss' }).check();
  await urgent(page).waitFor();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 4);
  await urgent(page).waitFor();
  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Två personer bråkar och hotar varandra vid kiosken.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 5);
  await urgent(page).waitFor();
  await step(page, 'emergency-06-threat-now-review');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the emergency notice is in index.html itself: shown without JavaScript, and once with it', async () => {
  const html = await (await fetch(`${BASE}/rapportera`)).text();
  const app = html.slice(html.indexOf('<div id="app">'));
  assert.match(app, /Det här är ingen larmtjänst/);
  assert.match(app, /href="tel:112"/);
  assert.match(app, /href="tel:11414"/);

  const noJs = await browser.newContext({ baseURL: BASE, viewport: { width: 360, height: 780 }, javaScriptEnabled: false });
  const page = await noJs.newPage();
  await page.goto('/rapportera');
  await page.getByRole('heading', { name: 'Det här är ingen larmtjänst' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Pågående brott eller fara – ring 112' }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'Polisanmälan eller tips som inte är akuta – ring 114 14' }).isVisible());
  // axe runs as page script, which this context does not run: a screenshot only.
  await page.screenshot({ path: new URL('../../test-output/browser/emergency-07-without-javascript.png', import.meta.url).pathname });
  await noJs.close();

  const { context, page: app2, errors } = await phone(browser);
  await app2.goto('/');
  await app2.getByRole('heading', { level: 1, name: 'Tipsa om otrygga platser' }).waitFor();
  assert.equal(await app2.getByRole('heading', { name: 'Det här är ingen larmtjänst' }).count(), 1, 'not twice');
  assert.equal(await app2.locator('.boot').count(), 0, 'the static copy is replaced');
  assert.deepEqual(errors, []);
  await context.close();
});
