/**
 * The cost estimate follows what a request can return: a field with `first`/`last` multiplies its
 * selection by the page it asks for (its default when not given), so page size, direction and
 * nesting all show in the price. Computed by the complexity plugin on the real schema.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isWithin, queryCost } from '../../src/query-cost.js';
import { schema } from '../../src/schema/index.js';
import { DEFAULT_PAGE_SIZE } from '../../src/schema/page-size.js';

const costOf = (query: string) => complexityFromQuery(parse(query), { schema, ctx: { maxComplexity: 50_000 } }).complexity;

describe('the cost of a connection follows its page size', () => {
  const products = (args: string) => costOf(`{ products${args} { edges { node { name slug status } } } }`);
  const one = products('(first: 1)') - products('(first: 0)');

  it('is priced per item asked for, for every page size and either direction', () => {
    expect(one).toBeGreaterThanOrEqual(4); // edge + node + three fields
    for (const n of [0, 1, 7, 20, 100]) expect(products(`(first: ${n})`)).toBe(products('(first: 0)') + n * one);
    expect(products('(last: 100)')).toBe(products('(first: 100)'));
    expect(products('')).toBe(products(`(first: ${DEFAULT_PAGE_SIZE})`));
  });

  it('prices pageInfo and totalCount once per page, not once per item', () => {
    const bare = costOf('{ products(first: 100) { totalCount pageInfo { hasNextPage endCursor } } }');
    expect(bare).toBe(costOf('{ products(first: 1) { totalCount pageInfo { hasNextPage endCursor } } }'));
  });

  it('holds for every root connection and for search', () => {
    for (const [field, node] of [
      ['entries', 'title'],
      ['concepts', 'name'],
      ['organizations', 'name'],
      ['categories', 'name'],
    ] as const) {
      const at = (n: number) => costOf(`{ ${field}(first: ${n}) { edges { node { ${node} } } } }`);
      expect(at(100), field).toBe(at(0) + 100 * (at(1) - at(0)));
      expect(at(1) - at(0), field).toBeGreaterThan(0);
    }
    const search = (n: number | null) =>
      costOf(`{ search(query: "mesh"${n === null ? '' : `, first: ${n}`}) { edges { score node { ... on Product { name } } } } }`);
    expect(search(100)).toBe(search(0) + 100 * (search(1) - search(0)));
    expect(search(100)).toBeGreaterThan(10 * search(1));
    expect(search(null)).toBe(search(0) + DEFAULT_PAGE_SIZE * (search(1) - search(0)));
  });

  it('refuses an out-of-range page before pricing it, by the rule on the argument (BAD_USER_INPUT)', () => {
    expect(() => products('(first: 1000000)')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: '`first` must be between 0 and 100, got 1000000.' }),
    );
    expect(() => products('(last: -1)')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('relationship lists that grow with the data are priced by `first`', () => {
  it('multiplies nested lists by their `first`, default 100', () => {
    const nested = (inner: string) =>
      costOf(`{ entries(first: 100) { edges { node { about${inner} { name ... on Product { entries${inner} { title } } } } } } }`);
    expect(nested('(first: 1)')).toBeLessThan(nested('(first: 10)'));
    // The issue's 110-byte query: 100 entries × 100 topics × 100 entries, far above any budget.
    expect(nested('')).toBeGreaterThan(1_000_000);
    expect(nested('')).toBe(nested('(first: 100)'));
  });

  it('prices a relationship connection by its page size too', () => {
    const at = (n: number) => costOf(`{ product(name: "Istio") { entriesConnection(first: ${n}) { edges { node { title } } } } }`);
    expect(at(100)).toBe(at(0) + 100 * (at(1) - at(0)));
  });
});

describe('an operation is priced once per document, operation and variables', () => {
  const document = parse(`
    query One($n: Int) { products(first: $n) { edges { node { name } } } }
    query Two { entries(first: 5) { edges { node { title } } } }
  `);
  const plugin = (query: string) => complexityFromQuery(parse(query), { schema, ctx: {} });

  it("gives the complexity plugin's figures for the operation that runs, not the document's first", () => {
    expect(queryCost(schema, document, 'One', { n: 7 })).toEqual(plugin('{ products(first: 7) { edges { node { name } } } }'));
    expect(queryCost(schema, document, 'Two', {})).toEqual(plugin('{ entries(first: 5) { edges { node { title } } } }'));
  });

  it('keeps the figures of each variant: asked again, the same figures come back without a new count', () => {
    const seven = queryCost(schema, document, 'One', { n: 7 });
    expect(queryCost(schema, document, 'One', { n: 7 })).toBe(seven);
    expect(queryCost(schema, document, 'One', { n: 8 })!.complexity).toBeGreaterThan(seven!.complexity);
    expect(queryCost(schema, parse(print(document)), 'One', { n: 7 })).not.toBe(seven); // another document: counted afresh
  });

  it('has no figures for what the plugin would refuse to count, and keeps none', () => {
    expect(queryCost(schema, document, 'One', { n: 1000 })).toBeUndefined(); // `first` out of range: BAD_USER_INPUT
    expect(queryCost(schema, document, 'One', { n: 'seven' })).toBeUndefined(); // does not fit Int
    expect(queryCost(schema, document, 'Three', {})).toBeUndefined(); // no such operation
    expect(queryCost(schema, document, null, {})).toBeUndefined(); // two operations and no name
    expect(queryCost(schema, document, 'One', { n: 1000 })).toBeUndefined();
  });

  it("is within the limits by the plugin's comparisons: at a limit is within, one over is not", () => {
    const cost = { complexity: 10, depth: 3, breadth: 4 };
    expect(isWithin(cost, { ...cost })).toBe(true);
    expect(isWithin(cost, { ...cost, complexity: 9 })).toBe(false);
    expect(isWithin(cost, { ...cost, depth: 2 })).toBe(false);
    expect(isWithin(cost, { ...cost, breadth: 3 })).toBe(false);
  });
});
