/**
 * Every read is one auto-commit read transaction (Graph.read): one round trip, no BEGIN or
 * COMMIT. Reads of one request run side by side, a failing one fails alone, each carries its
 * statement's name to Neo4j, and nothing stays open after them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { testGraph } from '../support/graph.js';

const one = cypher('test:readOne', 'RETURN 1 AS n');
const two = cypher('test:readTwo', 'RETURN 2 AS n');
const failing = cypher('test:readFailing', 'UNWIND [0] AS zero RETURN 1 / zero AS n');
/** The running transactions that carry this statement's own name: the statement sees itself. */
const itself = cypher(
  'test:readItself',
  "SHOW TRANSACTIONS YIELD metaData WHERE metaData.app = 'meshgraph' AND metaData.name = 'test:readItself' RETURN count(*) AS n",
);
/** Transactions of this spec's reads still open, seen from another statement. */
const openReads = cypher(
  'test:openReads',
  "SHOW TRANSACTIONS YIELD metaData WHERE metaData.app = 'meshgraph' AND metaData.name STARTS WITH 'test:read' RETURN count(*) AS n",
);

let graph: Graph;
beforeAll(() => {
  graph = testGraph();
});
afterAll(async () => {
  await graph.close();
});

describe('reads', () => {
  it('answer side by side, each in its own transaction named after its statement', async () => {
    const view = graph.scoped({});
    const [a, b, c] = await Promise.all([view.read(one), view.read(two), view.read(itself)]);
    expect([a, b, c]).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 1 }]]);
  });

  it('keep a failing statement to itself: its siblings answer, and later reads work', async () => {
    const view = graph.scoped({});
    const results = await Promise.allSettled([view.read(one), view.read(failing), view.read(two)]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('/ by zero') } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: [{ n: 2 }] });
    expect(await view.read(two)).toEqual([{ n: 2 }]);
  });

  it('fail with an error that names the statement Neo4j refused, and leave the stack trace setting as it was', async () => {
    const limit = Error.stackTraceLimit;
    const error = await graph.read(failing).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GraphQueryError', message: expect.stringMatching(/\/ by zero.*\(statement test:readFailing\)$/) });
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('leave no transaction open once they have answered', async () => {
    await Promise.allSettled([graph.read(one), graph.read(failing), graph.read(two)]);
    expect(await graph.read(openReads)).toEqual([{ n: 0 }]);
  });
});
