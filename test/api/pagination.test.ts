/**
 * Relay connections with keyset cursors: paging through every entry (and every product, concept,
 * organization, category) in both directions, under every ordering, finds each item exactly once
 * in the right order; totalCount is right; bad arguments are BAD_USER_INPUT.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../support/app.js';

interface EntryRow {
  id: string;
  title: string;
  year: number;
  rating?: number;
}
const entries = (parse(readFileSync(projectPath('data', 'entries.yaml'), 'utf8')) as { entries: EntryRow[] }).entries;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: { slug: string } }>;
}

/** Reads a whole collection page by page, forwards (first/after) or backwards (last/before). */
async function readAll(
  field: string,
  args: string,
  size: number,
  backward: boolean,
): Promise<{ slugs: string[]; pages: number; totals: Set<number> }> {
  const slugs: string[] = [];
  const totals = new Set<number>();
  let cursor: string | null = null;
  let pages = 0;
  for (;;) {
    const paging: string = backward
      ? `last: ${size}${cursor ? `, before: "${cursor}"` : ''}`
      : `first: ${size}${cursor ? `, after: "${cursor}"` : ''}`;
    const result: { data?: Record<string, Page>; errors?: unknown[] } = await t.query<Record<string, Page>>(
      `{ page: ${field}(${[paging, args].filter(Boolean).join(', ')}) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const page: Page = result.data!.page!;
    pages += 1;
    totals.add(page.totalCount);
    expect(page.edges.length).toBeLessThanOrEqual(size);
    const pageSlugs = page.edges.map((e) => e.node.slug);
    if (backward) slugs.unshift(...pageSlugs);
    else slugs.push(...pageSlugs);
    if (page.edges.length > 0) {
      expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]!.cursor);
    }
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) break;
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    expect(pages).toBeLessThan(200);
  }
  return { slugs, pages, totals };
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const expectedEntries = (key: (e: EntryRow) => string | number, direction: 'ASC' | 'DESC') =>
  [...entries].sort((a, b) => (direction === 'ASC' ? 1 : -1) * (cmp(key(a), key(b)) || cmp(a.id, b.id))).map((e) => e.id);

describe('entries', () => {
  const orderings = [
    ['YEAR', 'DESC', (e: EntryRow) => e.year],
    ['YEAR', 'ASC', (e: EntryRow) => e.year],
    ['TITLE', 'ASC', (e: EntryRow) => e.title.toLowerCase()],
    ['TITLE', 'DESC', (e: EntryRow) => e.title.toLowerCase()],
    ['RATING', 'DESC', (e: EntryRow) => e.rating ?? 0],
    ['RATING', 'ASC', (e: EntryRow) => e.rating ?? 0],
  ] as const;

  it.each(orderings)(
    'paging by %s %s forwards and backwards, 7 at a time, finds every entry once, in order',
    async (field, direction, key) => {
      const expected = expectedEntries(key, direction);
      expect(expected).toHaveLength(63);
      const orderBy = `orderBy: { field: ${field}, direction: ${direction} }`;
      const forwards = await readAll('entries', orderBy, 7, false);
      expect(forwards.slugs).toEqual(expected);
      expect(forwards.pages).toBe(9);
      expect([...forwards.totals]).toEqual([63]);
      const backwards = await readAll('entries', orderBy, 7, true);
      expect(backwards.slugs).toEqual(expected);
      expect([...backwards.totals]).toEqual([63]);
    },
  );

  it('the default order is newest first (YEAR, DESC) and the default page size 20', async () => {
    const result = await t.query<{ entries: Page }>(
      '{ entries { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { slug } } } }',
    );
    expect(result.data!.entries.edges.map((e) => e.node.slug)).toEqual(expectedEntries((e) => e.year, 'DESC').slice(0, 20));
    expect(result.data!.entries.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
  });

  it('one page of 100 holds everything, with no next or previous page', async () => {
    const result = await t.query<{ entries: Page }>(
      '{ entries(first: 100) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { slug } } } }',
    );
    expect(result.data!.entries.edges).toHaveLength(63);
    expect(result.data!.entries.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false });
  });

  it('after and before together give the items between two cursors', async () => {
    const all = await t.query<{ entries: Page }>('{ entries(first: 10) { edges { cursor node { slug } } } }');
    const edges = all.data!.entries.edges;
    const result = await t.query<{ entries: Page }>(
      'query ($a: String, $b: String) { entries(first: 100, after: $a, before: $b) { edges { node { slug } } } }',
      {
        a: edges[2]!.cursor,
        b: edges[7]!.cursor,
      },
    );
    expect(result.data!.entries.edges.map((e) => e.node.slug)).toEqual(edges.slice(3, 7).map((e) => e.node.slug));
  });

  it('first: 0 answers an empty page with the count', async () => {
    const result = await t.query<{ entries: Page }>(
      '{ entries(first: 0) { totalCount edges { node { slug } } pageInfo { hasNextPage } } }',
    );
    expect(result.data!.entries).toEqual({ totalCount: 63, edges: [], pageInfo: { hasNextPage: true } });
  });
});

describe('the other collections', () => {
  it.each([
    ['products', 'PRODUCT'],
    ['concepts', 'CONCEPT'],
    ['organizations', 'ORGANIZATION'],
  ])('%s page by name in both directions, each item once', async (field) => {
    const all = await t.query<Record<string, { edges: Array<{ node: { slug: string; name: string } }> }>>(
      `{ all: ${field}(first: 100) { edges { node { slug name } } } }`,
    );
    const expected = [...all.data!.all!.edges.map((e) => e.node)]
      .sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.slug, b.slug))
      .map((n) => n.slug);
    expect(all.data!.all!.edges.map((e) => e.node.slug)).toEqual(expected);
    const forwards = await readAll(field, '', 5, false);
    expect(forwards.slugs).toEqual(expected);
    expect([...forwards.totals]).toEqual([expected.length]);
    const backwards = await readAll(field, 'orderBy: { field: NAME, direction: DESC }', 5, true);
    expect(backwards.slugs).toEqual([...expected].reverse());
  });

  it('the dataset has at least 40 products, 18 concepts and 12 organizations', async () => {
    const result = await t.query<Record<string, { totalCount: number }>>(
      '{ products { totalCount } concepts { totalCount } organizations { totalCount } }',
    );
    expect(result.data!.products!.totalCount).toBeGreaterThanOrEqual(40);
    expect(result.data!.concepts!.totalCount).toBeGreaterThanOrEqual(18);
    expect(result.data!.organizations!.totalCount).toBeGreaterThanOrEqual(12);
  });

  it('categories page in path order, in both directions', async () => {
    const forwards = await readAll('categories', '', 6, false);
    expect(forwards.slugs).toEqual([...forwards.slugs].sort());
    const backwards = await readAll('categories', '', 6, true);
    expect(backwards.slugs).toEqual(forwards.slugs);
    const paths = new Set(
      entries.flatMap((e) => (e as unknown as { categoryPath: string[] }).categoryPath.map((_, i, p) => p.slice(0, i + 1).join('>'))),
    );
    expect(forwards.slugs).toHaveLength(paths.size);
  });
});

describe('bad paging arguments are BAD_USER_INPUT', () => {
  it.each([
    ['first above 100', '{ entries(first: 101) { edges { cursor } } }'],
    ['last above 100', '{ products(last: 500) { edges { cursor } } }'],
    ['a negative first', '{ concepts(first: -1) { edges { cursor } } }'],
    ['first and last together', '{ entries(first: 5, last: 5) { edges { cursor } } }'],
    ['a cursor that is not one', '{ entries(first: 5, after: "bm90IGEgY3Vyc29y") { edges { cursor } } }'],
    ['a cursor that is not even base64', '{ organizations(first: 5, after: "!!!") { edges { cursor } } }'],
    [
      'a forged cursor with a text key for a numeric ordering',
      `{ entries(first: 5, after: "${Buffer.from(JSON.stringify({ o: 'YEAR:DESC', k: '2021', i: 'x' })).toString('base64url')}") { edges { cursor } } }`,
    ],
  ])('%s', async (_what, query) => {
    const result = await t.query(query);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('a cursor from another ordering', async () => {
    const page = await t.query<{ entries: Page }>('{ entries(first: 2, orderBy: { field: TITLE }) { edges { cursor } } }');
    const cursor = page.data!.entries.edges[1]!.cursor;
    const result = await t.query('query ($c: String) { entries(first: 2, after: $c, orderBy: { field: YEAR }) { edges { cursor } } }', {
      c: cursor,
    });
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/another ordering/);
  });
});
