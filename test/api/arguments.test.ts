/**
 * Argument rules declared in the schema (src/schema/arguments.ts), through the real API: each
 * broken rule is BAD_USER_INPUT with its message and exactly the extensions docs/api.md promises
 * (`argument`, and `max`, `min`, `maxLength` where the rule has a bound), before any Cypher runs.
 * Two names of one product, which only the graph can tell, are refused by the resolver the same way.
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

const PATH = 'query($maxHops: Int) { path(from: "Kourier", to: "Istio", maxHops: $maxHops) { found } }';
const COMPARE = 'query($products: [String!]!) { compare(products: $products) { products { name } } }';
const SUBGRAPH =
  'query($around: [String!]!, $depth: Int, $maxNodes: Int, $types: [RelationshipType!]) { subgraph(around: $around, depth: $depth, maxNodes: $maxNodes, relationshipTypes: $types) { depth } }';
const SEARCH = 'query($query: String!, $first: Int) { search(query: $query, first: $first) { totalCount } }';
const STATS = 'query($first: Int) { stats { mostReferencedProducts(first: $first) { count } } }';

const refusals: Array<[string, string, Record<string, unknown>, string, Record<string, unknown>]> = [
  ['path maxHops 0', PATH, { maxHops: 0 }, '`maxHops` must be between 1 and 6, got 0.', { argument: 'maxHops', max: 6 }],
  ['path maxHops 7', PATH, { maxHops: 7 }, '`maxHops` must be between 1 and 6, got 7.', { argument: 'maxHops', max: 6 }],
  [
    'compare one product',
    COMPARE,
    { products: ['Istio'] },
    'Compare between 2 and 6 products; got 1.',
    { argument: 'products', min: 2, max: 6 },
  ],
  [
    'compare seven products',
    COMPARE,
    { products: ['Istio', 'Linkerd', 'Consul', 'Kuma', 'Cilium', 'Open Service Mesh', 'Traefik Mesh'] },
    'Compare between 2 and 6 products; got 7.',
    { argument: 'products', min: 2, max: 6 },
  ],
  ['subgraph around nothing', SUBGRAPH, { around: [] }, '`around` needs at least one name.', { argument: 'around' }],
  [
    'subgraph around 21 names',
    SUBGRAPH,
    { around: Array.from({ length: 21 }, (_, i) => `name ${i}`) },
    '`around` takes at most 20 names, got 21.',
    { argument: 'around', max: 20 },
  ],
  ['subgraph depth 4', SUBGRAPH, { around: ['Istio'], depth: 4 }, '`depth` must be between 0 and 3, got 4.', { argument: 'depth', max: 3 }],
  [
    'subgraph depth -1',
    SUBGRAPH,
    { around: ['Istio'], depth: -1 },
    '`depth` must be between 0 and 3, got -1.',
    { argument: 'depth', max: 3 },
  ],
  [
    'subgraph maxNodes 0',
    SUBGRAPH,
    { around: ['Istio'], maxNodes: 0 },
    '`maxNodes` must be between 1 and 500, got 0.',
    { argument: 'maxNodes', max: 500 },
  ],
  [
    'subgraph no relationship types',
    SUBGRAPH,
    { around: ['Istio'], types: [] },
    '`relationshipTypes` needs at least one type (or leave it out for the curated facts).',
    { argument: 'relationshipTypes' },
  ],
  [
    'search first 101',
    SEARCH,
    { query: 'istio', first: 101 },
    '`first` must be between 0 and 100, got 101.',
    { argument: 'first', max: 100 },
  ],
  [
    'search text of 501 characters',
    SEARCH,
    { query: 'x'.repeat(501) },
    'The search text is too long: at most 500 characters.',
    { argument: 'query', maxLength: 500 },
  ],
  ['stats first 51', STATS, { first: 51 }, '`first` must be between 1 and 50, got 51.', { argument: 'first', max: 50 }],
  ['stats first 0', STATS, { first: 0 }, '`first` must be between 1 and 50, got 0.', { argument: 'first', max: 50 }],
];

describe('a broken argument rule', () => {
  it.each(refusals)(
    '%s: BAD_USER_INPUT naming the argument and its bound, no statement run',
    async (_, query, variables, message, extensions) => {
      const result = await t.query(query, variables, { 'x-meshgraph-debug': '1' });
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]?.message).toBe(message);
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', ...extensions });
      expect(result.extensions?.neo4j).toMatchObject({ queries: 0 });
    },
  );

  it('passes the bounds themselves', async () => {
    for (const [query, variables] of [
      [PATH, { maxHops: 1 }],
      [PATH, { maxHops: 6 }],
      [COMPARE, { products: ['Istio', 'Linkerd'] }],
      [SUBGRAPH, { around: ['Istio'], depth: 0, maxNodes: 1 }],
      [SUBGRAPH, { around: ['Istio'], depth: 3, maxNodes: 5, types: ['USES'] }],
      [SUBGRAPH, { around: ['Istio'], depth: 0, maxNodes: 500 }],
      [SEARCH, { query: 'x'.repeat(500), first: 0 }],
      [STATS, { first: 1 }],
      [STATS, { first: 50 }],
    ] as const) {
      expect((await t.query(query, variables)).errors, JSON.stringify(variables)).toBeUndefined();
    }
  });
});

describe('a rule only the graph can check', () => {
  // Unknown names (path `from`/`to`, compare's `index`) are covered by path.test.ts and compare.test.ts.
  it('compare: two names of one product are refused at the second one', async () => {
    const result = await t.query(COMPARE, { products: ['Istio', 'Consul', 'Consul Connect'] });
    expect(result.errors?.[0]?.message).toBe('"Consul" and "Consul Connect" are both Consul; compare different products.');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'products', index: 2 });
  });
});

describe('an argument of a field under a list (src/schema/arguments.ts: checked once per place in a request)', () => {
  // Entries listed by a page are read ahead with their `about` lists; entries found by a search
  // are not, so their `about(first:)` is read by the loader with the argument as checked.
  const SHAPES = {
    'read ahead': 'query($n: Int) { entries(first: 3) { edges { node { about(first: $n) { name } } } } }',
    loaded:
      'query($n: Int) { search(query: "istio", types: [ENTRY], first: 3) { edges { node { ... on Entry { about(first: $n) { name } } } } } }',
  };
  type Edges = Array<{ node: { about: unknown[] } }>;
  const edgesOf = (data: unknown): Edges => {
    const root = data as { entries?: { edges: Edges }; search?: { edges: Edges } };
    return (root.entries ?? root.search)?.edges ?? [];
  };

  it.each(Object.entries(SHAPES))("%s: follows each request's variables, on the first run and on compiled ones", async (_, query) => {
    const asked = [1, 3, 1, 3, 0];
    const counts: number[][] = [];
    for (const n of asked) {
      const result = await t.query(query, { n });
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      counts.push(edgesOf(result.data).map((edge) => edge.node.about.length));
    }
    // Each of these entries is about more than one concept, so `first` decides how many are listed.
    expect(counts[0]).toEqual([1, 1, 1]);
    expect(Math.max(...(counts[1] ?? []))).toBeGreaterThan(1);
    expect(counts[2]).toEqual(counts[0]);
    expect(counts[3]).toEqual(counts[1]);
    expect(counts[4]).toEqual([0, 0, 0]);
  });

  it('keeps two places of one field apart, each with its own arguments', async () => {
    const result = await t.query(
      '{ search(query: "istio", types: [ENTRY], first: 3) { edges { node { ... on Entry { one: about(first: 1) { name } all: about(first: 10) { name } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const edges = (result.data as { search: { edges: Array<{ node: { one: unknown[]; all: unknown[] } }> } }).search.edges;
    expect(edges.some(({ node }) => node.all.length > 1)).toBe(true);
    for (const { node } of edges) expect(node.one).toEqual(node.all.slice(0, 1));
  });

  it('refuses a broken one before anything runs, naming the argument', async () => {
    const result = await t.query(SHAPES.loaded, { n: 101 }, { 'x-meshgraph-debug': '1' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toBe('`first` must be between 0 and 100, got 101.');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first', max: 100 });
    expect(result.extensions?.neo4j).toMatchObject({ queries: 0 });
  });
});
