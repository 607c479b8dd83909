import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { atStep, byName, HERRLJUNGA, launch, phone, step, tabTo } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

const press = (page, key) => page.keyboard.press(key);

test('the whole report can be made with the keyboard alone', async () => {
  const { context, page, errors } = await phone(browser, { geolocation: HERRLJUNGA });
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Tipsa om otrygga platser' }).waitFor();

  const skip = await tabTo(page, () => true, 1);
  assert.equal(skip.name, 'Hoppa till innehållet', 'the skip link comes first');
  await tabTo(page, byName(/^Rapportera en otrygg plats$/));
  await step(page, 'keyboard-01-focus-start');
  await press(page, 'Enter');

  await atStep(page, 1);
  await tabTo(page, byName(/^Använd min position$/));
  await press(page, 'Enter');
  await page.locator('.place-summary').getByText('Vald plats: Herrljunga').waitFor();
  await tabTo(page, byName(/^Sätt nålen i kartans mitt$/));
  await step(page, 'keyboard-02-where');
  await press(page, 'Enter');
  await tabTo(page, byName(/^Nästa$/));
  await press(page, 'Enter');

  await atStep(page, 2);
  // Next without a choice: the error summary takes focus and links to the field.
  await tabTo(page, byName(/^Nästa$/));
  await press(page, 'Enter');
  await page.locator('.error-summary').getByText('Välj vad det gäller.').waitFor();
  await step(page, 'keyboard-03-what-error');
  await tabTo(page, byName(/^Välj vad det gäller\.$/));
  await press(page, 'Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('value')), 'unsafe_place');
  await press(page, 'ArrowRight');
  await press(page, 'ArrowRight');
  assert.equal(await page.getByRole('radio', { name: 'Klotter' }).isChecked(), true);
  await tabTo(page, byName(/^Nästa$/));
  await press(page, 'Enter');

  await atStep(page, 3);
  await tabTo(page, (f) => f.type === 'radio' && f.name === 'Nu eller alldeles nyss');
  await press(page, 'ArrowDown');
  assert.equal(await page.getByRole('radio', { name: 'Tidigare' }).isChecked(), true);
  await tabTo(page, byName(/^Datum$/));
  // Arrow up in each empty part of the native date field: 1 January this year, whatever the field's order.
  for (const key of ['ArrowUp', 'Tab', 'ArrowUp', 'Tab', 'ArrowUp']) await press(page, key);
  assert.equal(await page.getByLabel('Datum').inputValue(), `${new Date().getFullYear()}-01-01`);
  // Tab lands on the checked option of a radio group ("Vet inte"); arrows wrap round to "Morgon", "Dag".
  await tabTo(page, (f) => f.type === 'radio' && f.name === 'Vet inte');
  await press(page, 'ArrowDown');
  await press(page, 'ArrowDown');
  assert.equal(await page.getByRole('radio', { name: 'Dag', exact: true }).isChecked(), true);
  await step(page, 'keyboard-04-when');
  await tabTo(page, byName(/^Nästa$/));
  await press(page, 'Enter');

  await atStep(page, 4);
  await tabTo(page, (f) => f.type === 'radio' && /^1 – /.test(f.name));
  await press(page, 'Space');
  await press(page, 'ArrowDown');
  await press(page, 'ArrowDown');
  assert.equal(await page.getByRole('radio', { name: '3 – Ganska otryggt' }).isChecked(), true);
  await tabTo(page, (f) => f.tag === 'textarea');
  await page.keyboard.type('Klotter med hot på skolans vägg, nytt sedan i helgen.');
  await tabTo(page, (f) => f.tag === 'summary');
  await step(page, 'keyboard-05-describe');
  await tabTo(page, byName(/^Nästa$/));
  await press(page, 'Enter');

  await atStep(page, 5);
  await page.locator('dl.review').getByText('Klotter med hot på skolans vägg, nytt sedan i helgen.').waitFor();
  await tabTo(page, byName(/^Skicka rapporten$/));
  await step(page, 'keyboard-06-review');
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST');
  await press(page, 'Enter');
  assert.equal((await posted).status(), 201);
  const sent = (await posted).request().postDataJSON();
  assert.equal(sent.category, 'graffiti');
  assert.equal(sent.time_of_day, 'day');
  assert.equal(sent.feeling, 3);

  await page.getByRole('heading', { level: 1, name: 'Tack! Din rapport är skickad' }).waitFor();
  await tabTo(page, byName(/^Kopiera länken$/));
  await step(page, 'keyboard-07-receipt');
  assert.deepEqual(errors, []);
  await context.close();
});
