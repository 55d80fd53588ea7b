/**
 * Every curated relationship of the bundled dataset is visible from both of its ends, with its
 * properties (role, maturity, since, note, confidence) and every one of its sources; entries link
 * to what they are about and to their place in the category tree; `relationshipTypes` describes
 * each type.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../support/app.js';

interface RelationshipRow {
  type: string;
  from: string;
  to: string;
  role?: string;
  maturity?: string;
  since?: string | number;
  note?: string;
  confidence?: string;
  sources: string[];
}
const relationships = (parse(readFileSync(projectPath('data', 'relationships.yaml'), 'utf8')) as { relationships: RelationshipRow[] })
  .relationships;

const FACT = `relationshipType role maturity since until note confidence sources { __typename ... on Entry { slug } ... on ExternalSource { url } }`;
const FACT_NO_EXTRAS = `relationshipType since until note confidence sources { __typename ... on Entry { slug } ... on ExternalSource { url } }`;

interface FactOut {
  relationshipType: string;
  role?: string | null;
  maturity?: string | null;
  since: string | null;
  until: string | null;
  note: string | null;
  confidence: string;
  sources: Array<{ __typename: string; slug?: string; url?: string }>;
  product?: { slug: string };
  concept?: { slug: string };
  organization?: { slug: string };
}
type Node = { slug: string } & Record<string, FactOut[] | string>;

/** For each type: the field on the `from` node, the field on the `to` node, and what the other end is called. */
const FIELDS: Record<string, { from: [string, string, string]; to: [string, string, string] }> = {
  USES: { from: ['Product', 'uses', 'product'], to: ['Product', 'usedBy', 'product'] },
  IMPLEMENTS: { from: ['Product', 'implements', 'concept'], to: ['Concept', 'implementedBy', 'product'] },
  DEVELOPED_BY: { from: ['Product', 'developedBy', 'organization'], to: ['Organization', 'products', 'product'] },
  HOSTED_BY: { from: ['Product', 'hostedBy', 'organization'], to: ['Organization', 'hostedProducts', 'product'] },
  PART_OF: { from: ['Product', 'partOf', 'product'], to: ['Product', 'components', 'product'] },
  BASED_ON: { from: ['Product', 'basedOn', 'product'], to: ['Product', 'derivatives', 'product'] },
  INTEGRATES_WITH: { from: ['Product', 'integratesWith', 'product'], to: ['Product', 'integratedBy', 'product'] },
  ALTERNATIVE_TO: { from: ['Product', 'alternatives', 'product'], to: ['Product', 'alternatives', 'product'] },
  RELATED_TO: { from: ['Concept', 'related', 'concept'], to: ['Concept', 'related', 'concept'] },
  SUCCEEDS: { from: ['Organization', 'succeeds', 'organization'], to: ['Organization', 'succeededBy', 'organization'] },
  MEMBER_OF: { from: ['Organization', 'memberOf', 'organization'], to: ['Organization', 'members', 'organization'] },
};

let t: TestApp;
const nodes = new Map<string, Node>();
let statements = 0;

/** The relationship fields to read, by kind of node, in requests small enough for the cost limit. */
const productRelation = (field: string) => `${field} { product { slug } ${FACT} }`;
const REQUESTS: Array<[label: string, field: string, selection: string]> = [
  ['Product', 'products', ['uses', 'usedBy', 'partOf', 'components'].map(productRelation).join('\n')],
  ['Product', 'products', ['basedOn', 'derivatives', 'integratesWith'].map(productRelation).join('\n')],
  ['Product', 'products', ['integratedBy', 'alternatives'].map(productRelation).join('\n')],
  [
    'Product',
    'products',
    `implements { concept { slug } ${FACT_NO_EXTRAS} }
     developedBy { organization { slug } ${FACT} }
     hostedBy { organization { slug } ${FACT} }`,
  ],
  ['Concept', 'concepts', `implementedBy { product { slug } ${FACT} } related { concept { slug } ${FACT_NO_EXTRAS} }`],
  [
    'Organization',
    'organizations',
    `products { product { slug } ${FACT} }
     hostedProducts { product { slug } ${FACT} }
     succeeds { organization { slug } ${FACT} }
     succeededBy { organization { slug } ${FACT} }`,
  ],
  ['Organization', 'organizations', `memberOf { organization { slug } ${FACT} } members { organization { slug } ${FACT} }`],
];

beforeAll(async () => {
  t = await createTestApp();
  for (const [label, field, selection] of REQUESTS) {
    const result = await t.query<Record<string, { edges: Array<{ node: Node }> }>>(
      `{ page: ${field}(first: 100) { edges { node { slug ${selection} } } } }`,
      {},
      { 'x-meshgraph-debug': '1' },
    );
    expect(result.errors).toBeUndefined();
    for (const { node } of result.data!.page!.edges) nodes.set(`${label}:${node.slug}`, { ...nodes.get(`${label}:${node.slug}`), ...node });
    statements += (result.extensions as { neo4j: { queries: number } }).neo4j.queries;
  }
});
afterAll(async () => {
  await t.close();
});

const other = (fact: FactOut, end: string) => (fact as unknown as Record<string, { slug: string }>)[end]!.slug;

