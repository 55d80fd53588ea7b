/**
 * Started before its Neo4j, the service says why it is not ready, refuses GraphQL at once with
 * SERVICE_UNAVAILABLE, and becomes ready by itself when Neo4j comes up — no restart needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { Graph } from '../../src/graph/graph.js';
import { silentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { startBundledNeo4j, type BundledNeo4j } from '../../src/neo4j/bundled.js';
import { Readiness } from '../../src/readiness.js';
import { freePort, waitUntil } from '../support/process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-recovery-'));
let neo4j: BundledNeo4j | undefined;
afterAll(async () => {
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a service started before its Neo4j', () => {
  it('is unavailable with a reason, then recovers by itself when Neo4j comes up', async () => {
    const port = await freePort();
    const logger = silentLogger();
    const graph = new Graph({ uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password: '', database: 'neo4j', logger });
    const readiness = new Readiness({ graph, logger, retryMs: 250 });
    const app = createApp({ config: parseConfig({}), graph, readiness, logger, metrics: createMetrics() });
    readiness.start();
    try {
      await waitUntil(() => !readiness.current.ready && readiness.current.reason !== 'starting', 10_000);
      const before = await app.fetch('http://meshgraph/readyz');
      expect(before.status).toBe(503);
      expect(((await before.json()) as { reason: string }).reason).toBe('the database is unavailable');
      const refused = await app.fetch('http://meshgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ service { neo4jVersion } }' }),
      });
      expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe(
        'SERVICE_UNAVAILABLE',
      );

      neo4j = await startBundledNeo4j({ boltPort: port, dataDir, heapMb: 256, pageCacheMb: 16, logger });
      expect(await waitUntil(() => readiness.current.ready, 30_000)).toBe(true);
      const after = await app.fetch('http://meshgraph/readyz');
      expect(after.status).toBe(200);
      const answer = await app.fetch('http://meshgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ service { neo4jVersion } }' }),
      });
      expect(await answer.json()).toMatchObject({ data: { service: { neo4jVersion: expect.stringMatching(/^5\.26\./) } } });
    } finally {
      readiness.stop();
      await graph.close();
    }
  });
});
