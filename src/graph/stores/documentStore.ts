/**
 * Cypher for Documents (the pages imported, one per edition and file name) and the listings
 * that tie entries to them: which documents list an entry, where, and as what.
 */
import { cypher, type Graph } from '../graph.js';
import { groupByKey } from './rows.js';

export interface DocumentRow {
  path: string;
  edition: string | null;
  format: string;
  title: string | null;
  /** Distinct entries it lists now. */
  entries: number;
  lastImportedAt: string | null;
  graphVersion: number | null;
}

/** One listing of an entry: the document, where in it, and what the page says there. */
export interface ListingRow {
  document: DocumentRow;
  line: number;
  categoryId: string;
  title: string;
  year: number | null;
  publisher: string | null;
  url: string | null;
  description: string | null;
  graphVersion: number;
  changedAt: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const integer = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toDocument(p: Record<string, unknown>, entries: unknown): DocumentRow {
  return {
    path: String(p.path),
    edition: text(p.edition),
    format: String(p.format),
    title: text(p.title),
    entries: Number(entries ?? 0),
    lastImportedAt: text(p.lastImportedAt),
    graphVersion: integer(p.graphVersion),
  };
}

const documentsStatement = cypher(
  'documents',
  `MATCH (d:Document)
   RETURN properties(d) AS document, size(COLLECT { MATCH (e:Entry)-[:LISTED_IN]->(d) RETURN DISTINCT e.id }) AS entries
   ORDER BY d.path`,
);

/** Every imported document, by path. */
export async function listDocuments(graph: Graph): Promise<DocumentRow[]> {
  const rows = await graph.read(documentsStatement);
  return rows.map((row) => toDocument(row.document as Record<string, unknown>, row.entries));
}

const documentExists = cypher('documentExists', 'MATCH (d:Document {path: $path}) RETURN count(d) > 0 AS found');

export async function hasDocument(graph: Graph, path: string): Promise<boolean> {
  return (await graph.read(documentExists, { path }))[0]?.found === true;
}

const listingsByEntryIds = cypher(
  'listingsByEntryIds',
  `UNWIND $ids AS key
   MATCH (:Entry {id: key})-[r:LISTED_IN]->(d:Document)
   RETURN key, properties(r) AS listing, properties(d) AS document,
          size(COLLECT { MATCH (e:Entry)-[:LISTED_IN]->(d) RETURN DISTINCT e.id }) AS entries
   ORDER BY key, d.path, r.line`,
);

/** The listings of each entry, by document path then line, in the ids' order. */
export async function loadListings(graph: Graph, ids: readonly string[]): Promise<ListingRow[][]> {
  if (ids.length === 0) return [];
  const rows = await graph.read(listingsByEntryIds, { ids: [...ids] });
  return groupByKey(ids, rows, (row) => {
    const l = row.listing as Record<string, unknown>;
    return {
      document: toDocument(row.document as Record<string, unknown>, row.entries),
      line: Number(l.line),
      categoryId: String(l.categoryId),
      title: String(l.title),
      year: integer(l.year),
      publisher: text(l.publisher),
      url: text(l.url),
      description: text(l.description),
      graphVersion: Number(l.graphVersion),
      changedAt: String(l.changedAt),
    };
  });
}
