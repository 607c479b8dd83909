import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { atStep, launch, phone, step } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

const PAGES = [
  ['/', 'Tipsa om otrygga platser'],
  ['/mina-rapporter', 'Mina rapporter'],
  ['/tillganglighet', 'Tillgänglighetsredogörelse'],
  ['/finns-inte', 'Sidan finns inte'],
];

test('every page opens directly from its address and passes axe', async () => {
  const { context, page, errors } = await phone(browser);
  for (const [path, title] of PAGES) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.equal(await page.title(), `${title} – Trygg Herrljunga`);
    await step(page, `pages${path === '/' ? '-start' : path.replaceAll('/', '-')}`);
  }
  const mail = page.getByRole('link', { name: 'Skicka e-post om ett tillgänglighetsproblem' });
  await page.goto('/tillganglighet');
  assert.match(await mail.getAttribute('href'), /^mailto:/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the installable app has a Swedish manifest with icons and a service worker', async () => {
  const { context, page } = await phone(browser);
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(href)).json();
  assert.equal(manifest.name, 'Trygg Herrljunga');
  assert.equal(manifest.start_url, '/');
  assert.equal(manifest.display, 'standalone');
  assert.ok(manifest.theme_color);
  const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
  assert.deepEqual(sizes.sort(), ['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of manifest.icons) {
    const res = await page.request.get(icon.src);
    assert.equal(res.headers()['content-type'], 'image/png');
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.close();
});

test('at 200 % zoom on a 360 px phone nothing needs scrolling sideways', async () => {
  // 200 % zoom of a 360×780 screen: a 180×390 CSS-pixel viewport at twice the pixel density.
  const { context, page, errors } = await phone(browser, { viewport: { width: 180, height: 390 }, deviceScaleFactor: 2 });
  const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  for (const [path, title] of PAGES) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.ok(await fitsWidth(), `${path} scrolls sideways`);
  }
  await page.goto('/rapportera');
  await atStep(page, 1);
  await page.locator('.leaflet-container').waitFor();
  assert.ok(await fitsWidth(), 'the map step scrolls sideways');
  await step(page, 'zoom-01-where');
  await page.getByRole('radio', { name: 'Välj ort och beskriv med ord' }).check();
  await page.getByRole('radio', { name: 'Herrljunga' }).check();
  await page.getByLabel('Beskriv platsen').fill('Parkeringen bakom simhallen.');
  await page.getByRole('button', { name: 'Nästa' }).click();
  await atStep(page, 2);
  assert.ok(await fitsWidth(), 'the category step scrolls sideways');
  await step(page, 'zoom-02-what');
  assert.deepEqual(errors, []);
  await context.close();
});
