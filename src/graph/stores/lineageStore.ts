/**
 * Cypher for lineage: status claims of products and the transitive chains of SUPERSEDES
 * relationships (what replaced what, and what replaced that), bounded and cycle-free.
 */
import { cypher, type Graph } from '../graph.js';
import { SOURCES_OF, toSources, type SourceRow } from './sourceStore.js';
import { groupByKey, toProduct, toRelation, toStatusClaim, type ProductRow, type RelationProps, type StatusClaimRow } from './rows.js';

/** How many SUPERSEDES steps a chain follows at most. */
export const MAX_LINEAGE_DEPTH = 10;

const statusClaimsByProductIds = cypher(
  'statusClaimsByProductIds',
  `UNWIND $ids AS key
   MATCH (:Product {id: key})-[:HAS_STATUS_CLAIM]->(c:StatusClaim)
   RETURN key, properties(c) AS claim, ${SOURCES_OF('c')} AS sources
   ORDER BY key, c.since IS NULL, c.since DESC, c.status, c.id`,
);

/** Every status claim per product id (dated ones newest first, then undated), in the ids' order. */
export async function loadStatusClaims(
  graph: Graph,
  ids: readonly string[],
): Promise<Array<Array<StatusClaimRow & { resolvedSources: SourceRow[] }>>> {
  if (ids.length === 0) return [];
  const rows = await graph.read(statusClaimsByProductIds, { ids: [...ids] });
  return groupByKey(ids, rows, (row) => ({ ...toStatusClaim(row.claim), resolvedSources: toSources(row.sources) }));
}

/** One SUPERSEDES step of a chain. */
export interface LineageStepRow {
  key: string;
  depth: number;
  rel: RelationProps;
  /** The newer product of this step. */
  newer: ProductRow;
  /** The older product of this step. */
  older: ProductRow;
  /** The step's sources, resolved by the same statement. */
  sources: SourceRow[];
}

// Paths whose nodes are all distinct (no cycles); each relationship is reported once, at the
// depth of the shortest path that reaches it.
const chain = (pattern: string, name: string) =>
  cypher(
    name,
    `UNWIND $ids AS key
     MATCH (start:Product {id: key})
     MATCH path = ${pattern}
     WHERE size(nodes(path)) = size(reduce(seen = [], x IN nodes(path) | CASE WHEN x IN seen THEN seen ELSE seen + x END))
     WITH key, last(relationships(path)) AS r, length(path) AS depth
     WITH key, r, min(depth) AS depth
     WITH key, r, depth, startNode(r) AS newer, endNode(r) AS older
     RETURN key, depth, properties(r) AS rel, properties(newer) AS newer, properties(older) AS older, ${SOURCES_OF('r')} AS sources
     ORDER BY key, depth, toLower(newer.name), newer.id, toLower(older.name), older.id`,
  );

const successorsStatement = chain(`(start)<-[:SUPERSEDES*1..${MAX_LINEAGE_DEPTH}]-(:Product)`, 'successorsByProductIds');
const predecessorsStatement = chain(`(start)-[:SUPERSEDES*1..${MAX_LINEAGE_DEPTH}]->(:Product)`, 'predecessorsByProductIds');

/**
 * For each product id, the SUPERSEDES steps reachable from it: towards newer products
 * (`successors`) or older ones (`predecessors`), nearest first.
 */
export async function loadLineage(
  graph: Graph,
  towards: 'successors' | 'predecessors',
  ids: readonly string[],
): Promise<LineageStepRow[][]> {
  if (ids.length === 0) return [];
  const rows = await graph.read(towards === 'successors' ? successorsStatement : predecessorsStatement, { ids: [...ids] });
  return groupByKey(ids, rows, (row) => ({
    key: String(row.key),
    depth: Number(row.depth),
    rel: toRelation(row.rel),
    newer: toProduct(row.newer),
    older: toProduct(row.older),
    sources: toSources(row.sources),
  }));
}
