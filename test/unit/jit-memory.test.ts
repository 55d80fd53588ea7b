/**
 * Compiled operations (src/execution.ts) must not leave memory behind once their document is
 * gone: graphql-jit's memoized helpers hold what a compilation made weakly (src/jit-memory.ts).
 * Without it, each compilation of the dashboard's document kept about 2 KB for ever.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'graphql';
import memoize from 'lodash.memoize';
import { describe, expect, it } from 'vitest';
import '../../src/execution.js';
import { WeakKeyCache } from '../../src/jit-memory.js';
import { schema } from '../../src/schema/index.js';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const DASHBOARD = 'query Dashboard { entries(first: 50) { edges { node { slug title year about { name } category { name } } } } }';

/** Compiles `count` documents, each parsed anew (as when the parse cache has dropped the last). */
function compileMany(count: number): void {
  for (let i = 0; i < count; i++) {
    const compiled = compileQuery(schema, parse(DASHBOARD), 'Dashboard');
    if (!isCompiledQuery(compiled)) throw new Error('graphql-jit refused the dashboard document');
  }
}

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('graphql-jit keeps nothing of a compilation once its document is gone', () => {
  it('lodash.memoize keeps its results in a cache with weak object keys', () => {
    expect(memoize.Cache).toBe(WeakKeyCache);
    const cache = new WeakKeyCache();
    const key = {};
    cache.set(key, 1).set('name', 2);
    expect([cache.get(key), cache.get('name'), cache.has({}), cache.has('other')]).toEqual([1, 2, false, false]);
    expect(cache.delete(key)).toBe(true);
    expect(cache.has(key)).toBe(false);
  });

  it('compiling 3,000 more documents leaves the heap as it was (under 100 bytes a compilation)', () => {
    compileMany(500); // graphql-jit's and V8's own one-time caches
    const before = heapUsed();
    compileMany(3_000);
    const retainedPerCompilation = (heapUsed() - before) / 3_000;
    expect(retainedPerCompilation).toBeLessThan(100);
  });
});
