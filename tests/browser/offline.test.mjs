import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, atStep, HERRLJUNGA, launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

/** First visit online: the service worker takes control and the report flow's data is stored. */
async function installApp(page) {
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(async () => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('trygg');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!db.objectStoreNames.contains('cache')) return false;
    const count = await new Promise((resolve) => {
      const req = db.transaction('cache').objectStore('cache').count();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return count === 3;
  });
}

test('a report made offline waits on the phone and reaches the server exactly once when the network returns', async () => {
  const { context, page, errors } = await phone(browser, { geolocation: HERRLJUNGA });
  const posts = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST') posts.push(r);
  });
  await installApp(page);

  await context.setOffline(true);
  await page.getByText('Du är offline.', { exact: false }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Tipsa om otrygga platser' }).waitFor();
  await step(page, 'offline-01-start-offline');

  await page.getByRole('link', { name: 'Rapportera en otrygg plats' }).click();
  await atStep(page, 1);
  await page.locator('.leaflet-container').waitFor();
  await page.getByRole('button', { name: 'Använd min position' }).click();
  await page.locator('.place-summary').getByText('Vald plats: Herrljunga').waitFor();
  await step(page, 'offline-02-where');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  await page.getByRole('radio', { name: 'Nedskräpning' }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 3);
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 4);
  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Soporna ligger utspridda runt återvinningen.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 5);
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();

  await page.getByRole('heading', { level: 1, name: 'Rapporten är sparad på telefonen' }).waitFor();
  await page.getByRole('status').getByText('1 väntar på att skickas').waitFor();
  await step(page, 'offline-03-queued');

  await page.reload();
  await page.getByRole('status').getByText('1 väntar på att skickas').waitFor();
  await page.getByRole('link', { name: 'Mina rapporter' }).first().click();
  await page.getByRole('heading', { level: 2, name: 'Väntar på att skickas' }).waitFor();
  await step(page, 'offline-04-my-reports-pending');
  assert.equal(posts.length, 0);

  const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.status() === 201);
  await context.setOffline(false);
  const response = await sent;
  await page.getByRole('status').getByText('Din sparade rapport har nu skickats.').waitFor();
  const receipt = await response.json();
  await page.locator('.reg-no').getByText(receipt.id).waitFor();
  await step(page, 'offline-05-sent');

  assert.equal(posts.length, 1, 'one POST once the network is back');
  const replay = await api('/reports', { method: 'POST', body: response.request().postData() });
  assert.equal(replay.status, 200, 'the server already holds this client_id');
  assert.equal(replay.body.id, receipt.id);
  const tracked = await api(`/track/${receipt.tracking_token}`);
  assert.equal(tracked.status, 200);
  assert.equal(tracked.body.category.slug, 'littering');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a queued report the server refuses on replay is kept and shown to fix, never dropped', async () => {
  const { context, page, errors } = await phone(browser);
  await installApp(page);
  // A report queued by an older version of the app, with a place outside the municipality.
  await context.setOffline(true);
  await page.evaluate(async () => {
    const draft = {
      client_id: crypto.randomUUID(),
      mode: 'map',
      pin: { lat: 57.7, lon: 11.97 },
      accuracy_m: null,
      locality: '',
      place_description: '',
      category: 'vandalism',
      subtype: '',
      when: 'now',
      date: '',
      time_of_day: '',
      recurring: '',
      feeling: null,
      description: 'Krossad ruta i väntkuren.',
      contact: { name: '', email: '', phone: '', consent: false },
    };
    const body = {
      client_id: draft.client_id,
      category: 'vandalism',
      description: draft.description,
      lat: 57.7,
      lon: 11.97,
      occurred_at: new Date().toISOString(),
    };
    await new Promise((resolve, reject) => {
      const req = indexedDB.open('trygg');
      req.onsuccess = () => {
        const tx = req.result.transaction('outbox', 'readwrite');
        tx.objectStore('outbox').put({ client_id: draft.client_id, body, draft, queued_at: new Date().toISOString(), state: 'pending' });
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      };
    });
  });
  await page.reload();
  await page.getByRole('status').getByText('1 väntar på att skickas').waitFor();

  const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.status() === 422);
  await context.setOffline(false);
  await refused;
  await page.getByRole('status').getByText('1 rapport behöver ändras innan den kan skickas.').waitFor();
  await page.getByRole('status').getByRole('link', { name: 'Mina rapporter' }).click();
  await page.getByRole('heading', { level: 2, name: 'Behöver ändras' }).waitFor();
  await step(page, 'offline-06-rejected');

  await page.getByRole('button', { name: 'Ändra och skicka igen' }).click();
  await atStep(page, 1);
  await page.locator('.field-error').first().waitFor();
  await step(page, 'offline-07-fix');
  assert.deepEqual(errors, []);
  await context.close();
});
