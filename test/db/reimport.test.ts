/**
 * Re-importing a page makes the graph say what the page says now: entries move, change and go
 * (kept as :RetiredEntry history), each document's listings are its own, and curated facts stay
 * whatever pages say. Small made-up pages in a temporary folder named v1, over the bundled
 * dataset; the graph is put back afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph/graph.js';
import { datasetToYaml, exportDataset } from '../../src/ingest/exporter.js';
import { importFiles, type ImportSummary } from '../../src/ingest/importer.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { prepareTestDatabase } from '../support/dataset.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-reimport-'));
const v1 = path.join(tmp, 'v1');
mkdirSync(v1);
const page = (name: string, lines: string[]) => {
  writeFileSync(path.join(v1, name), `${lines.join('\n')}\n`);
  return path.join(v1, name);
};

let t: TestApp;
let curatedBefore: string;
beforeAll(async () => {
  t = await createTestApp();
  curatedBefore = datasetToYaml(await exportDataset(t.graph, { curated: true }));
});
afterAll(async () => {
  await prepareTestDatabase(t.graph);
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

const ENTRY = `query ($url: String!) {
  entry(url: $url) { slug title year description categories { slug } listedIn { document { path } line category { slug } title year } }
}`;
const entry = async (url: string) => (await t.query<{ entry: Record<string, unknown> | null }>(ENTRY, { url })).data!.entry;
const version = async () => (await t.graph.version()).version;
const counts = (s: ImportSummary, what: string) => s.nodes[what] ?? s.relationships[what];

const MESH_A = [
  '# Mesh Page',
  '',
  '## Getting Started',
  '',
  '- [First Steps With A Mesh (2020)](https://a.example.com/first) An early guide.',
  '- [Tuning Sidecars](https://a.example.com/tuning)',
  '- [Layer5 Landscape, as this page calls it](https://layer5.io/service-mesh-landscape) A page description, never a summary of ours.',
  '',
  '## Operations',
  '',
  '- [Upgrading Safely](https://a.example.com/upgrade)',
];

describe('re-importing a document', () => {
  it('a first import lists every entry in its document, with where and what the page says', async () => {
    const summary = await importFiles(t.graph, [page('mesh.md', MESH_A)]);
    expect(counts(summary, 'LISTED_IN')).toMatchObject({ created: 4 });
    expect(await entry('https://a.example.com/first')).toMatchObject({
      title: 'First Steps With A Mesh',
      year: 2020,
      listedIn: [
        {
          document: { path: 'v1/mesh.md' },
          line: 5,
          category: { slug: 'mesh/getting-started' },
          title: 'First Steps With A Mesh',
          year: 2020,
        },
      ],
    });
  });

  it('changes nothing and keeps the graph version when the page has not changed', async () => {
    const before = await version();
    const summary = await importFiles(t.graph, [path.join(v1, 'mesh.md')]);
    expect(summary.changed).toBe(false);
    expect(await version()).toBe(before);
  });

  it('moves an entry moved to another section, updates an edited one, and shows both in a dry run first', async () => {
    const edited = [...MESH_A];
    edited[5] = '- [Tuning Sidecars, Revised (2022)](https://a.example.com/tuning) Now with numbers.';
    edited.splice(10, 0, '- [First Steps With A Mesh (2020)](https://a.example.com/first) An early guide.');
    edited.splice(4, 1);
    page('mesh.md', edited);
    const dry = await importFiles(t.graph, [path.join(v1, 'mesh.md')], { dryRun: true });
    expect(counts(dry, 'IN_CATEGORY')).toMatchObject({ created: 1, removed: 1 });
    expect(counts(dry, 'Entry')).toMatchObject({ updated: 2, removed: 0 });
    expect((await entry('https://a.example.com/first'))!.categories).toEqual([{ slug: 'mesh/getting-started' }]);

    await importFiles(t.graph, [path.join(v1, 'mesh.md')]);
    expect((await entry('https://a.example.com/first'))!.categories).toEqual([{ slug: 'mesh/operations' }]);
    expect(await entry('https://a.example.com/tuning')).toMatchObject({
      title: 'Tuning Sidecars, Revised',
      year: 2022,
      description: 'Now with numbers.',
    });
  });

  it('retires an entry no document lists any more: entry(url:) is NOT_FOUND, the history stays with the version it went in', async () => {
    page(
      'mesh.md',
      MESH_A.filter((l) => !l.includes('upgrade')).filter((l) => !l.includes('first')),
    );
    const summary = await importFiles(t.graph, [path.join(v1, 'mesh.md')]);
    expect(counts(summary, 'Entry')).toMatchObject({ removed: 2 });
    const { data, errors } = await t.query(ENTRY, { url: 'https://a.example.com/upgrade' });
    expect(data!.entry).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const search = await t.query<{ search: { edges: Array<{ node: { url?: string } }> } }>(
      '{ search(query: "Upgrading Safely", first: 50) { edges { node { ... on Entry { url } } } } }',
    );
    expect(search.data!.search.edges.map((e) => e.node.url)).not.toContain('https://a.example.com/upgrade');
    const [history] = await t.graph.read(
      cypher(
        'testRetired',
        "MATCH (r:RetiredEntry {urlKey: 'https://a.example.com/upgrade'}) RETURN r.retiredInVersion AS v, labels(r) AS labels",
      ),
    );
    expect(history).toMatchObject({ v: summary.graphVersion, labels: ['RetiredEntry'] });
    // The heading no entry sits under any more is gone too.
    expect(counts(summary, 'Category')).toMatchObject({ removed: 1 });
  });

  it('brings a retired entry back as itself when a page lists it again', async () => {
    const slug = (
      await t.graph.read(cypher('testRetiredId', "MATCH (r:RetiredEntry {urlKey: 'https://a.example.com/upgrade'}) RETURN r.id AS id"))
    )[0]!.id;
    await importFiles(t.graph, [page('mesh.md', MESH_A)]);
    expect(await entry('https://a.example.com/upgrade')).toMatchObject({ slug, categories: [{ slug: 'mesh/operations' }] });
  });

  it("keeps an entry two documents list when one of them drops it, with the other document's listing", async () => {
    page('other.md', ['# Other Page', '', '## Picks', '', '- [Tuning Sidecars elsewhere](https://a.example.com/tuning)']);
    await importFiles(t.graph, [v1]);
    expect(((await entry('https://a.example.com/tuning'))!.listedIn as unknown[]).length).toBe(2);
    page(
      'mesh.md',
      MESH_A.filter((l) => !l.includes('tuning')),
    );
    await importFiles(t.graph, [path.join(v1, 'mesh.md')]);
    expect(await entry('https://a.example.com/tuning')).toMatchObject({
      title: 'Tuning Sidecars elsewhere',
      categories: [{ slug: 'other/picks' }],
      listedIn: [{ document: { path: 'v1/other.md' } }],
    });
  });

  it('a document that lists nothing any more removes all its listings', async () => {
    page('other.md', ['# Other Page', '', 'Only prose now.']);
    const summary = await importFiles(t.graph, [v1]);
    expect(counts(summary, 'LISTED_IN')).toMatchObject({ removed: 1 });
    expect(await entry('https://a.example.com/tuning')).toBeNull();
    const docs = await t.query<{ documents: Array<{ path: string; entries: number; graphVersion: number; lastImportedAt: string }> }>(
      '{ documents { path entries graphVersion lastImportedAt } }',
    );
    expect(docs.data!.documents.map((d) => [d.path, d.entries])).toEqual([
      ['v1/mesh.md', 3],
      ['v1/other.md', 0],
    ]);
    expect(docs.data!.documents[1]!.graphVersion).toBe(summary.graphVersion);
  });

  it('entries(filter: {document}) lists what a document lists now; an unknown path is NOT_FOUND', async () => {
    const { data } = await t.query<{ entries: { totalCount: number } }>('{ entries(filter: { document: "v1/mesh.md" }) { totalCount } }');
    expect(data!.entries.totalCount).toBe(3);
    const unknown = await t.query('{ entries(filter: { document: "v9/none.md" }) { totalCount } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.document' });
  });
});

describe('curated facts win', () => {
  it('a page listing a curated resource keeps its curated title, year and summary; the listing keeps what the page says', async () => {
    const { data } = await t.query<{ entry: Record<string, unknown> }>(
      `{ entry(url: "https://layer5.io/service-mesh-landscape") {
          slug title year summary description curated listedIn { title description }
        } }`,
    );
    expect(data!.entry).toMatchObject({
      slug: 'the-service-mesh-landscape-2025',
      title: 'The Service Mesh Landscape',
      year: 2025,
      curated: true,
      description: null,
      listedIn: [{ title: 'Layer5 Landscape, as this page calls it', description: 'A page description, never a summary of ours.' }],
    });
    expect(data!.entry.summary).toMatch(/^Layer5's service mesh landscape/);
  });

  it('the curated export is byte-identical before and after page imports', async () => {
    expect(datasetToYaml(await exportDataset(t.graph, { curated: true }))).toBe(curatedBefore);
  });
});
