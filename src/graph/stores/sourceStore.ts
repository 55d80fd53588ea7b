/**
 * Cypher for provenance: the `sources` of a fact are entry ids and URLs. They are resolved to the
 * entries and external sources (`:Source` nodes) they name either inline, by the statement that
 * reads the fact (SOURCES_OF below), or in one batched statement (loadSources).
 */
import { cypher, type Graph } from '../graph.js';
import { toEntry, toExternalSource, type EntryRow, type ExternalSourceRow } from './rows.js';

export type SourceRow = EntryRow | ExternalSourceRow;

/**
 * A Cypher expression resolving the `sources` list of `holder` (a relationship or node variable)
 * in place: one map per reference with the entry or the :Source it names.
 */
export const SOURCES_OF = (holder: string) => `[ref IN coalesce(${holder}.sources, []) | ${RESOLVE_REF('ref')}]`;

/** A Cypher map expression resolving one reference (a variable): the entry or :Source it names. */
const RESOLVE_REF = (ref: string) =>
  `{ref: ${ref},
    entry: head(COLLECT { MATCH (se:Entry {id: ${ref}}) RETURN properties(se) AS p }),
    source: head(COLLECT { MATCH (ss:Source {url: ${ref}}) RETURN properties(ss) AS p })}`;

interface ResolvedRef {
  ref: string;
  entry: Record<string, unknown> | null;
  source: Record<string, unknown> | null;
}

const isUrl = (ref: string) => /^https?:\/\//.test(ref);

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** The entry, the recorded :Source, a bare external source for an unrecorded URL, or null. */
function toSource(resolved: ResolvedRef): SourceRow | null {
  if (resolved.entry) return toEntry(resolved.entry);
  if (resolved.source) return toExternalSource(resolved.source);
  return isUrl(resolved.ref) ? toExternalSource({ url: resolved.ref, title: resolved.ref, publisher: hostOf(resolved.ref) }) : null;
}

/** Reads the value of a SOURCES_OF expression: the sources in order, unknown entry ids left out. */
export function toSources(value: unknown): SourceRow[] {
  if (!Array.isArray(value)) return [];
  return (value as ResolvedRef[]).map(toSource).filter((s): s is SourceRow => s !== null);
}

const sourcesByRefs = cypher('sourcesByRefs', `UNWIND $refs AS key RETURN key, ${RESOLVE_REF('key')} AS resolved`);

/** One source (or null for an id that names no entry) per reference, in order. */
export async function loadSources(graph: Graph, refs: readonly string[]): Promise<Array<SourceRow | null>> {
  if (refs.length === 0) return [];
  const rows = await graph.read(sourcesByRefs, { refs: [...refs] });
  const found = new Map<string, SourceRow | null>();
  for (const row of rows) found.set(String(row.key), toSource(row.resolved as ResolvedRef));
  return refs.map((ref) => found.get(ref) ?? null);
}
