// The staff side of trygghetsenkäter (issue 13 item 5): a coordinator builds a survey in the
// builder and publishes it, reads the results of one with answers (bars, the indexes with their
// intervals, "för få svar" for a small group, the marked places, the change since an earlier
// round), and prints its poster.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, COORDINATOR, launch, phone, staffApi, staffLogin, step } from './helpers.mjs';

let browser;
let coordinator;
const opened = [];

before(async () => {
  browser = await launch();
  coordinator = await staffApi(COORDINATOR);
});

// Surveys left open would be offered on the start page of the tests that follow.
after(async () => {
  for (const slug of opened)
    await coordinator(`/staff/surveys/${slug}/actions`, { method: 'POST', body: { action: 'close' } });
  await browser?.close();
});

const DAY = 86_400_000;
const uniqueSlug = (name) => `${name}-${Date.now().toString(36)}`;
/** A field of the builder by the server's name for it (`questions[0].text.sv`): ids hold brackets and dots. */
const field = (page, name) => page.locator(`[id="f-${name}"]`);

/** The standard template as a new survey, published through the staff API from now for 30 days. */
async function publishTemplate(slug) {
  const made = await coordinator('/staff/surveys', { method: 'POST', body: { slug } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const published = await coordinator(`/staff/surveys/${slug}/actions`, {
    method: 'POST',
    body: { action: 'publish', closes_at: new Date(Date.now() + 30 * DAY).toISOString() },
  });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  opened.push(slug);
}

/** One resident's answers through the public API; waits out the open link's rate limit if it is hit. */
async function answer(slug, answers) {
  const body = JSON.stringify({ client_id: crypto.randomUUID(), version: 1, answers });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await api(`/surveys/${slug}/responses`, { method: 'POST', body });
    if (res.status !== 429 || Date.now() > deadline) {
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const place = (lat, lon, reasons, time_of_day) => ({ lat, lon, reasons, time_of_day });

test('a coordinator builds a two-question survey with a show-if, sees it in the preview, and publishes it', async () => {
  const slug = uniqueSlug('centrum');
  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, '/personal/enkater');
  await page.getByRole('heading', { level: 1, name: 'Trygghetsenkäter' }).waitFor();
  await page.getByRole('navigation', { name: 'Personal' }).getByRole('link', { name: 'Enkäter' }).waitFor();
  await step(page, 'survey-admin-01-list');

  await page.getByLabel('Adress').fill(slug);
  await page.getByLabel('En tom enkät').check();
  await page.getByLabel('Enkätens rubrik').fill('Trygghet i centrum');
  await page.getByRole('button', { name: 'Skapa enkät' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trygghet i centrum' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/personal/enkater/${slug}`);

  // The first question: one answer of two, seen in the preview as it is typed.
  await page.getByRole('button', { name: 'Redigera, fråga 1', exact: true }).click();
  await field(page, 'questions[0].text.sv').fill('Känner du dig trygg i centrum på kvällen?');
  await field(page, 'questions[0].choices[0].text.sv').fill('Ja, trygg');
  await field(page, 'questions[0].choices[1].text.sv').fill('Nej, otrygg');
  assert.equal(
    await field(page, 'questions[0].choices[1].code').inputValue(),
    'nej_otrygg',
    'the code follows the text',
  );
  const preview = page.locator('.preview-pane');
  await preview.getByRole('group', { name: 'Känner du dig trygg i centrum på kvällen?' }).waitFor();
  await preview.getByLabel('Nej, otrygg').waitFor();
  await step(page, 'survey-admin-02-first-question');

  // The second: free text, shown only after "Nej, otrygg".
  await page.getByLabel('Typ av ny fråga').selectOption('free_text');
  await page.getByRole('button', { name: 'Lägg till fråga' }).click();
  await field(page, 'questions[1].text.sv').fill('Vad gör att du känner dig otrygg?');
  await page
    .getByLabel('Visa frågan', { exact: true })
    .selectOption({ label: 'Bara efter vissa svar på fråga 1: Känner du dig trygg i centrum på kvällen?' });
  await page.locator('.condition-editor').getByLabel('Nej, otrygg').check();
  await preview.getByText('Fråga 2 av 2').waitFor();
  await preview.getByText('Visas bara om svaret på fråga 1 är Nej, otrygg.').waitFor();
  await preview.getByLabel('Vad gör att du känner dig otrygg?').waitFor();
  await step(page, 'survey-admin-03-show-if-in-preview');

  // Moved above the question it depends on, from the keyboard: the server refuses the save and
  // names the question and the field; moved back, it is saved.
  await page.getByRole('button', { name: 'Flytta upp, fråga 2', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 3, name: /^Fråga 1 Vad gör att du känner dig otrygg/ }).waitFor();
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  const problem = page.locator('.error-summary').getByRole('link', { name: /^Fråga 1, visa frågan: / });
  await problem.waitFor();
  await step(page, 'survey-admin-04-refused-at-the-question');
  await problem.click();
  await page.waitForFunction(() => document.activeElement?.id === 'f-questions[0].show_if.question');
  await page.getByRole('button', { name: 'Flytta ner, fråga 1', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 3, name: /^Fråga 2 Vad gör att du känner dig otrygg/ }).waitFor();
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await page.getByRole('status').getByText('Enkäten är sparad.').waitFor();

  // The preview follows its own answers: after "Nej, otrygg" the next question is the free text.
  await page.getByRole('button', { name: 'Redigera, fråga 1', exact: true }).click();
  await preview.getByText('Fråga 1 av 2').waitFor();
  await preview.getByText('Sista frågan.', { exact: false }).waitFor();
  await preview.getByLabel('Nej, otrygg').check();
  await preview.getByRole('button', { name: 'Nästa' }).click();
  await preview.getByLabel('Vad gör att du känner dig otrygg?').waitFor();

  // On a phone the preview comes right after the open question's form.
  await page.setViewportSize({ width: 360, height: 780 });
  const formBox = await page.locator('#question-0-form').boundingBox();
  const previewBox = await preview.boundingBox();
  assert.ok(previewBox.y >= formBox.y + formBox.height - 1, 'the preview is below the open question');
  await page.locator('#question-0-form').scrollIntoViewIfNeeded();
  await step(page, 'survey-admin-05-builder-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Publicera enkäten' });
  await dialog.getByLabel('Sista dagen').waitFor();
  await step(page, 'survey-admin-06-publish-dialog');
  await dialog.getByRole('button', { name: 'Publicera', exact: true }).click();
  opened.push(slug);
  await page
    .getByRole('status')
    .getByText(/^Enkäten är publicerad till och med /)
    .waitFor();
  await page.locator('.survey-history li', { hasText: /^Publicerad till och med .* av Sara Samordnare/ }).waitFor();
  await step(page, 'survey-admin-07-published');

  const published = await api(`/surveys/${slug}`);
  assert.equal(published.status, 200, 'answerable through the public API');
  const [first, second] = published.body.definition.questions;
  assert.equal(published.body.definition.questions.length, 2);
  assert.deepEqual([first.type, second.type], ['single_choice', 'free_text']);
  assert.deepEqual(second.show_if, { question: first.code, any_of: ['nej_otrygg'] });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the results show bars, the trygghetsindex with its interval, a small group hidden, the marked places and the change since the last round', async () => {
  const earlier = uniqueSlug('trygghet-forra');
  const slug = uniqueSlug('trygghet-nu');
  await publishTemplate(earlier);
  await publishTemplate(slug);
  // The earlier round: everyone unsafe out late.
  for (let i = 0; i < 10; i++) await answer(earlier, { unsafe_evening: 'very_unsafe', problem_littering: 'very_big' });
  // This round: the 12 in Herrljunga safe, the 6 in Annelund and the 2 in Ljung (too few to show,
  // and Annelund with them so Ljung cannot be worked out from the total) unsafe.
  const areas = [...Array(12).fill('herrljunga'), ...Array(6).fill('annelund'), ...Array(2).fill('ljung')];
  for (let i = 0; i < 20; i++) {
    await answer(slug, {
      unsafe_evening: i < 12 ? (i % 2 ? 'very_safe' : 'fairly_safe') : 'very_unsafe',
      problem_littering: i % 2 ? 'very_big' : 'fairly_small',
      bg_area: areas[i],
      map_unsafe: [
        i < 12
          ? place(58.0795 + (i % 4) * 0.0006, 13.024 + (i % 3) * 0.0008, ['dark', 'deserted'], 'evening')
          : place(57.964, 13.074, ['people'], 'night'),
      ],
    });
  }

  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, `/personal/enkater/${slug}/resultat`);
  await page.getByRole('heading', { level: 1, name: 'Resultat: Trygghetsenkät' }).waitFor();
  const firstCard = page.locator('.result-card').first();
  await firstCard.locator('.chart-bar').first().waitFor();
  assert.ok((await firstCard.locator('.chart-bar').count()) >= 3, 'a bar for each answer given');
  const fairlySafe = firstCard.locator('.data-table tr', { hasText: 'Ganska trygg' }).first();
  assert.deepEqual(
    (await fairlySafe.locator('td').allTextContents()).map((c) => c.replace(/\s/g, ' ')),
    ['6', '30 %'],
  );
  const index = page.locator('.index-figure').first();
  assert.match(await index.textContent(), /^60\s%\s\(\d+–\d+\s%\)$/, 'the trygghetsindex with its interval');
  await page.locator('.interval-chart .chart-dot').first().waitFor();

  // The marked places: 20 on the clustered map, and as tables.
  await page.getByRole('heading', { level: 2, name: 'Markerade platser (20)' }).waitFor();
  await page.locator('.results-map .queue-cluster, .results-map .place-marker').first().waitFor();
  await page
    .getByRole('table', { name: 'Varför platserna känns otrygga' })
    .getByRole('row', { name: /Mörkt\s+12/ })
    .waitFor();
  await step(page, 'survey-admin-08-results');

  // By area, compared with the earlier round.
  await page.getByLabel('Dela upp efter').selectOption('bg_area');
  await page.getByLabel('Jämför med').selectOption(earlier);
  await page.getByRole('button', { name: 'Visa', exact: true }).click();
  await page.waitForURL(
    (url) => url.searchParams.get('by') === 'bg_area' && url.searchParams.get('compare') === earlier,
  );
  const ljung = firstCard.locator('.result-group', { has: page.getByRole('heading', { level: 4, name: /^Ljung/ }) });
  await ljung.getByText('för få svar').waitFor();
  const herrljunga = firstCard.locator('.result-group', {
    has: page.getByRole('heading', { level: 4, name: /^Herrljunga/ }),
  });
  await herrljunga.locator('.chart-bar').first().waitFor();
  const change = page.locator('.index-change').first();
  await change.getByText('+60 procentenheter').waitFor();
  await change.getByText('Tydlig förändring').waitFor();
  await page.locator('.index-section').scrollIntoViewIfNeeded();
  await step(page, 'survey-admin-09-results-by-area-compared');
  await firstCard.scrollIntoViewIfNeeded();
  await step(page, 'survey-admin-09b-question-by-area');
  await page.locator('.places-section').scrollIntoViewIfNeeded();
  await step(page, 'survey-admin-09c-places');

  // Every chart as a table, for whoever wants the figures rather than the bars.
  await page.getByRole('button', { name: 'Visa som tabeller' }).click();
  const table = firstCard.getByRole('table').first();
  await table.waitFor();
  assert.ok(await table.isVisible());
  assert.equal(await firstCard.locator('svg.chart').first().isVisible(), false);
  await step(page, 'survey-admin-10-results-as-tables');

  await page.setViewportSize({ width: 360, height: 780 });
  await page.getByRole('button', { name: 'Visa som tabeller' }).click();
  await page.locator('.index-section').scrollIntoViewIfNeeded();
  await step(page, 'survey-admin-11-results-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('invitation codes are shown once; a survey is closed, then duplicated as the next round', async () => {
  const slug = uniqueSlug('urval');
  const made = await coordinator('/staff/surveys', { method: 'POST', body: { slug, access: 'invitation' } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, `/personal/enkater/${slug}`);
  await page.getByRole('heading', { level: 1, name: 'Trygghetsenkät' }).waitFor();

  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  const publish = page.getByRole('dialog', { name: 'Publicera enkäten' });
  assert.equal(await publish.getByLabel('Med inbjudningskod').isChecked(), true, 'the access it was made with');
  await publish.getByRole('button', { name: 'Publicera', exact: true }).click();
  opened.push(slug);
  await page.getByText('Man svarar med en inbjudningskod.').waitFor();

  await page.getByLabel('Antal koder').fill('5');
  await page.getByRole('button', { name: 'Skapa koder' }).click();
  await page.getByRole('heading', { level: 3, name: '5 koder' }).waitFor();
  const codes = await page.locator('.code-list li').allTextContents();
  assert.equal(codes.length, 5);
  assert.ok(
    codes.every((c) => /^[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(c)),
    codes.join(' '),
  );
  await page.getByText('Koderna visas bara nu.', { exact: false }).waitFor();
  await step(page, 'survey-admin-15-invitation-codes');

  await page.getByRole('button', { name: 'Stäng enkäten' }).click();
  await page.getByRole('dialog', { name: 'Stänga enkäten nu?' }).getByRole('button', { name: 'Stäng enkäten' }).click();
  await page.getByRole('status').getByText('Enkäten är stängd.').waitFor();
  await page.locator('.survey-history li', { hasText: /^Stängd av Sara Samordnare/ }).waitFor();
  assert.equal(
    (
      await api(`/surveys/${slug}/responses`, {
        method: 'POST',
        body: JSON.stringify({ client_id: crypto.randomUUID(), version: 1, answers: {}, invitation_code: codes[0] }),
      })
    ).status,
    410,
  );

  await page.getByRole('button', { name: 'Ny omgång' }).click();
  const duplicate = page.getByRole('dialog', { name: 'Gör en ny omgång' });
  const next = `${slug}-2`;
  assert.equal(await duplicate.getByLabel('Adress').inputValue(), next);
  await duplicate.getByRole('button', { name: 'Skapa ny omgång' }).click();
  await page.waitForURL((url) => url.pathname === `/personal/enkater/${next}`);
  await page.locator('.survey-card-meta').getByText('Utkast').waitFor();
  const copy = await coordinator(`/staff/surveys/${next}`);
  assert.deepEqual(
    copy.body.definition.questions.map((q) => q.code),
    made.body.definition.questions.map((q) => q.code),
    'the same questions, so the rounds compare',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('the poster shows the title, the QR code, the address and the last day, and prints alone', async () => {
  const slug = uniqueSlug('affisch');
  await publishTemplate(slug);
  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, `/personal/enkater/${slug}/affisch`);
  await page.getByRole('heading', { level: 1, name: 'Affisch: Trygghetsenkät' }).waitFor();
  const qr = page.getByRole('img', { name: /^QR-kod till enkäten på http/ });
  await qr.waitFor();
  await page.waitForFunction(() => document.querySelector('.poster-qr')?.naturalWidth > 0);
  const poster = page.locator('.poster');
  await poster.getByText(`/enkat/${slug}`).waitFor();
  await poster.getByText(/^Svara senast \d+ \w+ \d{4}\.$/).waitFor();
  await poster.getByText('Herrljunga kommun').waitFor();
  await step(page, 'survey-admin-12-poster');

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('button', { name: 'Skriv ut' }).isVisible(), false, 'on paper only the poster');
  assert.equal(await page.locator('.staff-nav').isVisible(), false);
  assert.ok(await qr.isVisible());
  await page.screenshot({
    path: new URL('../../test-output/browser/survey-admin-13-poster-print.png', import.meta.url).pathname,
  });
  await page.emulateMedia({ media: 'screen' });

  await page.setViewportSize({ width: 360, height: 780 });
  await step(page, 'survey-admin-14-poster-phone');
  assert.deepEqual(errors, []);
  await context.close();
});
