/**
 * `search`: one ranked full-text search over products, concepts, organizations and entries —
 * exact names first, typos and word starts tolerated, any text safe, stable order and paging,
 * and a bounded number of statements however much is selected.
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

interface Hit {
  cursor: string;
  score: number;
  node: { __typename: string; name?: string; title?: string; slug?: string };
}
interface SearchData {
  search: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: Hit[] };
}

const SEARCH = `
  query Search($query: String!, $first: Int, $after: String, $types: [SearchType!]) {
    search(query: $query, first: $first, after: $after, types: $types) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges {
        cursor
        score
        node {
          __typename
          ... on Product { name slug }
          ... on Concept { name slug }
          ... on Organization { name slug }
          ... on Entry { title slug }
        }
      }
    }
  }`;

async function search(variables: Record<string, unknown>) {
  const result = await t.query<SearchData>(SEARCH, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.search;
}

const label = (hit: Hit) => `${hit.node.__typename}:${hit.node.slug}`;

describe('search ranking', () => {
  it('puts the product named exactly like the text first', async () => {
    const page = await search({ query: 'Istio' });
    expect(label(page.edges[0]!)).toBe('Product:istio');
    expect(page.edges.map((e) => e.node.__typename)).toContain('Entry');
    expect(page.totalCount).toBeGreaterThan(page.edges.length - 1);
  });

  it('puts the concept named by an alias first ("mutual TLS" is mTLS)', async () => {
    const page = await search({ query: 'mutual TLS' });
    expect(label(page.edges[0]!)).toBe('Concept:mtls');
  });

  it('finds organizations by name and alias', async () => {
    const page = await search({ query: 'Cloud Native Computing Foundation', types: ['ORGANIZATION'] });
    expect(label(page.edges[0]!)).toBe('Organization:cncf');
  });

  it('tolerates typos ("trafik" finds the Traefik products)', async () => {
    const page = await search({ query: 'trafik', types: ['PRODUCT'] });
    expect(page.edges.map((e) => e.node.slug)).toEqual(expect.arrayContaining(['traefik-proxy', 'traefik-mesh']));
  });

  it('matches word starts for typeahead ("lin" finds Linkerd first)', async () => {
    const page = await search({ query: 'lin', first: 3 });
    expect(page.edges[0]!.node.name).toBe('Linkerd');
  });

  it('orders best first, with scores that never increase', async () => {
    const page = await search({ query: 'envoy sidecar', first: 30 });
    const scores = page.edges.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(page.edges.slice(0, 2).map(label).sort()).toEqual(['Concept:sidecar', 'Product:envoy']);
  });

  it('gives the same order every time', async () => {
    const a = await search({ query: 'service mesh', first: 50 });
    const b = await search({ query: 'service mesh', first: 50 });
    expect(b.edges.map(label)).toEqual(a.edges.map(label));
  });

  it('only finds the kinds asked for', async () => {
    const page = await search({ query: 'mesh', first: 50, types: ['CONCEPT', 'ORGANIZATION'] });
    expect(page.edges.length).toBeGreaterThan(0);
    expect(new Set(page.edges.map((e) => e.node.__typename))).toEqual(new Set(['Concept']));
  });
});

describe('search paging', () => {
  it('pages through the whole ranking with `after`, without gaps or repeats', async () => {
    const all = await search({ query: 'mesh', first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: SearchData['search'] = await search({ query: 'mesh', first: 7, after });
      expect(page.totalCount).toBe(all.totalCount);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map(label));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // Every hit once, in the order of the one big page (which holds at most 100 of them).
    expect(seen).toHaveLength(all.totalCount);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 100)).toEqual(all.edges.map(label).slice(0, Math.min(all.totalCount, 100)));
  });

  it('refuses a cursor it did not make, and page sizes out of range', async () => {
    const bad = await t.query(SEARCH, { query: 'istio', after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const big = await t.query(SEARCH, { query: 'istio', first: 101 });
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const negative = await t.query(SEARCH, { query: 'istio', first: -1 });
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('search is safe with any text', () => {
  it.each([
    ['a quote', '"'],
    ['a star', '*'],
    ['a parenthesis', '('],
    ['an operator word', 'AND'],
    ['operator words only', 'OR NOT AND'],
    ['a backslash', '\\'],
    ['tildes', '~~~'],
    ['the empty string', ''],
    ['blanks', '   '],
    ['field syntax', 'title:istio'],
    ['range syntax', '[a TO z]'],
    ['regex syntax', '/.*/'],
    ['every special character', '+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /'],
    ['emoji', '🚀🕸️'],
    ['emoji and a word', '🚀 istio'],
    ['a long text', 'istio '.repeat(80)],
  ])('%s (%j) is no server error', async (_what, query) => {
    const result = await t.query<SearchData>(SEARCH, { query });
    expect(result.errors).toBeUndefined();
    expect(result.data!.search.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('finds nothing for text without letters or digits', async () => {
    for (const query of ['', '"', '*', '~~~', '\\', '🚀']) {
      const page = await search({ query });
      expect(page.totalCount).toBe(0);
      expect(page.edges).toEqual([]);
    }
  });

  it('treats syntax as words: "title:istio" searches for "title" and "istio"', async () => {
    const page = await search({ query: 'title:istio', first: 5 });
    expect(page.edges.map(label)).toContain('Product:istio');
  });

  it('refuses text longer than 500 characters with BAD_USER_INPUT', async () => {
    const result = await t.query(SEARCH, { query: 'x'.repeat(501) });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.maxLength).toBe(500);
    expect(result.errors?.[0]?.message).toMatch(/at most 500/);
  });

  it('counts characters, not UTF-16 units: 500 of them pass, emoji or not', async () => {
    for (const query of ['x'.repeat(500), '🚀'.repeat(500)]) {
      expect((await t.query(SEARCH, { query })).errors).toBeUndefined();
    }
  });
});

describe('search cost', () => {
  it('runs a handful of statements for 20 hits with their products, entries and relationships', async () => {
    const query = `{
      search(query: "Linkerd", first: 20) {
        totalCount
        edges {
          score
          node {
            __typename
            ... on Product { name uses { product { name } } implements { concept { name } } }
            ... on Entry { title about { name } }
            ... on Concept { name }
            ... on Organization { name }
          }
        }
      }
    }`;
    const result = await t.query<SearchData>(query, {}, { 'x-meshgraph-debug': '1' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.search.edges).toHaveLength(20);
    const neo4j = result.extensions?.neo4j as { queries: number; statements: Record<string, number> };
    expect(neo4j.statements['search[Product,Concept,Organization,Entry]']).toBe(1);
    // The name bonus is ranked in the search statement: no name resolution first.
    expect(Object.keys(neo4j.statements).filter((name) => name.startsWith('resolveNames'))).toEqual([]);
    expect(neo4j.queries).toBeLessThanOrEqual(5);
  });

  it('runs no statement at all for text without words', async () => {
    const result = await t.query(SEARCH, { query: '***' }, { 'x-meshgraph-debug': '1' });
    expect((result.extensions!.neo4j as { queries: number }).queries).toBe(0);
  });
});
