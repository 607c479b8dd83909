import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const THEME = '#00586b';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Leaflet in its own chunk: cached separately, and left out of the size budget. The staff
        // views (src/staff/staff.ts, its map in staffMap.ts) are imported on demand under
        // /personal/ and so get chunks of their own, named staff*: the resident never fetches them.
        // What the staff chunks share (session, forms, messages, staff.css) goes to staffShared,
        // not to a common chunk named after one of its modules, which would be precached for
        // residents and counted in their budget.
        codeSplitting: {
          groups: [
            { name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/ },
            {
              name: 'staffShared',
              test: /src[\\/]staff[\\/]/,
              minShareCount: 2,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    // Development against a locally running backend (`trygg serve`).
    proxy: { '/api': process.env['TRYGG_API'] ?? 'http://127.0.0.1:8080' },
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      includeManifestIcons: false,
      injectManifest: {
        // Only the resident app is precached: a phone on 3G installs the report flow (Leaflet
        // included, for the map offline), not the staff views (chunks named staff*, cached when a
        // staff member first opens them, see src/sw.ts), nor the public map (publicMap*, which
        // needs the network for its data anyway), nor the icons the browser fetches itself for
        // the home screen.
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        globIgnores: ['**/staff*', '**/publicMap*'],
        // A classic script, as the worker is registered: built without Rolldown's deprecated
        // `inlineDynamicImports`, which the ES format sets and Vite warns about.
        rollupFormat: 'iife',
      },
      manifest: {
        name: 'Trygg Herrljunga',
        short_name: 'Trygg',
        description: 'Rapportera platser som känns otrygga i Herrljunga kommun.',
        lang: 'sv',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: THEME,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
});
