import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, apiReport, COORDINATOR, launch, phone, staffApi, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('the tracking page shows a report sent by someone else, in plain Swedish, opened straight from its link', async () => {
  const created = await api('/reports', { method: 'POST', body: JSON.stringify(apiReport()) });
  assert.equal(created.status, 201);
  const { context, page, errors } = await phone(browser);
  await page.goto(`/folj/${created.body.tracking_token}`);
  await page.getByRole('heading', { level: 1, name: 'Din rapport' }).waitFor();
  await page.locator('.reg-no').getByText(created.body.id).waitFor();
  await page.locator('.status-name').getByText('Ny').waitFor();
  await page.getByText('Vi har tagit emot rapporten men inte hunnit titta på den än.').waitFor();
  await page.getByText('Klotter', { exact: true }).waitFor();
  await page.getByRole('list').filter({ hasText: 'Rapporten togs emot.' }).waitFor();
  await step(page, 'tracking-01-found');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown tracking link says so instead of failing', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto('/folj/finns-inte-0000');
  await page.getByRole('heading', { level: 1, name: 'Rapporten hittades inte' }).waitFor();
  await step(page, 'tracking-02-not-found');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Every line of the timeline says something: a time and at least one line of text. */
async function assertNoEmptyTimelineLines(page) {
  const items = page.locator('ol.timeline > li');
  const count = await items.count();
  assert.ok(count > 0);
  for (let i = 0; i < count; i++) {
    const texts = await items.nth(i).locator('p:not(.time)').allInnerTexts();
    assert.ok(texts.join('').trim().length > 0, `timeline line ${i + 1} has no text`);
  }
}

test('a duplicate is explained: the original, where it stands and what the municipality answered; the original counts the +1', async () => {
  const original = await api('/reports', { method: 'POST', body: JSON.stringify(apiReport({ description: 'Klotter på perrongens vägg.' })) });
  const duplicate = await api('/reports', { method: 'POST', body: JSON.stringify(apiReport({ description: 'Någon har klottrat på perrongen.' })) });
  assert.equal(original.status, 201);
  assert.equal(duplicate.status, 201);
  const coordinator = await staffApi(COORDINATOR);
  const act = (id, body) => coordinator(`/reports/${id}/actions`, { method: 'POST', body });
  assert.equal((await act(original.body.id, { action: 'status', status: 'triaged' })).status, 200);
  const reply = 'Tack! Vi tvättar bort klottret på perrongen i nästa vecka.';
  assert.equal((await act(original.body.id, { action: 'public_reply', text: reply })).status, 200);
  assert.equal((await act(duplicate.body.id, { action: 'duplicate', of: original.body.id })).status, 200);

  const { context, page, errors } = await phone(browser);
  await page.goto(`/folj/${duplicate.body.tracking_token}`);
  await page.getByRole('heading', { level: 1, name: 'Din rapport' }).waitFor();
  await page.locator('.status-name').getByText('Dubblett').waitFor();
  const box = page.getByRole('region', { name: 'Samma sak hade redan rapporterats' });
  await box.getByText(`Någon hade redan rapporterat samma sak, i ärende ${original.body.id}.`, { exact: false }).waitFor();
  await box.getByText(`Status för ärende ${original.body.id}`).waitFor();
  await box.getByText('Bedömd', { exact: true }).waitFor();
  await box.getByText(reply).waitFor();
  const timeline = page.locator('ol.timeline').last();
  await timeline.getByText(`Rapporten gäller samma sak som ärende ${original.body.id}, som redan hade rapporterats.`).waitFor();
  await assertNoEmptyTimelineLines(page);
  await page.locator('.reg-no').getByText(duplicate.body.id).waitFor();
  assert.equal(await page.getByText('Registreringsnummer').count(), 0);
  await page.getByText('Ärendenummer').first().waitFor();
  await step(page, 'tracking-03-duplicate');

  await page.goto(`/folj/${original.body.tracking_token}`);
  await page.locator('.status-name').getByText('Bedömd').waitFor();
  await page.getByText('+1 annan har rapporterat samma sak.').waitFor();
  await assertNoEmptyTimelineLines(page);
  await step(page, 'tracking-04-original-plus-one');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a rejected report shows the reply that says where to turn instead', async () => {
  const created = await api('/reports', { method: 'POST', body: JSON.stringify(apiReport({ description: 'Trasig vägbelysning längs riksvägen.' })) });
  const coordinator = await staffApi(COORDINATOR);
  const reply = 'Vägbelysningen längs riksvägen sköts av Trafikverket. Kontakta Trafikverket på 0771-921 921.';
  const res = await coordinator(`/reports/${created.body.id}/actions`, {
    method: 'POST',
    body: { action: 'status', status: 'rejected', public_reply: reply },
  });
  assert.equal(res.status, 200);
  const { context, page, errors } = await phone(browser);
  await page.goto(`/folj/${created.body.tracking_token}`);
  const status = page.locator('.status-box');
  await status.getByText('Avvisad').waitFor();
  await status.getByText('Kommunen kan inte hantera det här ärendet. Läs svaret nedan om vart du kan vända dig.').waitFor();
  await status.getByText('Kommunens svar').waitFor();
  await status.getByText(reply).waitFor();
  await assertNoEmptyTimelineLines(page);
  await step(page, 'tracking-05-rejected');
  assert.deepEqual(errors, []);
  await context.close();
});
