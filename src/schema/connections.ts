/**
 * Shared keyset pagination for the root collections (`entries`, `products`, …): argument checks,
 * opaque cursors, the Relay connection shape, and `totalCount` computed only when selected.
 *
 * A cursor (cursors.ts) holds `{o, k, i}`: the ordering it belongs to (field and direction),
 * the item's sort key and its id (the tie-breaker). A cursor from another ordering, or anything
 * that does not decode, is a BAD_USER_INPUT error. Page sizes go from 0 to 100 (default 20).
 */
import { BadInputError } from '../errors.js';
import type { KeysetPosition, PageRequest, PageResult, SortDirection } from '../graph/stores/paging.js';
import { builder } from '../builder.js';

import { decodeCursor, encodeCursor } from './cursors.js';
import { DEFAULT_PAGE_SIZE } from './page-size.js';

/** Orderings whose sort key is a number (the others sort by text). */
const NUMERIC_ORDERINGS = new Set(['YEAR', 'RATING']);

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Which way an ordering runs.',
  values: {
    ASC: { value: 'ASC', description: 'Smallest first: A to Z, oldest year first, lowest rating first.' },
    DESC: { value: 'DESC', description: 'Largest first: Z to A, newest year first, highest rating first.' },
  } as const,
});

const invalid = (argument: 'after' | 'before') => `\`${argument}\` is not a valid cursor. Use a cursor returned by this field.`;

function keysetCursor(ordering: string, position: KeysetPosition): string {
  return encodeCursor({ o: ordering, k: position.key, i: position.id });
}

function readKeysetCursor(cursor: string, ordering: string, argument: 'after' | 'before'): KeysetPosition {
  const numeric = NUMERIC_ORDERINGS.has(ordering.split(':')[0]!);
  const { o, k, i } = decodeCursor(cursor, argument, invalid(argument), (fields) => {
    const { o, k, i } = fields;
    return typeof i === 'string' && (typeof k === 'string' || typeof k === 'number') ? { o, k, i } : undefined;
  });
  if (o !== ordering) {
    throw new BadInputError(`\`${argument}\` is a cursor for another ordering; use cursors from the same field, filters and orderBy.`, {
      argument,
    });
  }
  if (numeric !== (typeof k === 'number')) throw new BadInputError(invalid(argument), { argument });
  return { key: k, id: i };
}

/**
 * Turns connection arguments into a page request for the stores. Their ranges are checked by the
 * arguments' own rules (src/builder.ts's relay options); only `first` with `last`, a rule across
 * two arguments, is checked here.
 */
export function pageRequest(args: ConnectionArgs, ordering: string, direction: SortDirection): PageRequest {
  const first = args.first ?? null;
  const last = args.last ?? null;
  if (first !== null && last !== null) {
    throw new BadInputError('Pass either `first` (to page forwards) or `last` (to page backwards), not both.', { argument: 'last' });
  }
  const key = `${ordering}:${direction}`;
  return {
    limit: first ?? last ?? DEFAULT_PAGE_SIZE,
    direction,
    backward: last !== null,
    after: args.after ? readKeysetCursor(args.after, key, 'after') : null,
    before: args.before ? readKeysetCursor(args.before, key, 'before') : null,
  };
}

export interface Connection<T> {
  edges: ReadonlyArray<{ readonly cursor: string; readonly node: T }>;
  pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  /** Runs the count statement on first call only (when a client selects totalCount). */
  totalCount: () => Promise<number>;
}

/** One edge of a page; its cursor is encoded when read (a page read without cursors encodes none). */
class KeysetEdge<T> {
  constructor(
    readonly node: T,
    private readonly ordering: string,
    private readonly position: KeysetPosition,
  ) {}

  get cursor(): string {
    return keysetCursor(this.ordering, this.position);
  }
}

/** Builds the connection for one page; `count` runs only if `totalCount` is selected. */
export function toConnection<T>(page: PageResult<T>, request: PageRequest, ordering: string, count: () => Promise<number>): Connection<T> {
  const key = `${ordering}:${request.direction}`;
  const edges = page.rows.map((row) => new KeysetEdge(row.node, key, { key: row.key, id: row.id }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: request.backward ? request.before !== null : page.more,
      hasPreviousPage: request.backward ? page.more : request.after !== null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges[edges.length - 1]?.cursor ?? null;
      },
    },
    totalCount: () => (counted ??= count()),
  };
}

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    // Once per page, not per item: priced in the connection field's own cost.
    complexity: 0,
    description:
      'How many items match the arguments in all (not only this page). Costs one extra count statement, run only when selected (search counts at most 500 hits per kind).',
    resolve: (connection) => connection.totalCount(),
  }),
);
