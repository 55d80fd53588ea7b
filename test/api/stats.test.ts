/**
 * `stats`: dashboard counts that add up, ordered for charts, from a single statement.
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

interface Count {
  value: string | null;
  count: number;
}
interface StatsData {
  stats: {
    entryCount: number;
    productCount: number;
    conceptCount: number;
    organizationCount: number;
    entriesByYear: Array<{ year: number; count: number }>;
    entriesByStability: Count[];
    entriesByLevel: Count[];
    entriesByContentLanguage: Count[];
    entriesByTopCategory: Count[];
    productsByStatus: Count[];
    productsByType: Count[];
    mostReferencedProducts: Array<{ product: { slug: string }; count: number; compares: number }>;
    mostReferencedConcepts: Array<{ concept: { slug: string }; count: number; compares: number }>;
  };
}

const STATS = `{
  stats {
    entryCount productCount conceptCount organizationCount
    entriesByYear { year count }
    entriesByStability { value count }
    entriesByLevel { value count }
    entriesByContentLanguage { value count }
    entriesByTopCategory { value count }
    productsByStatus { value count }
    productsByType { value count }
    mostReferencedProducts(first: 5) { product { slug } count compares }
    mostReferencedConcepts(first: 5) { concept { slug } count compares }
  }
}`;

const sum = (counts: Array<{ count: number }>) => counts.reduce((s, c) => s + c.count, 0);

describe('stats', () => {
  it('counts every entry once in each breakdown, and every product once by status and by type', async () => {
    const result = await t.query<StatsData>(STATS);
    expect(result.errors).toBeUndefined();
    const s = result.data!.stats;
    expect(s.entryCount).toBeGreaterThan(0);
    expect(s.productCount).toBeGreaterThan(0);
    for (const breakdown of [s.entriesByYear, s.entriesByStability, s.entriesByLevel, s.entriesByContentLanguage, s.entriesByTopCategory]) {
      expect(sum(breakdown)).toBe(s.entryCount);
    }
    expect(sum(s.productsByStatus)).toBe(s.productCount);
    expect(sum(s.productsByType)).toBe(s.productCount);
  });

  it('orders years oldest first and other breakdowns largest first', async () => {
    const s = (await t.query<StatsData>(STATS)).data!.stats;
    const years = s.entriesByYear.map((y) => y.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    for (const breakdown of [s.entriesByStability, s.productsByStatus, s.productsByType]) {
      const counts = breakdown.map((b) => b.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
    expect(s.productsByStatus[0]).toEqual({ value: 'active', count: expect.any(Number) });
  });

  it('ranks the most-referenced products and concepts, most first', async () => {
    const s = (await t.query<StatsData>(STATS)).data!.stats;
    expect(s.mostReferencedProducts).toHaveLength(5);
    const counts = s.mostReferencedProducts.map((p) => p.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(s.mostReferencedProducts.map((p) => p.product.slug)).toEqual(expect.arrayContaining(['linkerd', 'istio']));
    for (const p of s.mostReferencedProducts) expect(p.compares).toBeLessThanOrEqual(p.count);
    expect(s.mostReferencedConcepts[0]!.count).toBeGreaterThan(0);
  });

  it('answers with one statement', async () => {
    const result = await t.query(STATS, {}, { 'x-meshgraph-debug': '1' });
    expect((result.extensions!.neo4j as { queries: number }).queries).toBe(1);
  });

  it('refuses a top list longer than 50', async () => {
    const result = await t.query('{ stats { mostReferencedProducts(first: 51) { count } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
