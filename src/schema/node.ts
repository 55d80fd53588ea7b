/**
 * Relay plumbing shared by every type: the `Node` interface and its `node`/`nodes` root fields
 * (with descriptions), opaque global ids, the `Topic` interface (what an entry can be about), and
 * a helper for per-request DataLoaders that are not tied to one field.
 *
 * Global ids are base64 of `<Type>:<slug>`: derived from the stable slug, so an id survives
 * re-imports, and checked on the way in (a malformed id or an unknown type is BAD_USER_INPUT).
 *
 * Import this module before any module that defines nodes or connections: the relay plugin reads
 * the options set here when it creates the Node interface and the connection arguments.
 */
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { nameLoader, throwIfUnresolved, type NameHit, type NameKind } from '../graph/stores/names.js';
import type { TopicRow } from '../graph/stores/rows.js';

/** The types that implement Node; a global id of any other type is refused. */
export const NODE_TYPE_NAMES = ['Product', 'Concept', 'Organization', 'Entry', 'Category'] as const;

function encodeGlobalID(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

function decodeGlobalID(globalID: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9_\-+/]+={0,2}$/.test(globalID) ? Buffer.from(globalID, 'base64url').toString('utf8') : '';
  const colon = text.indexOf(':');
  const typename = colon > 0 ? text.slice(0, colon) : '';
  const id = colon > 0 ? text.slice(colon + 1) : '';
  if (!(NODE_TYPE_NAMES as readonly string[]).includes(typename) || id.length === 0) {
    throw new BadInputError(`"${globalID}" is not a meshgraph id. Use the \`id\` field of a Product, Concept, Organization, Entry or Category.`, {
      argument: 'id',
    });
  }
  return { typename, id };
}

Object.assign(builder.options.relay ?? {}, {
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
  pageInfoTypeOptions: { description: 'Where a page of a connection sits: whether more items exist before and after it, and the cursors to fetch them.' },
  hasNextPageFieldOptions: { description: 'True when more items follow this page: ask again with `first` and `after: endCursor`.' },
  hasPreviousPageFieldOptions: { description: 'True when items come before this page: ask again with `last` and `before: startCursor`.' },
  startCursorFieldOptions: { description: 'The cursor of the first item of this page (null when the page is empty).' },
  endCursorFieldOptions: { description: 'The cursor of the last item of this page (null when the page is empty).' },
  cursorFieldOptions: { description: 'An opaque position of this item in the list; pass it as `after` or `before` to page from here.' },
  nodeFieldOptions: { description: 'The item itself.' },
  edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
  pageInfoFieldOptions: { description: 'Whether more pages exist and the cursors to reach them.' },
  firstArgOptions: { description: 'Return at most this many items from the start (or from `after`): 0 to 100, default 20 when neither first nor last is given.' },
  lastArgOptions: { description: 'Return at most this many items from the end (or up to `before`): 0 to 100. Use either first or last, not both.' },
  afterArgOptions: { description: 'Return items after this cursor (an `endCursor` or edge `cursor` from an earlier page).' },
  beforeArgOptions: { description: 'Return items before this cursor (a `startCursor` or edge `cursor` from an earlier page).' },
});

export const NodeInterface = builder.nodeInterfaceRef();

/** Products, concepts and organizations: the things entries are about. */
export const Topic = builder.interfaceRef<TopicRow>('Topic').implement({
  description: 'Something the field talks about: a Product, a Concept or an Organization. Entries are about topics.',
  interfaces: [NodeInterface],
  resolveType: (row) => row.__typename,
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'The stable, human-readable id of this topic, e.g. "istio" or "mtls".' }),
    name: t.exposeString('name', { description: 'The usual name, e.g. "Istio", "mTLS" or "CNCF".' }),
    aliases: t.exposeStringList('aliases', { description: 'Other names and spellings this topic is known by (lookups by name accept them too).' }),
  }),
});

/**
 * A DataLoader per request (kept on the request's context), for loads shared by several fields.
 * Field-specific loads use the dataloader plugin's `t.loadable*` instead.
 */
export function requestLoader<K, V>(batch: (keys: readonly K[], ctx: Context) => Promise<ArrayLike<V | Error>>) {
  const cache = createContextCache((ctx: Context) => new DataLoader<K, V>((keys) => batch(keys, ctx)));
  return (ctx: Context): DataLoader<K, V> => cache(ctx);
}

/**
 * The node a person means by `name` — its exact name, its id or an alias, case-insensitive, in
 * that order. A misspelling (only a fuzzy match) or an unknown name is a NOT_FOUND error whose
 * `suggestions` list the close names ("Maesch" → Maesh); a name, id or alias shared by several
 * nodes of the same kind is AMBIGUOUS_NAME with its `candidates`.
 */
export async function lookupByName(ctx: Context, name: string, kinds: NameKind[]): Promise<NameHit> {
  const result = await nameLoader(ctx, kinds).load(name);
  // Fuzzy hits are only close, never the thing named: they become suggestions.
  if (result.candidates[0]?.matchedBy === 'fuzzy') {
    const close = [...new Set([...result.candidates.map((c) => c.name), ...result.suggestions])];
    throw new NotFoundError(`No ${kindWords(kinds)} is named "${name}". Did you mean ${close.map((s) => `"${s}"`).join(', ')}?`, {
      suggestions: close,
    });
  }
  return throwIfUnresolved(result, name, kinds);
}

function kindWords(kinds: NameKind[]): string {
  const words = kinds.map((k) => k.toLowerCase());
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
