/**
 * The importer against the real Neo4j holding the bundled dataset (imported by the global setup):
 * what the graph holds after a first start, idempotence, all-or-nothing, dry runs, the graph
 * version, and a lossless round trip through export. Tests clean up what they add.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { datasetToYaml, exportDataset } from '../../src/ingest/exporter.js';
import { applyPlan, importFiles, type ImportSummary } from '../../src/ingest/importer.js';
import { DatasetError } from '../../src/ingest/load.js';
import { projectPath } from '../../src/paths.js';
import { CURATED_DATASET } from '../support/dataset.js';
import { testGraph } from '../support/graph.js';

const graph = testGraph();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-import-'));
afterAll(async () => {
  await graph.close();
  rmSync(tmp, { recursive: true, force: true });
});

const countsStatement = cypher(
  'testGraphCounts',
  `CALL { MATCH (n) WHERE NOT n:Migration RETURN count(n) AS nodes }
   CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
   RETURN nodes, relationships`,
);
async function graphState(g: Graph) {
  const [counts] = await g.read(countsStatement);
  const { version } = await g.version();
  return { nodes: counts!.nodes as number, relationships: counts!.relationships as number, version };
}
function totals(summary: ImportSummary) {
  const all = [...Object.values(summary.nodes), ...Object.values(summary.relationships)];
  return all.reduce((t, c) => ({ created: t.created + c.created, updated: t.updated + c.updated, unchanged: t.unchanged + c.unchanged }), {
    created: 0,
    updated: 0,
    unchanged: 0,
  });
}
function writeTemp(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('the bundled dataset after a first start', () => {
  it('holds all 63 seed entries, each in its category, and enough products, concepts and organizations', async () => {
    const [row] = await graph.read(
      cypher(
        'testDatasetCounts',
        `CALL { MATCH (e:Entry) RETURN count(e) AS entries }
         CALL { MATCH (e:Entry)-[:IN_CATEGORY]->(:Category) RETURN count(DISTINCT e) AS categorised }
         CALL { MATCH (p:Product) RETURN count(p) AS products }
         CALL { MATCH (c:Concept) RETURN count(c) AS concepts }
         CALL { MATCH (o:Organization) RETURN count(o) AS organizations }
         RETURN entries, categorised, products, concepts, organizations`,
      ),
    );
    expect(row).toMatchObject({ entries: 63, categorised: 63 });
    expect(row!.products).toBeGreaterThanOrEqual(30);
    expect(row!.concepts).toBeGreaterThanOrEqual(15);
    expect(row!.organizations).toBeGreaterThanOrEqual(10);
  });

  it('answers "what replaced Maesh?" from the graph alone, with sources', async () => {
    const rows = await graph.read(
      cypher(
        'testWhatReplacedMaesh',
        `MATCH (:Product {id: 'maesh'})<-[s:SUPERSEDES]-(newer:Product)
         RETURN newer.name AS name, s.kind AS kind, s.since AS since, s.sources AS sources`,
      ),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'Traefik Mesh', kind: 'renamed' });
    expect(String(rows[0]!.since)).toMatch(/^2020/);
    expect((rows[0]!.sources as string[]).length).toBeGreaterThan(0);
  });

  it('keeps every relationship traceable: each curated fact has at least one source', async () => {
    const rows = await graph.read(
      cypher(
        'testUnsourcedFacts',
        `MATCH ()-[r]->() WHERE NOT type(r) IN ['IN_CATEGORY', 'SUBCATEGORY_OF', 'HAS_STATUS_CLAIM'] AND (r.sources IS NULL OR size(r.sources) = 0)
         RETURN type(r) AS type, r.id AS id LIMIT 5`,
      ),
    );
    expect(rows).toEqual([]);
  });
});

describe('importing the same input again', () => {
  it('changes nothing: every row unchanged, same counts, same graph version', async () => {
    const before = await graphState(graph);
    const summary = await importFiles(graph, CURATED_DATASET);
    expect(totals(summary).created).toBe(0);
    expect(totals(summary).updated).toBe(0);
    expect(summary.changed).toBe(false);
    expect(await graphState(graph)).toEqual(before);
  });
});

describe('a malformed input', () => {
  it('is reported with file, line and reason, and writes nothing', async () => {
    const before = await graphState(graph);
    const file = writeTemp(
      'bad.yaml',
      [
        'meshgraph: 1',
        'products:',
        '  - id: test-good-product',
        '    name: Test Good Product',
        '    status: active',
        '    productType: tool',
        '    description: Valid on its own.',
        '  - id: Test Bad Id',
        '    name: Bad',
        '    status: active',
        '    productType: tool',
        '    description: Its id is not a slug.',
      ].join('\n'),
    );
    const attempt = importFiles(graph, [file]);
    await expect(attempt).rejects.toBeInstanceOf(DatasetError);
    await expect(attempt).rejects.toThrow(/bad\.yaml:8: products\.1\.id: must be a slug/);
    expect(await graphState(graph)).toEqual(before);
  });

  it('names a reference to something that does not exist, with its line', async () => {
    const file = writeTemp(
      'dangling.yaml',
      ['meshgraph: 1', 'relationships:', '  - { type: USES, from: istio, to: no-such-proxy, sources: [https://example.org/x] }'].join('\n'),
    );
    await expect(importFiles(graph, [file])).rejects.toThrow(/dangling\.yaml:3: USES: unknown Product "no-such-proxy"/);
  });

  it('reports every bad line of a Nubenetes page and writes none of its good ones', async () => {
    const before = await graphState(graph);
    const attempt = importFiles(graph, [projectPath('test/fixtures/nubenetes/bad-lines.txt')]);
    await expect(attempt).rejects.toThrow(/bad-lines\.txt:\d+: /);
    const error = (await attempt.catch((e: unknown) => e)) as DatasetError;
    expect(error.issues.length).toBeGreaterThanOrEqual(5);
    expect(await graphState(graph)).toEqual(before);
  });

  it('rolls back a failure inside the transaction: the rows written before it are gone too', async () => {
    const before = await graphState(graph);
    const plan = {
      nodes: new Map([
        ['Product', [{ key: 'test-rollback-ok', props: { id: 'test-rollback-ok', name: 'Rollback OK' } }]],
        // Neo4j refuses a map as a property value: this fails after the Product row was written.
        ['Concept', [{ key: 'test-rollback-bad', props: { id: 'test-rollback-bad', name: { nested: true } as never } }]],
      ]),
      relationships: [],
    };
    await expect(applyPlan(graph, plan as never)).rejects.toThrow();
    expect(await graphState(graph)).toEqual(before);
    expect(await graph.read(cypher('testRollbackGone', "MATCH (p:Product {id: 'test-rollback-ok'}) RETURN p"))).toEqual([]);
  });
});

describe('an import that adds something', () => {
  const file = () =>
    writeTemp(
      'addition.yaml',
      [
        'meshgraph: 1',
        'products:',
        '  - id: test-widget-mesh',
        '    name: Test Widget Mesh',
        '    aliases: [TWM]',
        '    status: active',
        '    productType: service-mesh',
        '    description: A mesh that exists only in this test.',
        'relationships:',
        '  - { type: USES, from: test-widget-mesh, to: envoy, role: sidecar, since: 2024, sources: [https://example.org/widget-mesh] }',
      ].join('\n'),
    );
  afterAll(async () => {
    await graph.write(cypher('testRemoveWidgetMesh', "MATCH (p:Product {id: 'test-widget-mesh'}) DETACH DELETE p"));
    await graph.write(cypher('testRemoveWidgetSource', "MATCH (s:Source {url: 'https://example.org/widget-mesh'}) DETACH DELETE s"));
  });

  it('on a dry run, says what it would create and writes nothing', async () => {
    const before = await graphState(graph);
    const summary = await importFiles(graph, [file()], { dryRun: true });
    expect(summary.dryRun).toBe(true);
    expect(summary.nodes.Product).toMatchObject({ created: 1 });
    expect(summary.relationships.USES).toMatchObject({ created: 1 });
    expect(await graphState(graph)).toEqual(before);
  });

  it('creates the new facts and bumps the graph version once, in the same transaction', async () => {
    const before = await graphState(graph);
    const summary = await importFiles(graph, [file()]);
    expect(summary.nodes.Product).toMatchObject({ created: 1, updated: 0 });
    expect(summary.relationships.USES).toMatchObject({ created: 1 });
    expect(summary.graphVersion).toBe(before.version + 1);
    const after = await graphState(graph);
    expect(after.version).toBe(before.version + 1);
    expect(after.nodes).toBe(before.nodes + 2); // the product and its source
    const again = await importFiles(graph, [file()]);
    expect(again.changed).toBe(false);
    expect((await graphState(graph)).version).toBe(after.version);
  });
});

describe('export', () => {
  it('round-trips: importing the export changes nothing, and exporting again gives the same text', async () => {
    const first = datasetToYaml(await exportDataset(graph));
    const exported = writeTemp('export.yaml', first);
    const before = await graphState(graph);
    const summary = await importFiles(graph, [exported]);
    expect(totals(summary)).toMatchObject({ created: 0, updated: 0 });
    expect(await graphState(graph)).toEqual(before);
    expect(datasetToYaml(await exportDataset(graph))).toBe(first);
  });
});

describe('a Nubenetes page that re-lists an entry the curated dataset links by hand', () => {
  it("leaves the curated entry, its fields and its links alone, and only adds the page's category", async () => {
    const page = writeTemp(
      'relisted.txt',
      [
        'Relisted Page¶',
        'Evaluation¶',
        '- (2021) cloudops.com: Comparing Service Meshes: Istio, Linkerd, Consul Connect, and Citrix ADC [NONE CONTENT] 🌟🌟🌟🌟 [ENTERPRISE-STABLE] — A page summary naming Istio, Linkerd and the service mesh idea.',
      ].join('\n'),
    );
    const summary = await importFiles(graph, [page], { dryRun: true });
    // The page's summary and title differ; curated facts win, so the entry is not rewritten, nor
    // re-linked by name: the page only files it under one more category.
    expect(summary.nodes.Entry).toBeUndefined();
    expect(summary.relationships.COMPARES).toBeUndefined();
    expect(summary.relationships.ABOUT).toBeUndefined();
    expect(summary.relationships.IN_CATEGORY).toMatchObject({ created: 1, updated: 0, removed: 0 });
  });
});
