import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { atStep, HERRLJUNGA, inside, launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('an error goes as soon as its field is valid, and the summary with the last one', async () => {
  const { context, page, errors } = await phone(browser, { geolocation: HERRLJUNGA });
  await page.goto('/rapportera');
  await atStep(page, 1);
  const summary = page.locator('.error-summary');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await summary.getByText('Visa var platsen är', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Använd min position' }).click();
  await summary.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.field-error').count(), 0);
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 2);
  await page.getByRole('button', { name: 'Nästa' }).click();
  await summary.getByText('Välj vad det gäller.').waitFor();
  await page.locator('.field-error').getByText('Välj vad det gäller.').waitFor();
  await page.getByRole('radio', { name: 'Klotter' }).check();
  await summary.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.field-error, .field-invalid').count(), 0, 'no error left on the step');
  await step(page, 'forms-01-category-error-cleared');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 3);
  await page.getByRole('radio', { name: 'Tidigare' }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await summary.getByText('Välj datum.').waitFor();
  await page.getByLabel('Datum').fill(new Date(Date.now() - 86400_000).toLocaleDateString('sv-SE'));
  await summary.waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Datum').getAttribute('aria-invalid'), null);
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 4);
  await page.getByText('Vill du att vi ska kunna kontakta dig? (frivilligt)').click();
  await page.getByLabel('E-post').fill('boende@example');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await summary.getByText('Skriv några ord om vad som händer.').waitFor();
  await summary.getByText('Skriv e-postadressen så här: namn@exempel.se').waitFor();
  await summary.getByText(/Kryssa i rutan om samtycke/).waitFor();
  assert.equal(await summary.locator('li').count(), 3);
  await step(page, 'forms-02-describe-errors');

  // The consent checkbox stays inside its card with the error above it.
  const consent = page.getByRole('checkbox', { name: /Jag samtycker/ });
  assert.ok(await inside(consent, page.locator('label[for="f-contact_consent"]')), 'the checkbox is inside its card');

  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Nytt klotter på väntkuren.');
  await summary.locator('li').nth(1).waitFor({ state: 'attached' });
  assert.equal(await summary.locator('li').count(), 2, 'the description error is gone');
  assert.equal(await page.locator('#f-description-error').count(), 0);
  assert.equal(await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').getAttribute('aria-invalid'), null);

  await page.getByLabel('E-post').fill('boende@example.se');
  assert.equal(await summary.locator('li').count(), 1, 'the e-mail error is gone');
  assert.equal(await page.locator('#f-contact_email-error').count(), 0);
  await consent.check();
  await summary.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.field-error, .field-invalid').count(), 0);
  await step(page, 'forms-03-describe-errors-cleared');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 5);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [zoom, viewport, deviceScaleFactor] of [
  ['100 %', { width: 360, height: 780 }, 1],
  // 200 % zoom of a 360×780 screen: a 180×390 CSS-pixel viewport at twice the pixel density.
  ['200 %', { width: 180, height: 390 }, 2],
])
  test(`radios and the consent checkbox stay inside their cards at ${zoom} text size, in Swedish and in English`, async () => {
    const { context, page, errors } = await phone(browser, { viewport, deviceScaleFactor });
    const z = zoom === '100 %' ? '100' : '200';
    const allInside = async (name) => {
      const radios = page.locator('main .choice > input');
      const n = await radios.count();
      assert.ok(n > 0, `${name}: choices on the page`);
      for (let i = 0; i < n; i++) {
        const input = radios.nth(i);
        const id = await input.getAttribute('id');
        const label = page.locator(`label[for="${id}"]`);
        assert.ok(await inside(input, label), `${name}: #${id} is inside its card`);
      }
    };
    for (const [lang, words, describeLabel, consentLabel, next] of [
      ['sv', 'Välj ort och beskriv med ord', 'Vad har hänt, eller vad gör platsen otrygg?', /Jag samtycker/, 'Nästa'],
      [
        'en',
        'Choose a locality and describe it in words',
        'What happened, or what makes the place unsafe?',
        /I agree/,
        'Next',
      ],
    ]) {
      await page.goto('/rapportera');
      await page.locator('main input[name="mode"]').first().waitFor();
      if (lang === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { level: 1, name: /^Step 1 of 5/ }).waitFor();
      }
      await allInside(`${lang} step 1`);
      await step(page, `forms-04-zoom${z}-where-${lang}`);
      await page.getByRole('radio', { name: words }).check();
      await allInside(`${lang} step 1 in words`);
      await page.locator('main input[name="locality"]').first().check();
      await page.locator('#f-place_description').fill('Bakom simhallen.');
      await page.getByRole('button', { name: next }).click();
      await page.locator('main input[name="category"][value="graffiti"]').check();
      await allInside(`${lang} step 2`);
      await page.getByRole('button', { name: next }).click();
      await page.locator('main input[name="when"]').first().waitFor();
      await allInside(`${lang} step 3`);
      await page.getByRole('button', { name: next }).click();
      await page.getByLabel(describeLabel).fill('Mörkt och skräpigt.');
      await page.locator('details.contact summary').click();
      await page.locator('#f-contact_email').fill('boende@example.se');
      await page.getByRole('button', { name: next }).click();
      await page.locator('#f-contact_consent-error').waitFor();
      await allInside(`${lang} step 4`);
      const consent = page.getByRole('checkbox', { name: consentLabel });
      await consent.scrollIntoViewIfNeeded();
      assert.ok(
        await inside(consent, page.locator('label[for="f-contact_consent"]')),
        `${lang}: the checkbox is inside its card`,
      );
      await step(page, `forms-05-zoom${z}-consent-${lang}`);
      await consent.check();
      await page.getByRole('button', { name: next }).click();
      await page.locator('dl.review').waitFor();
      if (lang === 'en') await page.getByRole('button', { name: 'Svenska' }).click();
      // Start afresh for the next language.
      await page.evaluate(() => sessionStorage.clear());
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

test('a safe place is asked about in positive words, without "otrygg" or "does it happen often"', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.getByRole('radio', { name: 'Välj ort och beskriv med ord' }).check();
  await page.getByRole('radio', { name: 'Annelund' }).check();
  await page.getByLabel('Beskriv platsen').fill('Parken vid kyrkan.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  await page.getByRole('radio', { name: 'Trygg plats', exact: true }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();

  const main = page.locator('main');
  await page.getByRole('heading', { level: 1, name: /^Steg 3 av 5 När var du där\?/ }).waitFor();
  assert.equal(await page.getByText('Händer det ofta här?').count(), 0);
  assert.doesNotMatch(await main.innerText(), /otrygg/i);
  await step(page, 'forms-06-safe-when');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 4);
  assert.equal(await page.getByRole('group', { name: 'Hur otryggt känns det?' }).count(), 0);
  await page.getByRole('button', { name: 'Nästa' }).click();
  await page.locator('.error-summary').getByText('Skriv några ord om vad som gör platsen trygg.').waitFor();
  await page.getByLabel('Vad gör platsen trygg?').fill('Bra belysning och folk i rörelse hela kvällen.');
  assert.doesNotMatch(await main.innerText(), /otrygg/i);
  await step(page, 'forms-07-safe-describe');
  await page.getByRole('button', { name: 'Nästa' }).click();

  await atStep(page, 5);
  assert.doesNotMatch(await page.locator('dl.review').innerText(), /otrygg|Händer/i);
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  const response = await posted;
  assert.equal(response.status(), 201);
  const sent = response.request().postDataJSON();
  assert.equal(sent.category, 'safe_place');
  assert.equal(sent.feeling, undefined);
  assert.equal(sent.recurring, undefined);
  assert.deepEqual(errors, []);
  await context.close();
});
