import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, atStep, launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('without the map, a resident chooses a locality, describes the place in words and leaves contact details', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.getByRole('radio', { name: 'Välj ort och beskriv med ord' }).check();
  await page.getByRole('group', { name: 'Vilken ort?' }).waitFor();
  await step(page, 'words-01-where');

  await page.getByRole('button', { name: 'Nästa' }).click();
  const summary = page.locator('.error-summary');
  await summary.getByText('Välj en ort.').waitFor();
  await summary.getByText('Beskriv var platsen är.').waitFor();
  assert.equal(await summary.evaluate((el) => el === document.activeElement), true, 'the error summary takes focus');
  await step(page, 'words-02-where-errors');

  await page.getByRole('radio', { name: 'Annelund' }).check();
  await page.getByLabel('Beskriv platsen').fill('Vid busshållplatsen på Storgatan, bakom kiosken.');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 2);
  await page.getByRole('button', { name: 'Nästa' }).click();
  await page.locator('.error-summary').getByText('Välj vad det gäller.').waitFor();
  await step(page, 'words-03-what-error');
  await page.getByRole('radio', { name: 'Klotter' }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 3);
  assert.equal(await page.getByRole('radio', { name: 'Nu eller alldeles nyss' }).isChecked(), true);
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 4);
  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Nytt klotter på väntkuren, bland annat hotfulla ord.');
  await page.getByText('Vill du att vi ska kunna kontakta dig? (frivilligt)').click();
  await page.getByLabel('E-post').fill('boende@example.se');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await page.locator('.error-summary').getByText(/Kryssa i rutan om samtycke/).waitFor();
  await step(page, 'words-04-describe-consent-error');
  await page.getByRole('checkbox', { name: /Jag samtycker/ }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 5);
  const review = page.locator('dl.review');
  await review.getByText('Annelund').waitFor();
  await review.getByText('Vid busshållplatsen på Storgatan, bakom kiosken.').waitFor();
  await review.getByText('boende@example.se').waitFor();
  await step(page, 'words-05-review');

  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  const response = await posted;
  assert.equal(response.status(), 201);
  const sent = response.request().postDataJSON();
  assert.equal(sent.locality, 'annelund');
  assert.equal(sent.place_description, 'Vid busshållplatsen på Storgatan, bakom kiosken.');
  assert.equal(sent.lat, undefined);
  assert.equal(sent.lon, undefined);
  assert.deepEqual(sent.contact, { email: 'boende@example.se', consent: true });
  const receipt = await response.json();

  await page.getByRole('heading', { level: 1, name: 'Tack! Din rapport är skickad' }).waitFor();
  await page.locator('.facts-list').getByText('Annelund').waitFor();
  await step(page, 'words-06-receipt');

  const tracked = await api(`/track/${receipt.tracking_token}`);
  assert.equal(tracked.status, 200);
  assert.equal(tracked.body.area?.slug, 'annelund');
  assert.deepEqual(errors, []);
  await context.close();
});
