/**
 * What a first start holds: the curated dataset and the listings of the service mesh's
 * neighbourhood of the Nubenetes site (data/pages/), stored as listings of their documents, as
 * facts without the pages' sentences. A newer copy of one of those pages imported later replaces
 * its listings like any re-import. The graph is put back to the curated dataset afterwards.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, type ImportSummary } from '../../src/ingest/importer.js';
import { projectPath } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { prepareTestDatabase } from '../support/dataset.js';

const corpusPage = resolve(projectPath(), process.env.MESHGRAPH_CORPUS_DIR ?? '../shared/corpus/nubenetes', 'v1/servicemesh.md');

let t: TestApp;
let first: ImportSummary;
beforeAll(async () => {
  t = await createTestApp();
  first = await importFiles(t.graph, [projectPath('data')]);
}, 180_000);
afterAll(async () => {
  await prepareTestDatabase(t.graph);
  await t.close();
}, 180_000);

describe('the bundled graph', () => {
  it('holds the neighbourhood pages of both editions as documents, with their listings', async () => {
    const { data } = await t.query<{ documents: Array<{ path: string; format: string; entries: number }> }>(
      '{ documents { path format entries } }',
    );
    expect(data!.documents.map((d) => d.path)).toEqual(
      ['api', 'istio', 'kubernetes-networking', 'networking', 'servicemesh'].flatMap((p) => [`v1/${p}.md`, `v2/${p}.md`]).sort(),
    );
    expect(data!.documents.every((d) => d.entries > 0 && d.format === 'markdown')).toBe(true);
    expect(first.relationships.LISTED_IN!.created).toBeGreaterThan(1000);
  });

  it('keeps the 63 curated entries as they are, and files them where the pages list them', async () => {
    expect(first.nodes.Entry!.updated).toBe(0);
    const { data } = await t.query<{ entries: { totalCount: number } }>('{ entries(filter: { category: "servicemesh" }) { totalCount } }');
    expect(data!.entries.totalCount).toBeGreaterThan(100);
    const landscape = await t.query<{ entry: { slug: string; curated: boolean; categories: Array<{ slug: string }> } }>(
      '{ entry(url: "https://layer5.io/service-mesh-landscape") { slug curated categories { slug } } }',
    );
    expect(landscape.data!.entry).toMatchObject({ slug: 'the-service-mesh-landscape-2025', curated: true });
    expect(landscape.data!.entry.categories.map((c) => c.slug)).toContain('servicemesh/introduction');
  });

  it("has facts, not the pages' sentences: no listing or page entry carries a description", async () => {
    const { data } = await t.query<{
      entries: { edges: Array<{ node: { description: string | null; listedIn: Array<{ description: string | null }> } }> };
    }>('{ entries(first: 100, filter: { document: "v1/servicemesh.md" }) { edges { node { description listedIn { description } } } } }');
    const texts = data!.entries.edges.flatMap((e) => [e.node.description, ...e.node.listedIn.map((l) => l.description)]);
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.every((d) => d === null)).toBe(true);
  });

  it('serves stats over it, counting entries without a year in no year', async () => {
    const { data, errors } = await t.query<{ stats: { entryCount: number; entriesByYear: Array<{ count: number }> } }>(
      '{ stats { entryCount entriesByYear { count } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.stats.entryCount).toBeGreaterThan(600);
    expect(data!.stats.entriesByYear.reduce((n, b) => n + b.count, 0)).toBeLessThan(data!.stats.entryCount);
  });

  it.skipIf(!existsSync(corpusPage))('takes a newer copy of a bundled page as a re-import of that document', async () => {
    const summary = await importFiles(t.graph, [corpusPage]);
    // The real page adds its descriptions to the same listings; no entry comes or goes.
    expect(summary.relationships.LISTED_IN).toMatchObject({ created: 0, removed: 0 });
    expect(summary.relationships.LISTED_IN!.updated).toBeGreaterThan(0);
    expect(summary.nodes.Entry).toMatchObject({ created: 0, removed: 0 });
  });
});
