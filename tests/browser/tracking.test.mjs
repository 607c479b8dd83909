import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, apiReport, launch, phone, step } from './helpers.mjs';

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
