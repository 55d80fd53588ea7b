/**
 * A request's cost is checked before any Cypher runs: too expensive or too deep is refused with
 * QUERY_TOO_COMPLEX and numbers that say by how much.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCost } from '../../src/query-cost.js';
import { schema } from '../../src/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';

let strict: TestApp;
beforeAll(async () => {
  strict = await createTestApp({ MAX_QUERY_COMPLEXITY: '200' });
});
afterAll(() => strict.close());

describe('query cost limits', () => {
  it('refuses a request above MAX_QUERY_COMPLEXITY with QUERY_TOO_COMPLEX, running no statement', async () => {
    const result = await strict.query(
      '{ products(first: 100) { edges { node { name uses { product { name usedBy { product { name } } } } } } } }',
      {},
      { 'x-meshgraph-debug': '1' },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxComplexity: 200 });
    expect(result.errors?.[0]?.message).toMatch(/too expensive: cost \d+, at most 200/);
    expect(result.data ?? null).toBeNull();
  });

  it('checks a document asked again under each variables it comes with: a figure kept for one never lets another through', async () => {
    const query = 'query Page($n: Int) { products(first: $n) { edges { node { name uses { product { name } } } } } }';
    const small = queryCost(schema, parse(query), 'Page', { n: 1 })!;
    const large = queryCost(schema, parse(query), 'Page', { n: 100 })!;
    expect(small.complexity).toBeLessThanOrEqual(200);
    expect(large.complexity).toBeGreaterThan(200);
    for (const n of [1, 100, 1, 100]) {
      const result = await strict.query(query, { n });
      if (n === 1) {
        expect(result.errors).toBeUndefined();
        expect((result.data as { products: { edges: unknown[] } }).products.edges).toHaveLength(1);
      } else {
        expect(result.data ?? null).toBeNull();
        expect(result.errors).toEqual([
          expect.objectContaining({
            path: ['products'],
            extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', complexity: large.complexity, maxComplexity: 200 }),
          }),
        ]);
      }
    }
  });

  it('lets a modest request through under the same limit', async () => {
    const result = await strict.query('{ product(name: "Istio") { name status } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ product: { name: 'Istio' } });
  });
});

describe('depth and breadth limits', () => {
  let narrow: TestApp;
  beforeAll(async () => {
    narrow = await createTestApp({ MAX_QUERY_DEPTH: '3', MAX_QUERY_BREADTH: '10' });
  });
  afterAll(() => narrow.close());

  it('refuses fields nested deeper than MAX_QUERY_DEPTH', async () => {
    const result = await narrow.query('{ product(name: "Istio") { uses { product { name } } } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 3 });
    expect(result.errors?.[0]?.message).toMatch(/too deep/);
    expect((await narrow.query('{ product(name: "Istio") { name } }')).errors).toBeUndefined();
  });

  it('lets a request exactly at MAX_QUERY_DEPTH through, and refuses one a level deeper', async () => {
    const at = '{ product(name: "Istio") { uses { __typename } } }';
    expect(queryCost(schema, parse(at), null, {})?.depth).toBe(3);
    expect((await narrow.query(at)).errors).toBeUndefined();
    const deeper = await narrow.query('{ product(name: "Istio") { uses { product { __typename } } } }');
    expect(deeper.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', depth: 4, maxDepth: 3 });
  });

  it('refuses more fields at one level than MAX_QUERY_BREADTH', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `f${i}: __typename`).join(' ');
    const result = await narrow.query(`{ ${fields} product(name: "Istio") { name } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxBreadth: 10 });
  });
});
