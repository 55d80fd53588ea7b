/**
 * A collection's page, as Neo4j plans it (PROFILE on the test Neo4j): read in order from the index
 * on its sort key and id, it stops after the page instead of reading and sorting every node of the
 * label, and a cursor seeks into the index. The peer benchmark found the entries page sorting all
 * entries on every request (issue 12); with a whole Nubenetes site imported that is thousands.
 */
import neo4j, { type ProfiledPlan } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph, Params, Statement } from '../../src/graph/graph.js';
import { categoryStore } from '../../src/graph/stores/categoryStore.js';
import { entryStore, type EntryFilter, type EntryOrdering } from '../../src/graph/stores/entryStore.js';
import type { PageRequest, SortDirection } from '../../src/graph/stores/paging.js';
import type { ReadAheadPlan } from '../../src/graph/stores/readAhead.js';
import { productStore } from '../../src/graph/stores/productStore.js';
import { testGraph, testNeo4j } from '../support/graph.js';

const NO_FILTER: EntryFilter = {
  yearFrom: null,
  yearTo: null,
  stability: null,
  level: null,
  contentLanguage: null,
  categoryIds: null,
  aboutId: null,
  document: null,
};

let graph: Graph;
const server = testNeo4j();
const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password));
beforeAll(() => {
  graph = testGraph();
});
afterAll(async () => {
  await graph.close();
  await driver.close();
});

interface Profile {
  /** Rows each operator type produced (summed over the plan). */
  rows: Map<string, number>;
  /** The details of the operators that read an index or scanned a label. */
  reads: string[];
  /** The details of every operator. */
  details: string[];
  /** The page's rows, as the store parsed them. */
  page: { rows: Array<{ key: string | number; id: string }>; more: boolean };
}

/** Runs a page through its store with the statement captured, then profiles that statement (twice: the second is the cached plan every page runs). */
async function profile(read: (graph: Graph) => Promise<Profile['page']>): Promise<Profile> {
  let captured: [Statement, Params] | undefined;
  const capturing = Object.create(graph, {
    read: {
      value: (statement: Statement, params: Params = {}) => {
        captured = [statement, params];
        return graph.read(statement, params);
      },
    },
  }) as Graph;
  const page = await read(capturing);
  const [statement, params] = captured!;
  const session = driver.session({ database: server.database });
  try {
    await session.run(statement.cypher, params);
    const result = await session.run(`PROFILE ${statement.cypher}`, params);
    const rows = new Map<string, number>();
    const reads: string[] = [];
    const details: string[] = [];
    const visit = (op: ProfiledPlan) => {
      const type = op.operatorType.split('@')[0]!;
      details.push(`${type} ${String(op.arguments.Details ?? '')}`);
      rows.set(type, (rows.get(type) ?? 0) + Number(op.rows));
      if (/^Node(Index|ByLabel|UniqueIndex)/.test(type)) reads.push(`${type} ${String(op.arguments.Details ?? '')}`);
      for (const child of op.children) visit(child);
    };
    if (result.summary.profile) visit(result.summary.profile);
    return { rows, reads, details, page };
  } finally {
    await session.close();
  }
}

function request(limit: number, direction: SortDirection, after: PageRequest['after'] = null): PageRequest {
  return { limit, direction, backward: false, after, before: null };
}

/** Every row read from indexes or labels, whatever the operator. */
const nodesRead = (p: Profile) =>
  [...p.rows].filter(([type]) => /^Node(Index|ByLabel|UniqueIndex)/.test(type)).reduce((sum, [, n]) => sum + n, 0);

const entryPage = (ordering: EntryOrdering, direction: SortDirection, after: PageRequest['after'] = null, limit = 10) =>
  profile((g) => entryStore.page(g, NO_FILTER, ordering, request(limit, direction, after)));

