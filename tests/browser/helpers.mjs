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

/** The staff accounts scripts/test-browser.sh creates on the fresh database. */
export const COORDINATOR = { email: 'samordnare@herrljunga.se', password: 'samordnarens långa lösenord' };
export const STAFF = { email: 'personal@herrljunga.se', password: 'personalens långa lösenord' };

/** Logs in through the staff login page and waits for the page the user lands on. */
export async function staffLogin(page, who, landing) {
  await page.goto(`/personal/logga-in${landing ? `?next=${encodeURIComponent(landing)}` : ''}`);
  await page.getByLabel('E-post').fill(who.email);
  await page.getByLabel('Lösenord').fill(who.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
}

/** An API session of its own (cookie + Origin), e.g. to check as the coordinator what the server holds. */
export async function staffApi(who) {
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: BASE },
    body: JSON.stringify(who),
  });
  assert.equal(login.status, 200, `login as ${who.email}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  return async (path, init = {}) => {
    const res = await fetch(`${BASE}/api/v1${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', Origin: BASE, Cookie: cookie, ...init.headers },
      ...(init.body && typeof init.body !== 'string' && { body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Reports made through the public API, each with `marker` in its text so a search finds just these. */
export async function seedReports(marker, n, overrides = {}) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const res = await api('/reports', {
      method: 'POST',
      body: JSON.stringify(apiReport({ description: `${marker} nummer ${i + 1}: trasig belysning vid gångtunneln.`, lat: 58.079 + i * 0.0004, ...overrides })),
    });
    assert.equal(res.status, 201);
    ids.push(res.body.id);
  }
  return ids;
}

/** First visit online: the service worker takes control and the report flow's data is stored on the device. */
export async function installApp(page) {
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

/** Puts `value` into one of the app's IndexedDB stores (`outbox`, `reports`), as an earlier visit would have. */
export async function putRecord(page, store, value) {
  await page.evaluate(
    ({ store, value }) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('trygg');
        req.onsuccess = () => {
          const tx = req.result.transaction(store, 'readwrite');
          tx.objectStore(store).put(value);
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    { store, value },
  );
}

/** A resident's form state as the app keeps it (src/report/draft.ts), for reports put in the outbox directly. */
export function appDraft(overrides = {}) {
  return {
    client_id: crypto.randomUUID(),
    mode: 'map',
    pin: { lat: 58.0795, lon: 13.024 },
    accuracy_m: null,
    locality: '',
    place_description: '',
    category: 'graffiti',
    subtype: '',
    when: 'now',
    date: '',
    time_of_day: '',
    recurring: '',
    feeling: null,
    description: 'Klotter på tunneln under järnvägen.',
    contact: { name: '', email: '', phone: '', consent: false },
    ...overrides,
  };
}

/** Whether the element `inner` (a locator) lies within the box of the element `outer`, measured in one frame. */
export async function inside(inner, outer) {
  const box = await outer.elementHandle();
  return inner.evaluate((a, b) => {
    const r = a.getBoundingClientRect();
    const s = b.getBoundingClientRect();
    return r.left >= s.left - 0.5 && r.top >= s.top - 0.5 && r.right <= s.right + 0.5 && r.bottom <= s.bottom + 0.5;
  }, box);
}
