/**
 * Relationship lists that grow with the data keep their shape but stop at `first` (default 100),
 * and their connections page through all of them. The test imports a page listing 130 Istio
 * links (each linked to Istio by its URL), so one topic has more entries than a list returns;
 * the bundled dataset is put back afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/importer.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { prepareTestDatabase } from '../support/dataset.js';

const EXTRA = 130;
let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'growing-'));
  const items = Array.from(
    { length: EXTRA },
    (_, i) => `- [Istio field note ${i} (${2000 + (i % 20)})](https://github.com/istio/field-note-${i})`,
  );
  const file = path.join(dir, 'istio-notes.md');
  writeFileSync(file, `# Istio Notes\n\n## Field Notes\n\n${items.join('\n')}\n`);
  await importFiles(t.graph, [file]);
}, 120_000);
afterAll(async () => {
  await prepareTestDatabase(t.graph);
  await t.close();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

type Slugs = Array<{ slug: string }>;
interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: { slug: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

async function pageAll(field: string): Promise<{ slugs: string[]; total: number }> {
  const slugs: string[] = [];
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const result: { data?: { product: Record<string, Page> }; errors?: unknown[] } = await t.query<{ product: Record<string, Page> }>(
      `query ($after: String) { product(name: "Istio") { page: ${field}(first: 40, after: $after) { totalCount edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`,
      { after },
    );
    expect(result.errors).toBeUndefined();
    const page: Page = result.data!.product.page!;
    total = page.totalCount;
    slugs.push(...page.edges.map((e) => e.node.slug));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { slugs, total };
}

describe('a topic with more entries than a list returns', () => {
  it('lists the first 100 by default and the first `first` when asked, newest first', async () => {
    const result = await t.query<{ product: { all: Slugs; five: Slugs; none: Slugs } }>(
      '{ product(name: "Istio") { all: entries { slug } five: entries(first: 5) { slug } none: entries(first: 0) { slug } } }',
    );
    expect(result.errors).toBeUndefined();
    const { all, five, none } = result.data!.product;
    expect(all).toHaveLength(100);
    expect(five).toEqual(all.slice(0, 5));
    expect(none).toEqual([]);
  });

  it('pages through every entry with entriesConnection, in the list order, each once, with totalCount', async () => {
    const { slugs, total } = await pageAll('entriesConnection');
    expect(total).toBeGreaterThanOrEqual(EXTRA);
    expect(slugs).toHaveLength(total);
    expect(new Set(slugs).size).toBe(total);
    const list = await t.query<{ product: { entries: Slugs } }>('{ product(name: "Istio") { entries { slug } } }');
    expect(slugs.slice(0, 100)).toEqual(list.data!.product.entries.map((e) => e.slug));
    const last = await t.query<{ product: { entriesConnection: Page } }>(
      '{ product(name: "Istio") { entriesConnection(last: 3) { edges { node { slug } } } } }',
    );
    expect(last.data!.product.entriesConnection.edges.map((e) => e.node.slug)).toEqual(slugs.slice(-3));
  });

  it('caps and pages a category of the imported page the same way', async () => {
    const result = await t.query<{ category: { entries: Slugs; entriesConnection: { totalCount: number } } }>(
      '{ category(path: "Istio Notes > Field Notes") { entries { slug } entriesConnection(first: 1) { totalCount } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.category.entries).toHaveLength(100);
    expect(result.data!.category.entriesConnection.totalCount).toBe(EXTRA);
  });

  it('refuses `first` outside 0–100 with BAD_USER_INPUT, on lists and connections', async () => {
    for (const query of [
      '{ product(name: "Istio") { entries(first: 101) { slug } } }',
      '{ product(name: "Istio") { entries(first: -1) { slug } } }',
      '{ product(name: "Istio") { entriesConnection(first: 101) { totalCount } } }',
      '{ concept(name: "mTLS") { comparedIn(first: 1000) { slug } } }',
    ]) {
      const result = await t.query(query);
      expect(result.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    }
  });

  it("refuses the issue's nested query as too expensive before it runs", async () => {
    const result = await t.query('{ entries(first: 100) { edges { node { about { name ... on Product { entries { title } } } } } } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(result.data ?? null).toBeNull();
  });
});
