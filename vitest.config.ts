import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Three projects:
 * - unit: pure functions (parsers, linker, config), no database, run in parallel;
 * - db: everything that talks to Neo4j (graph layer, importer, API through yoga.fetch, HTTP).
 *   Its global setup starts one bundled Neo4j for the whole run on its own port and a fresh data
 *   folder (or uses TEST_NEO4J_URI); the files share that database, so they run one at a time.
 * - browser: the dashboard in headless Chromium (/usr/bin/chromium) against the real app on a
 *   real port and the same kind of Neo4j; builds web/dist first when it is missing or stale.
 */
export default defineConfig({
  resolve: {
    // One copy of graphql for everyone: Pothos, yoga and our code must share its classes.
    alias: { graphql: require.resolve('graphql/index.js') },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts', 'test/api/**/*.test.ts', 'test/http/**/*.test.ts', 'test/process/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // The same Neo4j as `db`, and the dashboard built (web/dist) when missing or stale.
          globalSetup: ['test/support/global-setup.ts', 'test/support/browser.ts'],
          fileParallelism: false,
          // After unit and db: Chromium must not slow down their timing-sensitive process tests.
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
