/**
 * A request's cost is checked before any Cypher runs: too expensive or too deep is refused with
 * QUERY_TOO_COMPLEX and numbers that say by how much.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('refuses more fields at one level than MAX_QUERY_BREADTH', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `f${i}: __typename`).join(' ');
    const result = await narrow.query(`{ ${fields} product(name: "Istio") { name } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxBreadth: 10 });
  });
});
