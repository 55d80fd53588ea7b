/**
 * meshgraph as a user runs it: `npm start` on the bundled Neo4j, in a real process, on real ports.
 * Starts, answers, refuses a second Neo4j on the same data, restarts its Neo4j when it dies,
 * stops cleanly on SIGTERM taking its Neo4j with it — also with work in flight past the grace
 * period, and in every phase of its start — keeps its data across restarts, and never leaves an
 * orphaned Neo4j behind. Starting Neo4j is slow on small machines: the first test shares one data
 * folder and makes three starts in all (the first, a restart after it dies, a second service).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cypher, Graph } from '../../src/graph/graph.js';
import { silentLogger } from '../../src/logger.js';
import { BundledNeo4jError, runtimeFile, startBundledNeo4j } from '../../src/neo4j/bundled.js';
import { freePort, isAlive, runTs, waitForHttp, waitUntil, waitUntilAsync, type RunningProcess } from '../support/process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-lifecycle-'));
/** Services a failed test may have left running: stopped (with their Neo4j) before the data goes. */
const services: RunningProcess[] = [];
afterAll(async () => {
  for (const service of services) {
    if (service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function startService(boltPort: number, httpPort: number, env: Record<string, string> = {}) {
  const service = runTs('src/main.ts', {
    PORT: String(httpPort),
    NEO4J_BOLT_PORT: String(boltPort),
    DATA_DIR: dataDir,
    NEO4J_HEAP_MB: '256',
    NEO4J_PAGECACHE_MB: '32',
    AUTO_IMPORT: 'false',
    ...env,
  });
  services.push(service);
  await waitForHttp(`http://127.0.0.1:${httpPort}/readyz`, (r) => r.status === 200, 120_000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- service output ---\n${service.output()}`);
  });
  return service;
}

/** Polls /readyz until its body satisfies `accept`; returns that body. */
type Readyz = { status?: string; bundledNeo4j?: { state?: string; restarts?: number; failedAttempts?: number } };

async function readyzUntil(httpPort: number, accept: (body: Readyz) => boolean, timeoutMs: number) {
  let body: Readyz = {};
  const seen = await waitUntilAsync(async () => {
    body = (await (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).json()) as typeof body;
    return accept(body);
  }, timeoutMs);
  if (!seen) throw new Error(`/readyz never as expected; last: ${JSON.stringify(body)}`);
  return body;
}

async function graphql(httpPort: number, query: string) {
  const response = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe('the service on its bundled Neo4j', () => {
  it('starts, serves GraphQL, stops cleanly on SIGTERM with its Neo4j, and keeps its data', async () => {
    const boltPort = await freePort();
    const httpPort = await freePort();
    // A restart delay long enough to be seen (the restart itself takes longer anyway).
    const first = await startService(boltPort, httpPort, { SHUTDOWN_GRACE_MS: '1000', NEO4J_RESTART_DELAY_MS: '2000' });
    const runtime = JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as { pid: number; uri: string };
    expect(runtime.uri).toBe(`bolt://127.0.0.1:${boltPort}`);

    const response = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename service { neo4jVersion } }' }),
    });
    expect(await response.json()).toMatchObject({
      data: { __typename: 'Query', service: { neo4jVersion: expect.stringMatching(/^5\.26\./) } },
    });

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

    // Its Neo4j dies: the service stays up, says so, refuses GraphQL at once, and restarts it.
    process.kill(runtime.pid, 'SIGKILL');
    // While another process holds its port, attempts fail and are retried after longer delays.
    const blocker = createServer();
    const accepted = new Set<Socket>();
    blocker.on('connection', (socket) => accepted.add(socket));
    expect(
      await waitUntilAsync(
        () =>
          new Promise<boolean>((resolve) => {
            blocker.once('error', () => resolve(false));
            blocker.listen(boltPort, '127.0.0.1', () => resolve(true));
          }),
        10_000,
      ),
    ).toBe(true);
    const down = await readyzUntil(httpPort, (body) => body.bundledNeo4j?.state === 'restarting', 30_000);
    expect(down).toMatchObject({
      status: 'unavailable',
      reason: 'the database is unavailable',
      bundledNeo4j: { state: 'restarting', restarts: 0, lastExitCode: null },
    });
    const refused = await graphql(httpPort, '{ service { neo4jVersion } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    try {
      expect(await readyzUntil(httpPort, (body) => (body.bundledNeo4j?.failedAttempts ?? 0) >= 1, 60_000)).toMatchObject({
        status: 'unavailable',
        bundledNeo4j: { state: 'restarting', restarts: 0 },
      });
    } finally {
      // The service's driver tried it too: those connections must end, or close() waits for them.
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    expect(first.output()).toMatch(/the bundled Neo4j did not restart; trying again/);
    const up = await waitForHttp(`http://127.0.0.1:${httpPort}/readyz`, (r) => r.status === 200, 120_000);
    expect(await up.json()).toMatchObject({ status: 'ready', bundledNeo4j: { state: 'running', restarts: 1 } });
    const restartedNeo4j = JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as { pid: number; uri: string };
    expect(restartedNeo4j.pid).not.toBe(runtime.pid);
    expect(restartedNeo4j.uri).toBe(runtime.uri);
    expect(await graphql(httpPort, '{ service { neo4jVersion } }')).toMatchObject({
      data: { service: { neo4jVersion: expect.stringMatching(/^5\.26\./) } },
    });
    expect(first.output()).toMatch(/restarting the bundled Neo4j/);
    expect(first.output()).toMatch(/the bundled Neo4j was restarted/);

    // SIGTERM with a request that cannot finish (its Neo4j is frozen): after SHUTDOWN_GRACE_MS the
    // request is cancelled and answered, not waited for, and the service stops in order.
    process.kill(restartedNeo4j.pid, 'SIGSTOP');
    try {
      const stuck = graphql(httpPort, '{ products(first: 1) { totalCount } }');
      await new Promise((r) => setTimeout(r, 500)); // let the request reach the service
      first.child.kill('SIGTERM');
      const answer = await stuck;
      expect(answer.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      process.kill(restartedNeo4j.pid, 'SIGCONT');
    }
    const exit = await first.exited;
    expect(exit.code, first.output()).toBe(0);
    // Read once the process has exited: its log lines and the HTTP answer travel on different pipes.
    expect(first.output()).toMatch(/grace period over: cancelling in-flight work/);
    expect(first.output()).toMatch(/meshgraph stopped/);
    expect(await waitUntil(() => !isAlive(restartedNeo4j.pid), 10_000)).toBe(true);

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
  }, 480_000);

  it('stops in order on SIGTERM while its Neo4j is still starting: exit 0, that Neo4j stopped', async () => {
    const service = runTs('src/main.ts', {
      PORT: String(await freePort()),
      NEO4J_BOLT_PORT: String(await freePort()),
      DATA_DIR: path.join(dataDir, 'stopped-while-starting'),
      NEO4J_HEAP_MB: '256',
      NEO4J_PAGECACHE_MB: '32',
      AUTO_IMPORT: 'false',
    });
    expect(await waitUntil(() => /starting the bundled Neo4j/.test(service.output()), 60_000), service.output()).toBe(true);
    const line = service
      .output()
      .split('\n')
      .find((l) => l.includes('starting the bundled Neo4j'))!;
    const neo4jPid = (JSON.parse(line) as { pid: number }).pid;
    expect(isAlive(neo4jPid)).toBe(true);
    service.child.kill('SIGTERM');
    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(0);
    expect(service.output()).toMatch(/meshgraph stopped/);
    expect(service.output()).not.toMatch(/bundled Neo4j is ready/);
    expect(isAlive(neo4jPid)).toBe(false);
    expect(existsSync(runtimeFile(path.join(dataDir, 'stopped-while-starting')))).toBe(false);
  });

  it('stops in order on SIGTERM while waiting for an external Neo4j that is down: exit 0', async () => {
    const service = runTs('src/main.ts', {
      PORT: String(await freePort()),
      NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`,
      DATA_DIR: path.join(dataDir, 'waiting'),
      AUTO_IMPORT: 'false',
    });
    expect(await waitUntil(() => /graph is not ready/.test(service.output()), 30_000), service.output()).toBe(true);
    service.child.kill('SIGTERM');
    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(0);
    expect(service.output()).toMatch(/meshgraph stopped/);
  });

  it('refuses to start its Neo4j on a port another process holds, saying so', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = startBundledNeo4j({
        boltPort: port,
        dataDir: path.join(dataDir, 'other'),
        heapMb: 256,
        pageCacheMb: 16,
        logger: silentLogger(),
      });
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
