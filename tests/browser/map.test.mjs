import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { atStep, launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

const summary = (page) => page.locator('.place-summary');

test('the place search finds the municipality\'s named places, and choosing one moves the pin there', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.locator('.leaflet-container').waitFor();
  const search = page.getByRole('search');
  await search.getByLabel('Sök plats').fill('kunskapens');
  const asked = page.waitForRequest((r) => r.url().includes('/api/v1/places?q=kunskapens'));
  await search.getByRole('button', { name: 'Sök' }).click();
  await asked;
  await search.getByRole('status').getByText('1 plats hittades. Välj en för att flytta nålen dit.').waitFor();
  await step(page, 'map-01-search-results');
  await search.getByRole('button', { name: 'Kunskapens hus' }).click();
  await search.getByRole('status').getByText('Nålen står nu vid Kunskapens hus.', { exact: false }).waitFor();
  await summary(page).getByText('Vald plats: Herrljunga').waitFor();
  await summary(page).getByText('Koordinater: 58,07720, 13,03120').waitFor();
  await page.locator('.map-pin').waitFor();
  // The pin is at the centre of the map, so the cross-hair steps aside.
  assert.equal(await page.locator('.crosshair').isVisible(), false, 'the cross-hair does not cover the pin');
  await step(page, 'map-02-search-chosen');

  // An area by name (a locality) works too; an unknown name says so.
  await search.getByLabel('Sök plats').fill('annelund');
  await search.getByRole('button', { name: 'Sök' }).click();
  await search.getByRole('button', { name: 'Annelund', exact: true }).click();
  await summary(page).getByText('Vald plats: Annelund').waitFor();
  await search.getByLabel('Sök plats').fill('Finnsintegatan');
  await search.getByLabel('Sök plats').press('Enter');
  await search.getByRole('status').getByText('Ingen plats med det namnet hittades.', { exact: false }).waitFor();

  // Panning away from the pin brings the cross-hair back.
  await page.locator('.leaflet-container').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.locator('.crosshair').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with a geocoder configured, the search also asks it, within the municipality, and its result moves the pin', async () => {
  const { context, page, errors } = await phone(browser);
  const GEOCODER = 'https://geocoder.example/search';
  // The municipality's configuration, as if map.geocoder_url were set (the server allows it in its CSP then).
  await page.route('**/api/v1/public-config', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, map: { ...config.map, geocoder_url: GEOCODER } } });
  });
  await page.route('**/rapportera', async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    const headers = response.headers();
    headers['content-security-policy'] = headers['content-security-policy'].replace(
      "connect-src 'self'",
      "connect-src 'self' https://geocoder.example",
    );
    await route.fulfill({ response, headers });
  });
  let geocoderUrl = null;
  await page.route('https://geocoder.example/**', async (route) => {
    geocoderUrl = new URL(route.request().url());
    await route.fulfill({
      status: 200,
      headers: { 'Access-Control-Allow-Origin': '*' },
      contentType: 'application/json',
      json: [
        {
          lat: '58.0781',
          lon: '13.0277',
          name: 'Storgatan',
          addresstype: 'road',
          display_name: 'Storgatan, Herrljunga, Herrljunga kommun, Västra Götalands län, 524 30, Sverige',
        },
        // Outside the municipality: never offered, whatever the geocoder says.
        { lat: '57.7089', lon: '11.9746', name: 'Storgatan', addresstype: 'road', display_name: 'Storgatan, Göteborg' },
      ],
    });
  });
  await page.goto('/rapportera');
  await atStep(page, 1);
  const search = page.getByRole('search');
  await search.getByLabel('Sök plats').fill('Storgatan');
  await search.getByRole('button', { name: 'Sök' }).click();
  const result = search.getByRole('button', { name: /^Storgatan/ });
  await result.waitFor();
  assert.equal(await result.count(), 1, 'only the result inside the municipality');
  await result.getByText('Herrljunga, Herrljunga kommun, Västra Götalands län').waitFor();
  assert.equal(geocoderUrl.searchParams.get('q'), 'Storgatan');
  assert.equal(geocoderUrl.searchParams.get('format'), 'jsonv2');
  assert.equal(geocoderUrl.searchParams.get('countrycodes'), 'se');
  assert.equal(geocoderUrl.searchParams.get('limit'), '5');
  assert.equal(geocoderUrl.searchParams.get('bounded'), '1');
  assert.equal(geocoderUrl.searchParams.get('viewbox'), '12.838084,58.129237,13.373888,57.8895');
  await step(page, 'map-03-geocoder-results');
  await result.click();
  await summary(page).getByText('Koordinater: 58,07810, 13,02770').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('when the map tiles do not arrive, the app says so and offers the place in words', async () => {
  // phone() makes the tile server unreachable, as on a bad connection.
  const { context, page, errors } = await phone(browser);
  await page.goto('/rapportera');
  await atStep(page, 1);
  const notice = page.locator('.tiles-failed');
  await notice.getByText('Kartbilderna kan inte hämtas just nu, så kartan visar bara gränser och ortnamn.').waitFor();
  await notice.getByText('Sök efter platsen här ovanför, eller beskriv platsen med ord i stället.').waitFor();
  await step(page, 'map-04-tiles-failed');
  await notice.getByRole('button', { name: 'Välj ort och beskriv med ord' }).click();
  assert.equal(await page.getByRole('radio', { name: 'Välj ort och beskriv med ord' }).isChecked(), true);
  await page.getByRole('group', { name: 'Vilken ort?' }).waitFor();
  assert.equal(await page.locator('.leaflet-container').count(), 0);
  await page.getByRole('radio', { name: 'Ljung', exact: true }).check();
  await page.getByLabel('Beskriv platsen').fill('Vid kyrkan.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('tiles that do arrive raise no warning', async () => {
  const { context, page, errors } = await phone(browser);
  // A stand-in tile server that answers: a 1×1 PNG for every tile.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  );
  await context.unroute(/tile\.openstreetmap\.org/);
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.locator('.leaflet-tile-loaded').first().waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.tiles-failed').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
