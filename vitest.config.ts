import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - unit: pure functions (parsers, linker, config), no database, run in parallel;
 * - db: everything that talks to Neo4j (graph layer, importer, API through yoga.fetch, HTTP).
 *   Its global setup starts one bundled Neo4j for the whole run on its own port and a fresh data
 *   folder (or uses TEST_NEO4J_URI); the files share that database, so they run one at a time.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts', 'test/api/**/*.test.ts', 'test/http/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
