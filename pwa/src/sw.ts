/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;

// The resident app (HTML, JS, CSS, Leaflet) is precached, so the report flow opens offline; the
// staff views and the public map are not (vite.config.ts), so a resident's first visit does not
// download them.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The staff chunks (staff-*.js, staff-*.css, staffMap-*.js), hashed and immutable: cached the
// first time a staff member opens the staff views, and from then on served from the cache
// (offline inrapporter need them). Old versions drop out after a few releases.
registerRoute(
  ({ request, url }) =>
    url.origin === self.location.origin &&
    /^\/assets\/staff[^/]*\.(?:js|css)$/.test(url.pathname) &&
    (request.destination === 'script' || request.destination === 'style'),
  new CacheFirst({
    cacheName: 'staff-app',
    plugins: [new ExpirationPlugin({ maxEntries: 12, purgeOnQuotaError: true })],
  }),
);

// The public map's chunks (publicMap-*.js, -*.css, publicMapLayers-*.js): not precached, as the
// map shows the server's data and so needs the network; cached once seen, like the staff chunks.
registerRoute(
  ({ request, url }) =>
    url.origin === self.location.origin &&
    /^\/assets\/publicMap[^/]*\.(?:js|css)$/.test(url.pathname) &&
    (request.destination === 'script' || request.destination === 'style'),
  new CacheFirst({
    cacheName: 'public-map',
    plugins: [new ExpirationPlugin({ maxEntries: 6, purgeOnQuotaError: true })],
  }),
);

// Every app path (/rapportera, /folj/…) is the same index.html; the API and health checks are not.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/health$/, /^\/ready$/, /^\/metrics$/],
  }),
);

// Map tiles from the configured (foreign) tile server: areas seen once stay visible offline.
registerRoute(
  ({ request, url }) => request.destination === 'image' && url.origin !== self.location.origin,
  new CacheFirst({
    cacheName: 'map-tiles',
    plugins: [new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })],
  }),
);

// A new version waits until the user accepts the update prompt.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

clientsClaim();
