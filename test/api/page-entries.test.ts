/**
 * Entries read from pages, through the API: entry(url:), every category that lists an entry,
 * entries without a year or our summary, and the category filter over several categories. Uses
 * the made-up site in test/fixtures/nubenetes/site over the bundled dataset, put back afterwards.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, reportUnlinked } from '../../src/ingest/importer.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { prepareTestDatabase } from '../support/dataset.js';

const site = fileURLToPath(new URL('../fixtures/nubenetes/site', import.meta.url));
const seedFile = fileURLToPath(new URL('../../../shared/seeds/000_8674f2582ea40267.txt', import.meta.url));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await importFiles(t.graph, [site]);
});
afterAll(async () => {
  await prepareTestDatabase(t.graph);
  await t.close();
});

const ENTRY = `query ($url: String!) {
  entry(url: $url) { slug title url year summary description curated categories { slug path } category { slug } }
}`;

describe('entry(url:)', () => {
  it('finds an entry by any spelling of its address that canonicalises the same', async () => {
    for (const url of ['https://example.org/articles/gentle-start', 'HTTPS://EXAMPLE.org/articles/gentle-start/?utm_source=x#y']) {
      const { data, errors } = await t.query(ENTRY, { url });
      expect(errors).toBeUndefined();
      expect(data!.entry).toMatchObject({
        title: 'A Gentle Start With Meshes',
        url: 'https://example.org/articles/gentle-start',
        curated: false,
        summary: null,
      });
    }
  });

  it("lists every category that lists the entry; category is the first listing's", async () => {
    const { data } = await t.query<{ entry: { categories: Array<{ slug: string; path: string[] }>; category: { slug: string } } }>(ENTRY, {
      url: 'https://blog.example.net/why-meshes',
    });
    expect(data!.entry.categories).toEqual([
      { slug: 'meshes/basics', path: ['Mesh Reading', 'Basics'] },
      { slug: 'other/cross-listed', path: ['Other Things', 'Cross Listed'] },
    ]);
    expect(data!.entry.category.slug).toBe('meshes/basics');
  });

  it('answers null with NOT_FOUND for an address no entry has', async () => {
    const { data, errors } = await t.query(ENTRY, { url: 'https://nowhere.example.com/x' });
    expect(data!.entry).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'url' });
  });

  it('answers BAD_USER_INPUT for something that is not an absolute http(s) URL', async () => {
    const { errors } = await t.query(ENTRY, { url: 'meshes.md#basics' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'url' });
  });
});

describe('headings whose slugs collide', () => {
  it('are distinct categories, each found by its own path of names', async () => {
    for (const [path, slug, title] of [
      ['Other Things > C++ Meshes', 'other/c-meshes', 'Native Mesh Notes'],
      ['Other Things > C Meshes', 'other/c-meshes-2', 'Plain C Mesh Notes'],
    ]) {
      const { data, errors } = await t.query<{ category: { slug: string; entries: Array<{ title: string }> } }>(
        'query ($path: String!) { category(path: $path) { slug entries { title } } }',
        { path },
      );
      expect(errors).toBeUndefined();
      expect(data!.category).toEqual({ slug, entries: [{ title }] });
    }
  });
});

describe('entries from pages in the collections', () => {
  it('a category filter finds an entry through any category that lists it', async () => {
    const { data } = await t.query<{ entries: { edges: Array<{ node: { title: string } }> } }>(
      '{ entries(filter: { category: "Other Things > Cross Listed" }) { edges { node { title } } } }',
    );
    expect(data!.entries.edges.map((e) => e.node.title)).toEqual(['Why Meshes Exist']);
  });

  it('entries without a year come last, newest first or oldest first', async () => {
    for (const direction of ['DESC', 'ASC']) {
      const { data } = await t.query<{ entries: { edges: Array<{ node: { year: number | null } }> } }>(
        `{ entries(first: 100, orderBy: { field: YEAR, direction: ${direction} }) { edges { node { year } } } }`,
      );
      const years = data!.entries.edges.map((e) => e.node.year);
      const firstNull = years.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(years.slice(firstNull).every((y) => y === null)).toBe(true);
    }
  });

  it('per-year counts leave entries without a year out', async () => {
    const { data } = await t.query<{ stats: { entryCount: number; entriesByYear: Array<{ year: number; count: number }> } }>(
      '{ stats { entryCount entriesByYear { year count } } }',
    );
    const counted = data!.stats.entriesByYear.reduce((n, b) => n + b.count, 0);
    expect(counted).toBeLessThan(data!.stats.entryCount);
    expect(data!.stats.entriesByYear.every((b) => Number.isInteger(b.year))).toBe(true);
  });
});

describe('the report of what is unlinked (npm run import -- --report-unlinked)', () => {
  it('lists entries about nothing and the headings the vocabulary lacks, never generic ones', async () => {
    const report = await reportUnlinked(t.graph);
    expect(report.unlinked.map((e) => e.url)).toContain('https://bare.example.com/mesh-notes');
    expect(report.unlinked.length).toBeLessThan(report.entries);
    const names = report.candidates.map((c) => c.name);
    expect(names).toContain('Proxies');
    expect(names).not.toContain('Introduction');
    expect(report.candidates.find((c) => c.name === 'Proxies')).toMatchObject({ entries: 3, seenAs: ['heading'] });
    // "Sidecars" names the sidecar concept (an alias of it): the vocabulary has it.
    expect(names).not.toContain('Sidecars');
  });
});

describe.skipIf(!existsSync(seedFile))(
  `the seed page${existsSync(seedFile) ? '' : ' (skipped: no ../shared/seeds beside the clone)'}`,
  () => {
    it('re-imported over the bundled dataset changes no fact: it only records where the page lists each curated entry', async () => {
      const summary = await importFiles(t.graph, [seedFile]);
      for (const what of ['Entry', 'Category', 'IN_CATEGORY', 'SUBCATEGORY_OF', 'ABOUT', 'COMPARES']) {
        const counts = summary.nodes[what] ?? summary.relationships[what];
        expect(counts ?? { created: 0, updated: 0, removed: 0 }, what).toMatchObject({ created: 0, updated: 0, removed: 0 });
      }
      expect(summary.nodes.Document).toMatchObject({ created: 1 });
      expect(summary.relationships.LISTED_IN).toMatchObject({ created: 63 });
      expect((await importFiles(t.graph, [seedFile])).changed).toBe(false);
    });
  },
);
