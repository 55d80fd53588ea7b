/**
 * meshgraph as a user runs it: `npm start` on the bundled Neo4j, in a real process, on real ports.
 * Starts, answers, refuses a second Neo4j on the same data, stops cleanly on SIGTERM taking its
 * Neo4j with it, keeps its data across restarts, and never leaves an orphaned Neo4j behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cypher, Graph } from '../../src/graph/graph.js';
import { silentLogger } from '../../src/logger.js';
import { BundledNeo4jError, runtimeFile, startBundledNeo4j } from '../../src/neo4j/bundled.js';
import { freePort, isAlive, runTs, waitForHttp, waitUntil } from '../support/process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-lifecycle-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startService(boltPort: number, httpPort: number) {
  const service = runTs('src/main.ts', {
    PORT: String(httpPort),
    NEO4J_BOLT_PORT: String(boltPort),
    DATA_DIR: dataDir,
    NEO4J_HEAP_MB: '256',
    NEO4J_PAGECACHE_MB: '32',
    AUTO_IMPORT: 'false',
  });
  await waitForHttp(`http://127.0.0.1:${httpPort}/readyz`, (r) => r.status === 200, 120_000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- service output ---\n${service.output()}`);
  });
  return service;
}

describe('the service on its bundled Neo4j', () => {
  it('starts, serves GraphQL, stops cleanly on SIGTERM with its Neo4j, and keeps its data', async () => {
    const boltPort = await freePort();
    const httpPort = await freePort();
    const first = await startService(boltPort, httpPort);
    const runtime = JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as { pid: number; uri: string };
    expect(runtime.uri).toBe(`bolt://127.0.0.1:${boltPort}`);

    const response = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename service { neo4jVersion } }' }),
    });
    expect(await response.json()).toMatchObject({ data: { __typename: 'Query', service: { neo4jVersion: expect.stringMatching(/^5\.26\./) } } });

    const page = await fetch(`http://127.0.0.1:${httpPort}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('<title>meshgraph');
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn\.jsdelivr|esm\.sh)/);

    // A second Neo4j on the same data folder is refused with a clear reason, not a hang.
    const second = startBundledNeo4j({ boltPort: await freePort(), dataDir, heapMb: 256, pageCacheMb: 16, logger: silentLogger() });
    await expect(second).rejects.toMatchObject({ reason: 'DATA_LOCKED' });

    const graph = new Graph({ uri: runtime.uri, user: 'neo4j', password: '', database: 'neo4j', logger: silentLogger() });
    await graph.write(cypher('testRemember', "MERGE (:LifecycleProbe {id: 'kept'})"));
    await graph.close();

    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code, first.output()).toBe(0);
    expect(first.output()).toMatch(/meshgraph stopped/);
    expect(isAlive(runtime.pid)).toBe(false);

    const restarted = await startService(boltPort, httpPort);
    const again = JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as { uri: string };
    const graph2 = new Graph({ uri: again.uri, user: 'neo4j', password: '', database: 'neo4j', logger: silentLogger() });
    const rows = await graph2.read(cypher('testRecall', "MATCH (p:LifecycleProbe {id: 'kept'}) RETURN count(p) AS n"));
    expect(rows[0]?.n).toBe(1);
    await graph2.close();

    // Killed without a chance to clean up: its Neo4j notices (stdin closes) and exits by itself.
    const neo4jPid = (JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as { pid: number }).pid;
    restarted.child.kill('SIGKILL');
    await restarted.exited;
    expect(await waitUntil(() => !isAlive(neo4jPid), 30_000)).toBe(true);
  }, 240_000);

  it('refuses to start its Neo4j on a port another process holds, saying so', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = startBundledNeo4j({ boltPort: port, dataDir: path.join(dataDir, 'other'), heapMb: 256, pageCacheMb: 16, logger: silentLogger() });
      await expect(attempt).rejects.toBeInstanceOf(BundledNeo4jError);
      await expect(attempt).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('with NEO4J_URI, uses that Neo4j and starts none of its own; METRICS_PORT moves /metrics off the service port', async () => {
    const external = inject('neo4j');
    const httpPort = await freePort();
    const metricsPort = await freePort();
    const ownData = path.join(dataDir, 'external-run');
    const service = runTs('src/main.ts', {
      PORT: String(httpPort),
      NEO4J_URI: external.uri,
      NEO4J_USER: external.user,
      NEO4J_PASSWORD: external.password,
      NEO4J_DATABASE: external.database,
      DATA_DIR: ownData,
      AUTO_IMPORT: 'false',
      METRICS_PORT: String(metricsPort),
    });
    try {
      const ready = await waitForHttp(`http://127.0.0.1:${httpPort}/readyz`, (r) => r.status === 200, 60_000);
      expect(((await ready.json()) as { neo4j: { version: string } }).neo4j.version).toMatch(/^5\.26\./);
      expect((await fetch(`http://127.0.0.1:${httpPort}/metrics`)).status).toBe(404);
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/meshgraph_http_requests_total\{method="GET",route="\/readyz",status="200"/);
      expect(existsSync(runtimeFile(ownData))).toBe(false);
      expect(await waitUntil(() => /external Neo4j/.test(service.output()), 10_000)).toBe(true);
    } finally {
      service.child.kill('SIGTERM');
      expect((await service.exited).code).toBe(0);
    }
  });

  it('exits non-zero listing every configuration problem', async () => {
    const run = runTs('src/main.ts', { PORT: 'eighty', NEO4J_URI: 'http://nope' });
    const exit = await run.exited;
    expect(exit.code).toBe(2);
    expect(run.output()).toMatch(/PORT/);
    expect(run.output()).toMatch(/NEO4J_URI/);
  });
});
