/**
 * Typed filters on the root collections, checked against the bundled dataset itself: entries by
 * year range, stability, level, content language, category subtree (by id or by path) and topic;
 * products by status, type and what they use; organizations by type. Unknown names are NOT_FOUND.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId } from '../../src/ingest/slug.js';
import { projectPath } from '../../src/paths.js';
import { createTestApp, type TestApp } from '../support/app.js';

interface EntryRow {
  id: string;
  year: number;
  level?: string;
  stability?: string;
  contentLanguage?: string;
  categoryPath: string[];
}
interface ProductRow {
  id: string;
  status: string;
  productType: string;
}
interface RelationshipRow {
  type: string;
  from: string;
  to: string;
}
const read = <T>(file: string) => parse(readFileSync(projectPath('data', file), 'utf8')) as T;
const entries = read<{ entries: EntryRow[] }>('entries.yaml').entries;
const products = read<{ products: ProductRow[] }>('products.yaml').products;
const relationships = read<{ relationships: RelationshipRow[] }>('relationships.yaml').relationships;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const sorted = (ids: string[]) => [...ids].sort();

async function entrySlugs(filter: Record<string, unknown>): Promise<{ slugs: string[]; totalCount: number }> {
  const result = await t.query<{ entries: { totalCount: number; edges: Array<{ node: { slug: string } }> } }>(
    'query ($filter: EntryFilter) { entries(first: 100, filter: $filter) { totalCount edges { node { slug } } } }',
    { filter },
  );
  expect(result.errors).toBeUndefined();
  return { slugs: sorted(result.data!.entries.edges.map((e) => e.node.slug)), totalCount: result.data!.entries.totalCount };
}

async function productSlugs(filter: Record<string, unknown>): Promise<string[]> {
  const result = await t.query<{ products: { totalCount: number; edges: Array<{ node: { slug: string } }> } }>(
    'query ($filter: ProductFilter) { products(first: 100, filter: $filter) { totalCount edges { node { slug } } } }',
    { filter },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.products.totalCount).toBe(result.data!.products.edges.length);
  return sorted(result.data!.products.edges.map((e) => e.node.slug));
}

const expectEntries = async (filter: Record<string, unknown>, predicate: (e: EntryRow) => boolean) => {
  const expected = sorted(entries.filter(predicate).map((e) => e.id));
  expect(expected.length).toBeGreaterThan(0);
  const { slugs, totalCount } = await entrySlugs(filter);
  expect(slugs).toEqual(expected);
  expect(totalCount).toBe(expected.length);
};

describe('entries(filter:)', () => {
  it('yearFrom and yearTo bound the year, inclusive', async () => {
    await expectEntries({ yearFrom: 2021, yearTo: 2022 }, (e) => e.year >= 2021 && e.year <= 2022);
    await expectEntries({ yearFrom: 2024 }, (e) => e.year >= 2024);
    await expectEntries({ yearTo: 2019 }, (e) => e.year <= 2019);
  });

  it('stability, level and content language match exactly, ignoring case', async () => {
    await expectEntries({ stability: 'enterprise-stable' }, (e) => e.stability === 'ENTERPRISE-STABLE');
    await expectEntries({ stability: 'DE FACTO STANDARD' }, (e) => e.stability === 'DE FACTO STANDARD');
    await expectEntries({ level: 'Advanced' }, (e) => e.level === 'ADVANCED');
    await expectEntries({ contentLanguage: 'rust' }, (e) => e.contentLanguage === 'RUST');
  });

  it('filters combine: all conditions must hold', async () => {
    await expectEntries(
      { yearFrom: 2021, stability: 'COMMUNITY-TOOL', contentLanguage: 'NONE' },
      (e) => e.year >= 2021 && e.stability === 'COMMUNITY-TOOL' && e.contentLanguage === 'NONE',
    );
  });

  it('a filtered list pages forwards and backwards through exactly the entries the filter lets through', async () => {
    type Page = {
      entries: {
        pageInfo: { endCursor: string | null; startCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean };
        edges: Array<{ node: { slug: string } }>;
      };
    };
    const filter = { yearFrom: 2021, contentLanguage: 'NONE' };
    const expected = entries.filter((e) => e.year >= 2021 && e.contentLanguage === 'NONE');
    expect(expected.length).toBeGreaterThan(10);
    const pageQuery = `query ($filter: EntryFilter, $first: Int, $after: String, $last: Int, $before: String) {
      entries(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        pageInfo { endCursor startCursor hasNextPage hasPreviousPage } edges { node { slug } } } }`;
    /** Every slug of the filtered list, page by page of 4 from one end: forwards by `first`/`after`, backwards by `last`/`before`. */
    const walk = async (forwards: boolean): Promise<string[]> => {
      const slugs: string[] = [];
      let cursor: string | null = null;
      let more = true;
      while (more) {
        const page = forwards ? { first: 4, after: cursor } : { last: 4, before: cursor };
        const result: { data?: Page | null; errors?: unknown } = await t.query<Page>(pageQuery, { filter, ...page });
        expect(result.errors).toBeUndefined();
        const { edges, pageInfo } = result.data!.entries;
        const found = edges.map((e) => e.node.slug);
        if (forwards) slugs.push(...found);
        else slugs.unshift(...found);
        cursor = forwards ? pageInfo.endCursor : pageInfo.startCursor;
        more = forwards ? pageInfo.hasNextPage : pageInfo.hasPreviousPage;
      }
      return slugs;
    };
    const forwards = await walk(true);
    expect(sorted(forwards)).toEqual(sorted(expected.map((e) => e.id)));
    expect(new Set(forwards).size).toBe(forwards.length);
    const backwards = await walk(false);
    expect(backwards).toEqual(forwards);
  });

  it('category takes a subtree, by id or by a path of heading names', async () => {
    const under = (prefix: string[]) => (e: EntryRow) => prefix.every((name, i) => e.categoryPath[i] === name);
    const path = ['Cloud Native Infrastructure', 'Service Mesh'];
    await expectEntries({ category: categoryId(path) }, under(path));
    await expectEntries({ category: 'cloud native infrastructure > service mesh' }, under(path));
    await expectEntries({ category: 'Cloud Native Infrastructure/Service Mesh/Linkerd' }, under([...path, 'Linkerd']));
    await expectEntries({ category: 'Cloud Native Networking' }, under(['Cloud Native Networking']));
  });

  it('about takes a product or concept by name, id or alias: its entries and the comparisons it is in', async () => {
    for (const [name, lookup] of [
      ['Linkerd', 'product(name: "Linkerd")'],
      ['osm', 'product(name: "Open Service Mesh")'],
      ['mutual TLS', 'concept(name: "mTLS")'],
      ['service-mesh', 'concept(name: "service mesh")'],
    ] as const) {
      const topic = await t.query<{ topic: { entries: Array<{ slug: string }>; comparedIn: Array<{ slug: string }> } }>(
        `{ topic: ${lookup} { entries { slug } comparedIn { slug } } }`,
      );
      const expected = sorted([...new Set([...topic.data!.topic.entries, ...topic.data!.topic.comparedIn].map((e) => e.slug))]);
      expect(expected.length).toBeGreaterThan(0);
      expect((await entrySlugs({ about: name })).slugs).toEqual(expected);
    }
  });

  it('a filter nothing meets answers an empty page with totalCount 0', async () => {
    expect(await entrySlugs({ yearFrom: 2100 })).toEqual({ slugs: [], totalCount: 0 });
  });

  it.each([
    [{ category: 'No Such Heading > Anywhere' }, 'NOT_FOUND'],
    [{ about: 'Maesch' }, 'NOT_FOUND'],
    [{ about: 'definitely not a thing' }, 'NOT_FOUND'],
  ])('an unknown category or topic (%j) is %s', async (filter, code) => {
    const result = await t.query('query ($filter: EntryFilter) { entries(filter: $filter) { totalCount } }', { filter });
    expect(result.errors![0]!.extensions!.code).toBe(code);
  });
});