describe('a page is read from the index on its sort key and id', () => {
  it.each([
    ['YEAR', 'DESC', 'sortYearDesc'],
    ['YEAR', 'ASC', 'sortYearAsc'],
    ['TITLE', 'ASC', 'sortTitle'],
    ['RATING', 'DESC', 'rating'],
  ] as const)(
    'entries by %s %s: from the index on (%s, id), reading only the page and the row after it',
    async (ordering, direction, key) => {
      const p = await entryPage(ordering, direction);
      expect(p.reads).toEqual([expect.stringMatching(new RegExp(`^NodeIndexScan RANGE INDEX n:Entry\\(${key}, id\\)`))]);
      expect(nodesRead(p)).toBe(11);
      expect(p.rows.has('Top') || p.rows.has('Sort') || p.rows.has('PartialTop')).toBe(false);
      expect(p.page.rows).toHaveLength(10);
    },
  );

  it('a page after a cursor seeks to it: the rest of its key, then the keys past it, each at most a page', async () => {
    const first = await entryPage('YEAR', 'DESC', null, 5);
    const last = first.page.rows.at(-1)!;
    const p = await entryPage('YEAR', 'DESC', { key: last.key, id: last.id }, 5);
    expect(p.reads).toEqual([
      expect.stringMatching(/^NodeIndexSeek.*RANGE INDEX n:Entry\(sortYearDesc, id\) WHERE sortYearDesc = \$afterKey AND id < \$afterId/),
      expect.stringMatching(/^NodeIndexSeek.*RANGE INDEX n:Entry\(sortYearDesc, id\) WHERE sortYearDesc < \$afterKey/),
    ]);
    expect(nodesRead(p)).toBeLessThanOrEqual(2 * 6);
    expect(p.page.rows).toHaveLength(5);
  });

  it("a page in the middle of a key's run (a year most entries share) reads no entry of that key before its cursor", async () => {
    // Every entry, newest first, to find the year most entries share and a cursor in its middle.
    const all = (await entryPage('YEAR', 'DESC', null, 1000)).page.rows;
    const byKey = new Map<string | number, typeof all>();
    for (const row of all) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    const [key, shared] = [...byKey].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(shared.length).toBeGreaterThanOrEqual(6);
    const cursor = shared[Math.floor(shared.length / 2)]!;
    const at = all.indexOf(cursor);
    const p = await entryPage('YEAR', 'DESC', { key, id: cursor.id }, 2);
    expect(p.page.rows.map((row) => row.id)).toEqual(all.slice(at + 1, at + 3).map((row) => row.id));
    // Each seek reads at most the page and the row after it (3): the rest of the cursor's year, and
    // the years past it. None of the entries of the year before the cursor.
    const restOfKey = shared.length - shared.indexOf(cursor) - 1;
    const pastKey = all.length - all.indexOf(shared.at(-1)!) - 1;
    expect(nodesRead(p)).toBe(Math.min(restOfKey, 3) + Math.min(pastKey, 3));
  });

  it('a page read backwards before a cursor seeks the same way, towards the start', async () => {
    const all = (await entryPage('YEAR', 'DESC', null, 1000)).page.rows;
    const cursor = all[Math.floor(all.length / 2)]!;
    const at = all.indexOf(cursor);
    const p = await profile((g) =>
      entryStore.page(g, NO_FILTER, 'YEAR', { limit: 4, direction: 'DESC', backward: true, after: null, before: cursor }),
    );
    expect(p.page.rows.map((row) => row.id)).toEqual(all.slice(at - 4, at).map((row) => row.id));
    expect(p.reads).toHaveLength(2);
    expect(nodesRead(p)).toBeLessThanOrEqual(2 * 5);
  });

  it('products by name, from the index on (nameLower, id); categories by path, from their id constraint', async () => {
    const products = await profile((g) =>
      productStore.page(g, { status: null, productType: null, usesId: null }, 'NAME', request(10, 'ASC')),
    );
    expect(products.reads).toEqual([expect.stringMatching(/^NodeIndexScan RANGE INDEX n:Product\(nameLower, id\)/)]);
    expect(products.page.rows).toHaveLength(10);
    expect(nodesRead(products)).toBe(11);
    const categories = await profile((g) => categoryStore.page(g, { depth: null, underId: null }, 'PATH', request(10, 'ASC')));
    expect(categories.reads).toEqual([expect.stringMatching(/^NodeIndexScan RANGE INDEX n:Category\(id\)/)]);
    // One more: Neo4j sorts each run of equal paths by id (the same value), so it reads one row
    // past the page to see the run end.
    expect(nodesRead(categories)).toBe(12);
  });
});

describe("a page's read-ahead is joined to the page's rows, one seek per row", () => {
  // The dashboard list: each entry with its topics and its category.
  const dashboard: ReadAheadPlan = {
    label: 'Entry',
    properties: ['id', 'title', 'year', 'categoryId'],
    relations: [
      { key: 'about', type: 'ABOUT', direction: 'out', limit: 100, sources: false, rel: false, properties: ['id', 'name'], far: null },
    ],
    references: [{ key: 'category', property: 'categoryId', label: 'Category', properties: ['id', 'name'] }],
    chains: [],
  };

  it("reads each entry's category by a seek on its id, planned with the page, not as a subquery run row by row", async () => {
    const p = await profile((g) => entryStore.page(g, NO_FILTER, 'YEAR', request(10, 'DESC'), dashboard));
    expect(p.page.rows).toHaveLength(10);
    // A subquery Neo4j runs per row (a nested plan) shows as its text inside an operator's details.
    expect(p.details.filter((d) => d.includes('COLLECT {') && !d.startsWith('RollUpApply'))).toEqual([]);
    expect(p.rows.get('RollUpApply')).toBe(2 * 11);
    expect(p.reads).toContainEqual(expect.stringMatching(/^NodeUniqueIndexSeek UNIQUE c1:Category\(id\) WHERE id = /));
  });
});
