/**
 * A request's reads share one read transaction while its GraphQL execution runs (the app's
 * sharedReads plugin calls beginExecution/endExecution): fewer round trips, and the same answers —
 * a statement that fails there fails alone, and nothing stays open after the execution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { testGraph } from '../support/graph.js';

const one = cypher('test:sharedOne', 'RETURN 1 AS n');
const two = cypher('test:sharedTwo', 'RETURN 2 AS n');
const failing = cypher('test:sharedFailing', 'UNWIND [0] AS zero RETURN 1 / zero AS n');
/** Transactions this test's shared reads opened and that are still open, seen from another session. */
const openShared = cypher(
  'test:openShared',
  "SHOW TRANSACTIONS YIELD metaData WHERE metaData.app = 'meshgraph' AND metaData.name STARTS WITH 'request:test:shared' RETURN count(*) AS n",
);

let graph: Graph;
beforeAll(() => {
  graph = testGraph();
});
afterAll(async () => {
  await graph.close();
});

async function openSharedCount(): Promise<number> {
  return Number((await graph.read(openShared))[0]?.n);
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('shared reads', () => {
  it('run the reads of one execution in one transaction, closed when the execution ends', async () => {
    const view = graph.scoped({ shareReads: true });
    view.beginExecution();
    const [a, b] = await Promise.all([view.read(one), view.read(two)]);
    const c = await view.read(one);
    expect([a, b, c]).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 1 }]]);
    // Three statements, one transaction, still open until the execution ends.
    expect(await openSharedCount()).toBe(1);
    view.endExecution(true);
    await eventually(async () => (await openSharedCount()) === 0);
  });

  it('keep a failing statement to itself: its siblings answer, and later reads work', async () => {
    const view = graph.scoped({ shareReads: true });
    view.beginExecution();
    const results = await Promise.allSettled([view.read(one), view.read(failing), view.read(two)]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('/ by zero') } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: [{ n: 2 }] });
    expect(await view.read(two)).toEqual([{ n: 2 }]);
    view.endExecution(false);
    await eventually(async () => (await openSharedCount()) === 0);
  });

  it('open nothing outside an execution', async () => {
    const view = graph.scoped({ shareReads: true });
    expect(await view.read(one)).toEqual([{ n: 1 }]);
    expect(await openSharedCount()).toBe(0);
    view.beginExecution();
    view.endExecution(true);
    expect(await view.read(two)).toEqual([{ n: 2 }]);
    expect(await openSharedCount()).toBe(0);
  });
});
