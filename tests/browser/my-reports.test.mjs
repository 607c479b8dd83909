import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, apiReport, appDraft, COORDINATOR, installApp, launch, phone, putRecord, staffApi, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

/** A report sent from this device earlier: made through the API, kept as the app keeps its receipts. */
async function sentEarlier(page, overrides, saved) {
  const created = await api('/reports', { method: 'POST', body: JSON.stringify(apiReport(overrides)) });
  assert.equal(created.status, 201);
  const r = created.body;
  await putRecord(page, 'reports', {
    ...r,
    client_id: crypto.randomUUID(),
    category: overrides.category ?? 'graffiti',
    ...saved,
  });
  return r;
}

test('Mina rapporter shows where each report stands now and enough to tell them apart, and a waiting one can be deleted', async () => {
  const { context, page, errors } = await phone(browser);
  await installApp(page);
  const triaged = await sentEarlier(
    page,
    { category: 'vandalism', description: 'Krossad ruta i busskuren vid stationen, glas överallt.' },
    { excerpt: 'Krossad ruta i busskuren vid stationen, glas överallt.' },
  );
  const fresh = await sentEarlier(
    page,
    { category: 'littering', locality: 'annelund', place_description: 'Återvinningen vid Coop.', lat: undefined, lon: undefined },
    { excerpt: 'Soporna ligger utspridda.', place_text: 'Återvinningen vid Coop.' },
  );
  const coordinator = await staffApi(COORDINATOR);
  const res = await coordinator(`/reports/${triaged.id}/actions`, { method: 'POST', body: { action: 'status', status: 'triaged' } });
  assert.equal(res.status, 200);

  await page.goto('/mina-rapporter');
  await page.getByRole('heading', { level: 1, name: 'Mina rapporter' }).waitFor();
  const card = (id) => page.locator('.report-card').filter({ hasText: id });
  // Sent as "Ny"; the tracking page says "Bedömd" now, and so does the list.
  await card(triaged.id).getByText('Bedömd', { exact: true }).waitFor();
  await card(triaged.id).getByText('Skadegörelse').waitFor();
  await card(triaged.id).getByText('Herrljunga').waitFor();
  await card(triaged.id).getByText('”Krossad ruta i busskuren vid stationen, glas överallt.”').waitFor();
  await card(fresh.id).getByText('Ny', { exact: true }).waitFor();
  await card(fresh.id).getByText('Annelund, ”Återvinningen vid Coop.”').waitFor();
  assert.equal(await page.getByText('Hämtar status …').count(), 0);
  await step(page, 'my-reports-01-current-status');

  // Offline: a report waiting to be sent, and the statuses as last seen.
  await context.setOffline(true);
  const waiting = appDraft({
    category: 'graffiti',
    mode: 'words',
    pin: null,
    locality: 'ljung',
    place_description: 'Gångtunneln under riksvägen, norra änden.',
    description: 'Stora svarta bokstäver över hela väggen i tunneln, nytt sedan i helgen.',
  });
  await putRecord(page, 'outbox', {
    client_id: waiting.client_id,
    body: { client_id: waiting.client_id, category: 'graffiti', description: waiting.description, locality: 'ljung', place_description: waiting.place_description, occurred_at: new Date().toISOString() },
    draft: waiting,
    queued_at: new Date().toISOString(),
    state: 'pending',
  });
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).waitFor();
  await page.getByRole('status').getByText('1 rapport väntar på att skickas. Den skickas automatiskt när du har nätverk.').waitFor();
  const pending = page.locator('.report-card').filter({ hasText: 'Sparad' }).filter({ hasText: 'Ljung' });
  await pending.getByRole('heading', { name: 'Klotter' }).waitFor();
  await pending.getByText('Ljung, ”Gångtunneln under riksvägen, norra änden.”').waitFor();
  await pending.getByText('”Stora svarta bokstäver över hela väggen i tunneln, nytt…”').waitFor();
  await card(triaged.id).getByText('Bedömd', { exact: true }).waitFor();
  await card(triaged.id).getByText('Den senaste statusen kunde inte hämtas nu. Så här stod det', { exact: false }).waitFor();
  await step(page, 'my-reports-02-offline-pending');

  page.once('dialog', (d) => {
    assert.equal(d.message(), 'Ta bort rapporten? Den har inte skickats och går inte att få tillbaka.');
    void d.accept();
  });
  await pending.getByRole('button', { name: /^Ta bort/ }).click();
  await page.getByRole('status').getByText('Rapporten är borttagen.').waitFor();
  await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus is not lost with the card');
  const outbox = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const req = indexedDB.open('trygg');
        req.onsuccess = () => {
          const r = req.result.transaction('outbox').objectStore('outbox').count();
          r.onsuccess = () => resolve(r.result);
        };
      }),
  );
  assert.equal(outbox, 0, 'deleted from the device');
  await step(page, 'my-reports-03-deleted');
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});
