// The measuring half of scripts/bench-pwa.sh (see there for what is measured and how).
//   node --experimental-websocket scripts/bench-pwa.mjs BASE_URL LABEL RUNS PRINT_HEADER
//
// Throttling: CDP's Network.emulateNetworkConditions on the page's session (playwright-core's
// CDPSession) and on every service worker's, through a raw CDP connection to the browser that
// auto-attaches to service workers and holds each until it is throttled (playwright-core's own
// sessions cannot reach a worker). Chromium throttles each target separately, so the worker's
// precache has a 400 kbit/s pipe of its own beside the page's: the worker's competition with the
// page is, if anything, understated. The worker's main script (sw.js) is fetched by the browser
// before the worker exists, unthrottled, and CDP reports it only at times and without its body;
// on the first visit its encoded size (same Accept-Encoding) is measured here and added.
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [BASE, LABEL = 'current', RUNS = '3', HEADER = '1'] = process.argv.slice(2);
if (!BASE) throw new Error('usage: bench-pwa.mjs BASE_URL LABEL RUNS PRINT_HEADER');
const KBIT = 400;
const RTT_MS = 400;
const CONDITIONS = {
  offline: false,
  latency: RTT_MS,
  downloadThroughput: (KBIT * 1000) / 8,
  uploadThroughput: (KBIT * 1000) / 8,
};
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const QUIET_MS = 2000;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Encoded bytes of one response as Chromium would receive it: status line, headers and body. */
const encodedSize = (url) =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { 'Accept-Encoding': ACCEPT_ENCODING } }, (res) => {
      let n = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n\r\n`.length;
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        n += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve(n));
    });
    req.on('error', reject);
    req.end();
  });

/** Counts what one visit sends and receives, over the page's and the workers' CDP sessions. */
class Meter {
  constructor() {
    this.requests = new Map();
    this.last = Date.now();
  }
  key(session, id) {
    return `${session}:${id}`;
  }
  event(session, method, p) {
    const k = this.key(session, p.requestId);
    switch (method) {
      case 'Network.requestWillBeSent': {
        const prev = this.requests.get(k);
        // A redirect reuses the id: the hop before it counts as a request of its own.
        if (prev && p.redirectResponse) this.requests.set(`${k}:${Math.random()}`, { ...prev, done: true });
        this.requests.set(k, {
          url: p.request.url,
          session,
          cached: false,
          bytes: 0,
          done: false,
          status: 0,
          start: p.timestamp,
          end: 0,
        });
        break;
      }
      case 'Network.requestServedFromCache': {
        const r = this.requests.get(k);
        if (r) r.cached = true;
        break;
      }
      case 'Network.responseReceived': {
        const r = this.requests.get(k);
        if (!r) break;
        r.status = p.response.status;
        if (p.response.fromDiskCache || p.response.fromServiceWorker || p.response.fromPrefetchCache) r.cached = true;
        break;
      }
      case 'Network.loadingFinished': {
        const r = this.requests.get(k);
        if (!r) break;
        r.bytes = p.encodedDataLength;
        r.done = true;
        r.end = p.timestamp;
        break;
      }
      case 'Network.loadingFailed': {
        const r = this.requests.get(k);
        if (!r) break;
        r.done = true;
        r.failed = p.blockedReason ?? p.errorText;
        break;
      }
      default:
        return;
    }
    this.last = Date.now();
  }
  inFlight() {
    return [...this.requests.values()].filter((r) => !r.done).length;
  }
  async quiet(timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.inFlight() === 0 && Date.now() - this.last >= QUIET_MS) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the network did not go quiet: ${this.inFlight()} requests in flight`);
  }
  async totals(swScript) {
    // The worker's main script is counted once, as measured (see the top); CDP sees it only at times.
    const net = [...this.requests.values()].filter(
      (r) => r.done && !r.failed && !r.cached && !(r.session !== 'page' && r.url === swScript?.url),
    );
    const bytes = net.reduce((n, r) => n + r.bytes, 0) + (swScript?.bytes ?? 0);
    const requests = net.length + (swScript ? 1 : 0);
    const blocked = [...this.requests.values()].filter((r) => r.failed).length;
    if (process.env.BENCH_DETAIL) {
      const t0 = Math.min(...[...this.requests.values()].map((r) => r.start));
      for (const r of this.requests.values()) {
        const how = r.failed ? `failed (${r.failed})` : r.cached ? 'cache' : `${r.bytes} B`;
        const when = `${Math.round((r.start - t0) * 1000)}–${r.end ? Math.round((r.end - t0) * 1000) : ''} ms`;
        console.error(`  ${r.session === 'page' ? 'page' : 'sw  '} ${how.padStart(12)} ${when.padStart(13)}  ${r.url}`);
      }
    }
    return { bytes, requests, blocked };
  }
}

