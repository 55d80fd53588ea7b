/**
 * The Pothos schema builder: configuration only (plugins, relay options with our global ids, the
 * cost limits) and the root Query type. Types live in src/schema/, one file each.
 *
 * Global ids are base64url of `<Type>:<slug>`: derived from the stable slug, so an id survives
 * re-imports, and checked on the way in (a malformed id or an unknown type is BAD_USER_INPUT).
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Context } from './context.js';
import { BadInputError, MeshgraphError } from './errors.js';
import { NODE_LABELS } from './model.js';
import { limitsFor } from './query-cost.js';
import { responseBudgetPluginName } from './response-budget.js';
import { argumentError, argumentsOncePluginName, intBetween } from './schema/arguments.js';
import { fieldComplexity, MAX_PAGE_SIZE } from './schema/page-size.js';

function describeLimit(
  kind: string,
  r: { complexity: number; maxComplexity?: number; depth: number; maxDepth?: number; breadth: number; maxBreadth?: number },
): string {
  if (kind === 'Depth') return `depth ${r.depth}, at most ${r.maxDepth}`;
  if (kind === 'Breadth') return `${r.breadth} fields at one level, at most ${r.maxBreadth}`;
  return `cost ${r.complexity}, at most ${r.maxComplexity}`;
}

export interface SchemaTypes {
  Context: Context;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  /** What every connection resolver returns besides edges and pageInfo (src/schema/connections.ts). */
  Connection: {
    /** How many items match in all; connections count lazily, only when `totalCount` is selected. */
    totalCount: () => number | Promise<number>;
  };
  Scalars: {
    ID: { Input: string; Output: string | number };
  };
}

/** The builder's own types (SchemaTypes with Pothos's defaults), for code that names refs and field builders. */
export type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>;

/** The types that implement Node; a global id of any other type is refused. */
const NODE_TYPE_NAMES: readonly string[] = NODE_LABELS;

function encodeGlobalID(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

function decodeGlobalID(globalID: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9_\-+/]+={0,2}$/.test(globalID) ? Buffer.from(globalID, 'base64url').toString('utf8') : '';
  const colon = text.indexOf(':');
  const typename = colon > 0 ? text.slice(0, colon) : '';
  const id = colon > 0 ? text.slice(colon + 1) : '';
  if (!NODE_TYPE_NAMES.includes(typename) || id.length === 0) {
    throw new BadInputError(
      `"${globalID}" is not a meshgraph id. Use the \`id\` field of a Product, Concept, Organization, Entry or Category.`,
      {
        argument: 'id',
      },
    );
  }
  return { typename, id };
}

const relayOptions = {
  encodeGlobalID,
  decodeGlobalID,
  nodeTypeOptions: {
    description:
      'Anything with a global id: a Product, Concept, Organization, Entry or Category. Fetch any of them again with `node(id:)`.',
  },
  idFieldOptions: {
    description:
      'An opaque global id, stable across re-imports of the data (it is derived from the slug). Pass it to `node(id:)` to fetch this object again.',
  },
  nodeQueryOptions: {
    description: 'Fetches any object by its global `id`; null when nothing has that id. A malformed id is a BAD_USER_INPUT error.',
    args: { id: { description: 'A global id, as returned by the `id` field of any Node.' } },
  },
  nodesQueryOptions: {
    description: 'Fetches several objects by their global ids, in the same order; null where nothing has that id.',
    args: { ids: { description: 'Global ids, as returned by the `id` field of any Node.' } },
  },
  pageInfoTypeOptions: {
    description: 'Where a page of a connection sits: whether more items exist before and after it, and the cursors to fetch them.',
  },
  hasNextPageFieldOptions: { description: 'True when more items follow this page: ask again with `first` and `after: endCursor`.' },
  hasPreviousPageFieldOptions: { description: 'True when items come before this page: ask again with `last` and `before: startCursor`.' },
  startCursorFieldOptions: { description: 'The cursor of the first item of this page (null when the page is empty).' },
  endCursorFieldOptions: { description: 'The cursor of the last item of this page (null when the page is empty).' },
  cursorFieldOptions: { description: 'An opaque position of this item in the list; pass it as `after` or `before` to page from here.' },
  nodeFieldOptions: { description: 'The item itself.', nullable: false },
  // The connection field multiplies its selection by the page size (fieldComplexity), so the
  // edges list does not multiply again, and pageInfo (once per page) is in the field's own cost.
  edgesFieldOptions: {
    description: 'The items of this page, each with its cursor.',
    nullable: { list: false, items: false },
    complexity: { field: 1, multiplier: 1 },
  },
  pageInfoFieldOptions: { description: 'Whether more pages exist and the cursors to reach them.', complexity: { field: 0, multiplier: 0 } },
  firstArgOptions: {
    description:
      'Return at most this many items from the start (or from `after`): 0 to 100, default 20 when neither first nor last is given.',
    validate: intBetween('first', 0, MAX_PAGE_SIZE),
  },
  lastArgOptions: {
    description: 'Return at most this many items from the end (or up to `before`): 0 to 100. Use either first or last, not both.',
    validate: intBetween('last', 0, MAX_PAGE_SIZE),
  },
  afterArgOptions: { description: 'Return items after this cursor (an `endCursor` or edge `cursor` from an earlier page).' },
  beforeArgOptions: { description: 'Return items before this cursor (a `startCursor` or edge `cursor` from an earlier page).' },
} as const;

export const builder = new SchemaBuilder<SchemaTypes>({
  // Plugins see a field's config last to first: argumentsOnce comes before validation to see the rules it adds.
  plugins: [
    ComplexityPlugin,
    RelayPlugin,
    DataloaderPlugin,
    SimpleObjectsPlugin,
    argumentsOncePluginName,
    ValidationPlugin,
    responseBudgetPluginName,
  ],
  defaultFieldNullability: false,
  // Argument rules are declared on the arguments (src/schema/arguments.ts); a broken one is BAD_USER_INPUT.
  validation: { validationError: argumentError },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    ...relayOptions,
  },
  // Every field costs 1; a field with `first`/`last` multiplies what is below it by the page it
  // asks for, any other list by 10 (src/schema/page-size.ts). A request whose total exceeds
  // MAX_QUERY_COMPLEXITY, that nests fields deeper than MAX_QUERY_DEPTH (12) or puts more than
  // MAX_QUERY_BREADTH (200) at one level, is refused before any Cypher runs.
  complexity: {
    fieldComplexity,
    // None when the request's cost was found within them before it ran (src/query-cost.ts).
    limit: limitsFor,
    complexityError: (kind, result) =>
      new MeshgraphError(
        'QUERY_TOO_COMPLEX',
        `The query is too ${kind === 'Complexity' ? 'expensive' : kind === 'Depth' ? 'deep' : 'broad'}: ${describeLimit(kind, result)}. Ask for fewer fields or smaller pages.`,
        {
          complexity: result.complexity,
          maxComplexity: result.maxComplexity,
          depth: result.depth,
          maxDepth: result.maxDepth,
          breadth: result.breadth,
          maxBreadth: result.maxBreadth,
        },
      ),
  },
});

builder.queryType({
  description: 'The root of every read: look things up by name, browse collections, search, and ask how things relate.',
});
