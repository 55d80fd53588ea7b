/**
 * Keeps graphql-jit from holding on to what it compiled. Import it before graphql-jit (as
 * src/execution.ts does): it must run before graphql-jit's modules create their memoized
 * functions.
 *
 * graphql-jit 0.8.7 memoizes helpers with lodash.memoize, keyed by objects that a compilation
 * creates (the arrays of a field's origin paths) or that belong to one document (its fragments and
 * field nodes). lodash.memoize keeps its keys in a Map for ever, so every compilation retained
 * about 2 KB (a dashboard page's document, measured with a forced collection) after its document
 * was gone: memory that grows with every document a client has compiled. graphql-jit 0.8.9 drops
 * one of these memos, but runs a dashboard page a fifth slower (issue 12, docs/benchmarks.md).
 *
 * lodash.memoize's documented way to change how it keeps results is its `Cache` constructor. The
 * one here holds object keys weakly (an entry goes with its key) and other keys (field and type
 * names, bounded by the schema) in a Map, as before.
 */
import memoize from 'lodash.memoize';

type Cache = typeof memoize.Cache extends new () => infer C ? C : never;

export class WeakKeyCache implements Cache {
  private readonly objects = new WeakMap<object, unknown>();
  private readonly others = new Map<unknown, unknown>();

  get(key: unknown): unknown {
    return isObject(key) ? this.objects.get(key) : this.others.get(key);
  }

  has(key: unknown): boolean {
    return isObject(key) ? this.objects.has(key) : this.others.has(key);
  }

  set(key: unknown, value: unknown): this {
    if (isObject(key)) this.objects.set(key, value);
    else this.others.set(key, value);
    return this;
  }

  delete(key: unknown): boolean {
    return isObject(key) ? this.objects.delete(key) : this.others.delete(key);
  }

  clear(): void {
    // lodash.memoize never clears a cache; a WeakMap cannot be cleared, so it is replaced.
    Object.assign(this, { objects: new WeakMap(), others: new Map() });
  }
}

function isObject(key: unknown): key is object {
  return (typeof key === 'object' && key !== null) || typeof key === 'function';
}

memoize.Cache = WeakKeyCache;
