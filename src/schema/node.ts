/**
 * Relay plumbing shared by every type: the `Node` interface and its `node`/`nodes` root fields
 * (with descriptions), opaque global ids, the `Topic` interface (what an entry can be about), and
 * a helper for per-request DataLoaders that are not tied to one field.
 *
 * Global ids and the relay plugin's options are configured in src/builder.ts.
 */
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { GraphQLResolveInfo } from 'graphql';
import { nameLoader, throwIfUnresolved, type NameHit, type NameKind, type NameResolution } from '../graph/stores/names.js';
import { keepReadAhead, type ReadAheadPlan } from '../graph/stores/readAhead.js';
import type { NodeLabel, TopicRow } from '../graph/stores/rows.js';
import { readAheadOfNode } from './read-ahead.js';

const NodeInterface = builder.nodeInterfaceRef();

/** Products, concepts and organizations: the things entries are about. */
export const Topic = builder.interfaceRef<TopicRow>('Topic').implement({
  description: 'Something the field talks about: a Product, a Concept or an Organization. Entries are about topics.',
  interfaces: [NodeInterface],
  resolveType: (row) => row.__typename,
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'The stable, human-readable id of this topic, e.g. "istio" or "mtls".' }),
    name: t.exposeString('name', { description: 'The usual name, e.g. "Istio", "mTLS" or "CNCF".' }),
    aliases: t.exposeStringList('aliases', {
      description: 'Other names and spellings this topic is known by (lookups by name accept them too).',
    }),
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
  return (await lookupWithProps(ctx, name, kinds)).hit;
}

/**
 * `lookupByName` for a root field that answers the node itself (`product(name:)` …). The name
 * statement returns the matched node's properties and reads ahead the relationship lists the
 * field's selection asks for (src/schema/read-ahead.ts), so a lookup and its relationship fields
 * are one statement: the field answers that row, read with the properties its selection reads
 * (`reading`). With nothing to read ahead, the node's loader is primed with the whole row and the
 * field answers the id.
 */
export async function lookupNodeByName<T>(
  ctx: Context,
  info: GraphQLResolveInfo,
  name: string,
  kind: NameKind & NodeLabel,
  loader: DataLoader<string, T>,
  parsers: { whole: (props: Record<string, unknown>) => T; reading: (read: readonly string[]) => (props: unknown) => T },
): Promise<T | string> {
  const readAhead = readAheadOfNode(info, kind);
  const { hit, result } = await lookupWithProps(ctx, name, [kind], readAhead ?? undefined);
  const props = result.match === hit ? result.matchProps : undefined;
  if (!props) return hit.id;
  if (readAhead) {
    // Read with the selection's properties only: never a loader's row.
    if (result.matchAhead === undefined) return hit.id;
    const row = parsers.reading(readAhead.properties)(props);
    keepReadAhead(row, hit.id, result.matchAhead, readAhead);
    return row;
  }
  loader.prime(hit.id, parsers.whole(props));
  return hit.id;
}

async function lookupWithProps(
  ctx: Context,
  name: string,
  kinds: NameKind[],
  readAhead?: ReadAheadPlan,
): Promise<{ hit: NameHit; result: NameResolution }> {
  const result = await nameLoader(ctx, kinds, readAhead ? { readAhead } : {}).load(name);
  // Fuzzy hits are only close, never the thing named: they become suggestions.
  if (result.candidates[0]?.matchedBy === 'fuzzy') {
    const close = [...new Set([...result.candidates.map((c) => c.name), ...result.suggestions])];
    throw new NotFoundError(`No ${kindWords(kinds)} is named "${name}". Did you mean ${close.map((s) => `"${s}"`).join(', ')}?`, {
      suggestions: close,
    });
  }
  return { hit: throwIfUnresolved(result, name, kinds), result };
}

function kindWords(kinds: NameKind[]): string {
  const words = kinds.map((k) => k.toLowerCase());
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
