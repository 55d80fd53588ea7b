/**
 * Cypher for Entries: batched loads by id and the keyset-paged collection with its filters.
 */
import { cypher, type Graph } from '../graph.js';
import type { ReadAheadPlan } from './readAhead.js';
import { countRows, readPage, type CollectionSpec, type PageRequest, type PageResult } from './paging.js';
import { byKey, toEntry, type EntryRow } from './rows.js';

const entriesByIds = cypher('entriesByIds', 'UNWIND $ids AS key MATCH (n:Entry {id: key}) RETURN key, properties(n) AS node');

/** One entry (or null) per id, in the ids' order. */
export async function loadEntries(graph: Graph, ids: readonly string[]): Promise<Array<EntryRow | null>> {
  if (ids.length === 0) return [];
  const rows = await graph.read(entriesByIds, { ids: [...ids] });
  return byKey(ids, rows, (row) => toEntry(row.node));
}

const entriesByUrls = cypher('entriesByUrls', 'UNWIND $urls AS key MATCH (n:Entry {urlKey: key}) RETURN key, properties(n) AS node');

/** One entry (or null) per canonical URL (src/ingest/url.ts), in the URLs' order. */
export async function loadEntriesByUrl(graph: Graph, urls: readonly string[]): Promise<Array<EntryRow | null>> {
  if (urls.length === 0) return [];
  const rows = await graph.read(entriesByUrls, { urls: [...urls] });
  return byKey(urls, rows, (row) => toEntry(row.node));
}

export interface EntryFilter {
  yearFrom: number | null;
  yearTo: number | null;
  stability: string | null;
  level: string | null;
  contentLanguage: string | null;
  /** Ids of categories whose subtrees the entry must be in (any of them). */
  categoryIds: string[] | null;
  /** Id of a product, concept or organization the entry must be about or compare. */
  aboutId: string | null;
  /** Path of a document that must list the entry. */
  document: string | null;
}

const ENTRY_ORDERINGS = {
  // Entries without a year come last in either direction.
  YEAR: { ASC: 'coalesce(n.year, 10000)', DESC: 'coalesce(n.year, -1)' },
  TITLE: 'toLower(n.title)',
  RATING: 'n.rating',
} as const;
export type EntryOrdering = keyof typeof ENTRY_ORDERINGS;

const entries: CollectionSpec = {
  name: 'entriesPage',
  match: 'MATCH (n:Entry)',
  filters: [
    '($yearFrom IS NULL OR n.year >= $yearFrom)',
    '($yearTo IS NULL OR n.year <= $yearTo)',
    '($stability IS NULL OR n.stability = $stability)',
    '($level IS NULL OR n.level = $level)',
    '($contentLanguage IS NULL OR n.contentLanguage = $contentLanguage)',
    "($categoryIds IS NULL OR EXISTS { MATCH (n)-[:IN_CATEGORY]->(c:Category) WHERE any(x IN $categoryIds WHERE c.id = x OR c.id STARTS WITH x + '/') })",
    '($aboutId IS NULL OR EXISTS { MATCH (n)-[:ABOUT|COMPARES]->(t) WHERE t.id = $aboutId })',
    '($document IS NULL OR EXISTS { MATCH (n)-[:LISTED_IN]->(:Document {path: $document}) })',
  ],
  orderings: ENTRY_ORDERINGS,
};

const params = (f: EntryFilter) => ({
  yearFrom: f.yearFrom,
  yearTo: f.yearTo,
  stability: f.stability,
  level: f.level,
  contentLanguage: f.contentLanguage,
  categoryIds: f.categoryIds,
  aboutId: f.aboutId,
  document: f.document,
});

export function pageEntries(
  graph: Graph,
  filter: EntryFilter,
  ordering: EntryOrdering,
  request: PageRequest,
  readAhead?: ReadAheadPlan,
): Promise<PageResult<EntryRow>> {
  return readPage(graph, entries, ordering, request, params(filter), toEntry, readAhead);
}

export function countEntries(graph: Graph, filter: EntryFilter): Promise<number> {
  return countRows(graph, entries, params(filter));
}
