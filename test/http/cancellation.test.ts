/**
 * Abandoned work stops: a request whose client has gone is cancelled with its Neo4j transaction,
 * and a cancelled graph view starts no more statements.
 *
 * The "slow statement" is a write that waits for a lock this test holds: it costs Neo4j no CPU,
 * it cannot finish while the test holds the lock, and once the lock is released a statement that
 * was not really cancelled would still write — so the probe node shows whether any ran.
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createService } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { CancelledError, cypher, Graph, type QueryObserver } from '../../src/graph/graph.js';
import { ServiceUnavailableError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { Readiness } from '../../src/readiness.js';
import { listen } from '../support/app.js';
import { waitUntilAsync } from '../support/process.js';
import { testGraph } from '../support/graph.js';

const PROBE = 'cancellationProbe';
const waitForLock = cypher(
  PROBE,
  "MATCH (p:CancellationProbe {id: 'lock'}) SET p.touched = coalesce(p.touched, 0) + 1 RETURN p.touched AS touched",
);

let admin: Graph;
let lock: { release(): Promise<void> } | undefined;

beforeAll(async () => {
  admin = testGraph();
  await admin.write(cypher('testProbeCreate', "MERGE (p:CancellationProbe {id: 'lock'}) REMOVE p.touched"));
});
afterEach(async () => {
  await lock?.release();
  lock = undefined;
});
afterAll(async () => {
  await admin.write(cypher('testProbeDelete', 'MATCH (p:CancellationProbe) DELETE p'));
  await admin.close();
});

/** Takes the probe node's write lock in an open transaction, until release() rolls it back. */
async function holdLock(): Promise<{ release(): Promise<void> }> {
  let taken!: () => void;
  let release!: () => void;
  const isTaken = new Promise<void>((resolve) => (taken = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const holder = admin
    .writeTransaction('testHoldLock', async (tx) => {
      await tx.run(cypher('testTakeLock', "MATCH (p:CancellationProbe {id: 'lock'}) SET p.locked = true"));
      taken();
      await released;
      throw new Error('roll back: the lock was only held');
    })
    .catch(() => undefined);
  await isTaken;
  return {
    async release() {
      release();
      await holder;
    },
  };
}

/** Probe statements Neo4j is running now (waiting for the lock). */
async function runningProbes(): Promise<number> {
  const rows = await admin.read(
    cypher('testShowProbes', `SHOW TRANSACTIONS YIELD metaData WHERE metaData.name = '${PROBE}' RETURN count(*) AS n`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** How many probe statements ever wrote (after the lock is released, a survivor would). */
async function probeWrites(): Promise<number> {
  const rows = await admin.read(cypher('testProbeWrites', "MATCH (p:CancellationProbe {id: 'lock'}) RETURN coalesce(p.touched, 0) AS n"));
  return Number(rows[0]?.n ?? 0);
}

function recorder() {
  const events: Array<{ name: string; ok: boolean; cancelled?: boolean }> = [];
  const observer: QueryObserver = { onQuery: (event) => void events.push(event) };
  return { events, observer };
}

describe('a graph view whose signal aborts', () => {
  it('starts no statement once aborted, and says why', async () => {
    const { events, observer } = recorder();
    const controller = new AbortController();
    const view = admin.scoped({ observer, signals: [controller.signal] });
    controller.abort();
    await expect(view.read(cypher('testNeverRuns', 'RETURN 1 AS one'))).rejects.toBeInstanceOf(CancelledError);
    await expect(view.read(cypher('testNeverRuns', 'RETURN 1 AS one'))).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(view.writeTransaction('testNeverRuns', async () => 1)).rejects.toBeInstanceOf(CancelledError);
    expect(events).toEqual([]);
    // The parent graph and its other views are not affected.
    expect(await admin.read(cypher('testStillRuns', 'RETURN 1 AS one'))).toEqual([{ one: 1 }]);
  });

  it('fails with the reason it was given when that is one of our errors (e.g. shutting down)', async () => {
    const controller = new AbortController();
    const view = admin.scoped({ signals: [controller.signal] }).scoped({ signals: [new AbortController().signal] });
    controller.abort(new ServiceUnavailableError('the service is shutting down'));
    await expect(view.read(cypher('testNeverRuns', 'RETURN 1 AS one'))).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'the service is shutting down',
    });
  });

  it('stops a running statement in Neo4j and rolls its transaction back', async () => {
    lock = await holdLock();
    const { events, observer } = recorder();
    const controller = new AbortController();
    const view = admin.scoped({ observer, signals: [controller.signal] });
    const running = view.write(waitForLock);
    await waitForProbes(1);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(await waitUntilAsync(async () => (await runningProbes()) === 0, 20_000)).toBe(true);
    await lock.release();
    lock = undefined;
    expect(await probeWrites()).toBe(0);
    expect(events).toMatchObject([{ name: PROBE, ok: false, cancelled: true }]);
  });

  it('rolls back a write transaction cancelled half-way: nothing of it is written', async () => {
    lock = await holdLock();
    const controller = new AbortController();
    const view = admin.scoped({ signals: [controller.signal] });
    const work = view.writeTransaction('testHalfWay', async (tx) => {
      await tx.run(cypher('testHalfWayFirst', "CREATE (:CancellationProbe {id: 'half-way'})"));
      await tx.run(waitForLock);
      await tx.run(cypher('testHalfWayNever', "CREATE (:CancellationProbe {id: 'never'})"));
    });
    await waitForProbes(1, 'testHalfWay');
    controller.abort();
    await expect(work).rejects.toBeInstanceOf(CancelledError);
    await lock.release();
    lock = undefined;
    const rows = await admin.read(
      cypher('testHalfWayLeft', "MATCH (p:CancellationProbe) WHERE p.id IN ['half-way', 'never'] RETURN count(p) AS n"),
    );
    expect(rows[0]?.n).toBe(0);
    expect(await probeWrites()).toBe(0);
  });
});

describe('requests whose clients disconnect', () => {
  // The service's listener answers these POSTs itself (src/graphql-posts.ts); the app alone is yoga.
  const servedBy = {
    'the yoga app': (deps: Parameters<typeof createApp>[0]) => createApp(deps),
    "the service's listener": (deps: Parameters<typeof createApp>[0]) => createService(deps).listener,
  };
  it.each(Object.keys(servedBy) as Array<keyof typeof servedBy>)(
    'served by %s, 100 abandoned requests are cancelled with their transactions; the next request is answered while they would still wait',
    async (by) => {
      const metrics = createMetrics();
      const base = testGraph(metrics.queryObserver);
      const logger = silentLogger();
      const readiness = new Readiness({ graph: base, logger });
      await readiness.waitUntilReady(30_000);
      // Every read of this app waits for the lock; a second app on the same driver reads normally.
      const slow = base.scoped({});
      slow.read = function (this: Graph) {
        return Graph.prototype.write.call(this, waitForLock, {});
      };
      const config = parseConfig({ CLIENT_COST_BUDGET: '0' });
      const slowServer = await listen(servedBy[by]({ config, graph: slow, readiness, logger, metrics }));
      const normalServer = await listen(servedBy[by]({ config, graph: base, readiness, logger, metrics }));
      lock = await holdLock();
      try {
        const body = JSON.stringify({ query: '{ products(first: 1) { totalCount } }' });
        const clients = Array.from({ length: 100 }, () => {
          const request = http.request(`${slowServer.baseUrl}/graphql`, {
            method: 'POST',
            agent: false,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          });
          request.on('error', () => undefined);
          request.end(body);
          return request;
        });
        // The driver's pool holds 50 connections: 50 statements wait in Neo4j, the rest for a connection.
        await waitForProbes(50);
        for (const client of clients) client.destroy();

        expect(await waitUntilAsync(async () => (await runningProbes()) === 0, 20_000)).toBe(true);
        // Connections are back in the pool: an ordinary request is answered although the lock is still held.
        const answer = await fetch(`${normalServer.baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(await answer.json()).toMatchObject({ data: { products: { totalCount: expect.any(Number) } } });

        await lock.release();
        lock = undefined;
        expect(await probeWrites()).toBe(0);
        const text = await metrics.registry.metrics();
        const outcome = (name: string) =>
          Number(
            new RegExp(`meshgraph_neo4j_queries_total\\{statement="${PROBE}",mode="write",outcome="${name}"[^}]*\\} (\\d+)`).exec(
              text,
            )?.[1] ?? 0,
          );
        expect(outcome('cancelled')).toBeGreaterThanOrEqual(100);
        expect(outcome('ok')).toBe(0);
        expect(outcome('error')).toBe(0);
      } finally {
        await slowServer.close();
        await normalServer.close();
        readiness.stop();
        await base.close();
      }
    },
  );
});

async function waitForProbes(count: number, name = PROBE): Promise<void> {
  const ok = await waitUntilAsync(async () => {
    const rows = await admin.read(
      cypher(
        'testShowProbes',
        `SHOW TRANSACTIONS YIELD metaData, currentQuery WHERE metaData.name = '${name}' AND currentQuery CONTAINS '${PROBE}' RETURN count(*) AS n`,
      ),
    );
    return Number(rows[0]?.n ?? 0) >= count;
  }, 30_000);
  if (!ok) throw new Error(`fewer than ${count} statements ${name} started`);
}
