/**
 * `subgraph`: the neighbourhood of named things as plain nodes and edges, for drawing — names
 * resolved like everywhere else, relationship types from an allowlist, hard caps on depth and
 * size with `truncated` when cut, and the same answer every time.
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

interface SubgraphNode {
  id: string;
  slug: string;
  label: string;
  name: string;
  distance: number;
  centre: boolean;
  status: string | null;
}
interface SubgraphEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  qualifier: string | null;
  since: string | null;
  confidence: string;
  sources: string[];
}
interface Subgraph {
  nodes: SubgraphNode[];
  edges: SubgraphEdge[];
  truncated: boolean;
  depth: number;
  relationshipTypes: string[];
}

const SUBGRAPH = `
  query Subgraph($around: [String!]!, $depth: Int, $types: [RelationshipType!], $maxNodes: Int) {
    subgraph(around: $around, depth: $depth, relationshipTypes: $types, maxNodes: $maxNodes) {
      nodes { id slug label name distance centre status }
      edges { id source target type qualifier since confidence sources }
      truncated depth relationshipTypes
    }
  }`;

async function subgraph(variables: Record<string, unknown>) {
  const result = await t.query<{ subgraph: Subgraph }>(SUBGRAPH, variables);
  return { subgraph: result.data?.subgraph, errors: result.errors };
}

const bySlug = (s: Subgraph) => new Map(s.nodes.map((n) => [n.slug, n]));

describe('subgraph(around: ["Maesh"])', () => {
  it('holds Maesh at the centre and its curated facts one hop away, each edge naming its ends by node id', async () => {
    const { subgraph: s, errors } = await subgraph({ around: ['Maesh'] });
    expect(errors).toBeUndefined();
    expect(s!.nodes[0]).toMatchObject({ slug: 'maesh', name: 'Maesh', label: 'Product', distance: 0, centre: true, status: 'renamed' });
    const nodes = bySlug(s!);
    expect(nodes.get('traefik-mesh')).toMatchObject({ distance: 1, centre: false });
    expect(nodes.get('containous')).toMatchObject({ label: 'Organization', distance: 1 });
    expect(s!.edges).toContainEqual({
      id: 'SUPERSEDES:traefik-mesh:maesh',
      source: nodes.get('traefik-mesh')!.id,
      target: nodes.get('maesh')!.id,
      type: 'SUPERSEDES',
      qualifier: 'renamed',
      since: '2020-09-16',
      confidence: 'HIGH',
      sources: [
        'https://github.com/traefik/mesh/commit/66f6556c',
        'https://doc.traefik.io/traefik-mesh/migration/traefik-mesh-v1/',
        'maesh-2023',
      ],
    });
    const ids = new Set(s!.nodes.map((n) => n.id));
    for (const edge of s!.edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    expect(s!.truncated).toBe(false);
    expect(s!.depth).toBe(1);
  });

  it('gives node ids that node(id:) fetches', async () => {
    const { subgraph: s } = await subgraph({ around: ['Maesh'] });
    const result = await t.query<{ node: { __typename: string; slug: string } }>(
      'query ($id: ID!) { node(id: $id) { __typename ... on Product { slug } } }',
      {
        id: s!.nodes[0]!.id,
      },
    );
    expect(result.data?.node).toEqual({ __typename: 'Product', slug: 'maesh' });
  });

  it('follows the curated facts only by default: no entries, no categories', async () => {
    const { subgraph: s } = await subgraph({ around: ['Istio'], depth: 2 });
    expect(s!.relationshipTypes).not.toContain('ABOUT');
    expect(s!.nodes.every((n) => n.label !== 'Entry' && n.label !== 'Category')).toBe(true);
  });
});

describe('depth', () => {
  it('0 gives the centres and the relationships among them only', async () => {
    const { subgraph: s } = await subgraph({ around: ['Maesh', 'Traefik Mesh'], depth: 0 });
    expect(s!.nodes.map((n) => n.slug)).toEqual(['maesh', 'traefik-mesh']);
    expect(s!.edges.map((e) => e.id)).toEqual(['SUPERSEDES:traefik-mesh:maesh']);
  });

  it('reaches further with each hop, and tells how far each node is', async () => {
    const one = (await subgraph({ around: ['Maesh'], depth: 1 })).subgraph!;
    const two = (await subgraph({ around: ['Maesh'], depth: 2 })).subgraph!;
    expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
    expect(Math.max(...two.nodes.map((n) => n.distance))).toBe(2);
    for (const node of one.nodes) expect(bySlug(two).get(node.slug)?.distance).toBe(node.distance);
  });

  it('is at most 3: more is BAD_USER_INPUT', async () => {
    const { errors } = await subgraph({ around: ['Maesh'], depth: 4 });
    expect(errors?.[0]).toMatchObject({ message: '`depth` must be between 0 and 3, got 4.', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('maxNodes', () => {
  it('cuts the neighbourhood, says truncated, and keeps the nearest nodes', async () => {
    const full = (await subgraph({ around: ['Istio'], depth: 2, maxNodes: 500 })).subgraph!;
    expect(full.truncated).toBe(false);
    const cut = (await subgraph({ around: ['Istio'], depth: 2, maxNodes: 5 })).subgraph!;
    expect(cut.truncated).toBe(true);
    expect(cut.nodes).toHaveLength(5);
    expect(cut.nodes[0]!.slug).toBe('istio');
    expect(cut.nodes.every((n) => n.distance <= 1)).toBe(true);
    const kept = new Set(cut.nodes.map((n) => n.id));
    for (const edge of cut.edges) expect(kept.has(edge.source) && kept.has(edge.target)).toBe(true);
  });

  it('is at most 500: more is BAD_USER_INPUT', async () => {
    const { errors } = await subgraph({ around: ['Istio'], maxNodes: 501 });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/`maxNodes` must be between 1 and 500/);
  });

  it('gives the same nodes and edges, in the same order, every time', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => subgraph({ around: ['Envoy', 'Linkerd'], depth: 2, maxNodes: 12 })));
    expect(runs[1]!.subgraph).toEqual(runs[0]!.subgraph);
    expect(runs[2]!.subgraph).toEqual(runs[0]!.subgraph);
  });
});

describe('relationshipTypes', () => {
  it('follows only the types given', async () => {
    const { subgraph: s } = await subgraph({ around: ['Linkerd 1.x'], depth: 3, types: ['SUPERSEDES'] });
    expect(s!.relationshipTypes).toEqual(['SUPERSEDES']);
    expect(s!.edges.length).toBeGreaterThan(0);
    expect(s!.edges.every((e) => e.type === 'SUPERSEDES')).toBe(true);
    expect(s!.nodes.every((n) => n.label === 'Product')).toBe(true);
  });

  it('reaches entries when asked for ABOUT', async () => {
    const { subgraph: s } = await subgraph({ around: ['Maesh'], types: ['ABOUT'] });
    expect(s!.nodes.some((n) => n.label === 'Entry')).toBe(true);
    expect(s!.edges.every((e) => e.type === 'ABOUT')).toBe(true);
  });

  it('accepts only the allowlisted types (an enum)', async () => {
    const { errors } = await subgraph({ around: ['Maesh'], types: ['HAS_STATUS_CLAIM'] });
    expect(errors?.[0]?.message).toMatch(/Value "HAS_STATUS_CLAIM" does not exist in "RelationshipType" enum/);
  });
});

describe('names', () => {
  it('resolve Products before Concepts: "proxyless gRPC" (an alias of both) is the product gRPC', async () => {
    const { subgraph: s } = await subgraph({ around: ['proxyless gRPC'], depth: 0 });
    expect(s!.nodes).toEqual([expect.objectContaining({ slug: 'grpc', label: 'Product', centre: true })]);
  });

  it('accept concepts and organizations, ids and aliases', async () => {
    const { subgraph: s } = await subgraph({ around: ['mutual TLS', 'cncf'], depth: 0 });
    expect(s!.nodes.map((n) => [n.label, n.slug])).toEqual([
      ['Concept', 'mtls'],
      ['Organization', 'cncf'],
    ]);
  });

  it('that match nothing are NOT_FOUND with suggestions', async () => {
    const { errors } = await subgraph({ around: ['Maesch'] });
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(errors?.[0]?.extensions?.suggestions).toContain('Maesh');
  });
});

describe('subgraph edges cite their sources', () => {
  it('as entries and pages, for every edge, batched into one statement', async () => {
    const t = await createTestApp();
    try {
      const result = await t.query<{
        subgraph: {
          edges: Array<{ type: string; sources: string[]; citations: Array<{ __typename: string; title: string; url: string | null }> }>;
        };
      }>(
        '{ subgraph(around: ["Maesh"], depth: 1) { edges { type sources citations { __typename title url } } } }',
        {},
        { 'x-meshgraph-debug': '1' },
      );
      expect(result.errors).toBeUndefined();
      const edges = result.data!.subgraph.edges;
      expect(edges.length).toBeGreaterThan(2);
      for (const edge of edges) {
        expect(edge.citations.length, `${edge.type} cites ${edge.sources.join(', ')}`).toBe(edge.sources.length);
        for (const citation of edge.citations) expect(citation.title.length).toBeGreaterThan(0);
      }
      const renamed = edges.find((e) => e.type === 'SUPERSEDES' && e.citations.some((c) => c.__typename === 'ExternalSource'));
      expect(renamed?.citations.some((c) => c.url?.startsWith('https://'))).toBe(true);
      const withoutCitations = await t.query(
        '{ subgraph(around: ["Maesh"], depth: 1) { edges { type } } }',
        {},
        { 'x-meshgraph-debug': '1' },
      );
      expect((result.extensions!.neo4j as { queries: number }).queries).toBe(
        (withoutCitations.extensions!.neo4j as { queries: number }).queries + 1,
      );
    } finally {
      await t.close();
    }
  });
});
