/**
 * A graph imported before folded names were stored gets them on start (and before every tool),
 * folded exactly as an import folds them, without a re-import: only the nodes that lack them are
 * written, and a graph that has them all is left alone, its version too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { storeMissingFoldedNames } from '../../src/ingest/folded-names.js';
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
const version = cypher('test:graphVersion', "MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS version");

let graph: Graph;
beforeAll(() => {
  graph = testGraph();
});
afterAll(async () => {
  await graph.close();
});

describe('folded names for a graph imported before they were stored', () => {
  it('stores them on the nodes that lack them, as the import stored them', async () => {
    const [imported] = await graph.read(folded);
    expect(imported!.product).toEqual({ nameFolded: 'open service mesh', aliasesFolded: expect.arrayContaining(['osm']) });
    const entry = imported!.entry as { id: string; titleFolded: string };
    await graph.writeTransaction('test:forget', (tx) => tx.run(forget, { entry: entry.id }));

    expect(await storeMissingFoldedNames(graph)).toBe(3);
    const [restored] = await graph.read(folded);
    expect(restored).toEqual(imported);
  });

  it('writes nothing, and keeps the graph version, when every node has them', async () => {
    const [before] = await graph.read(version);
    expect(await storeMissingFoldedNames(graph)).toBe(0);
    expect(await graph.read(version)).toEqual([before]);
  });
});