describe('products(filter:)', () => {
  it('status and productType match the dataset', async () => {
    expect(await productSlugs({ status: 'archived' })).toEqual(sorted(products.filter((p) => p.status === 'archived').map((p) => p.id)));
    expect(await productSlugs({ status: 'Dormant' })).toEqual(sorted(products.filter((p) => p.status === 'dormant').map((p) => p.id)));
    expect(await productSlugs({ productType: 'proxy' })).toEqual(
      sorted(products.filter((p) => p.productType === 'proxy').map((p) => p.id)),
    );
    expect(await productSlugs({ productType: 'service-mesh', status: 'active' })).toEqual(
      sorted(products.filter((p) => p.productType === 'service-mesh' && p.status === 'active').map((p) => p.id)),
    );
  });

  it('uses takes a product name: the products that use Envoy', async () => {
    const expected = sorted(relationships.filter((r) => r.type === 'USES' && r.to === 'envoy').map((r) => r.from));
    expect(expected.length).toBeGreaterThan(5);
    expect(await productSlugs({ uses: 'Envoy Proxy' })).toEqual(expected);
  });

  it('an unknown product in `uses` is NOT_FOUND with suggestions', async () => {
    const result = await t.query('{ products(filter: { uses: "Envoi" }) { totalCount } }');
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(result.errors![0]!.extensions!.suggestions).toContain('Envoy');
  });
});

