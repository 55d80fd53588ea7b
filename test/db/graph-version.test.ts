/**
 * The graph version belongs to the graph layer's write path: any write transaction that changes
 * the graph bumps it once, in the same transaction, whoever the writer is (the importer today, a
 * curation mutation or a sync job tomorrow), so version-keyed caches and ETags stay right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { testGraph } from '../support/graph.js';

const createProbe = cypher('test:createProbe', "CREATE (:VersionProbe {id: 'probe'})");
const removeProbes = cypher('test:removeProbes', 'MATCH (n:VersionProbe) DELETE n');
const countProbes = cypher('test:countProbes', 'MATCH (n:VersionProbe) RETURN count(n) AS n');

let graph: Graph;
beforeAll(() => {
  graph = testGraph();
});
afterAll(async () => {
  await graph.writeTransaction('test:cleanup', (tx) => tx.run(removeProbes));
  await graph.close();
});

describe('a write transaction', () => {
  it('that changes the graph bumps the version by one, and offers that version to stamp with beforehand', async () => {
    const before = (await graph.version()).version;
    const change = await graph.writeTransaction('test:create', async (tx) => {
      await tx.run(createProbe);
      return tx.version;
    });
    expect(change).toEqual({ value: before + 1, changed: true, graphVersion: before + 1 });
    expect((await graph.version()).version).toBe(before + 1);
  });

  it('that changes nothing keeps the version', async () => {
    const before = (await graph.version()).version;
    const change = await graph.writeTransaction('test:read-only', (tx) => tx.run(countProbes));
    expect(change.changed).toBe(false);
    expect(change.graphVersion).toBe(before);
    expect((await graph.version()).version).toBe(before);
  });

  it('that fails writes nothing and keeps the version', async () => {
    const before = (await graph.version()).version;
    const probes = Number((await graph.read(countProbes))[0]!.n);
    await expect(
      graph.writeTransaction('test:fails', async (tx) => {
        await tx.run(createProbe);
        throw new Error('the writer gave up');
      }),
    ).rejects.toThrow('the writer gave up');
    expect(Number((await graph.read(countProbes))[0]!.n)).toBe(probes);
    expect((await graph.version()).version).toBe(before);
  });
});
