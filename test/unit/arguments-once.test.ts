/**
 * The argumentsOnce plugin (src/schema/arguments.ts) on a small schema of its own, executed by
 * graphql-js without meshgraph's cost check: a field under a list has its argument rules run once
 * per place in a request, and again for the next request; two places keep their own arguments; a
 * broken rule is refused on every row and never remembered; a request without a context object
 * runs the rules on every row.
 */
import SchemaBuilder from '@pothos/core';
import ValidationPlugin from '@pothos/plugin-validation';
import { execute, parse, type ExecutionResult } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { argumentError, argumentsOncePluginName, rule } from '../../src/schema/arguments.js';

let checks = 0;
const atMostThree = rule(
  z.number(),
  (n) => {
    checks += 1;
    return n <= 3;
  },
  (n) => `\`first\` must be at most 3, got ${n}.`,
  { max: 3 },
);

const builder = new SchemaBuilder<{ Context: object }>({
  plugins: [argumentsOncePluginName, ValidationPlugin],
  validation: { validationError: argumentError },
});
const Row = builder.objectRef<{ n: number }>('Row').implement({
  fields: (t) => ({
    upTo: t.int({
      args: { first: t.arg.int({ required: true, validate: atMostThree }) },
      resolve: (row, args) => Math.min(row.n, args.first),
    }),
  }),
});
builder.queryType({ fields: (t) => ({ rows: t.field({ type: [Row], resolve: () => [{ n: 1 }, { n: 2 }, { n: 5 }] }) }) });
const schema = builder.toSchema();

const run = async (query: string, variables: Record<string, unknown> = {}, contextValue: unknown = {}) =>
  (await execute({ schema, document: parse(query), variableValues: variables, contextValue })) as ExecutionResult<{
    rows: Array<Record<string, number | null> | null>;
  }>;

beforeEach(() => {
  checks = 0;
});

describe('argumentsOnce', () => {
  it('runs a place’s rules for its first row only, and again for the next request', async () => {
    const query = 'query($n: Int!) { rows { upTo(first: $n) } }';
    expect((await run(query, { n: 2 })).data?.rows).toEqual([{ upTo: 1 }, { upTo: 2 }, { upTo: 2 }]);
    expect(checks).toBe(1);
    expect((await run(query, { n: 3 })).data?.rows).toEqual([{ upTo: 1 }, { upTo: 2 }, { upTo: 3 }]);
    expect(checks).toBe(2);
  });

  it('keeps two places of one field apart', async () => {
    const result = await run('{ rows { one: upTo(first: 1) three: upTo(first: 3) } }');
    expect(result.data?.rows).toEqual([
      { one: 1, three: 1 },
      { one: 1, three: 2 },
      { one: 1, three: 3 },
    ]);
    expect(checks).toBe(2);
  });

  it('refuses a broken rule on every row and never remembers it', async () => {
    const result = await run('{ rows { upTo(first: 4) } }');
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual(
      [0, 1, 2].map((i) => ['`first` must be at most 3, got 4.', ['rows', i, 'upTo']]),
    );
    expect(checks).toBe(3);
  });

  it('runs the rules on every row of a request without a context object', async () => {
    expect((await run('{ rows { upTo(first: 2) } }', {}, null)).data?.rows).toEqual([{ upTo: 1 }, { upTo: 2 }, { upTo: 2 }]);
    expect(checks).toBe(3);
  });
});
