/**
 * The dashboard page: built by `npm run build:web` into web/dist, served by meshgraph at
 * /dashboard (index.html, also for /embed/<view>) and /dashboard/assets/*. Everything it needs is
 * bundled: no CDN, no web fonts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url)); // web/

export default defineConfig({
  root,
  base: '/dashboard/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Cytoscape alone is ~400 kB minified; one chunk per library keeps the app chunk small
    // and lets browsers cache the libraries across releases.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // The plugin-timing report is noise for a build this small.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [
            { name: 'cytoscape', test: /node_modules[\\/]cytoscape/ },
            { name: 'chart', test: /node_modules[\\/](chart\.js|@kurkle)/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API comes from `npm run dev`.
    proxy: { '/views': 'http://localhost:4000', '/graphql': 'http://localhost:4000' },
  },
});
