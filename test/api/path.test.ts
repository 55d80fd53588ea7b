/**
 * `path`: the shortest connection between two named things, with every hop's relationship type,
 * direction, nodes and provenance; the same answer every time; clear errors for unknown and
 * ambiguous names and for too long searches; `found: false` when nothing connects them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPath } from '../../src/graph/stores/pathStore.js';
import { ALL_NAME_KINDS, resolveNames } from '../../src/graph/stores/names.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface NodeRef {
  __typename: string;
  slug?: string;
  name?: string;
}
interface Hop {
  relationshipType: string;
  direction: 'FORWARD' | 'BACKWARD';
  sentence: string;
  role: string | null;
  kind: string | null;
  since: string | null;
  confidence: string;
  sources: Array<{ __typename: string; url?: string; slug?: string }>;
  from: NodeRef;
  to: NodeRef;
  source: NodeRef;
  target: NodeRef;
}
interface PathData {
  path: {
    found: boolean;
    length: number | null;
    summary: string;
    shortestPathCount: number;
    maxHops: number;
    fromMatchedBy: string;
    toMatchedBy: string;
    from: NodeRef;
    to: NodeRef;
    followed: string[];
    hops: Hop[];
  };
}

const node = `__typename ... on Product { slug } ... on Concept { slug } ... on Organization { slug } ... on Entry { slug } ... on Category { name }`;
const PATH = `
  query Path($from: String!, $to: String!, $maxHops: Int, $via: [RelationshipType!]) {
    path(from: $from, to: $to, maxHops: $maxHops, via: $via) {
      found length summary shortestPathCount maxHops fromMatchedBy toMatchedBy followed
      from { ${node} }
      to { ${node} }
      hops {
        relationshipType direction sentence role kind since confidence
        sources { __typename ... on ExternalSource { url } ... on Entry { slug } }
        from { ${node} } to { ${node} } source { ${node} } target { ${node} }
      }
    }
  }`;

async function path(variables: Record<string, unknown>) {
  const result = await t.query<PathData>(PATH, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.path;
}

const walk = (p: PathData['path']) => [p.hops[0]?.from.slug, ...p.hops.map((h) => h.to.slug)];

describe('path', () => {
  it('takes the shortest connection: Kourier is a curated alternative to Istio (one hop)', async () => {
    const p = await path({ from: 'Kourier', to: 'Istio' });
    expect(p.found).toBe(true);
    expect(p.length).toBe(1);
    expect(p.hops[0]).toMatchObject({ relationshipType: 'ALTERNATIVE_TO', direction: 'FORWARD', sentence: 'Kourier ALTERNATIVE_TO Istio' });
  });

  it('follows only the relationship types asked for: Kourier USES Envoy, which Istio USES too', async () => {
    const p = await path({ from: 'Kourier', to: 'Istio', via: ['USES'] });
    expect(p.summary).toBe('Kourier USES Envoy; Istio USES Envoy');
    expect(walk(p)).toEqual(['kourier', 'envoy', 'istio']);
    expect(p.hops.map((h) => h.direction)).toEqual(['FORWARD', 'BACKWARD']);
    const [first, second] = p.hops;
    expect(first).toMatchObject({ relationshipType: 'USES', role: 'data-plane', source: { slug: 'kourier' }, target: { slug: 'envoy' } });
    expect(second).toMatchObject({
      relationshipType: 'USES',
      role: 'sidecar',
      since: '2017',
      source: { slug: 'istio' },
      target: { slug: 'envoy' },
    });
    expect(p.followed).toEqual(['USES']);
  });

  it('gives every hop its provenance: sources (entries and pages), confidence, since', async () => {
    const p = await path({ from: 'Kourier', to: 'Istio', via: ['USES'] });
    for (const hop of p.hops) {
      expect(hop.sources.length).toBeGreaterThan(0);
      expect(hop.confidence).toMatch(/^(HIGH|MEDIUM|LOW)$/);
    }
    expect(p.hops[0]!.sources).toEqual(
      expect.arrayContaining([{ __typename: 'ExternalSource', url: 'https://github.com/knative/net-kourier' }]),
    );
  });

  it('walks lineage: Traefik Mesh SUPERSEDES Maesh, which SUPERSEDES i3o (names with typos accepted)', async () => {
    const p = await path({ from: 'trafik mesh', to: 'i3o', via: ['SUPERSEDES'] });
    expect(p.fromMatchedBy).toBe('FUZZY');
    expect(p.toMatchedBy).toBe('NAME');
    expect(walk(p)).toEqual(['traefik-mesh', 'maesh', 'i3o']);
    expect(p.hops.map((h) => h.kind)).toEqual(['renamed', 'renamed']);
  });

  it('connects concepts and organizations too (mTLS to CNCF through a product)', async () => {
    const p = await path({ from: 'mutual TLS', to: 'Cloud Native Computing Foundation' });
    expect(p.found).toBe(true);
    expect(p.from).toEqual({ __typename: 'Concept', slug: 'mtls' });
    expect(p.to).toEqual({ __typename: 'Organization', slug: 'cncf' });
    expect(p.length).toBe(2);
    expect(p.hops[0]!.relationshipType).toBe('IMPLEMENTS');
    expect(p.shortestPathCount).toBeGreaterThan(1);
  });

  it('is deterministic when several shortest paths exist', async () => {
    const first = await path({ from: 'mTLS', to: 'CNCF' });
    for (let i = 0; i < 3; i++) {
      const again = await path({ from: 'mTLS', to: 'CNCF' });
      expect(again.summary).toBe(first.summary);
      expect(again.shortestPathCount).toBe(first.shortestPathCount);
    }
  });

  it('prefers curated facts over entry links among equally short paths', async () => {
    const p = await path({ from: 'Linkerd', to: 'Istio', maxHops: 2, via: ['USES', 'ABOUT', 'HOSTED_BY'] });
    expect(p.length).toBe(2);
    expect(p.hops.every((h) => h.relationshipType !== 'ABOUT')).toBe(true);
  });

  it('a thing to itself is a path of length 0', async () => {
    const p = await path({ from: 'Istio', to: 'istio' });
    expect(p).toMatchObject({ found: true, length: 0, hops: [], shortestPathCount: 1 });
  });

  it('says found: false (not an error) when nothing connects them within maxHops', async () => {
    const p = await path({ from: 'Kourier', to: 'i3o', maxHops: 1 });
    expect(p.found).toBe(false);
    expect(p.length).toBeNull();
    expect(p.hops).toEqual([]);
    expect(p.shortestPathCount).toBe(0);
    expect(p.summary).toBe('No connection of at most 1 hops links Kourier and i3o.');
    expect(p.from.slug).toBe('kourier');
    expect(p.to.slug).toBe('i3o');
  });

  it('reaches the category tree only when asked', async () => {
    const plain = await path({ from: 'Benchmarking Linkerd and Istio', to: 'Istio', maxHops: 1 });
    expect(plain.hops.every((h) => h.relationshipType !== 'IN_CATEGORY')).toBe(true);
    const tree = await path({
      from: 'Benchmarking Linkerd and Istio',
      to: 'Benchmarking Linkerd and Istio: 2021 Redux',
      via: ['IN_CATEGORY'],
      maxHops: 2,
    });
    expect(tree.found).toBe(true);
    expect(tree.hops.map((h) => h.relationshipType)).toEqual(['IN_CATEGORY', 'IN_CATEGORY']);
    expect(tree.hops[0]!.to.__typename).toBe('Category');
  });
});

describe('path errors', () => {
  it('an unknown name is NOT_FOUND with suggestions, naming the argument', async () => {
    const result = await t.query(PATH, { from: 'Kourier', to: 'Lin' });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('NOT_FOUND');
    expect(error?.extensions?.argument).toBe('to');
    expect(error?.extensions?.suggestions).toEqual(expect.arrayContaining(['Linkerd', 'Linkerd 1.x']));
  });

  it('a name two things of one kind share equally is AMBIGUOUS_NAME with the candidates', async () => {
    const result = await t.query(PATH, { from: 'OpenShift Service Mesh', to: 'Istio' });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('AMBIGUOUS_NAME');
    expect(error?.extensions?.argument).toBe('from');
    const candidates = error?.extensions?.candidates as Array<{ id: string; label: string }>;
    expect(candidates.map((c) => c.id).sort()).toEqual(['openshift-service-mesh-2', 'openshift-service-mesh-3']);
  });

  it('maxHops is 1 to 6; more is BAD_USER_INPUT', async () => {
    for (const maxHops of [0, 7, 100, -1]) {
      const result = await t.query(PATH, { from: 'Kourier', to: 'Istio', maxHops });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await path({ from: 'Kourier', to: 'Istio', maxHops: 6 })).found).toBe(true);
  });

  /** The answer, and the statements that resolved the names and found the path (not the hops' sources). */
  const statementsOf = async (from: string, to: string) => {
    const result = await t.query<PathData>(PATH, { from, to }, { 'x-meshgraph-debug': '1' });
    expect(result.errors).toBeUndefined();
    const all = (result.extensions!.neo4j as { statements: Record<string, number> }).statements;
    const statements = Object.fromEntries(Object.entries(all).filter(([name]) => /^(path|resolveNames)/.test(name)));
    return { path: result.data!.path, statements };
  };

  it('costs one statement when both names are exact names: resolving them is part of the path', async () => {
    expect((await statementsOf('Kourier', 'Istio')).statements).toEqual({ 'path[byName]': 1 });
    // A concept and an organization by name, in any case.
    expect((await statementsOf('MTLS', 'cncf')).statements).toEqual({ 'path[byName]': 1 });
  });

  it('costs three when a name needs the resolver (alias, id, typo, one thing twice): the answer is the same', async () => {
    for (const [from, to, exact] of [
      ['osm', 'Istio', 'Open Service Mesh'],
      ['open-service-mesh', 'Istio', 'Open Service Mesh'],
      ['Kourier', 'Istoi', 'Istio'],
    ] as const) {
      const resolved = await statementsOf(from, to);
      expect(Object.keys(resolved.statements).sort(), `${from} → ${to}`).toEqual([
        'path[Product-Product]',
        'path[byName]',
        'resolveNames[Concept,Entry,Organization,Product]',
      ]);
      const byNames = await statementsOf(from === 'Kourier' ? from : exact, to === 'Istio' ? to : exact);
      expect(byNames.statements).toEqual({ 'path[byName]': 1 });
      // matchedBy says how each name was recognised; everything else is the same answer.
      const { fromMatchedBy: _a, toMatchedBy: _b, ...answer } = resolved.path;
      const { fromMatchedBy: _c, toMatchedBy: _d, ...expected } = byNames.path;
      expect(answer).toEqual(expected);
    }
    const same = await statementsOf('Istio', 'ISTIO');
    expect(same.statements).toEqual({ 'path[byName]': 1, 'resolveNames[Concept,Entry,Organization,Product]': 1, 'pathEnd[Product]': 1 });
    expect(same.path).toMatchObject({ found: true, length: 0 });
  });

  it('resolves exact names the way the resolver does: products first, then concepts, organizations', async () => {
    for (const [from, to] of [
      ['Kourier', 'Istio'],
      ['mTLS', 'CNCF'],
      ['Traefik Mesh', 'Maesh'],
      ['linkerd', 'ENVOY'],
    ]) {
      const byNames = await statementsOf(from!, to!);
      expect(byNames.statements, `${from} → ${to}`).toEqual({ 'path[byName]': 1 });
      const [a, b] = await resolveNames(t.graph, [from!, to!], ALL_NAME_KINDS);
      const resolved = await findPath(t.graph, { from: a!.match!, to: b!.match!, maxHops: 4 });
      const path = byNames.path;
      expect(path.from.slug).toBe(a!.match!.id);
      expect(path.to.slug).toBe(b!.match!.id);
      expect([path.fromMatchedBy, path.toMatchedBy]).toEqual(['NAME', 'NAME']);
      expect(path.hops.map((h) => h.sentence)).toEqual(
        resolved.hops.map(
          (h) => `${'name' in h.source ? h.source.name : h.source.title} ${h.type} ${'name' in h.target ? h.target.name : h.target.title}`,
        ),
      );
    }
  });
});
