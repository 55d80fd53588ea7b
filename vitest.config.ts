import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Two projects:
 * - unit: pure functions (parsers, linker, config), no database, run in parallel;
 * - db: everything that talks to Neo4j (graph layer, importer, API through yoga.fetch, HTTP).
 *   Its global setup starts one bundled Neo4j for the whole run on its own port and a fresh data
 *   folder (or uses TEST_NEO4J_URI); the files share that database, so they run one at a time.
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
    ],
  },
});
