/**
 * `compare`: products side by side — the entries that compare them, each product's facts, the
 * concepts they share and the aspects where they differ — in two statements plus provenance.
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

interface CompareData {
  compare: {
    products: Array<{
      name: string;
      matchedBy: string;
      status: string;
      languages: string[];
      license: string | null;
      product: { slug: string };
      dataPlanes: Array<{ slug: string }>;
      uses: Array<{ product: { slug: string }; role: string | null; sources: Array<{ __typename: string }> }>;
      implements: Array<{ concept: { slug: string } }>;
      organizations: Array<{ organization: { slug: string }; link: string; role: string | null; maturity: string | null }>;
    }>;
    shared: Array<{ slug: string }>;
    differences: Array<{ aspect: string; values: Array<{ product: { slug: string }; values: string[] }> }>;
    entries: Array<{ entry: { slug: string }; compares: string[]; about: string[] }>;
  };
}

const COMPARE = `
  query Compare($products: [String!]!) {
    compare(products: $products) {
      products {
        name matchedBy status languages license
        product { slug }
        dataPlanes { slug }
        uses { product { slug } role sources { __typename } }
        implements { concept { slug } }
        organizations { organization { slug } link role maturity }
      }
      shared { slug }
      differences { aspect values { product { slug } values } }
      entries { entry { slug } compares about }
    }
  }`;

async function compare(products: string[]) {
  const result = await t.query<CompareData>(COMPARE, { products });
  expect(result.errors).toBeUndefined();
  return result.data!.compare;
}

describe('compare', () => {
  it('shows the products in the order given, each recognised by name, alias or a close spelling', async () => {
    const c = await compare(['Istio', 'linkerd', 'Consul Connect']);
    expect(c.products.map((p) => [p.name, p.product.slug, p.matchedBy])).toEqual([
      ['Istio', 'istio', 'NAME'],
      ['linkerd', 'linkerd', 'NAME'],
      ['Consul Connect', 'consul', 'ALIAS'],
    ]);
  });

  it('puts the facts side by side: data planes, concepts, status, languages, licence, organizations', async () => {
    const c = await compare(['Istio', 'Linkerd', 'Consul']);
    const [istio, linkerd, consul] = c.products;
    expect(istio!.dataPlanes.map((p) => p.slug)).toContain('envoy');
    expect(linkerd!.dataPlanes.map((p) => p.slug)).toEqual(['linkerd2-proxy']);
    expect(consul!.uses).toEqual(expect.arrayContaining([expect.objectContaining({ product: { slug: 'envoy' }, role: 'sidecar' })]));
    expect(istio!.uses.every((u) => u.sources.length > 0)).toBe(true);
    expect(linkerd!.languages).toEqual(['Go', 'Rust']);
    expect(consul!.license).toBe('BUSL-1.1');
    expect(istio!.status).toBe('active');
    expect(linkerd!.organizations).toEqual(
      expect.arrayContaining([
        { organization: { slug: 'buoyant' }, link: 'DEVELOPED_BY', role: expect.any(String), maturity: null },
        { organization: { slug: 'cncf' }, link: 'HOSTED_BY', role: null, maturity: 'graduated' },
      ]),
    );
    expect(istio!.implements.map((i) => i.concept.slug)).toContain('mtls');
  });

  it('lists the concepts all of them implement as shared', async () => {
    const c = await compare(['Istio', 'Linkerd', 'Consul']);
    expect(c.shared.map((s) => s.slug)).toContain('mtls');
    for (const product of c.products) {
      for (const shared of c.shared) expect(product.implements.map((i) => i.concept.slug)).toContain(shared.slug);
    }
  });

  it("lists only the aspects where they differ, with every product's values", async () => {
    const c = await compare(['Istio', 'Linkerd', 'Consul']);
    const aspects = c.differences.map((d) => d.aspect);
    expect(aspects).toEqual(expect.arrayContaining(['LICENSE', 'LANGUAGES', 'USES', 'DEVELOPED_BY']));
    expect(aspects).not.toContain('STATUS');
    expect(aspects).not.toContain('PRODUCT_TYPE');
    const license = c.differences.find((d) => d.aspect === 'LICENSE')!;
    expect(license.values.map((v) => [v.product.slug, v.values])).toEqual([
      ['istio', ['Apache-2.0']],
      ['linkerd', ['Apache-2.0']],
      ['consul', ['BUSL-1.1']],
    ]);
    const concepts = c.differences.find((d) => d.aspect === 'CONCEPTS');
    const shared = new Set(c.shared.map((s) => s.slug));
    expect(concepts?.values.every((v) => v.values.every((name) => !shared.has(name)))).toBe(true);
  });

  it('lists the entries that compare them first, then those about several of them', async () => {
    const c = await compare(['Istio', 'Linkerd']);
    const slugs = c.entries.map((e) => e.entry.slug);
    expect(slugs).toEqual(expect.arrayContaining(['benchmarking-linkerd-and-istio-2021', 'is-linkerd-winning-the-service-mesh-race-2022']));
    for (const entry of c.entries) expect(new Set([...entry.compares, ...entry.about]).size).toBeGreaterThanOrEqual(2);
    const firstAboutOnly = c.entries.findIndex((e) => e.compares.length < 2);
    if (firstAboutOnly >= 0) expect(c.entries.slice(firstAboutOnly).every((e) => e.compares.length < 2)).toBe(true);
    const redux = c.entries.find((e) => e.entry.slug === 'benchmarking-linkerd-and-istio-2021-redux-2021');
    expect(redux?.compares).toEqual(['istio', 'linkerd']);
  });

  it('gives the same answer every time', async () => {
    const a = await compare(['Linkerd', 'Istio', 'Kuma']);
    const b = await compare(['Linkerd', 'Istio', 'Kuma']);
    expect(b).toEqual(a);
  });

  it('costs three statements however much is selected: names, facts, and the sources behind them', async () => {
    const result = await t.query(
      COMPARE,
      { products: ['Istio', 'Linkerd', 'Consul', 'Kuma', 'Cilium', 'Open Service Mesh'] },
      { 'x-meshgraph-debug': '1' },
    );
    expect(result.errors).toBeUndefined();
    expect((result.extensions!.neo4j as { queries: number }).queries).toBeLessThanOrEqual(3);
  });
});

describe('compare errors', () => {
  it('needs 2 to 6 products', async () => {
    for (const products of [['Istio'], [], ['Istio', 'Linkerd', 'Consul', 'Kuma', 'Cilium', 'Open Service Mesh', 'Traefik Mesh']]) {
      const result = await t.query(COMPARE, { products });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses two names for the same product', async () => {
    const result = await t.query(COMPARE, { products: ['Consul', 'Consul Connect'] });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/both Consul/);
  });

  it('an unknown product is NOT_FOUND with suggestions and its position', async () => {
    const result = await t.query(COMPARE, { products: ['Istio', 'Lin'] });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('NOT_FOUND');
    expect(error?.extensions?.index).toBe(1);
    expect(error?.extensions?.suggestions).toEqual(expect.arrayContaining(['Linkerd']));
  });

  it('a concept is not a product', async () => {
    const result = await t.query(COMPARE, { products: ['Istio', 'mTLS'] });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a name two products share equally is AMBIGUOUS_NAME with the candidates', async () => {
    const result = await t.query(COMPARE, { products: ['Istio', 'OpenShift Service Mesh'] });
    expect(result.errors?.[0]?.extensions?.code).toBe('AMBIGUOUS_NAME');
    expect(result.errors?.[0]?.extensions?.candidates).toHaveLength(2);
  });
});
