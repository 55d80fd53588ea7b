/**
 * A graph imported before folded names and sort keys were stored gets them on start (and before
 * every tool), made exactly as an import makes them, without a re-import: only the nodes that lack
 * them are written, and a graph that has them all is left alone, its version too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { storeMissingKeys } from '../../src/ingest/stored-keys.js';
import { testGraph } from '../support/graph.js';

const folded = cypher(
  'test:foldedNames',
  `MATCH (p:Product {id: 'open-service-mesh'}), (c:Concept {id: 'mtls'}), (e:Entry) WHERE e.title STARTS WITH 'Linkerd'
   WITH p, c, e ORDER BY e.id LIMIT 1
   RETURN p {.nameFolded, .aliasesFolded} AS product, c {.nameFolded, .aliasesFolded} AS concept, e {.id, .titleFolded} AS entry`,
);
const forget = cypher(
  'test:forgetFoldedNames',
  `MATCH (p:Product {id: 'open-service-mesh'}), (c:Concept {id: 'mtls'}), (e:Entry {id: $entry})
   REMOVE p.nameFolded, p.aliasesFolded, c.aliasesFolded, e.titleFolded`,
);
const sortKeys = cypher(
  'test:sortKeys',
  'UNWIND $ids AS id MATCH (e:Entry {id: id}) RETURN e {.id, .title, .year, .sortYearAsc, .sortYearDesc, .sortTitle} AS entry ORDER BY e.id',
);
const someEntries = cypher(
  'test:someEntries',
  'MATCH (e:Entry) WHERE e.year IS NOT NULL RETURN e.id AS id, e.year AS year ORDER BY e.id LIMIT 2',
);
const forgetSortKeys = cypher(
  'test:forgetSortKeys',
  'UNWIND $ids AS id MATCH (e:Entry {id: id}) REMOVE e.sortYearAsc, e.sortYearDesc, e.sortTitle',
);
const setYear = cypher('test:setYear', 'MATCH (e:Entry {id: $id}) SET e.year = $year');
const version = cypher('test:graphVersion', "MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS version");

let graph: Graph;
beforeAll(() => {
  graph = testGraph();
});
afterAll(async () => {
  await graph.close();
});

describe('keys for a graph imported before they were stored', () => {
  it('stores them on the nodes that lack them, as the import stored them', async () => {
    const [imported] = await graph.read(folded);
    expect(imported!.product).toEqual({ nameFolded: 'open service mesh', aliasesFolded: expect.arrayContaining(['osm']) });
    const entry = imported!.entry as { id: string; titleFolded: string };
    await graph.writeTransaction('test:forget', (tx) => tx.run(forget, { entry: entry.id }));

    expect(await storeMissingKeys(graph)).toBe(3);
    const [restored] = await graph.read(folded);
    expect(restored).toEqual(imported);
  });

  it("stores entries' sort keys, as the import stored them: the year, or last either way without one", async () => {
    const picked = await graph.read(someEntries);
    const ids = picked.map((row) => String(row.id));
    const imported = await graph.read(sortKeys, { ids });
    expect(imported.map((row) => row.entry)).toEqual(
      imported.map(({ entry: e }: Record<string, any>) => ({
        ...e,
        sortYearAsc: e.year,
        sortYearDesc: e.year,
        sortTitle: e.title.toLowerCase(),
      })),
    );
    await graph.writeTransaction('test:forget', (tx) => tx.run(forgetSortKeys, { ids }));
    expect(await storeMissingKeys(graph)).toBe(2);
    expect(await graph.read(sortKeys, { ids })).toEqual(imported);

    // An entry without a year (as pages list most of theirs) sorts last both ways.
    const [undated] = ids;
    await graph.writeTransaction('test:undate', async (tx) => {
      await tx.run(setYear, { id: undated, year: null });
      await tx.run(forgetSortKeys, { ids: [undated] });
    });
    try {
      expect(await storeMissingKeys(graph)).toBe(1);
      const [row] = await graph.read(sortKeys, { ids: [undated] });
      expect(row!.entry).toMatchObject({ year: null, sortYearAsc: 10000, sortYearDesc: -1 });
    } finally {
      await graph.writeTransaction('test:redate', async (tx) => {
        await tx.run(setYear, { id: undated, year: picked[0]!.year });
        await tx.run(forgetSortKeys, { ids: [undated] });
      });
      await storeMissingKeys(graph);
    }
    expect(await graph.read(sortKeys, { ids })).toEqual(imported);
  });

  it('writes nothing, and keeps the graph version, when every node has them', async () => {
    const [before] = await graph.read(version);
    expect(await storeMissingKeys(graph)).toBe(0);
    expect(await graph.read(version)).toEqual([before]);
  });
});
