/**
 * Page sizes, and how they price a request. Imported by the builder (the complexity plugin's
 * `fieldComplexity`) as well as by the fields, so it imports nothing of the schema.
 *
 * The cost of a field that takes `first` or `last` follows the page asked for: its selection is
 * multiplied by that page size (the field's default when neither is given), so
 * `products(first: 100)` costs a hundred times one product and `first: 0` only the field itself.
 */
import { type GraphQLField, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Every list field without a page size multiplies its selection by this (docs/limits.md). */
const DEFAULT_LIST_MULTIPLIER = 10;

/** The page a field's arguments ask for, as the cost estimate counts it: `first`, else `last`, else the default; within 0…MAX_PAGE_SIZE. */
function requestedPageSize(args: Record<string, unknown>): number {
  const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
  // Out of range is refused as BAD_USER_INPUT when the field resolves; the estimate must not
  // refuse it first as too expensive, so it prices the largest allowed page.
  return Math.min(Math.max(0, Math.trunc(asked)), MAX_PAGE_SIZE);
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(type) || (isNonNullType(type) && isListType(type.ofType));
}

/**
 * The cost of every field that declares none of its own: 1, times the page size for what is
 * below a field with `first`/`last` (a connection, `search`, a relationship list that grows with
 * the data), times DEFAULT_LIST_MULTIPLIER below any other list.
 */
export function fieldComplexity<C>(args: Record<string, unknown>, _ctx: C, field: GraphQLField<unknown, C>) {
  if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
    return { field: 1, multiplier: requestedPageSize(args) };
  }
  return isList(field.type) ? { field: 1, multiplier: DEFAULT_LIST_MULTIPLIER } : 1;
}
