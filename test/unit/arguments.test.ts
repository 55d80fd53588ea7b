/**
 * Argument rules (src/schema/arguments.ts): what they accept, and the BAD_USER_INPUT error the
 * validation plugin throws for the first one broken — its message, the argument's name (from the
 * issue's path), an item's index, and the bounds the rule declares.
 */
import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadInputError } from '../../src/errors.js';
import { argumentError, intBetween, nonEmpty, rule } from '../../src/schema/arguments.js';

/** Runs a rule as the plugin does, the issues' paths starting with the argument's name. */
function check(schema: StandardSchemaV1, value: unknown, path: PropertyKey[]): BadInputError | undefined {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new Error('rules are synchronous');
  if (!result.issues) return undefined;
  return argumentError({ issues: result.issues.map((issue) => ({ ...issue, path: [...path, ...(issue.path ?? [])] })) });
}

describe('intBetween', () => {
  const maxHops = intBetween('maxHops', 1, 6);

  it('accepts the bounds and what lies between', () => {
    for (const n of [1, 4, 6]) expect(check(maxHops, n, ['maxHops'])).toBeUndefined();
  });

  it('refuses what lies outside, naming the argument and the bound', () => {
    for (const n of [0, 7, -1, 100]) {
      const error = check(maxHops, n, ['maxHops']);
      expect(error).toBeInstanceOf(BadInputError);
      expect(error?.message).toBe(`\`maxHops\` must be between 1 and 6, got ${n}.`);
      expect(error?.details).toEqual({ argument: 'maxHops', max: 6 });
    }
  });
});

describe('rules on lists', () => {
  const around = rule(
    nonEmpty('`around` needs at least one name.'),
    (names) => names.length <= 2,
    (names) => `\`around\` takes at most 2 names, got ${names.length}.`,
    { max: 2 },
  );

  it('reports the first rule broken, with only its own bounds', () => {
    expect(check(around, [], ['around'])?.message).toBe('`around` needs at least one name.');
    expect(check(around, [], ['around'])?.details).toEqual({ argument: 'around' });
    expect(check(around, ['a', 'b', 'c'], ['around'])?.details).toEqual({ argument: 'around', max: 2 });
    expect(check(around, ['a', 'b'], ['around'])).toBeUndefined();
  });

  it('names a field of an input object by its path, and an item by its index', () => {
    const error = check(
      rule(
        z.string(),
        (s) => s.length > 0,
        () => 'empty',
      ),
      '',
      ['filter', 'names', 3],
    );
    expect(error?.details).toEqual({ argument: 'filter.names', index: 3 });
  });
});
