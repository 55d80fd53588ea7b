/**
 * Names match however they are written: Unicode form (NFC or NFD), case (Turkish İ, ß), accents
 * and punctuation do not matter, in the full-text indexes and in every place that compares names
 * (lookups, compare, path, subgraph, search); and an exact product, concept or organization name,
 * alias or id outranks every entry in search, however many entries mention it.
 *
 * The accented names come from a small curated fixture imported here (test/fixtures/folding); the
 * bundled dataset is restored afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveName, ALL_NAME_KINDS } from '../../src/graph/stores/names.js';
import { foldName } from '../../src/ingest/fold.js';
import { importFiles } from '../../src/ingest/importer.js';
import { projectPath } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { prepareTestDatabase } from '../support/dataset.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await importFiles(t.graph, [projectPath('test', 'fixtures', 'folding', 'accented.yaml')]);
});
afterAll(async () => {
  await prepareTestDatabase(t.graph);
  await t.close();
});

interface Hit {
  score: number;
  node: { __typename: string; slug: string; name?: string; title?: string };
}
const SEARCH = `
  query Search($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      totalCount
      edges { score node { __typename ... on Product { slug name } ... on Concept { slug name } ... on Organization { slug name } ... on Entry { slug title } } }
    }
  }`;

async function search(query: string, first = 20): Promise<{ totalCount: number; edges: Hit[] }> {
  const result = await t.query<{ search: { totalCount: number; edges: Hit[] } }>(SEARCH, { query, first });
  expect(result.errors, query).toBeUndefined();
  return result.data!.search;
}
const label = (hit: Hit | undefined) => (hit ? `${hit.node.__typename}:${hit.node.slug}` : undefined);

const nfd = (s: string) => s.normalize('NFD');

describe('search over accented names', () => {
  it.each(['Ünlü', 'ünlü', 'unlu', 'UNLU', 'ÜNLÜ', nfd('Ünlü'), 'Ünl', 'unl', 'Çağ', 'cag', 'ÇAĞ', nfd('Çağ'), 'Cag Prox'])(
    'finds Ünlü Mesh for %j',
    async (query) => {
      const page = await search(query);
      expect(page.totalCount).toBeGreaterThan(0);
      expect(page.edges.map(label)).toContain('Product:unlu-mesh');
    },
  );

  it.each([
    ['Ünlü Mesh', 'Product:unlu-mesh'],
    ['unlu mesh', 'Product:unlu-mesh'],
    [nfd('Ünlü Mesh'), 'Product:unlu-mesh'],
    ['ÜNLÜ-MESH', 'Product:unlu-mesh'],
    ['Çağ Proxy', 'Product:unlu-mesh'],
    ['cag proxy', 'Product:unlu-mesh'],
    ['İZMİR MESH', 'Product:izmir-mesh'],
    ['izmir mesh', 'Product:izmir-mesh'],
    ['Straße Gateway', 'Product:strasse-gateway'],
    ['STRASSE GATEWAY', 'Product:strasse-gateway'],
    ['aether gate', 'Product:strasse-gateway'],
    ['ÆTHER GATE', 'Product:strasse-gateway'],
    ['sifir guven agi', 'Concept:sifir-guven'],
    ['SIFIR GÜVEN AĞI', 'Concept:sifir-guven'],
    ['guven agi', 'Concept:sifir-guven'],
    ['orsted labs', 'Organization:orsted-labs'],
    ['ØRSTED LABS', 'Organization:orsted-labs'],
  ])('ranks the node named %j first (%s)', async (query, expected) => {
    const page = await search(query);
    expect(label(page.edges[0])).toBe(expected);
  });

  it('finds words of titles and summaries however they are accented', async () => {
    const page = await search('IZMIR');
    expect(page.edges.map(label)).toEqual(expect.arrayContaining(['Product:izmir-mesh', 'Entry:unlu-mesh-vs-izmir-mesh-2024']));
    const internals = await search('cag proxy internals');
    expect(label(internals.edges[0])).toBe('Entry:cag-proxy-internals-2025');
  });

  it.each([
    // [text, node, lowest score, below]: relevance alone is at most 1, and one bonus applies, the best.
    ['ÜNLÜ MESH', 'Product:unlu-mesh', 4, 5], // its name, folded: +4
    ['unlu-mesh', 'Product:unlu-mesh', 4, 5], // its id: +4
    ['ÇAĞ-PROXY', 'Product:unlu-mesh', 3, 4], // its alias, folded: +3
    ['ünlü mesh', 'Entry:unlu-mesh-2024', 1, 2], // an entry's exact title: +1
    ['ÜNL', 'Product:unlu-mesh', 0.25, 1.25], // the start of its name: +0.25
    ['İzmir', 'Product:izmir-mesh', 0.25, 1.25],
  ])('scores %j for %s with the name bonus, compared folded', async (text, node, lowest, below) => {
    const hit = (await search(text)).edges.find((e) => label(e) === node);
    expect(hit, node).toBeDefined();
    expect(hit!.score).toBeGreaterThanOrEqual(lowest);
    expect(hit!.score).toBeLessThanOrEqual(below);
  });

  it('puts the product above the entry titled exactly like it and every entry that mentions it', async () => {
    const page = await search('Ünlü Mesh');
    expect(page.edges.slice(0, 2).map(label)).toEqual(['Product:unlu-mesh', 'Entry:unlu-mesh-2024']);
    const entryScores = page.edges.filter((e) => e.node.__typename === 'Entry').map((e) => e.score);
    expect(entryScores.length).toBeGreaterThanOrEqual(3);
    expect(page.edges[0]!.score).toBeGreaterThan(Math.max(...entryScores));
  });
});

describe('lookups, compare, path and subgraph with accented names', () => {
  it.each([
    ['Ünlü Mesh', 'unlu-mesh', 'name'],
    [nfd('Ünlü Mesh'), 'unlu-mesh', 'name'],
    ['unlu mesh', 'unlu-mesh', 'name'],
    ['ÜNLÜ MESH', 'unlu-mesh', 'name'],
    ['"Ünlü-Mesh"', 'unlu-mesh', 'name'],
    ['cag proxy', 'unlu-mesh', 'alias'],
    [nfd('Çağ Proxy'), 'unlu-mesh', 'alias'],
    ['İZMİR MESH', 'izmir-mesh', 'name'],
    ['Izmir Mesh', 'izmir-mesh', 'name'],
    ['STRASSE GATEWAY', 'strasse-gateway', 'name'],
    ['Aether Gate', 'strasse-gateway', 'alias'],
    ['SIFIR GÜVEN AĞI', 'sifir-guven', 'name'],
    ['ØRSTED LABS', 'orsted-labs', 'name'],
  ])('%j resolves to %s as an exact %s match, not a fuzzy one', async (text, id, matchedBy) => {
    const result = await resolveName(t.graph, text, ALL_NAME_KINDS);
    expect(result.match).toMatchObject({ id, matchedBy });
  });

  it('product(name:), concept(name:) and organization(name:) accept any spelling of the name', async () => {
    const result = await t.query<Record<string, { slug: string } | null>>(`{
      a: product(name: "unlu mesh") { slug }
      b: product(name: "${nfd('Ünlü Mesh')}") { slug }
      c: product(name: "İZMİR MESH") { slug }
      d: product(name: "ÇAĞ PROXY") { slug }
      e: concept(name: "sifir guven agi") { slug }
      f: organization(name: "orsted labs") { slug }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: { slug: 'unlu-mesh' },
      b: { slug: 'unlu-mesh' },
      c: { slug: 'izmir-mesh' },
      d: { slug: 'unlu-mesh' },
      e: { slug: 'sifir-guven' },
      f: { slug: 'orsted-labs' },
    });
  });

  it('compare matches each name folded', async () => {
    const result = await t.query<{ compare: { products: Array<{ name: string; matchedBy: string; product: { slug: string } }> } }>(
      '{ compare(products: ["unlu mesh", "IZMIR MESH", "aether gate"]) { products { name matchedBy product { slug } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.compare.products).toEqual([
      { name: 'unlu mesh', matchedBy: 'NAME', product: { slug: 'unlu-mesh' } },
      { name: 'IZMIR MESH', matchedBy: 'NAME', product: { slug: 'izmir-mesh' } },
      { name: 'aether gate', matchedBy: 'ALIAS', product: { slug: 'strasse-gateway' } },
    ]);
  });

  it('compare refuses two spellings of one product as the same product', async () => {
    const result = await t.query('{ compare(products: ["Ünlü Mesh", "UNLU-MESH"]) { products { name } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('path resolves both ends folded', async () => {
    const result = await t.query<{ path: { found: boolean; fromMatchedBy: string; toMatchedBy: string; summary: string } }>(
      '{ path(from: "cag proxy", to: "ORSTED LABS") { found fromMatchedBy toMatchedBy summary } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.path).toMatchObject({ found: true, fromMatchedBy: 'ALIAS', toMatchedBy: 'NAME' });
    expect(result.data!.path.summary).toContain('DEVELOPED_BY');
  });

  it('subgraph centres on the node a folded name means', async () => {
    const result = await t.query<{ subgraph: { nodes: Array<{ slug: string; centre: boolean }> } }>(
      'query ($around: [String!]!) { subgraph(around: $around, depth: 1) { nodes { slug centre } } }',
      { around: [nfd('Çağ Proxy'), 'aether gate', 'İZMİR MESH'] },
    );
    expect(result.errors).toBeUndefined();
    const centres = result
      .data!.subgraph.nodes.filter((n) => n.centre)
      .map((n) => n.slug)
      .sort();
    expect(centres).toEqual(['izmir-mesh', 'strasse-gateway', 'unlu-mesh']);
  });
});

describe('an exact name, alias or id outranks every entry', () => {
  it.each([
    ['"Traefik Mesh"', 'Product:traefik-mesh'],
    ['Traefik-Mesh!', 'Product:traefik-mesh'],
    ['traefik_mesh', 'Product:traefik-mesh'],
    ['open-service-mesh', 'Product:open-service-mesh'],
    ['«Open Service Mesh»', 'Product:open-service-mesh'],
    ['mutual-TLS', 'Concept:mtls'],
    ['Service-Mesh', 'Concept:service-mesh'],
    ['cloud_native computing foundation', 'Organization:cncf'],
  ])('%j ranks %s first', async (query, expected) => {
    const page = await search(query);
    expect(label(page.edges[0])).toBe(expected);
  });

  it('holds for every product, concept and organization, by name, alias and id, however written', async () => {
    const all = await t.query<
      Record<
        'products' | 'concepts' | 'organizations',
        { edges: Array<{ node: { __typename: string; slug: string; name: string; aliases: string[] } }> }
      >
    >(`{
      products(first: 100) { edges { node { __typename slug name aliases } } }
      concepts(first: 100) { edges { node { __typename slug name aliases } } }
      organizations(first: 100) { edges { node { __typename slug name aliases } } }
    }`);
    expect(all.errors).toBeUndefined();
    const nodes = [...all.data!.products.edges, ...all.data!.concepts.edges, ...all.data!.organizations.edges].map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(100);
    // Which nodes a folded text names best: by name or id first, else by alias (several when they share it).
    const named = (key: string) => {
      const byName = nodes.filter((n) => foldName(n.name) === key || foldName(n.slug) === key);
      return byName.length > 0 ? byName : nodes.filter((n) => n.aliases.some((a) => foldName(a) === key));
    };
    // Each text written one of two ways: upper-case in quotes, or decomposed (NFD) with dashes.
    const cases = nodes
      .flatMap((node) => [node.name, node.slug, ...node.aliases])
      .map((text, i) => ({
        query: i % 2 === 0 ? `"${text.toUpperCase()}"` : nfd(text).replace(/ /g, '-'),
        expected: named(foldName(text)).map((n) => `${n.__typename}:${n.slug}`),
      }));
    const failures: string[] = [];
    let checked = 0;
    // Ten searches per request (aliases), to keep the test quick.
    for (let start = 0; start < cases.length; start += 10) {
      const batch = cases.slice(start, start + 10);
      const fields = batch.map(
        (_, i) =>
          `s${i}: search(query: $q${i}, first: 1) { edges { node { __typename ... on Product { slug } ... on Concept { slug } ... on Organization { slug } ... on Entry { slug } } } }`,
      );
      const variables = Object.fromEntries(batch.map((c, i) => [`q${i}`, c.query]));
      const result = await t.query<Record<string, { edges: Hit[] }>>(
        `query (${batch.map((_, i) => `$q${i}: String!`).join(', ')}) { ${fields.join('\n')} }`,
        variables,
      );
      expect(result.errors).toBeUndefined();
      batch.forEach((c, i) => {
        checked += 1;
        const first = label(result.data![`s${i}`]!.edges[0]);
        if (!first || !c.expected.includes(first)) failures.push(`${c.query} → ${first}, expected one of ${c.expected.join(', ')}`);
      });
    }
    expect(checked).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });
});
