/**
 * Name resolution against the bundled dataset: exact names, ids, aliases and typos, ranked by
 * stage and then by the order of kinds the caller gives; ambiguity reported, never guessed within
 * one kind; many names in one statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/graph.js';
import { ALL_NAME_KINDS, resolveName, resolveNames, throwIfUnresolved } from '../../src/graph/stores/names.js';
import { MeshgraphError, NotFoundError } from '../../src/errors.js';
import { testGraph } from '../support/graph.js';

let graph: Graph;
let statements = 0;
beforeAll(() => {
  graph = testGraph({ onQuery: () => (statements += 1) });
});
afterAll(async () => {
  await graph.close();
});

describe('resolveName', () => {
  it.each([
    ['Istio', 'Product', 'istio', 'name'],
    ['ISTIO', 'Product', 'istio', 'name'],
    ['open-service-mesh', 'Product', 'open-service-mesh', 'name'],
    ['linkerd-1', 'Product', 'linkerd-1', 'id'],
    ['Traefik-Mesh', 'Product', 'traefik-mesh', 'name'],
    ['osm', 'Product', 'open-service-mesh', 'alias'],
    ['Consul Connect', 'Product', 'consul', 'alias'],
    ['mutual TLS', 'Concept', 'mtls', 'alias'],
    ['Cloud Native Computing Foundation', 'Organization', 'cncf', 'alias'],
    ['Maesch', 'Product', 'maesh', 'fuzzy'],
    ['trafik mesh', 'Product', 'traefik-mesh', 'fuzzy'],
    ['Istoi', 'Product', 'istio', 'fuzzy'],
    ['Envoi', 'Product', 'envoy', 'fuzzy'],
  ])('"%s" is the %s %s (matched by %s)', async (name, label, id, matchedBy) => {
    const result = await resolveName(graph, name, ALL_NAME_KINDS);
    expect(result.match).toMatchObject({ label, id, matchedBy });
  });

  it('resolves an entry by its title when no product, concept or organization has that name', async () => {
    const result = await resolveName(graph, 'Benchmarking Linkerd and Istio', ALL_NAME_KINDS);
    expect(result.match).toMatchObject({ label: 'Entry', id: 'benchmarking-linkerd-and-istio-2021', matchedBy: 'name' });
  });

  it('lists every kind matching at the best stage, and picks by the order of kinds given', async () => {
    const result = await resolveName(graph, 'proxyless gRPC', ALL_NAME_KINDS);
    expect(result.ambiguous).toBe(true);
    expect(result.candidates.map((c) => `${c.label}:${c.id}`)).toEqual(['Product:grpc', 'Concept:proxyless-mesh']);
    expect(result.match?.id).toBe('grpc');

    const conceptsFirst = await resolveName(graph, 'proxyless gRPC', ['Concept', 'Product']);
    expect(conceptsFirst.match?.id).toBe('proxyless-mesh');

    const strict = await resolveName(graph, 'proxyless gRPC', ALL_NAME_KINDS, { strict: true });
    expect(strict.match).toBeUndefined();
    expect(() => throwIfUnresolved(strict)).toThrow(MeshgraphError);
  });

  it('a product wins over the entry titled like it ("Istio" is the product, the entry "Istio" a candidate)', async () => {
    const result = await resolveName(graph, 'Istio', ALL_NAME_KINDS);
    expect(result.match).toMatchObject({ label: 'Product', id: 'istio' });
    expect(result.candidates.map((c) => c.label)).toEqual(['Product', 'Entry']);
  });

  it('does not choose between two things of the same kind that match equally well', async () => {
    const result = await resolveName(graph, 'OpenShift Service Mesh', ['Product']);
    expect(result.match).toBeUndefined();
    expect(result.ambiguous).toBe(true);
    expect(result.candidates.map((c) => c.id).sort()).toEqual(['openshift-service-mesh-2', 'openshift-service-mesh-3']);
    try {
      throwIfUnresolved(result);
      expect.unreachable();
    } catch (error) {
      expect((error as MeshgraphError).code).toBe('AMBIGUOUS_NAME');
      expect((error as MeshgraphError).details.candidates).toHaveLength(2);
    }
  });

  it('only looks at the kinds asked for', async () => {
    const result = await resolveName(graph, 'mTLS', ['Product']);
    expect(result.match).toBeUndefined();
    expect(() => throwIfUnresolved(result, 'mTLS', ['Product'])).toThrow(NotFoundError);
  });

  it('answers an unknown name with suggestions that start like it', async () => {
    const result = await resolveName(graph, 'Lin', ['Product']);
    expect(result.match).toBeUndefined();
    expect(result.suggestions).toContain('Linkerd');
    try {
      throwIfUnresolved(result, 'Lin', ['Product']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).details.suggestions).toContain('Linkerd');
    }
  });

  it.each(['', '   ', '"(AND*', '~~~', '\\', '🚀', 'x'.repeat(5000)])('finds nothing for %j, without an error', async (text) => {
    const result = await resolveName(graph, text, ALL_NAME_KINDS);
    expect(result.match).toBeUndefined();
    expect(result.candidates).toEqual([]);
  });
});

describe('resolveNames', () => {
  it('resolves many names in one statement, in order', async () => {
    const before = statements;
    const names = ['Istio', 'osm', 'mutual TLS', 'Maesch', 'CNCF', 'no such thing', '', 'Kuma'];
    const results = await resolveNames(graph, names, ALL_NAME_KINDS);
    expect(statements - before).toBe(1);
    expect(results.map((r) => r.match?.id ?? null)).toEqual(['istio', 'open-service-mesh', 'mtls', 'maesh', 'cncf', null, null, 'kuma']);
    expect(results.map((r) => r.query)).toEqual(names);
  });

  it('runs no statement when no name can match', async () => {
    const before = statements;
    const results = await resolveNames(graph, ['', '  '], ALL_NAME_KINDS);
    expect(statements - before).toBe(0);
    expect(results).toHaveLength(2);
  });
});
