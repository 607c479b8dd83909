// Shared set-up for the browser tests: Debian's Chromium through playwright-core, a phone-sized
// context, screenshots under test-output/browser/ and an axe check at every step.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';

export const BASE = process.env.TRYGG_BASE_URL ?? assert.fail('TRYGG_BASE_URL is not set (run scripts/test-browser.sh)');
const OUT = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));
mkdirSync(OUT, { recursive: true });

/** Inside Herrljunga (the locality), as a phone's GPS would report it. */
export const HERRLJUNGA = { latitude: 58.0795, longitude: 13.024, accuracy: 12 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A 360×780 phone with (optionally) a granted, mocked position; the map tile server is unreachable. */
export async function phone(browser, { geolocation, viewport = { width: 360, height: 780 }, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport,
    deviceScaleFactor,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    ...(geolocation && { geolocation, permissions: ['geolocation'] }),
  });
  // The tests' network is closed: tiles never arrive, and the map must work without them.
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort());
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  return { context, page, errors };
}

const IMPACTS = new Set(['serious', 'critical']);

/** Screenshot of the whole page, then axe: no serious or critical WCAG 2.1 A/AA violations. */
export async function step(page, name) {
  await page.screenshot({ path: `${OUT}${name}.png` });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => IMPACTS.has(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(bad, [], `axe on "${name}":\n${bad.join('\n')}`);
}

/** Waits for a report flow step by its heading ("Steg 2 av 5 …"). */
export async function atStep(page, n) {
  await page.getByRole('heading', { level: 1, name: new RegExp(`^Steg ${n} av 5`) }).waitFor();
}

/** Presses Tab until the focused element matches; fails after `max` presses. */
export async function tabTo(page, matches, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return null;
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type'),
        name: (label ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim(),
        value: el.value ?? null,
      };
    });
    if (focused && matches(focused)) return focused;
  }
  assert.fail('the element was not reached with Tab');
}

export const byName = (re) => (f) => re.test(f.name);

/** Same-origin API call from the test itself (not the page), e.g. to check what the server holds. */
export async function api(path, init = {}) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A valid report for the API, sent directly (no browser). */
export function apiReport(overrides = {}) {
  return {
    client_id: crypto.randomUUID(),
    category: 'graffiti',
    description: 'Klotter på tunneln under järnvägen.',
    lat: 58.0795,
    lon: 13.024,
    occurred_at: new Date(Date.now() - 3600_000).toISOString(),
    ...overrides,
  };
}
