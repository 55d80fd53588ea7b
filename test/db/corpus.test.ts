/**
 * Both real Nubenetes sites (../shared/corpus/nubenetes/v1 and v2) imported into the test Neo4j
 * over the bundled dataset, once: the import succeeds, a second one changes nothing, and
 * entry(url:) answers for list-item links with the categories that list them (a golden sample of
 * 30 entries checked by hand against the pages' headings). Skipped with a reason in a clone
 * without ../shared. The graph is put back to the bundled dataset afterwards.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, type ImportSummary } from '../../src/ingest/importer.js';
import { loadInputs, type Dataset } from '../../src/ingest/load.js';
import { cypher } from '../../src/graph/graph.js';
import { canonicalUrl } from '../../src/ingest/url.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { CURATED_DATASET, prepareTestDatabase } from '../support/dataset.js';
import { watched } from '../support/watchdog.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(repoRoot, process.env.MESHGRAPH_CORPUS_DIR ?? '../shared/corpus/nubenetes');
const haveCorpus = existsSync(resolve(corpus, 'v1'));
const skipNote = haveCorpus ? '' : ` (skipped: no corpus at ${corpus}; a clone without ../shared — set MESHGRAPH_CORPUS_DIR)`;

interface GoldenListing {
  page: string;
  line: number;
  url: string;
  categories: string[];
}
const golden = JSON.parse(readFileSync(resolve(repoRoot, 'test/golden/corpus-category-paths.json'), 'utf8')) as GoldenListing[];

describe.skipIf(!haveCorpus)(`both real sites, imported${skipNote}`, () => {
  let t: TestApp;
  let dataset: Dataset;
  let first: ImportSummary;
  let second: ImportSummary;
  let versionAfterFirst: number;

  beforeAll(async () => {
    t = await createTestApp();
    dataset = await loadInputs([resolve(corpus, 'v1'), resolve(corpus, 'v2')]);
    // About 20 s on a quiet 2-core machine, a few times that on a busy one: the hook's limit is
    // generous, and a stall (no statement finishing for two minutes) fails early, saying why.
    first = await watched(t.graph, 'the first import of both sites', (graph) => importDataset(graph, dataset));
    versionAfterFirst = (await t.graph.version()).version;
    second = await watched(t.graph, 'the second import of both sites', (graph) => importDataset(graph, dataset));
  }, 900_000);

  afterAll(async () => {
    await prepareTestDatabase(t.graph);
    await t.close();
  }, 180_000);

  it('imports every page: one entry per distinct resource, pages without entries reported, not refused', async () => {
    expect(first.changed).toBe(true);
    expect(dataset.documents.length).toBeGreaterThan(300);
    expect(dataset.documents.filter((d) => d.entries === 0).map((d) => d.path)).toEqual([
      'v1/about.md',
      'v1/jvm-parameters-matrix-table.md',
      'v2/index.md',
    ]);
    const resources = new Set(dataset.listings.map((l) => l.value.url));
    const curated = new Set((await loadInputs(CURATED_DATASET)).entries.flatMap((e) => (e.value.url ? [canonicalUrl(e.value.url)] : [])));
    const listedCurated = [...resources].filter((url) => curated.has(url!)).length;
    // Every resource is one new entry, but those the bundled dataset curates: they are listings of the curated entry.
    expect(listedCurated).toBeGreaterThan(50);
    expect(first.nodes.Entry).toMatchObject({ created: resources.size - listedCurated, updated: 0, removed: 0 });
  });

  it('holds no two entries with the same canonical URL', async () => {
    const rows = await t.graph.read(
      cypher('testSharedUrls', 'MATCH (e:Entry) WHERE e.urlKey IS NOT NULL WITH e.urlKey AS url, count(*) AS n WHERE n > 1 RETURN url'),
    );
    expect(rows).toEqual([]);
  });

  it('changes nothing the second time, and keeps the graph version', async () => {
    expect(second.changed).toBe(false);
    for (const counts of [...Object.values(second.nodes), ...Object.values(second.relationships)]) {
      expect(counts).toMatchObject({ created: 0, updated: 0, removed: 0 });
    }
    expect(second.graphVersion).toBe(versionAfterFirst);
  });

  it('answers entry(url:) for list-item links as the pages write them, with every category that lists them (golden sample)', async () => {
    expect(golden).toHaveLength(30);
    for (const { url, categories } of golden) {
      const raw = dataset.listings.find((l) => l.value.url === url);
      expect(raw, url).toBeDefined();
      const { data, errors } = await t.query<{ entry: { url: string; categories: Array<{ path: string[] }> } }>(
        'query ($url: String!) { entry(url: $url) { url categories { path } } }',
        { url: `${url}/#from-the-test` },
      );
      expect(errors).toBeUndefined();
      expect(data!.entry.categories.map((c) => c.path.join(' > ')).sort(), url).toEqual(categories);
    }
  });

  it('finds a curated entry by the URL the pages give it, with its curated fields', async () => {
    const { data } = await t.query<{ entry: { slug: string; curated: boolean; summary: string; categories: Array<{ slug: string }> } }>(
      '{ entry(url: "https://layer5.io/service-mesh-landscape") { slug curated summary categories { slug } } }',
    );
    expect(data!.entry).toMatchObject({ curated: true, summary: expect.stringMatching(/\w/) });
    expect(data!.entry.categories.map((c) => c.slug)).toContain('servicemesh/introduction');
  });
});
