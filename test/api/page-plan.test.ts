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
    const visit = (op: ProfiledPlan) => {
      const type = op.operatorType.split('@')[0]!;
      rows.set(type, (rows.get(type) ?? 0) + Number(op.rows));
      if (/^Node(Index|ByLabel|UniqueIndex)/.test(type)) reads.push(`${type} ${String(op.arguments.Details ?? '')}`);
      for (const child of op.children) visit(child);
    };
    if (result.summary.profile) visit(result.summary.profile);
    return { rows, reads, page };
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

  it('a page after a cursor seeks to its key: it reads no row of a greater key', async () => {
    const first = await entryPage('YEAR', 'DESC', null, 5);
    const last = first.page.rows.at(-1)!;
    const p = await entryPage('YEAR', 'DESC', { key: last.key, id: last.id }, 5);
    expect(p.reads).toEqual([
      expect.stringMatching(/^NodeIndexSeek.*RANGE INDEX n:Entry\(sortYearDesc, id\) WHERE sortYearDesc <= \$afterKey/),
    ]);
    // The seek starts at the cursor's year: it reads that year's entries up to the cursor (all on
    // the first page, which starts at the newest), then the page's 5 and the one after.
    expect(nodesRead(p)).toBe(first.page.rows.filter((row) => row.key === last.key).length + 6);
  });

  it("a page among entries of one key (a year) reads only that key's entries up to its cursor", async () => {
    // Every entry, newest first, to find the year most entries share and a cursor among them.
    const all = (await entryPage('YEAR', 'DESC', null, 1000)).page.rows;
    const byKey = new Map<string | number, typeof all>();
    for (const row of all) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    const [key, shared] = [...byKey].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(shared.length).toBeGreaterThanOrEqual(4);
    const cursor = shared[1]!;
    const p = await entryPage('YEAR', 'DESC', { key, id: cursor.id }, 2);
    expect(p.page.rows.map((row) => row.id)).toEqual(
      all
        .slice(all.indexOf(cursor) + 1)
        .slice(0, 2)
        .map((row) => row.id),
    );
    // The two entries of the key up to the cursor, then the page's two and the one that tells more
    // follow: nothing of a newer year.
    expect(nodesRead(p)).toBe(2 + 3);
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
