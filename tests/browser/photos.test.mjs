// Photos (issue 12): a resident attaches photos on the phone, offline too, and each reaches the
// server exactly once, made small and without its EXIF before it leaves the phone; a coordinator
// hides, shows and blurs one (by keyboard), and the tracking page shows it once it is public;
// staff attach a photo to an inrapport event. The pictures are drawn in Chromium itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  api,
  apiReport,
  atStep,
  BASE,
  byName,
  COORDINATOR,
  HERRLJUNGA,
  installApp,
  launch,
  phone,
  STAFF,
  staffApi,
  staffLogin,
  step,
  tabTo,
} from './helpers.mjs';

let browser;
let asCoordinator;
before(async () => {
  browser = await launch();
  asCoordinator = await staffApi(COORDINATOR);
});
after(() => browser?.close());

/**
 * A picture drawn on a canvas in the page: a gradient with shapes (`seed` makes each one
 * different), and with `grain` a little per-pixel noise, which a camera's photo has and which
 * makes it as hard to compress as one.
 */
async function picture(page, { width, height, type = 'image/jpeg', seed = 1, grain = 0 }) {
  const dataUrl = await page.evaluate(
    ({ width, height, type, seed, grain }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d');
      const sky = g.createLinearGradient(0, 0, width, height);
      sky.addColorStop(0, `hsl(${(seed * 47) % 360} 60% 70%)`);
      sky.addColorStop(1, '#243447');
      g.fillStyle = sky;
      g.fillRect(0, 0, width, height);
      for (let i = 0; i < 120; i++) {
        g.fillStyle = `hsl(${(i * 37 + seed * 11) % 360} 50% 50% / 0.6)`;
        g.beginPath();
        g.arc((i * 97 * seed) % width, (i * 53) % height, (width / 40) * (1 + (i % 5)), 0, 2 * Math.PI);
        g.fill();
      }
      if (grain) {
        const pixels = g.getImageData(0, 0, width, height);
        for (let i = 0; i < pixels.data.length; i += 4) {
          const n = (Math.random() - 0.5) * grain;
          pixels.data[i] += n;
          pixels.data[i + 1] += n;
          pixels.data[i + 2] += n;
        }
        g.putImageData(pixels, 0, 0);
      }
      return canvas.toDataURL(type, 0.92);
    },
    { width, height, type, seed, grain },
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/** The JPEG with an EXIF segment (APP1) right after its start, carrying `secret` as a GPS tag would. */
function withExif(jpeg, secret) {
  // "Exif\0\0", a big-endian TIFF header pointing at an empty first IFD, then the secret.
  const payload = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08\0\0\0\0\0\0', 'latin1'), Buffer.from(secret)]);
  const marker = Buffer.alloc(4);
  marker.writeUInt16BE(0xffe1, 0);
  marker.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), marker, payload, jpeg.subarray(2)]);
}

/** What the app keeps in IndexedDB's `photos` store: each picture's type, size, pixels and whether `secret` is in it. */
async function keptPhotos(page, secret = 'no secret') {
  return page.evaluate(async (secret) => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('trygg');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = await new Promise((resolve) => {
      const req = db.transaction('photos').objectStore('photos').getAll();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return Promise.all(
      all.map(async (p) => {
        if (!p.blob) return { refused: p.refused };
        const bitmap = await createImageBitmap(p.blob);
        const text = new TextDecoder('latin1').decode(await p.blob.arrayBuffer());
        return {
          type: p.blob.type,
          size: p.blob.size,
          width: bitmap.width,
          height: bitmap.height,
          exif: text.includes('Exif'),
          secret: text.includes(secret),
          addressed: !!p.upload,
        };
      }),
    );
  }, secret);
}

const isPhotoUpload = (pattern) => (r) => r.request().method() === 'POST' && pattern.test(new URL(r.url()).pathname);
const TRACK_PHOTOS = /^\/api\/v1\/track\/[^/]+\/photos$/;

async function toDescribeStep(page) {
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.getByRole('button', { name: 'Använd min position' }).click();
  await page.locator('.place-summary').getByText('Vald plats: Herrljunga').waitFor();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  await page.getByRole('radio', { name: 'Klotter' }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 3);
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 4);
}

