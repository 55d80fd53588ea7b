/**
 * Read-ahead (src/schema/read-ahead.ts): a root lookup or a page reads the relationship lists
 * selected under its nodes in its own statement. It must answer exactly what the loaders answer
 * — the same items, order, caps, sources and nested lists — whatever the selection's aliases,
 * fragments, variables and directives, and leave to the loaders what it cannot plan.
 * `node(id:)` never reads ahead, so it is the reference each answer is compared with.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fieldsReadingWhole } from '../../src/schema/read-ahead.js';
import { schema } from '../../src/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Measured {
  data: Record<string, unknown>;
  statements: Record<string, number>;
}

async function measure(query: string, variables: Record<string, unknown> = {}): Promise<Measured> {
  const result = await t.query(query, variables, { 'x-meshgraph-debug': '1' });
  expect(result.errors).toBeUndefined();
  return { data: result.data as Record<string, unknown>, statements: (result.extensions as { neo4j: Measured }).neo4j.statements };
}

const SOURCES = 'sources { __typename ... on Entry { title } ... on ExternalSource { url } }';

/** A deep selection on Product: facts with roles and sources, nested lists, aliases with different caps, a fragment. */
const PRODUCT_SELECTION = `
  name
  uses { role confidence ${SOURCES} product { name implements { concept { name } } } }
  usedBy { role product { name description usedBy { product { name } } } }
  ...Reading
  few: entries(first: 2) { title year summary description category { name } }
  many: entries(first: 30) { title }
  developedBy { role organization { name products { product { name } } } }
  successors { depth kind product { name } previous { name } }
  back: predecessors { depth ${SOURCES} product { name status } }
`;
const READING =
  'fragment Reading on Product { entries { title year about { name ... on Concept { definition } } } implements { concept { name definition implementedBy { product { name } } } } }';

async function productByNode(slug: string): Promise<unknown> {
  const id = (await measure(`{ product(name: "${slug}") { id } }`)).data.product as { id: string };
  const { data } = await measure(`query ($id: ID!) { node(id: $id) { ... on Product { ${PRODUCT_SELECTION} } } } ${READING}`, {
    id: id.id,
  });
  return data.node;
}

