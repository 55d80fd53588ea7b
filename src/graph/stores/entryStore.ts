/**
 * Cypher for Entries: batched loads by id and the keyset-paged collection with its filters.
 */
import { cypher, type Graph } from '../graph.js';
import { nodeStore } from './nodeStore.js';
import { byKey, toEntry, type EntryRow } from './rows.js';

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

export type EntryOrdering = 'YEAR' | 'TITLE' | 'RATING';

export const entryStore = nodeStore<'Entry', EntryFilter, EntryOrdering>('Entry', {
  plural: 'entries',
  filters: {
    yearFrom: 'n.year >= $yearFrom',
    yearTo: 'n.year <= $yearTo',
    stability: 'n.stability = $stability',
    level: 'n.level = $level',
    contentLanguage: 'n.contentLanguage = $contentLanguage',
    categoryIds:
      "EXISTS { MATCH (n)-[:IN_CATEGORY]->(c:Category) WHERE any(x IN $categoryIds WHERE c.id = x OR c.id STARTS WITH x + '/') }",
    aboutId: 'EXISTS { MATCH (n)-[:ABOUT|COMPARES]->(t) WHERE t.id = $aboutId }',
    document: 'EXISTS { MATCH (n)-[:LISTED_IN]->(:Document {path: $document}) }',
  },
  orderings: {
    // Stored at import (`entrySortKeys`): entries without a year come last in either direction.
    YEAR: { ASC: 'sortYearAsc', DESC: 'sortYearDesc' },
    TITLE: 'sortTitle',
    RATING: 'rating',
  },
});
