/**
 * Rules on field arguments, declared on the arguments themselves (`t.arg.int({ validate: … })`)
 * and checked by Pothos's validation plugin before the resolver runs, so a resolver and the
 * stores below it only ever see arguments in range.
 *
 * A rule that fails is BAD_USER_INPUT: its own message, `extensions.argument` (the argument's
 * name, `filter.year` inside an input object), `extensions.index` for an item of a list, and
 * the bounds the rule declares (`max`, `min`, `maxLength`) so a client can show them.
 */
import type { StandardSchemaV1 } from '@pothos/plugin-validation';
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