describe('read-ahead answers what the loaders answer', () => {
  it.each(['istio', 'envoy', 'linkerd', 'maesh', 'traefik-mesh', 'gateway-api'])(
    'product(name: %s): every list, cap, source and nested list',
    async (slug) => {
      const planned = await measure(`{ product(name: "${slug}") { ${PRODUCT_SELECTION} } } ${READING}`);
      expect(planned.data.product).toEqual(await productByNode(slug));
      // Everything but the far nodes' own lists below a node of several labels (about) is one statement.
      expect(planned.statements['resolveNames[Product]+readAhead']).toBe(1);
    },
  );

  it('a page of entries with what they are about, compare and their category, as node(id:) answers each', async () => {
    const selection =
      'slug summary about(first: 3) { name ... on Product { status description uses { product { name } } } } compares { name } category { name path }';
    const page = await measure(`{ entries(first: 40) { edges { node { ${selection} } } } }`);
    expect(page.statements).toEqual({ 'entriesPage+readAhead': 1, 'relations:Product:USES:out': 1 });
    const nodes = (page.data.entries as { edges: Array<{ node: { slug: string } }> }).edges.map((e) => e.node);
    expect(nodes).toHaveLength(40);
    const ids = (await measure(`{ entries(first: 40) { edges { node { id } } } }`)).data.entries as {
      edges: Array<{ node: { id: string } }>;
    };
    const { data } = await measure(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Entry { ${selection} } } }`, {
      ids: ids.edges.map((e) => e.node.id),
    });
    expect(nodes).toEqual(data.nodes);
  });

  it('honours @skip/@include and variables: what is skipped is neither read nor answered', async () => {
    const query = `query ($withUsers: Boolean!, $n: Int!) {
      concept(name: "mTLS") { name entries(first: $n) { title } implementedBy @include(if: $withUsers) { product { name } } }
    }`;
    const without = await measure(query, { withUsers: false, n: 1 });
    expect(without.data.concept).toEqual({ name: 'mTLS', entries: [expect.objectContaining({ title: expect.any(String) })] });
    const withUsers = await measure(query, { withUsers: true, n: 3 });
    const concept = withUsers.data.concept as { entries: unknown[]; implementedBy: unknown[] };
    expect(concept.entries).toHaveLength(3);
    expect(concept.implementedBy.length).toBeGreaterThan(1);
    expect(withUsers.statements).toEqual({ 'resolveNames[Concept]+readAhead': 1 });
    // Plans are kept per field and variables: the same text asked again answers by its own variables.
    expect(await measure(query, { withUsers: false, n: 1 })).toEqual(without);
    expect(await measure(query, { withUsers: true, n: 3 })).toEqual(withUsers);
  });

  it('a far node selected under two aliases is left to the loaders below it, and still answered right', async () => {
    const selection = 'uses { a: product { usedBy { product { name } } } b: product { name implements { concept { name } } } }';
    const planned = await measure(`{ product(name: "Istio") { ${selection} } }`);
    expect(planned.statements).toEqual({
      'resolveNames[Product]+readAhead': 1,
      'relations:Product:USES:in': 1,
      'relations:Product:IMPLEMENTS:out': 1,
    });
    const id = (await measure('{ product(name: "Istio") { id } }')).data.product as { id: string };
    const { data } = await measure(`query ($id: ID!) { node(id: $id) { ... on Product { ${selection} } } }`, { id: id.id });
    expect(planned.data.product).toEqual(data.node);
  });

  it('a `first` out of range is refused by the field itself, as without read-ahead', async () => {
    const result = await t.query('{ concept(name: "mTLS") { name entries(first: 101) { title } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.argument).toBe('first');
  });
});

describe('read-ahead reads the properties the selection reads, and no others', () => {
  /** The Cypher of the statements one request ran (the graph version's read left out). */
  async function statementsOf(query: string): Promise<string[]> {
    const read = vi.spyOn(t.graph, 'read');
    try {
      expect((await t.query(query)).errors).toBeUndefined();
      return read.mock.calls.map(([statement]) => statement.cypher).filter((cypher) => !cypher.includes('graphVersion'));
    } finally {
      read.mockRestore();
    }
  }

  it('every field of a node type says which properties of its row it reads: none makes read-ahead read its node whole', () => {
    expect(fieldsReadingWhole(schema)).toEqual([]);
  });

  it.each([
    // Both chains are read ahead with the product: one statement.
    ['a lineage chain', 'successors { product { name } } back: predecessors { depth }', []],
    // These three lists have loaders of their own, which read by the product's key.
    [
      'supersessions and status claims',
      'supersededBy { kind } supersedes { kind } statusClaims { status }',
      ['relations:Product:SUPERSEDES:in', 'relations:Product:SUPERSEDES:out', 'statusClaimsByProductIds'],
    ],
  ])('a lookup that selects %s reads the product’s name and key only', async (_, selection, loaded) => {
    const [statement, ...others] = await statementsOf(`{ product(name: "Maesh") { name uses { product { name } } ${selection} } }`);
    expect(statement).toContain('props: n {.id, .name}, ahead:');
    expect(statement).not.toMatch(/n \{[^}]*\.description/);
    expect(others.map((cypher) => /^\/\* (\S+) \*\//.exec(cypher)?.[1]).sort()).toEqual([...loaded].sort());
  });

  it('a page of entries reads their category’s depth for `parent` and their categoryId for `categoryPath`, nothing else', async () => {
    const [page] = await statementsOf(
      '{ entries(first: 5) { edges { node { title categoryPath { name } category { name parent { name } } } } } }',
    );
    expect(page).toContain('RETURN [n.id, n.title, n.categoryId] AS node');
    expect(page).toMatch(/RETURN \[c1\.id, c1\.\w+, c1\.\w+\] LIMIT 1/);
    expect(page).toContain('c1.depth');
    expect(page).toContain('c1.name');
  });
});
