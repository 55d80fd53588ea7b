/**
 * Rules on field arguments, declared on the arguments themselves (`t.arg.int({ validate: … })`)
 * and checked by Pothos's validation plugin before the resolver runs, so a resolver and the
 * stores below it only ever see arguments in range.
 *
 * A rule that fails is BAD_USER_INPUT: its own message, `extensions.argument` (the argument's
 * name, `filter.year` inside an input object), `extensions.index` for an item of a list, and
 * the bounds the rule declares (`max`, `min`, `maxLength`) so a client can show them.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import { BadInputError } from '../errors.js';

/** What a failed rule adds to `extensions` besides `argument`: the bounds it checks. */
type Bounds = Readonly<Record<string, number>>;

/** A rule: when `holds` is false for a given value, the argument is refused with `message` and `bounds`. */
export function rule<T>(schema: z.ZodType<T>, holds: (value: T) => boolean, message: (value: T) => string, bounds: Bounds = {}) {
  return schema.check((payload) => {
    if (!holds(payload.value)) {
      payload.issues.push({ code: 'custom', input: payload.value, message: message(payload.value), params: bounds });
    }
  });
}

/** An Int argument from `min` to `max` (null or left out takes the argument's default). */
export const intBetween = (argument: string, min: number, max: number) =>
  rule(
    z.number(),
    (n) => n >= min && n <= max,
    (n) => `\`${argument}\` must be between ${min} and ${max}, got ${n}.`,
    { max },
  );

/** A list argument that must not be empty. */
export const nonEmpty = (message: string) =>
  rule(
    z.array(z.unknown()),
    (list) => list.length > 0,
    () => message,
  );

/** The error the validation plugin throws for the first rule an argument breaks. */
export function argumentError(failure: StandardSchemaV1.FailureResult): BadInputError {
  const issue = failure.issues[0];
  const path = (issue?.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment));
  const argument = path.filter((segment) => typeof segment === 'string').join('.');
  const index = path.filter((segment) => typeof segment === 'number').pop();
  const bounds = issue && 'params' in issue && typeof issue.params === 'object' ? issue.params : {};
  return new BadInputError(issue?.message ?? `\`${argument}\` is not valid.`, {
    argument,
    ...(index === undefined ? {} : { index }),
    ...bounds,
  });
}

type ArgMapper<Types extends SchemaTypes> = PothosOutputFieldConfig<Types>['argMappers'][number];
type Args = Record<string, unknown>;

const isPromise = (value: unknown): value is Promise<Args> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Checks a field's arguments once per place in a request instead of once per row. A field's
 * arguments are fixed by its place in the document and the request's variables, so a field under
 * a list (a dashboard page's 50 `about(first:)`) has the same arguments on every row; the
 * validation plugin would check them, through zod, on each (3 % of such a page's CPU, issue 12).
 *
 * Pothos hands a field's config to its plugins last to first, so this plugin, placed just before
 * the validation plugin in the builder's list, sees the mappers of the plugins after it (the
 * validation plugin's rules). It runs them for the first row of a place and reuses what they
 * returned for the other rows of the same request (the same context object). Mappers added by
 * plugins before it (the relay plugin's global ids) still run on every row. A mapper that throws
 * is never remembered: it throws wherever it is asked (the cost check before execution usually
 * refuses a broken rule first, with the same error). Mappers that answer with a promise, and
 * requests without a context object, are run every time.
 */
class ArgumentsOncePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const mappers = fieldConfig.argMappers;
    if (mappers.length === 0) return fieldConfig;
    // By request (its context), then by the field's node in the document: within one request the
    // variables never change, so one node's arguments are the same on every row.
    const checked = new WeakMap<object, Map<FieldNode, Args>>();
    const once: ArgMapper<Types> = (args, context, info) => {
      const node = (info as Partial<GraphQLResolveInfo>).fieldNodes?.[0];
      const request: object | undefined = typeof context === 'object' && context !== null ? context : undefined;
      let seen = request && checked.get(request);
      const hit = node && seen?.get(node);
      if (hit) return hit;
      let mapped: Args | Promise<Args> = args;
      for (const mapper of mappers) {
        mapped = isPromise(mapped) ? mapped.then((value) => mapper(value, context, info)) : mapper(mapped, context, info);
      }
      if (node && request && !isPromise(mapped)) {
        if (!seen) checked.set(request, (seen = new Map()));
        seen.set(node, mapped);
      }
      return mapped;
    };
    return { ...fieldConfig, argMappers: [once] };
  }
}

export const argumentsOncePluginName = 'argumentsOnce';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      argumentsOnce: ArgumentsOncePlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(argumentsOncePluginName, ArgumentsOncePlugin);