test('a resident attaches two photos, removes one, sends offline, and the one left reaches the server once, small and without EXIF', async () => {
  const { context, page, errors } = await phone(browser, { geolocation: HERRLJUNGA });
  const uploads = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/photos$/.test(new URL(r.url()).pathname)) uploads.push(r);
  });
  await installApp(page);
  await toDescribeStep(page);
  await page.getByLabel('Vad har hänt, eller vad gör platsen otrygg?').fill('Klotter över hela väntkuren, se bilden.');
  const photos = page.getByRole('group', { name: 'Bilder (valfritt)' });
  await photos.getByText('Undvik ansikten och registreringsskyltar.', { exact: false }).waitFor();
  await photos.getByText('0 av 3 bilder').waitFor();

  const secret = `GPS 58.0795 N 13.0240 E ${Date.now()}`;
  const first = await picture(page, { width: 1200, height: 900, seed: 1 });
  const second = withExif(await picture(page, { width: 3000, height: 2000, seed: 2 }), secret);
  await photos.getByLabel('Ta eller välj bilder').setInputFiles([
    { name: 'vaggen.jpg', mimeType: 'image/jpeg', buffer: first },
    { name: 'kuren.jpg', mimeType: 'image/jpeg', buffer: second },
  ]);
  await photos.getByRole('status').getByText('2 bilder har lagts till.').waitFor();
  await photos.getByRole('img', { name: 'Bild 2' }).waitFor();
  await photos.getByText('2 av 3 bilder').waitFor();
  await photos.getByRole('img', { name: 'Bild 1' }).scrollIntoViewIfNeeded();
  await step(page, 'photos-01-two-photos');

  await photos.getByRole('button', { name: 'Ta bort bild 1' }).click();
  await photos.getByRole('status').getByText('Bild 1 är borttagen.').waitFor();
  assert.equal(await photos.getByRole('listitem').count(), 1);
  // Focus stays in the list, on the photo that took the removed one's place.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ta bort bild 1');
  assert.equal((await keptPhotos(page)).length, 1, 'the removed photo is deleted from the device');

  // A file the browser cannot decode (HEIC on a desktop) is refused at once, with what to do.
  await photos.getByLabel('Ta eller välj bilder').setInputFiles({
    name: 'IMG_0001.heic',
    mimeType: 'image/heic',
    buffer: Buffer.from('....ftypheic not really a photo'),
  });
  await photos.getByText('Bilden kunde inte öppnas. Välj en bild i JPEG-format', { exact: false }).waitFor();
  await photos.getByRole('img', { name: 'Bild 1' }).scrollIntoViewIfNeeded();
  await step(page, 'photos-02-one-photo-and-an-unreadable-file');

  // The photo survives a reload (its blob is in IndexedDB, the draft keeps its id).
  await page.reload();
  await atStep(page, 4);
  await page.getByRole('group', { name: 'Bilder (valfritt)' }).getByRole('img', { name: 'Bild 1' }).waitFor();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 5);
  await page.locator('.review').getByRole('img', { name: 'Bild 1' }).scrollIntoViewIfNeeded();
  await step(page, 'photos-03-review');

  await context.setOffline(true);
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rapporten är sparad på enheten' }).waitFor();
  await page.getByText('1 bild skickas med rapporten.').waitFor();
  await step(page, 'photos-04-queued');

  // What waits on the phone is already small, and the EXIF (with its GPS position) is gone.
  const [kept] = await keptPhotos(page, secret);
  assert.equal(kept.type, 'image/jpeg');
  assert.equal(Math.max(kept.width, kept.height), 1600, 'a 3000 px photo is made 1600 px');
  assert.equal(kept.exif, false, 'no EXIF segment');
  assert.equal(kept.secret, false, 'nothing of the EXIF content');
  assert.equal(uploads.length, 0);

  const report = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.status() === 201);
  const upload = page.waitForResponse(isPhotoUpload(TRACK_PHOTOS));
  await context.setOffline(false);
  const receipt = await (await report).json();
  assert.equal((await upload).status(), 201);
  // Deleted on the phone once the server has it.
  await page.waitForFunction(async () => {
    const db = await new Promise((resolve) => {
      const req = indexedDB.open('trygg');
      req.onsuccess = () => resolve(req.result);
    });
    const n = await new Promise((resolve) => {
      const req = db.transaction('photos').objectStore('photos').count();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return n === 0;
  });

  const held = (await asCoordinator(`/reports/${receipt.id}`)).body;
  assert.equal(held.photos.length, 1, 'exactly one photo for the report');
  assert.deepEqual([held.photos[0].width, held.photos[0].height], [1600, 1067]);
  assert.equal(uploads.length, 1, 'one upload, never repeated');

  await page.locator('#main').getByRole('link', { name: 'Mina rapporter' }).click();
  await page.locator('.reg-no', { hasText: receipt.id }).waitFor();
  await page.getByText('1 bild skickades med rapporten.').waitFor();
  // The list is drawn again once the report's status has been fetched: the screenshot waits for it.
  await page.getByText('Hämtar status …').waitFor({ state: 'hidden' });
  await page.getByText('1 bild skickades med rapporten.').scrollIntoViewIfNeeded();
  await step(page, 'photos-05-my-reports-sent');
  assert.equal(uploads.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a coordinator hides, shows and blurs a photo, drawing by drag or by keyboard, and the tracking page shows it once the report is public', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto('/');
  const sent = await api('/reports', { method: 'POST', body: JSON.stringify(apiReport({ description: 'Trasig lampa vid cykelstället.' })) });
  assert.equal(sent.status, 201);
  const { id, tracking_token: token } = sent.body;
  const form = new FormData();
  form.append('photo', new Blob([await picture(page, { width: 1600, height: 1200, seed: 3 })], { type: 'image/jpeg' }), 'bild.jpg');
  const added = await fetch(`${BASE}/api/v1/track/${token}/photos`, { method: 'POST', body: form });
  assert.equal(added.status, 201);
  const original = await added.json();

  await staffLogin(page, COORDINATOR, `/personal/rapport/${id}`);
  const card = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Bilder (1)' }) });
  await card.getByRole('link', { name: 'Bild 1 i full storlek' }).waitFor();
  assert.equal(await card.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0), true, 'the thumbnail loads');
  await card.getByText('Från den som rapporterade').scrollIntoViewIfNeeded();
  await step(page, 'photos-06-coordinator-sees-the-photo');

  await card.getByRole('button', { name: 'Dölj för allmänheten – Bild 1' }).click();
  await page.getByRole('status').getByText('Bild 1 är dold för allmänheten.').waitFor();
  await card.getByText('Dold för allmänheten', { exact: true }).waitFor();
  await page.locator('.staff-timeline').getByText('En bild doldes för allmänheten.').waitFor();
  await card.scrollIntoViewIfNeeded();
  await step(page, 'photos-07-hidden');
  assert.equal((await asCoordinator(`/reports/${id}`)).body.photos[0].hidden, true);

  await card.getByRole('button', { name: 'Visa för allmänheten – Bild 1' }).click();
  await page.getByRole('status').getByText('Bild 1 visas för allmänheten när rapporten är offentlig.').waitFor();
  assert.equal(await card.getByText('Dold för allmänheten', { exact: true }).count(), 0);

  // A drag over the photo draws an area; its button takes it away again.
  await card.getByRole('button', { name: 'Sudda ut ett område – Bild 1' }).click();
  const editor = page.getByRole('group', { name: 'Sudda ut ett område i bild 1' });
  const box = await editor.getByRole('img', { name: 'Bild 1' }).boundingBox();
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4, { steps: 4 });
  await page.mouse.up();
  await editor.getByRole('status').getByText(/^Område 1: \d+ % från vänster, \d+ % uppifrån, \d+ % brett och \d+ % högt$/).waitFor();
  assert.equal(await editor.getByRole('button', { name: /^Område 1:/ }).count(), 1);
  await editor.getByRole('button', { name: 'Ta bort område 1' }).click();
  await editor.getByRole('status').getByText('Område 1 är borttaget.').waitFor();
  assert.equal(await editor.getByRole('button', { name: /^Område 1:/ }).count(), 0);

  // Then by keyboard alone: add an area, move it and make it larger, then send.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Lägg till ett område');
  await page.keyboard.press('Enter');
  const area = editor.getByRole('button', { name: /^Område 1:/ });
  await area.waitFor();
  assert.equal(await area.evaluate((el) => el === document.activeElement), true, 'the new area has the focus');
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowUp', 'Shift+ArrowRight', 'Shift+ArrowDown']) await page.keyboard.press(key);
  await editor.getByRole('status').getByText('Område 1: 31 % från vänster, 33 % uppifrån, 32 % brett och 32 % högt').waitFor();
  await step(page, 'photos-08-blur-editor');
  await tabTo(page, byName(/^Sudda ut$/));
  const blurred = page.waitForResponse((r) => r.url().endsWith(`/api/v1/photos/${original.id}/actions`));
  await page.keyboard.press('Enter');
  const after = await (await blurred).json();
  await page.getByRole('status').getByText('Bild 1 är utsuddad där du markerade.', { exact: false }).waitFor();
  assert.notEqual(after.url, original.url, 'a new version');
  assert.equal(await card.locator('img').getAttribute('src'), after.thumbnail_url);
  await page.locator('.staff-timeline').getByText('Ett område i en bild suddades ut.').waitFor();
  await card.scrollIntoViewIfNeeded();
  await step(page, 'photos-09-blurred');
  const old = await fetch(`${BASE}${original.url}`);
  assert.equal(old.status, 404, 'the unblurred version is gone');

  const moderated = await asCoordinator(`/reports/${id}/actions`, {
    method: 'POST',
    body: { action: 'moderate', public_visible: true, reason: 'Inget som pekar ut någon.' },
  });
  assert.equal(moderated.status, 200);
  await page.goto(`/folj/${token}`);
  const shown = page.getByRole('link', { name: 'Bild 1 till rapporten' });
  await shown.scrollIntoViewIfNeeded();
  assert.equal(await shown.getAttribute('href'), after.url);
  assert.equal(await shown.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0), true);
  await step(page, 'photos-10-tracking-page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('staff attach a 4000 × 3000 PNG to an inrapport event: it leaves the device as a 1600 px JPEG and reaches the event report', async (t) => {
  const { context, page, errors } = await phone(browser);
  await staffLogin(page, STAFF);
  await page.getByRole('heading', { level: 1, name: 'Ny inrapport' }).waitFor();
  const event = page.getByRole('group', { name: 'Händelse 1' });
  await event.getByLabel('Ort').selectOption({ label: 'Herrljunga' });
  await event.getByLabel('Plats', { exact: true }).fill('Skolgården vid Altorpskolan');
  await event.getByLabel('Typ av händelse').selectOption('vandalism');
  await event.getByLabel('Vad hände?').fill('Sönderslagen ruta i förrådet, se bilderna.');
  await event.getByRole('radio', { name: '2 – en del' }).check();
  await event.getByRole('radio', { name: 'Ja, jag såg det' }).check();

  const png = await picture(page, { width: 4000, height: 3000, type: 'image/png', seed: 4 });
  // As a phone's camera makes it: 12 megapixels with grain, a JPEG of several megabytes.
  const camera = await picture(page, { width: 4000, height: 3000, seed: 5, grain: 16 });
  await event.getByLabel('Ta eller välj bilder').setInputFiles([
    { name: 'ruta.png', mimeType: 'image/png', buffer: png },
    { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: camera },
  ]);
  await event.getByRole('img', { name: 'Bild 2' }).scrollIntoViewIfNeeded();
  await step(page, 'photos-11-inrapport-photos');

  const kept = await keptPhotos(page);
  assert.equal(kept.length, 2);
  for (const k of kept) {
    assert.equal(k.type, 'image/jpeg');
    assert.deepEqual([k.width, k.height], [1600, 1200]);
  }
  const [fromPng, fromCamera] = [...kept].sort((a, b) => a.size - b.size);
  t.diagnostic(`a ${png.length} byte 4000×3000 PNG left as a ${fromPng.size} byte 1600×1200 JPEG`);
  t.diagnostic(`a ${camera.length} byte 12 MP JPEG with grain left as a ${fromCamera.size} byte 1600×1200 JPEG`);

  const receiptResponse = page.waitForResponse((r) => r.url().endsWith('/api/v1/inrapporter') && r.status() === 201);
  const staffUploads = [];
  page.on('response', (r) => {
    if (isPhotoUpload(/^\/api\/v1\/reports\/[^/]+\/photos$/)(r)) staffUploads.push(r.status());
  });
  await page.getByRole('button', { name: 'Skicka inrapporten' }).click();
  const receipt = await (await receiptResponse).json();
  await page.getByText('2 bilder skickades.').waitFor();
  await step(page, 'photos-12-inrapport-sent');
  assert.deepEqual(staffUploads, [201, 201]);

  const held = (await asCoordinator(`/reports/${receipt.reports[0]}`)).body;
  assert.equal(held.photos.length, 2);
  assert.ok(held.photos.every((p) => p.width === 1600 && p.height === 1200 && p.uploaded_by === 'staff'));
  assert.deepEqual(await keptPhotos(page), [], 'nothing left on the device');
  assert.deepEqual(errors, []);
  await context.close();
});
