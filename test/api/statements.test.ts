/**
 * Performance by design: the relationship lists selected under a root lookup or a page are read
 * ahead by the statement that reads the nodes (src/schema/read-ahead.ts), and everything else
 * goes through a per-request DataLoader, so the number of Cypher statements a request runs
 * depends on the shape of its selection, not on how many items it returns. Measured with
 * `x-meshgraph-debug: 1` (extensions.neo4j).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Neo4jStats {
  queries: number;
  statements: Record<string, number>;
}

async function measure(query: string, variables: Record<string, unknown> = {}): Promise<Neo4jStats & { data: unknown }> {
  const result = await t.query(query, variables, { 'x-meshgraph-debug': '1' });
  expect(result.errors).toBeUndefined();
  const stats = (result.extensions as { neo4j: Neo4jStats }).neo4j;
  return { ...stats, data: result.data };
}

const ENTRIES = /* GraphQL */ `
  query ($n: Int!) {
    entries(first: $n) {
      edges { node {
        title
        about { name ... on Product { status } }
        compares { name }
        categoryPath { name }
        category { name }
      } }
    }
  }
`;

const PRODUCTS = /* GraphQL */ `
  query ($n: Int!) {
    products(first: $n) {
      edges { node {
        name
        uses { role product { name usedBy { role product { name } sources { ... on Entry { title } ... on ExternalSource { url } } } } }
      } }
    }
  }
`;

// `entries(first: 10)`: a topic's entries are priced by `first` (100 by default), so 100 products
// with 100 entries each would cost more than MAX_QUERY_COMPLEXITY.
const LINEAGE = /* GraphQL */ `
  query ($n: Int!) {
    products(first: $n) {
      totalCount
      edges { node {
        name status
        statusClaims { status sources { __typename } }
        supersededBy { kind since product { name } sources { __typename } }
        supersedes { kind product { name } }
        successors { depth product { name } sources { __typename } }
        implements { concept { name implementedBy { product { name } } } }
        developedBy { role organization { name products { product { name } } } }
        entries(first: 10) { title categoryPath { name } }
      } }
    }
  }
`;

describe('statements per request are bounded by the shape of the query', () => {
  it('100 entries with what they are about, compare and their category path: 2 statements', async () => {
    const stats = await measure(ENTRIES, { n: 100 });
    expect((stats.data as { entries: { edges: unknown[] } }).entries.edges).toHaveLength(63);
    // The page reads ahead ABOUT, COMPARES and each entry's category; one categoriesByIds for
    // every entry's category path.
    expect(stats.statements).toEqual({ 'entriesPage+readAhead': 1, categoriesByIds: 1 });
  });

  it('products with what they use and what uses those, with sources: 1 statement', async () => {
    const stats = await measure(PRODUCTS, { n: 100 });
    expect(stats.statements).toEqual({ 'productsPage+readAhead': 1 });
  });

  it.each([
    ['entries with topics and categories', ENTRIES],
    ['products, their uses and users', PRODUCTS],
    ['products with lineage, concepts, organizations and entries', LINEAGE],
  ])('%s: the same statements for 1, 10 and 100 items', async (_what, query) => {
    const small = await measure(query, { n: 1 });
    const medium = await measure(query, { n: 10 });
    const large = await measure(query, { n: 100 });
    expect(medium.statements).toEqual(large.statements);
    expect(medium.queries).toBe(large.queries);
    expect(small.queries).toBeLessThanOrEqual(large.queries);
  });

  it('a deep query over every product (lineage, status, concepts, organizations, entries) stays within a dozen statements', async () => {
    const stats = await measure(LINEAGE, { n: 100 });
    // page + count + 9 relationship, status and lineage loads + 1 category load = 12.
    expect(stats.queries).toBeLessThanOrEqual(12);
    expect(Math.max(...Object.values(stats.statements))).toBe(1);
  });

  it('a lookup by name and its relationships: one statement each', async () => {
    const stats = await measure(`{
      product(name: "Maesh") {
        supersededBy { product { name status statusClaims { status sources { ... on Entry { title } ... on ExternalSource { url } } } } kind since sources { ... on Entry { title } ... on ExternalSource { url } } }
        successors { depth product { name } }
      }
    }`);
    expect(stats.statements).toEqual({
      'resolveNames[Product]+readAhead': 1, // answers Maesh itself (no productsByIds) and its successors
      'relations:Product:SUPERSEDES:in': 1, // supersededBy and status claims are not read ahead; successors are
      statusClaimsByProductIds: 1,
    });
  });

  it('a lookup by name answers the node from the name statement: it is not read again', async () => {
    for (const [query, statement] of [
      ['{ product(name: "Istio") { name status description } }', 'resolveNames[Product]'],
      ['{ concept(name: "mutual TLS") { name aliases } }', 'resolveNames[Concept]'],
      ['{ organization(name: "CNCF") { name } }', 'resolveNames[Organization]'],
    ] as const) {
      expect((await measure(query)).statements).toEqual({ [statement]: 1 });
    }
  });

  it('totalCount costs its count statement only when selected', async () => {
    const without = await measure('{ entries(first: 5) { edges { node { title } } } }');
    const withCount = await measure('{ entries(first: 5) { totalCount edges { node { title } } } }');
    expect(without.statements).toEqual({ entriesPage: 1 });
    expect(withCount.statements).toEqual({ entriesPage: 1, entriesPageCount: 1 });
  });

  it('the same node reached many ways is loaded once: node(id:) for 15 ids is one statement per type', async () => {
    const page = await t.query<{ products: { edges: Array<{ node: { id: string } }> } }>(
      '{ products(first: 15) { edges { node { id } } } }',
    );
    const ids = page.data!.products.edges.map((e) => e.node.id);
    const stats = await measure('query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Product { name } } }', { ids: [...ids, ...ids] });
    expect(stats.statements).toEqual({ productsByIds: 1 });
  });
});
