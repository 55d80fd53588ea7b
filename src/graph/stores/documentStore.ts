/**
 * Cypher for Documents (the pages imported, one per edition and file name) and the listings
 * that tie entries to them: which documents list an entry, where, and as what.
 */
import { cypher, type Graph } from '../graph.js';
import type { PropertySpec } from '../../model.js';
import { groupByKey, parseProperties, toDocument, type DocumentNodeRow } from './rows.js';

export interface DocumentRow extends Omit<DocumentNodeRow, '__typename'> {
  /** Distinct entries it lists now. */
  entries: number;
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

type ListingProps = Omit<ListingRow, 'document'>;
const optString = { type: 'string', optional: true } as const;
const LISTING: ReadonlyArray<[keyof ListingProps, PropertySpec]> = [
  ['line', { type: 'int' }],
  ['categoryId', { type: 'string' }],
  ['title', { type: 'string' }],
  ['year', { type: 'int', optional: true }],
  ['publisher', optString],
  ['url', optString],
  ['description', optString],
  ['graphVersion', { type: 'int' }],
  ['changedAt', { type: 'string' }],
];

function documentRow(document: unknown, entries: unknown): DocumentRow {
  const { __typename: _label, ...props } = toDocument(document);
  return { ...props, entries: Number(entries ?? 0) };
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
  return rows.map((row) => documentRow(row.document, row.entries));
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
  return groupByKey(ids, rows, (row) => ({
    ...parseProperties<ListingProps>('listing', LISTING, row.listing),
    document: documentRow(row.document, row.entries),
  }));
}
