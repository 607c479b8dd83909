import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('the language switch turns the app English, is remembered after a reload and asks the API in English', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Tipsa om otrygga platser' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Report places that feel unsafe' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getByRole('button', { name: 'Svenska' }).getAttribute('lang'), 'sv');
  await step(page, 'language-01-english');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Report places that feel unsafe' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  await page.getByRole('link', { name: 'Report an unsafe place' }).click();
  await page.getByRole('heading', { level: 1, name: /^Step 1 of 5/ }).waitFor();
  // The app's own requests ask in English (the reference data index.html preloads has no language).
  const apiRequest = page.waitForRequest((r) => r.url().includes('/api/v1/places'));
  await page.getByLabel('Search for a place').fill('station');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  assert.equal((await apiRequest).headers()['accept-language'], 'en');
  await page.getByRole('button', { name: 'Herrljunga station' }).waitFor();
  await page.getByRole('radio', { name: 'Choose a locality and describe it in words' }).check();
  await page.getByRole('radio', { name: 'The countryside or another place in the municipality' }).waitFor();
  await step(page, 'language-02-english-report');

  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.getByRole('heading', { level: 1, name: /^Steg 1 av 5/ }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  assert.equal(await page.getByRole('radio', { name: 'Välj ort och beskriv med ord' }).isChecked(), true, 'the form keeps its state');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: /^Steg 1 av 5/ }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