/** A raw CDP connection to the browser: throttles every service worker before it runs. */
async function workerThrottle(port, blockedUrls) {
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  const ws = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve);
    ws.addEventListener('error', reject);
  });
  let id = 0;
  const pending = new Map();
  const state = { meter: null };
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve) => {
      const i = ++id;
      pending.set(i, resolve);
      ws.send(JSON.stringify({ id: i, method, params, ...(sessionId && { sessionId }) }));
    });
  ws.addEventListener('message', ({ data }) => {
    const m = JSON.parse(data);
    if (m.id && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
      return;
    }
    if (m.method === 'Target.attachedToTarget') {
      const { sessionId } = m.params;
      void (async () => {
        await send('Network.enable', {}, sessionId);
        await send('Network.emulateNetworkConditions', CONDITIONS, sessionId);
        await send('Network.setBlockedURLs', { urls: blockedUrls }, sessionId);
        await send('Runtime.runIfWaitingForDebugger', {}, sessionId);
      })();
      return;
    }
    if (m.sessionId && m.method?.startsWith('Network.')) state.meter?.event(`sw:${m.sessionId}`, m.method, m.params);
  });
  await send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: true,
    filter: [{ type: 'service_worker' }, { exclude: true }],
  });
  return { state, close: () => ws.close() };
}

/** Marks when the first step is usable and when the map shows, in the page's own clock. */
function markUsable() {
  const check = () => {
    const w = window;
    if (!w.__benchUsable) {
      const heading = document.querySelector('main h1 .step-count');
      const radio = document.querySelector('main input[name="mode"]');
      const next = [...document.querySelectorAll('main .actions button')].find((b) => !b.disabled);
      if (heading && radio && !radio.disabled && radio.getClientRects().length && next?.getClientRects().length) {
        w.__benchUsable = performance.now();
      }
    }
    if (!w.__benchMap && document.querySelector('.leaflet-container')) w.__benchMap = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}

async function visit(context, throttle, blockedUrls, first) {
  const meter = new Meter();
  throttle.state.meter = meter;
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  for (const method of [
    'Network.requestWillBeSent',
    'Network.requestServedFromCache',
    'Network.responseReceived',
    'Network.loadingFinished',
    'Network.loadingFailed',
  ]) {
    cdp.on(method, (p) => meter.event('page', method, p));
  }
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', CONDITIONS);
  await cdp.send('Network.setBlockedURLs', { urls: blockedUrls });
  await page.goto(`${BASE}/rapportera`, { waitUntil: 'commit', timeout: 90_000 });
  await page.waitForFunction(() => window.__benchUsable && window.__benchMap, null, { timeout: 90_000 });
  // The first visit is over once the worker controls the page and has filled its precache.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
  await meter.quiet();
  const { usable, map } = await page.evaluate(() => ({ usable: window.__benchUsable, map: window.__benchMap }));
  // On the first visit the browser fetched the worker's script to install it.
  const scriptUrl = first ? await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL) : undefined;
  const totals = await meter.totals(scriptUrl ? { url: scriptUrl, bytes: await encodedSize(scriptUrl) } : undefined);
  await page.close();
  return { usable, map, ...totals };
}

async function run(blockedUrls) {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--remote-debugging-port=${port}`,
    ],
  });
  const throttle = await workerThrottle(port, blockedUrls);
  try {
    // A new context is an empty profile; the second page in it is the same profile's second visit.
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
    });
    await context.addInitScript(markUsable);
    const cold = await visit(context, throttle, blockedUrls, true);
    const warm = await visit(context, throttle, blockedUrls, false);
    return { cold, warm };
  } finally {
    throttle.close();
    await browser.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const config = await (await fetch(`${BASE}/api/v1/public-config`)).json();
const tileHost = new URL(config.map.tile_url.replace(/\{[a-z]\}/g, '0')).host;
const blockedUrls = [`*://${tileHost}/*`];

const runs = [];
for (let i = 0; i < Number(RUNS); i++) runs.push(await run(blockedUrls));

if (HEADER === '1') {
  console.log(
    `Resident /rapportera at ${KBIT} kbit/s down and up, ${RTT_MS} ms RTT, 360×780; median of ${RUNS} runs (min–max)`,
  );
  console.log(
    `${'build'.padEnd(10)} ${'visit'.padEnd(5)} ${'usable ms'.padStart(18)} ${'map ms'.padStart(7)} ${'KB'.padStart(7)} ${'requests'.padStart(8)}`,
  );
}
for (const kind of ['cold', 'warm']) {
  const xs = runs.map((r) => r[kind]);
  const usable = xs.map((x) => x.usable);
  const range = `${Math.round(Math.min(...usable))}–${Math.round(Math.max(...usable))}`;
  console.log(
    `${LABEL.padEnd(10)} ${kind.padEnd(5)} ${`${Math.round(median(usable))} (${range})`.padStart(18)} ${String(
      Math.round(median(xs.map((x) => x.map))),
    ).padStart(7)} ${(median(xs.map((x) => x.bytes)) / 1000).toFixed(1).padStart(7)} ${String(
      median(xs.map((x) => x.requests)),
    ).padStart(8)}`,
  );
}
