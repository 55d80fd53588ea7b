/**
 * The response budget counts each leaf as the JSON text it adds to the answer: exactly what
 * `JSON.stringify` writes for it, whether the value is sized the quick way (plain strings and
 * numbers) or serialised (anything with characters to escape, lists, booleans).
 */
import { describe, expect, it } from 'vitest';
import { sizeOf } from '../../src/response-budget.js';

describe('the size of a leaf', () => {
  it.each<[string, unknown]>([
    ['a plain string', 'Istio'],
    ['an empty string', ''],
    ['accents and emoji', 'Ünlü Mesh 🚀'],
    ['quotes and backslashes', 'say "mesh" \\ now'],
    ['control characters', 'tab\there\nnewline\u0001'],
    ['a lone surrogate', 'broken \ud800 pair'],
    ['an integer', 2024],
    ['a negative fraction', -0.25],
    ['a large number', 1e21],
    ['a boolean', false],
    ['a list of strings', ['Go', 'Rust "nightly"']],
  ])('is the JSON text of %s', (_what, value) => {
    expect(sizeOf(value, true)).toBe(JSON.stringify(value).length);
  });

  it('is null for a missing value, and a few brackets and separators for objects and lists', () => {
    expect(sizeOf(null, true)).toBe('null'.length);
    expect(sizeOf(undefined, true)).toBe('null'.length);
    expect(sizeOf({ any: 'object' }, false)).toBe(4);
  });
});
