/**
 * Lineage through the API: what replaced what (SUPERSEDES, both directions, with kind, date and
 * every source), chains of replacements, and status claims — disagreeing ones included.
 * Every SUPERSEDES row of the bundled dataset is checked, each in its own test.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph/graph.js';
import { MAX_LINEAGE_DEPTH } from '../../src/graph/stores/lineageStore.js';
import { projectPath } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../support/app.js';

interface RelationshipRow {
  type: string;
  from: string;
  to: string;
  kind?: string;
  since?: string | number;
  note?: string;
  sources: string[];
}

const relationships = (parse(readFileSync(projectPath('data', 'relationships.yaml'), 'utf8')) as { relationships: RelationshipRow[] })
  .relationships;
const supersedes = relationships.filter((r) => r.type === 'SUPERSEDES');

type SourceOut = { __typename: 'Entry'; slug: string; title: string } | { __typename: 'ExternalSource'; url: string; title: string };
interface SupersessionOut {
  product: { slug: string; name: string; status: string };
  kind: string;
  since: string | null;
  note: string | null;
  relationshipType: string;
  sources: SourceOut[];
}

const SUPERSESSION = /* GraphQL */ `
  product { slug name status }
  kind since note relationshipType
  sources { __typename ... on Entry { slug title } ... on ExternalSource { url title } }
`;