describe('organizations(filter:)', () => {
  it('orgType selects foundations, companies …', async () => {
    const result = await t.query<{ organizations: { edges: Array<{ node: { orgType: string } }> } }>(
      '{ organizations(first: 100, filter: { orgType: "foundation" }) { edges { node { orgType } } } }',
    );
    expect(result.data!.organizations.edges.length).toBeGreaterThan(0);
    expect(new Set(result.data!.organizations.edges.map((e) => e.node.orgType))).toEqual(new Set(['foundation']));
  });
});

describe('categories(filter:) and category(path:)', () => {
  it('depth and under select parts of the tree', async () => {
    const top = await t.query<{ categories: { edges: Array<{ node: { depth: number; parent: null } }> } }>(
      '{ categories(first: 100, filter: { depth: 1 }) { edges { node { depth parent { slug } } } } }',
    );
    expect(top.data!.categories.edges.length).toBe(new Set(entries.map((e) => e.categoryPath[0])).size);
    expect(top.data!.categories.edges.every((e) => e.node.depth === 1 && e.node.parent === null)).toBe(true);
    const under = await t.query<{ categories: { edges: Array<{ node: { slug: string } }> } }>(
      '{ categories(first: 100, filter: { under: "Cloud Native Infrastructure > Service Mesh" }) { edges { node { slug } } } }',
    );
    expect(under.data!.categories.edges.length).toBeGreaterThan(3);
    expect(under.data!.categories.edges.every((e) => e.node.slug.startsWith('cloud-native-infrastructure/service-mesh/'))).toBe(true);
  });

  it('category(path:) finds a heading with its parent, children and entries', async () => {
    const result = await t.query<{
      category: {
        name: string;
        depth: number;
        path: string[];
        parent: { slug: string };
        children: Array<{ name: string }>;
        entries: Array<{ slug: string }>;
      };
    }>(
      '{ category(path: "Cloud Native Infrastructure > Service Mesh > Linkerd") { name depth path parent { slug } children { name } entries { slug } } }',
    );
    expect(result.errors).toBeUndefined();
    const { category } = result.data!;
    expect(category.name).toBe('Linkerd');
    expect(category.depth).toBe(3);
    expect(category.parent.slug).toBe('cloud-native-infrastructure/service-mesh');
    const below = entries.filter(
      (e) => e.categoryPath.length > 3 && e.categoryPath.slice(0, 3).join('>') === 'Cloud Native Infrastructure>Service Mesh>Linkerd',
    );
    expect(sorted(category.children.map((c) => c.name))).toEqual(sorted([...new Set(below.map((e) => e.categoryPath[3]!))]));
    const own = entries.filter((e) => e.categoryPath.join('>') === 'Cloud Native Infrastructure>Service Mesh>Linkerd');
    expect(sorted(category.entries.map((e) => e.slug))).toEqual(sorted(own.map((e) => e.id)));
  });

  it('an unknown category is NOT_FOUND', async () => {
    const result = await t.query('{ category(path: "nowhere/at-all") { name } }');
    expect(result.data!.category).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
