// The public map (/karta) and "Är det här samma sak?" in the report flow (issue 15 items 3 and 4).
// Reports are made through the API and made public by the coordinator; each group lies in a
// locality of its own, away from the other tests' reports in Herrljunga.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { api, apiReport, atStep, COORDINATOR, launch, phone, staffApi, staffLogin, step } from './helpers.mjs';

/** Three public reports at one spot (one square), two at another (a square that is not shown). */
const SQUARE = { lat: 58.0045, lon: 13.0545 };
const PAIR = { lat: 57.9645, lon: 13.0745 };
/** One report the coordinator shows at its place, one resolved with an answer, one open to add +1 to. */
const EXACT = { lat: 58.095, lon: 12.965 };
const RESOLVED = { lat: 58.035, lon: 13.175 };
const ORIGINAL = { lat: 58.07, lon: 13.23 };

/** What residents wrote and left as contact details: none of it was made public. */
const PRIVATE = {
  description: 'HEMLIGT-7731 Det är grannen Olle på Storgatan 5 som klottrar.',
  contact: { name: 'Karin Privatsson', email: 'karin.privatsson@example.se', phone: '070-111 22 33', consent: true },
};
const PRIVATE_WORDS = [
  'HEMLIGT-7731',
  'Olle',
  'Storgatan',
  'Karin Privatsson',
  'karin.privatsson@example.se',
  '070-111 22 33',
];

let browser;
let coordinator;
const seeded = {};

/** A report with private words and contact details, made public with a text of the coordinator's. */
async function publicReport(place, category, publicText, moderation = {}) {
  const sent = await api('/reports', {
    method: 'POST',
    body: JSON.stringify(apiReport({ ...PRIVATE, category, lat: place.lat, lon: place.lon })),
  });
  assert.equal(sent.status, 201);
  const id = sent.body.id;
  const moderated = await coordinator(`/reports/${id}/actions`, {
    method: 'POST',
    body: {
      action: 'moderate',
      public_visible: true,
      public_description: publicText,
      reason: 'Inget som pekar ut någon.',
      ...moderation,
    },
  });
  assert.equal(moderated.status, 200, JSON.stringify(moderated.body));
  return id;
}