/** An entry source is named by its id in the dataset, an external one by its URL. */
const refOf = (source: SourceOut) => (source.__typename === 'Entry' ? source.slug : source.url);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('every SUPERSEDES row of the dataset is visible from both of its products', () => {
  it('the dataset has lineage rows to check', () => {
    expect(supersedes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(supersedes.map((row) => [`${row.from} ${row.kind} ${row.to}`, row] as const))('%s', async (_label, row) => {
    const result = await t.query<{ older: { supersededBy: SupersessionOut[] }; newer: { supersedes: SupersessionOut[] } }>(
      `query ($older: String!, $newer: String!) {
        older: product(name: $older) { supersededBy { ${SUPERSESSION} } }
        newer: product(name: $newer) { supersedes { ${SUPERSESSION} } }
      }`,
      { older: row.to, newer: row.from },
    );
    expect(result.errors).toBeUndefined();
    const fromOlder = result.data!.older.supersededBy.find((s) => s.product.slug === row.from);
    const fromNewer = result.data!.newer.supersedes.find((s) => s.product.slug === row.to);
    for (const seen of [fromOlder, fromNewer]) {
      expect(seen).toBeDefined();
      expect(seen!.kind).toBe(row.kind!.toUpperCase());
      expect(seen!.since).toBe(row.since === undefined ? null : String(row.since));
      expect(seen!.note).toBe(row.note ?? null);
      expect(seen!.relationshipType).toBe('SUPERSEDES');
      expect(seen!.sources.map(refOf)).toEqual(row.sources);
      for (const source of seen!.sources) expect(source.title.length).toBeGreaterThan(0);
    }
  });
});

describe('What replaced Maesh?', () => {
  it('Traefik Mesh, renamed in 2020, on the word of the rename commit, the migration docs and the seed entry', async () => {
    const result = await t.query<{
      product: {
        name: string;
        supersededBy: SupersessionOut[];
        successors: Array<{ depth: number; kind: string; product: { name: string }; previous: { name: string } }>;
      };
    }>(`{
      product(name: "Maesh") {
        name
        supersededBy { ${SUPERSESSION} }
        successors { depth kind since product { name } previous { name } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const [renamed, ...others] = result.data!.product.supersededBy;
    expect(others).toEqual([]);
    expect(renamed!.product).toMatchObject({ name: 'Traefik Mesh', status: 'dormant' });
    expect(renamed!.kind).toBe('RENAMED');
    expect(renamed!.since).toMatch(/^2020/);
    expect(renamed!.sources).toContainEqual(
      expect.objectContaining({ __typename: 'ExternalSource', url: 'https://github.com/traefik/mesh/commit/66f6556c' }),
    );
    expect(renamed!.sources).toContainEqual(expect.objectContaining({ __typename: 'Entry', slug: 'maesh-2023' }));
    expect(result.data!.product.successors).toEqual([
      { depth: 1, kind: 'RENAMED', since: '2020-09-16', product: { name: 'Traefik Mesh' }, previous: { name: 'Maesh' } },
    ]);
  });

  it("Traefik Mesh is dormant, and the seed entry's conflicting 'retired' claim is listed with its source too", async () => {
    const result = await t.query<{
      product: { status: string; statusClaims: Array<{ status: string; since: string | null; note: string | null; sources: SourceOut[] }> };
    }>(`{
      product(name: "Traefik Mesh") {
        status
        statusClaims { status since note sources { __typename ... on Entry { slug title } ... on ExternalSource { url title } } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const { status, statusClaims } = result.data!.product;
    expect(status).toBe('dormant');
    expect(statusClaims.map((c) => c.status).sort()).toEqual(['dormant', 'retired']);
    const dormant = statusClaims.find((c) => c.status === 'dormant')!;
    expect(dormant.sources.map(refOf)).toEqual(['https://github.com/traefik/mesh/tags', 'https://github.com/traefik/mesh/issues/870']);
    const retired = statusClaims.find((c) => c.status === 'retired')!;
    expect(retired.since).toBe('2024');
    expect(retired.sources).toEqual([expect.objectContaining({ __typename: 'Entry', slug: 'maesh-2023' })]);
    expect(retired.note).toMatch(/no checked source/);
  });
});

describe('chains of replacements', () => {
  it('successors follow SUPERSEDES transitively, nearest first: i3o → Maesh → Traefik Mesh', async () => {
    const result = await t.query<{
      product: {
        successors: Array<{ depth: number; kind: string; product: { slug: string }; previous: { slug: string }; sources: SourceOut[] }>;
      };
    }>(`{
      product(name: "i3o") { successors { depth kind product { slug } previous { slug } sources { __typename } } }
    }`);
    expect(result.errors).toBeUndefined();
    const steps = result.data!.product.successors;
    expect(steps.map((s) => [s.depth, s.previous.slug, s.product.slug, s.kind])).toEqual([
      [1, 'i3o', 'maesh', 'RENAMED'],
      [2, 'maesh', 'traefik-mesh', 'RENAMED'],
    ]);
    for (const step of steps) expect(step.sources.length).toBeGreaterThan(0);
  });

  it('predecessors walk the other way: Traefik Mesh replaced Maesh, which replaced i3o', async () => {
    const result = await t.query<{ product: { predecessors: Array<{ depth: number; product: { slug: string } }> } }>(`{
      product(name: "Traefik Mesh") { predecessors { depth product { slug } } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.product.predecessors).toEqual([
      { depth: 1, product: { slug: 'maesh' } },
      { depth: 2, product: { slug: 'i3o' } },
    ]);
  });

  it('every chain in the dataset is reported without repeats, each step at its shortest depth', async () => {
    const starts = [...new Set(supersedes.map((r) => r.to))];
    const result = await t.query<{
      products: {
        edges: Array<{
          node: { slug: string; successors: Array<{ depth: number; product: { slug: string }; previous: { slug: string } }> };
        }>;
      };
    }>(`{
      products(first: 100) { edges { node { slug successors { depth product { slug } previous { slug } } } } }
    }`);
    expect(result.errors).toBeUndefined();
    const bySlug = new Map(result.data!.products.edges.map((e) => [e.node.slug, e.node.successors]));
    for (const start of starts) {
      const steps = bySlug.get(start)!;
      const keys = steps.map((s) => `${s.previous.slug}>${s.product.slug}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(steps.map((s) => s.depth)).toEqual([...steps.map((s) => s.depth)].sort((a, b) => a - b));
      expect(steps.every((s) => s.product.slug !== start)).toBe(true);
    }
    // A product nothing replaced has no successors.
    expect(bySlug.get('istio')).toEqual([]);
  });
});

describe('chains are bounded and cycle-free, whatever the data', () => {
  // Temporary products written straight to the graph (ids start with "zz-lineage-"), removed after.
  const cleanup = cypher('testLineageCleanup', "MATCH (p:Product) WHERE p.id STARTS WITH 'zz-lineage-' DETACH DELETE p");
  const chain = cypher(
    'testLineageChain',
    `UNWIND range(0, toInteger($length)) AS i
     CREATE (:Product {id: 'zz-lineage-' + i, name: 'ZZ Lineage ' + i, status: 'active', productType: 'test', description: 'test', aliases: [], languages: []})
     WITH count(*) AS created
     UNWIND range(1, toInteger($length)) AS i
     MATCH (older:Product {id: 'zz-lineage-' + (i - 1)}), (newer:Product {id: 'zz-lineage-' + i})
     CREATE (newer)-[:SUPERSEDES {id: 'SUPERSEDES:zz-lineage-' + i + ':zz-lineage-' + (i - 1), kind: 'replaced', confidence: 'low', sources: ['https://example.org/' + i]}]->(older)`,
  );
  const loop = cypher(
    'testLineageLoop',
    `MATCH (last:Product {id: 'zz-lineage-' + toInteger($length)}), (first:Product {id: 'zz-lineage-0'})
     CREATE (first)-[:SUPERSEDES {id: 'SUPERSEDES:zz-lineage-0:zz-lineage-' + toInteger($length), kind: 'replaced', confidence: 'low', sources: ['https://example.org/loop']}]->(last)`,
  );
  const successors = async (slug: string) => {
    const result = await t.query<{ product: { successors: Array<{ depth: number; product: { slug: string } }> } }>(
      'query ($slug: String!) { product(name: $slug) { successors { depth product { slug } } } }',
      { slug },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.product.successors.map((s) => [s.depth, s.product.slug]);
  };

  it(`a chain longer than ${MAX_LINEAGE_DEPTH} steps is followed ${MAX_LINEAGE_DEPTH} steps`, async () => {
    try {
      await t.graph.write(chain, { length: MAX_LINEAGE_DEPTH + 3 });
      const steps = await successors('zz-lineage-0');
      expect(steps).toEqual(Array.from({ length: MAX_LINEAGE_DEPTH }, (_, i) => [i + 1, `zz-lineage-${i + 1}`]));
    } finally {
      await t.graph.write(cleanup);
    }
  });

  it('a cycle (a → b → c → a) ends where it would come back to the start', async () => {
    try {
      await t.graph.write(chain, { length: 2 });
      await t.graph.write(loop, { length: 2 });
      expect(await successors('zz-lineage-0')).toEqual([
        [1, 'zz-lineage-1'],
        [2, 'zz-lineage-2'],
      ]);
      expect(await successors('zz-lineage-2')).toEqual([
        [1, 'zz-lineage-0'],
        [2, 'zz-lineage-1'],
      ]);
    } finally {
      await t.graph.write(cleanup);
    }
  });
});