describe('every curated relationship is visible from both ends, with its provenance', () => {
  const types = Object.keys(FIELDS);

  it('the dataset has rows of every type the API shows', () => {
    for (const type of types)
      expect(
        relationships.some((r) => r.type === type),
        type,
      ).toBe(true);
  });

  it.each(types)('%s', (type) => {
    const { from, to } = FIELDS[type]!;
    for (const row of relationships.filter((r) => r.type === type)) {
      const seenFrom = (nodes.get(`${from[0]}:${row.from}`)?.[from[1]] as FactOut[] | undefined)?.find((f) => other(f, from[2]) === row.to);
      const seenTo = (nodes.get(`${to[0]}:${row.to}`)?.[to[1]] as FactOut[] | undefined)?.find((f) => other(f, to[2]) === row.from);
      for (const [where, fact] of [
        [`${row.from} ${from[1]}`, seenFrom],
        [`${row.to} ${to[1]}`, seenTo],
      ] as const) {
        expect(fact, `${type} ${row.from} → ${row.to} from ${where}`).toBeDefined();
        expect(fact!.relationshipType).toBe(type);
        if ('role' in fact!) expect(fact!.role).toBe(row.role ?? null);
        if ('maturity' in fact!) expect(fact!.maturity).toBe(row.maturity ?? null);
        expect(fact!.since).toBe(row.since === undefined ? null : String(row.since));
        expect(fact!.note).toBe(row.note ?? null);
        expect(fact!.confidence).toBe((row.confidence ?? 'high').toUpperCase());
        expect(fact!.sources.map((s) => (s.__typename === 'Entry' ? s.slug : s.url))).toEqual(row.sources);
      }
    }
  });

  it('all of that took one statement per request, not one per product', () => {
    // Each page reads its relationship fields ahead, sources resolved inline (src/schema/read-ahead.ts):
    // the shape of the queries decides, not the number of products, concepts or organizations.
    expect(statements).toBe(REQUESTS.length);
  });
});

describe('entries and what they are about', () => {
  it('an entry lists what it is about and compares, and its category path top first', async () => {
    const result = await t.query<{
      entries: {
        edges: Array<{
          node: {
            slug: string;
            categoryNames: string[];
            categoryPath: Array<{ name: string; depth: number }>;
            category: { name: string };
            about: Array<{ __typename: string; slug: string }>;
            compares: Array<{ slug: string }>;
          };
        }>;
      };
    }>(
      '{ entries(first: 100) { edges { node { slug categoryNames categoryPath { name depth } category { name } about { __typename slug } compares { slug } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const bySlug = new Map(result.data!.entries.edges.map((e) => [e.node.slug, e.node]));
    for (const entry of bySlug.values()) {
      expect(entry.categoryPath.map((c) => c.name)).toEqual(entry.categoryNames);
      expect(entry.categoryPath.map((c) => c.depth)).toEqual(entry.categoryNames.map((_, i) => i + 1));
      expect(entry.category.name).toBe(entry.categoryNames[entry.categoryNames.length - 1]);
    }
    const comparison = bySlug.get('service-mesh-vs-api-gateway-2021')!;
    expect(comparison.compares.map((c) => c.slug).sort()).toEqual(['api-gateway', 'service-mesh']);
    expect(comparison.about.map((c) => c.slug)).toEqual(expect.arrayContaining(['api-gateway', 'service-mesh']));
    expect(new Set(comparison.about.map((c) => c.__typename))).toEqual(new Set(['Concept']));
    const istio = bySlug.get('istio-2026')!;
    expect(istio.about).toContainEqual({ __typename: 'Product', slug: 'istio' });
  });

  it('a product lists the entries about it, and each of those entries lists the product', async () => {
    const result = await t.query<{ product: { slug: string; entries: Array<{ slug: string; about: Array<{ slug: string }> }> } }>(
      '{ product(name: "Linkerd") { slug entries { slug year about { slug } } } }',
    );
    expect(result.data!.product.entries.length).toBeGreaterThan(2);
    for (const entry of result.data!.product.entries) expect(entry.about.map((a) => a.slug)).toContain('linkerd');
  });

  it('a concept answers what implements it: mTLS by Istio and Linkerd, among others', async () => {
    const result = await t.query<{ concept: { implementedBy: Array<{ product: { name: string } }> } }>(
      '{ concept(name: "mutual TLS") { implementedBy { product { name } } } }',
    );
    expect(result.data!.concept.implementedBy.map((r) => r.product.name)).toEqual(expect.arrayContaining(['Istio', 'Linkerd']));
  });
});

describe('relationshipTypes', () => {
  it('describes every type with its direction and meaning', async () => {
    const result = await t.query<{
      relationshipTypes: Array<{ type: string; from: string[]; to: string[]; meaning: string; properties: string[] }>;
    }>('{ relationshipTypes { type from to meaning properties } }');
    const byType = new Map(result.data!.relationshipTypes.map((r) => [r.type, r]));
    for (const type of [...new Set(relationships.map((r) => r.type))]) {
      expect(byType.get(type)?.meaning.length, type).toBeGreaterThan(10);
    }
    expect(byType.get('SUPERSEDES')).toMatchObject({ from: ['Product'], to: ['Product'], properties: ['kind'] });
    expect(byType.get('ABOUT')).toMatchObject({ from: ['Entry'], to: ['Product', 'Concept', 'Organization'] });
    expect(byType.get('DEVELOPED_BY')).toMatchObject({ from: ['Product'], to: ['Organization'], properties: ['role'] });
  });
});
