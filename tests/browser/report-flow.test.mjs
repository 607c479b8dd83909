import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, atStep, HERRLJUNGA, launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('a resident reports an unsafe place with the map and GPS, gets a receipt and can follow it', async () => {
  const { context, page, errors } = await phone(browser, { geolocation: HERRLJUNGA });
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Tipsa om otrygga platser' }).waitFor();
  await page.getByText('Pågående brott eller fara – ring 112').waitFor();
  await page.getByText('Polisanmälan eller tips som inte är akuta – ring 114 14').waitFor();
  await step(page, 'flow-01-start');

  await page.getByRole('link', { name: 'Rapportera en otrygg plats' }).click();
  await atStep(page, 1);
  await page.locator('.leaflet-container').waitFor();
  await step(page, 'flow-02-where');

  await page.getByRole('button', { name: 'Använd min position' }).click();
  await page.getByText('Nålen visar var du är (ungefär ± 12 m). Flytta den om det behövs.').waitFor();
  const summary = page.locator('.place-summary');
  await summary.getByText('Vald plats: Herrljunga').waitFor();
  await summary.getByText('Koordinater: 58,07950, 13,02400').waitFor();
  await page.locator('.map-pin').waitFor();
  await step(page, 'flow-03-where-located');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 2);
  await step(page, 'flow-04-what');
  await page.getByRole('radio', { name: 'Otrygg plats' }).check();
  await page.getByRole('radio', { name: 'Dålig belysning' }).check();
  await step(page, 'flow-05-what-subtype');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 3);
  await page.getByRole('radio', { name: 'Tidigare' }).check();
  const yesterday = new Date(Date.now() - 86400_000).toLocaleDateString('sv-SE');
  await page.getByLabel('Datum').fill(yesterday);
  await page.getByRole('radio', { name: 'Kväll' }).check();
  await page.getByRole('group', { name: 'Händer det ofta här?' }).getByRole('radio', { name: 'Ja' }).check();
  await step(page, 'flow-06-when');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 4);
  await page.getByRole('radio', { name: '4 – Mycket otryggt' }).check();
  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Gångtunneln vid stationen är helt mörk på kvällen.');
  await page.getByText('50 av 2000 tecken').waitFor();
  await step(page, 'flow-07-describe');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 5);
  const review = page.locator('dl.review');
  await review.getByText('Otrygg plats – Dålig belysning').waitFor();
  await review.getByText('Gångtunneln vid stationen är helt mörk på kvällen.').waitFor();
  await review.getByText('Anonym – inga kontaktuppgifter').waitFor();
  await step(page, 'flow-08-review');

  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  const response = await posted;
  assert.equal(response.status(), 201);
  const sent = response.request().postDataJSON();
  assert.equal(sent.category, 'unsafe_place');
  assert.equal(sent.subtype, 'lighting');
  assert.equal(sent.accuracy_m, 12);
  assert.equal(sent.time_of_day, 'evening');
  assert.equal(sent.recurring, true);
  assert.equal(sent.feeling, 4);
  assert.equal(sent.contact, undefined);
  const receipt = await response.json();

  await page.getByRole('heading', { level: 1, name: 'Tack! Din rapport är skickad' }).waitFor();
  await page.locator('.reg-no').getByText(receipt.id).waitFor();
  assert.match(receipt.id, /^TRY-\d{4}-\d{6}$/);
  assert.equal(await page.getByLabel('Länk till din rapport').inputValue(), receipt.tracking_url);
  await step(page, 'flow-09-receipt');

  await page.getByRole('link', { name: 'Öppna uppföljningssidan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Din rapport' }).waitFor();
  await page.locator('.reg-no').getByText(receipt.id).waitFor();
  await page.locator('.status-name').getByText('Ny').waitFor();
  await page.getByText('Rapporten togs emot.').waitFor();
  await page.getByText('Otrygg plats – Dålig belysning').waitFor();
  await step(page, 'flow-10-tracking');

  await page.getByRole('link', { name: 'Mina rapporter' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Mina rapporter' }).waitFor();
  await page.locator('.reg-no').getByText(receipt.id).waitFor();
  await step(page, 'flow-11-my-reports');

  const tracked = await api(`/track/${receipt.tracking_token}`);
  assert.equal(tracked.status, 200);
  assert.equal(tracked.body.id, receipt.id);
  assert.deepEqual(errors, []);
  await context.close();
});
