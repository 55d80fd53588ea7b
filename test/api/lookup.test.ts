/**
 * Looking things up: by human name (exact name, id or alias, case-insensitive), misspellings
 * answered with NOT_FOUND and suggestions, and Relay global ids that round-trip through
 * `node(id:)` and `nodes(ids:)` and stay the same across re-imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/importer.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { CURATED_DATASET } from '../support/dataset.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('product(name:), concept(name:) and organization(name:)', () => {
  it.each([
    ['Istio', 'product', 'istio'],
    ['ISTIO', 'product', 'istio'],
    ['istio', 'product', 'istio'],
    ['traefik mesh', 'product', 'traefik-mesh'],
    ['traefik-mesh', 'product', 'traefik-mesh'],
    ['osm', 'product', 'open-service-mesh'],
    ['OSM', 'product', 'open-service-mesh'],
    ['Consul Connect', 'product', 'consul'],
    ['Linkerd2', 'product', 'linkerd'],
    ['Envoy Proxy', 'product', 'envoy'],
    ['mutual TLS', 'concept', 'mtls'],
    ['mTLS', 'concept', 'mtls'],
    // Named by what it drops, sidecarless covers several designs; ambient mesh is one of them.
    ['sidecarless', 'concept', 'sidecarless-mesh'],
    ['ambient mode', 'concept', 'ambient-mesh'],
    ['Cloud Native Computing Foundation', 'organization', 'cncf'],
    ['cncf', 'organization', 'cncf'],
  ])('"%s" is the %s %s', async (name, field, slug) => {
    const result = await t.query<Record<string, { slug: string }>>(`query ($name: String!) { found: ${field}(name: $name) { slug } }`, {
      name,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.found!.slug).toBe(slug);
  });

  it('prefers an exact name over an alias: "Linkerd" is Linkerd (2.x), not Linkerd 1.x', async () => {
    const result = await t.query<{ product: { name: string } }>('{ product(name: "Linkerd") { name } }');
    expect(result.data!.product.name).toBe('Linkerd');
  });

  it.each([
    ['Maesch', 'product', 'Maesh'],
    ['Istoi', 'product', 'Istio'],
    ['Linkerdd', 'product', 'Linkerd'],
  ])('a misspelling ("%s") answers null with NOT_FOUND and suggests the close name', async (name, field, suggestion) => {
    const result = await t.query<Record<string, unknown>>(`query ($name: String!) { found: ${field}(name: $name) { name } }`, { name });
    expect(result.data!.found).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['found']);
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(result.errors![0]!.extensions!.suggestions).toContain(suggestion);
    expect(result.errors![0]!.message).toContain(suggestion);
  });

  it('an unknown name answers null with NOT_FOUND and a list of suggestions (possibly empty)', async () => {
    const result = await t.query<{ product: null }>('{ product(name: "Quantum Teleport Mesh 9000") { name } }');
    expect(result.data!.product).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(Array.isArray(result.errors![0]!.extensions!.suggestions)).toBe(true);
  });

  it('a name close to several products suggests them all: "OpenShift Service Mesh" → 2 and 3', async () => {
    const result = await t.query<{ product: null }>('{ product(name: "OpenShift Service Mesh") { name } }');
    expect(result.data!.product).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(result.errors![0]!.extensions!.suggestions).toEqual(
      expect.arrayContaining(['OpenShift Service Mesh 2', 'OpenShift Service Mesh 3']),
    );
  });

  it('a lookup only answers with its own kind: "mTLS" is not a product', async () => {
    const result = await t.query<{ product: null }>('{ product(name: "mTLS") { name } }');
    expect(result.data!.product).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('several lookups in one request each answer on their own', async () => {
    const result = await t.query<{ a: { name: string }; b: null; c: { name: string } }>(
      '{ a: product(name: "envoy") { name } b: product(name: "nope-nope-nope") { name } c: concept(name: "xDS API") { name } }',
    );
    expect(result.data!.a.name).toBe('Envoy');
    expect(result.data!.b).toBeNull();
    expect(result.data!.c.name).toBe('xDS');
    expect(result.errors!.map((e) => e.path)).toEqual([['b']]);
  });
});

describe('global ids', () => {
  it('round-trip through node(id:) for every kind of node', async () => {
    const listed = await t.query<Record<string, { edges: Array<{ node: { id: string; __typename: string } }> }>>(`{
      products(first: 3) { edges { node { id __typename } } }
      concepts(first: 3) { edges { node { id __typename } } }
      organizations(first: 3) { edges { node { id __typename } } }
      entries(first: 3) { edges { node { id __typename } } }
      categories(first: 3) { edges { node { id __typename } } }
    }`);
    expect(listed.errors).toBeUndefined();
    const nodes = Object.values(listed.data!).flatMap((c) => c.edges.map((e) => e.node));
    expect(nodes).toHaveLength(15);
    for (const node of nodes) {
      const back = await t.query<{ node: { id: string; __typename: string } }>('query ($id: ID!) { node(id: $id) { id __typename } }', {
        id: node.id,
      });
      expect(back.errors).toBeUndefined();
      expect(back.data!.node).toEqual(node);
    }
    const many = await t.query<{ nodes: Array<{ id: string }> }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: nodes.map((n) => n.id),
    });
    expect(many.data!.nodes.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
  });

  it('are derived from the stable slug, so they survive re-imports', async () => {
    const result = await t.query<{ product: { id: string; slug: string } }>('{ product(name: "Istio") { id slug } }');
    expect(Buffer.from(result.data!.product.id, 'base64url').toString('utf8')).toBe('Product:istio');
  });

  it('are the same after the dataset is imported again', async () => {
    const query = '{ products(first: 100) { edges { node { id slug } } } entries(first: 100) { edges { node { id slug } } } }';
    const before = await t.query(query);
    const summary = await importFiles(t.graph, CURATED_DATASET);
    expect(summary.changed).toBe(false);
    const after = await t.query(query);
    expect(after.data).toEqual(before.data);
  });

  it('node(id:) fetches fields of the concrete type', async () => {
    const id = Buffer.from('Product:maesh', 'utf8').toString('base64url');
    const result = await t.query<{ node: { name: string; supersededBy: Array<{ product: { name: string } }> } }>(
      'query ($id: ID!) { node(id: $id) { ... on Product { name supersededBy { product { name } } } } }',
      { id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.node).toEqual({ name: 'Maesh', supersededBy: [{ product: { name: 'Traefik Mesh' } }] });
  });

  it('a well-formed id of nothing answers null', async () => {
    const id = Buffer.from('Product:no-such-product', 'utf8').toString('base64url');
    const result = await t.query<{ node: null }>('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.node).toBeNull();
  });

  it.each([
    ['garbage', 'not base64 at all!'],
    ['an unknown type', Buffer.from('Secret:istio').toString('base64url')],
    ['no colon', Buffer.from('Productistio').toString('base64url')],
  ])('a malformed id (%s) is BAD_USER_INPUT', async (_what, id) => {
    const result = await t.query<{ node: null }>('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});