async function act(id, body) {
  const res = await coordinator(`/reports/${id}/actions`, { method: 'POST', body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const duplicateCount = async (id) => (await coordinator(`/reports/${id}`)).body.duplicate_count;
const totalReports = async () => (await coordinator('/reports/counts')).body.total;

before(async () => {
  browser = await launch();
  coordinator = await staffApi(COORDINATOR);
  seeded.square = [];
  for (let i = 0; i < 3; i++)
    seeded.square.push(await publicReport(SQUARE, 'graffiti', `Klotter på busskuren vid torget (${i + 1}).`));
  seeded.pair = [];
  for (let i = 0; i < 2; i++)
    seeded.pair.push(await publicReport(PAIR, 'graffiti', `Klotter vid skolan i Annelund (${i + 1}).`));
  seeded.exact = await publicReport(EXACT, 'vandalism', 'Krossad ruta i väntkuren vid vägskälet.', {
    public_exact: true,
  });
  seeded.resolved = await publicReport(RESOLVED, 'littering', 'Mycket skräp vid badplatsen.');
  await act(seeded.resolved, { action: 'status', status: 'triaged' });
  await act(seeded.resolved, { action: 'status', status: 'in_progress' });
  await act(seeded.resolved, {
    action: 'status',
    status: 'resolved',
    public_reply: 'Vi har satt upp två nya soptunnor vid badplatsen.',
  });
  seeded.original = await publicReport(ORIGINAL, 'littering', 'Skräp längs gångvägen till stationen.');
});
after(() => browser?.close());

test('the public map shows squares of three or more, the reports shown at their place, "ni sa, vi gjorde" and counts by locality, and nothing private', async () => {
  const data = (await api('/public/reports')).body;
  const near = (p) => (c) => Math.abs(c.lat - p.lat) < 0.003 && Math.abs(c.lon - p.lon) < 0.005;
  assert.equal(data.cells.find(near(SQUARE))?.count, 3, 'the three reports share a square');
  assert.equal(data.cells.find(near(PAIR)), undefined, 'a square of two is not shown');

  const { context, page, errors } = await phone(browser);
  await page.goto('/');
  await page.getByRole('link', { name: 'Se vad andra har rapporterat och vad kommunen gjort' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vad andra har rapporterat' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/karta');
  await page
    .getByText('En ruta med färre än 3 rapporter visas inte, så att ingen kan pekas ut.', { exact: false })
    .waitFor();
  await page.getByText('Bara rapporter som kommunen har gått igenom', { exact: false }).waitFor();

  // The map, without tiles: the outlines and a count for every square of three or more.
  await page.locator('.leaflet-container path').first().waitFor();
  const squares = page.locator('.leaflet-marker-icon.public-square');
  await squares.first().waitFor();
  const labels = await squares.evaluateAll((els) => els.map((el) => ({ text: el.textContent, title: el.title })));
  assert.equal(
    labels.filter((l) => !l.title.includes('rutor')).length,
    data.cells.length,
    'one label per square, none joined at this zoom',
  );
  assert.ok(
    labels.some((l) => l.text === '3' && l.title === '3 rapporter i den här rutan'),
    JSON.stringify(labels),
  );
  assert.ok(
    labels.every((l) => Number(l.text) >= 3),
    'no square of fewer than three',
  );
  await step(page, 'public-map-01-map');

  // A square's popup says what its reports are about.
  await page.locator('.public-square[title="3 rapporter i den här rutan"]').first().click();
  await page.locator('.leaflet-popup').getByText('Klotter: 3').waitFor();
  await popupShown(page);
  await closePopup(page);

  // The report shown at its place: its marker opens the same summary as the list.
  await page.locator('.leaflet-marker-icon.public-exact[title="Skadegörelse"]').click();
  await page.locator('.leaflet-popup').getByText('Krossad ruta i väntkuren vid vägskälet.').waitFor();
  await popupShown(page);
  await page.locator('.leaflet-container').scrollIntoViewIfNeeded();
  await step(page, 'public-map-02-exact-popup');
  await closePopup(page);

  // Below the map, in words: by locality, the report at its place, and "ni sa, vi gjorde".
  const byArea = page.getByRole('region', { name: 'Rapporter per ort' });
  await byArea.getByRole('listitem').filter({ hasText: 'Ljung' }).getByText('3 rapporter').waitFor();
  assert.equal(await byArea.getByText('Annelund').count(), 0, 'a locality with two public reports is left out');
  const exact = page.getByRole('region', { name: 'Rapporter som visas på sin plats' });
  await exact
    .getByRole('article', { name: 'Skadegörelse' })
    .getByText('Krossad ruta i väntkuren vid vägskälet.')
    .waitFor();
  const resolved = page.getByRole('region', { name: 'Ni sa, vi gjorde' });
  const answered = resolved.getByRole('article', { name: 'Nedskräpning' });
  await answered.getByText('Mycket skräp vid badplatsen.').waitFor();
  await answered.getByText('Vi har satt upp två nya soptunnor vid badplatsen.').waitFor();
  await answered.getByText(/Hudene · Rapporterad \d+ \w+ \d{4} · Status: Åtgärdad/).waitFor();
  await resolved.scrollIntoViewIfNeeded();
  await step(page, 'public-map-03-lists');

  // On a phone the lists come after the map.
  const mapBox = await page.locator('.leaflet-container').boundingBox();
  const listBox = await byArea.boundingBox();
  assert.ok(listBox.y > mapBox.y + mapBox.height, 'the lists are below the map');

  const html = await page.content();
  for (const word of PRIVATE_WORDS) assert.ok(!html.includes(word), `"${word}" is not on the page`);

  // The filters: a category, and the last 3 months (in the address, so a reload keeps them).
  await page.getByLabel('Vad gäller det?').selectOption({ label: 'Nedskräpning' });
  await page
    .getByRole('status')
    .getByText('Kartan har inga rutor eller rapporter att visa för det du har valt.')
    .waitFor();
  await resolved.getByRole('article', { name: 'Nedskräpning' }).waitFor();
  assert.equal(await squares.count(), 0);
  await page.getByLabel('Period').selectOption({ label: 'De senaste 3 månaderna' });
  await page.waitForURL((url) => url.search === '?kategori=littering&manader=3');
  await step(page, 'public-map-04-filtered');
  await page.reload();
  assert.equal(await page.getByLabel('Vad gäller det?').inputValue(), 'littering');
  assert.equal(await page.getByLabel('Period').inputValue(), '3');

  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Closes the open popup and waits until it is gone: while it fades out its text is translucent,
 * which axe would rightly call too faint.
 */
async function closePopup(page) {
  await page.locator('.leaflet-popup-close-button').click();
  await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
}

/** Waits until one popup is open, faded in and panned into the map's view (Leaflet animates both). */
async function popupShown(page) {
  await page.waitForFunction(() => {
    const popups = document.querySelectorAll('.leaflet-popup');
    if (popups.length !== 1) return false;
    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
    const r = popups[0].getBoundingClientRect();
    const inside = r.top >= map.top && r.bottom <= map.bottom && r.left >= map.left && r.right <= map.right;
    return inside && getComputedStyle(popups[0]).opacity === '1';
  });
}

/** Through the first two steps of the report flow, at the phone's position, with the category named. */
async function reportAt(page, categoryName) {
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.getByRole('button', { name: 'Använd min position' }).click();
  await page.locator('.map-pin').waitFor();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  await page.getByRole('radio', { name: categoryName }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 3);
}

test('a resident at the place of a public open report is asked "Är det här samma sak?" and adds +1 instead of a new report', async () => {
  const before = { count: await duplicateCount(seeded.original), total: await totalReports() };
  const { context, page, errors } = await phone(browser, {
    geolocation: { latitude: ORIGINAL.lat, longitude: ORIGINAL.lon, accuracy: 10 },
  });
  const posted = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/reports') && posted.push(r.url()));
  await reportAt(page, 'Nedskräpning');

  const card = page.getByRole('region', { name: 'Är det här samma sak?' });
  await card.waitFor();
  await card.getByText('Skräp längs gångvägen till stationen.').waitFor();
  // The 112 notice stays above everything.
  await page.getByText('Det här är ingen larmtjänst.').waitFor();
  await step(page, 'public-map-05-same-thing');

  const plusOne = page.waitForResponse((r) => r.url().endsWith(`/api/v1/public/reports/${seeded.original}/plus-one`));
  await card.getByRole('button', { name: /^Ja, samma sak – lägg till \+1/ }).click();
  assert.equal((await plusOne).status(), 201);
  await page.getByRole('heading', { level: 1, name: 'Tack! Kommunen ser att fler har märkt samma sak.' }).waitFor();
  await page.getByText('+1 annan har rapporterat samma sak.').waitFor();
  await page.getByRole('link', { name: 'Se vad andra har rapporterat och vad kommunen gjort' }).waitFor();
  await page.getByRole('button', { name: 'Gör en ny rapport' }).waitFor();
  await step(page, 'public-map-06-thanks');

  assert.equal(await duplicateCount(seeded.original), before.count + 1, 'the original counts the +1');
  const nearby = (await api(`/public/reports/nearby?lat=${ORIGINAL.lat}&lon=${ORIGINAL.lon}&category=littering`)).body
    .reports;
  assert.equal(nearby.find((r) => r.id === seeded.original)?.also_reported, before.count + 1, 'the public sees it too');
  assert.deepEqual(posted, [], 'no report was sent');
  assert.equal(await totalReports(), before.total, 'no report was made');

  // A second tap (a retry, another day) counts once.
  const again = await page.evaluate(async (id) => {
    const ids = JSON.parse(localStorage.getItem('trygg.plus_one'));
    const res = await fetch(`/api/v1/public/reports/${id}/plus-one`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: ids[id] }),
    });
    return res.status;
  }, seeded.original);
  assert.equal(again, 200);
  assert.equal(await duplicateCount(seeded.original), before.count + 1);

  assert.deepEqual(errors, []);
  await context.close();
});

test('a resident who says "Nej, det här är något annat" goes on and sends a report of their own', async () => {
  const before = await Promise.all(seeded.square.map(duplicateCount));
  const { context, page, errors } = await phone(browser, {
    geolocation: { latitude: SQUARE.lat, longitude: SQUARE.lon, accuracy: 10 },
  });
  await reportAt(page, 'Klotter');

  const card = page.getByRole('region', { name: 'Är det här samma sak?' });
  await card.waitFor();
  assert.equal(await card.getByRole('article').count(), 3, 'the three public reports nearby');
  await card.getByRole('button', { name: 'Nej, det här är något annat' }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('name')),
    'when',
    'the keyboard goes on to the step',
  );
  await step(page, 'public-map-07-not-the-same');

  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 4);
  await page
    .getByLabel('Vad har hänt, eller vad gör platsen otrygg?')
    .fill('Nytt klotter på lekplatsens staket, inte busskuren.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 5);
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  assert.equal((await posted).status(), 201);
  await page.getByRole('heading', { level: 1, name: 'Tack! Din rapport är skickad' }).waitFor();

  assert.deepEqual(await Promise.all(seeded.square.map(duplicateCount)), before, 'no +1 was added');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the coordinator sees the +1 in the timeline, shows a report at its exact place, and exports the queue for Excel and QGIS', async () => {
  const { context, page, errors } = await phone(browser, { viewport: { width: 1280, height: 800 } });
  await staffLogin(page, COORDINATOR, `/personal/rapport/${seeded.original}`);
  await page.getByText('En invånare lade till +1: samma sak på samma plats.').waitFor();

  const card = page.locator('section.action-card', { has: page.getByRole('heading', { name: 'Offentlig visning' }) });
  const exact = card.getByRole('checkbox', { name: /^Visa på sin exakta plats/ });
  assert.equal(await exact.isChecked(), false);
  await exact.check();
  await card.getByLabel('Skäl').fill('Gångvägen pekar inte ut någon.');
  await card.getByRole('button', { name: 'Spara' }).click();
  await page.getByText('Den offentliga visningen ändrades.').first().waitFor();
  await page.getByText('Visas på den offentliga kartan (/karta) och i Open311, på sin exakta plats').waitFor();
  const shown = (await api('/public/reports')).body.exact;
  assert.ok(
    shown.some((r) => r.id === seeded.original),
    'the public map shows it at its place',
  );

  // The queue's filters as files: the SWEREF 99 TM GeoJSON names its CRS and holds the searched reports.
  await page.goto('/personal/ko?status=all&q=HEMLIGT-7731');
  await page.getByText('Exportera').click();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'GeoJSON, SWEREF 99 TM (QGIS, kommunens GIS)' }).click();
  const file = await download;
  const geojson = JSON.parse(await readFile(await file.path(), 'utf8'));
  assert.equal(geojson.crs.properties.name, 'urn:ogc:def:crs:EPSG::3006');
  assert.ok(geojson.features.some((f) => f.properties.id === seeded.original));
  const [x, y] = geojson.features[0].geometry.coordinates;
  assert.ok(x > 200_000 && x < 1_000_000 && y > 6_000_000, `SWEREF 99 TM metres: ${x}, ${y}`);
  const csv = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV för Excel (semikolon)' }).click();
  const text = await readFile(await (await csv).path(), 'utf8');
  assert.ok(text.startsWith('\ufeffid;status;'), 'a BOM and semicolons, as Swedish Excel reads them');
  await step(page, 'public-map-08-export');

  assert.deepEqual(errors, []);
  await context.close();
});
