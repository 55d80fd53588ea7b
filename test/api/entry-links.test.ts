/**
 * What an entry is about is a fact like any other: each link says how sure the graph is of it
 * (curated by hand, or matched by name) and cites the entry itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Link {
  confidence: string;
  relationshipType: string;
  topic: { __typename: string; name: string };
  sources: Array<{ __typename: string; slug?: string }>;
}
interface EntryNode {
  slug: string;
  about: Array<{ name: string }>;
  aboutLinks: Link[];
  comparesLinks: Link[];
}

describe('Entry.aboutLinks and comparesLinks', () => {
  it('give every topic of about/compares with its confidence, citing the entry itself, in a bounded number of statements', async () => {
    const result = await t.query<{ entries: { edges: Array<{ node: EntryNode }> } }>(
      // `first: 10` on the lists: each is priced by its `first` (100 by default), and 100 entries
      // with three lists of 100 links would cost more than MAX_QUERY_COMPLEXITY.
      `{ entries(first: 100) { edges { node {
          slug
          about(first: 10) { name }
          aboutLinks(first: 10) { confidence relationshipType topic { __typename name } sources { __typename ... on Entry { slug } } }
          comparesLinks(first: 10) { confidence relationshipType topic { __typename name } sources { __typename ... on Entry { slug } } }
      } } } }`,
      {},
      { 'x-meshgraph-debug': '1' },
    );
    expect(result.errors).toBeUndefined();
    const entries = result.data!.entries.edges.map((e) => e.node);
    expect(entries).toHaveLength(63);
    const confidences = new Set<string>();
    for (const entry of entries) {
      expect(entry.aboutLinks.map((l) => l.topic.name).sort()).toEqual(entry.about.map((a) => a.name).sort());
      for (const link of [...entry.aboutLinks, ...entry.comparesLinks]) {
        confidences.add(link.confidence);
        expect(link.sources).toContainEqual({ __typename: 'Entry', slug: entry.slug });
      }
      for (const link of entry.aboutLinks) expect(link.relationshipType).toBe('ABOUT');
      for (const link of entry.comparesLinks) expect(link.relationshipType).toBe('COMPARES');
    }
    // Curated links and name matches both occur in the bundled dataset.
    expect([...confidences].sort()).toEqual(['HIGH', 'MEDIUM']);
    expect((result.extensions!.neo4j as { queries: number }).queries).toBeLessThanOrEqual(6);
  });

  it('marks the hand-curated comparison of Istio, Linkerd, Consul and Citrix ADC as HIGH', async () => {
    const result = await t.query<{ entries: { edges: Array<{ node: EntryNode }> } }>(
      `{ entries(first: 5, filter: { about: "Citrix ADC" }) { edges { node {
          slug comparesLinks { confidence topic { name } }
      } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const comparison = result.data!.entries.edges.map((e) => e.node).find((e) => e.slug.startsWith('comparing-service-meshes'));
    expect(comparison?.comparesLinks.map((l) => `${l.topic.name}:${l.confidence}`).sort()).toEqual([
      'Citrix ADC:HIGH',
      'Consul:HIGH',
      'Istio:HIGH',
      'Linkerd:HIGH',
    ]);
  });
});
