/**
 * Cypher for lineage: status claims of products and the transitive chains of SUPERSEDES
 * relationships (what replaced what, and what replaced that), bounded and cycle-free.
 */
import { cypher, type Graph, type Row } from '../graph.js';
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

export type Towards = 'successors' | 'predecessors';

/**
 * The SUPERSEDES steps reachable from the product `start`, towards newer or older products: a
 * Cypher list of `{r, depth}` maps, nearest first. Paths whose nodes are all distinct (no
 * cycles); each relationship is listed once, at the depth of the shortest path that reaches it.
 * It aggregates nothing (a list fold keeps each relationship's first, nearest occurrence), so it
 * can stand inside another statement's subquery (src/graph/stores/readAhead.ts); `v` suffixes its
 * variables so nested uses never shadow each other.
 */
export function chainSteps(start: string, towards: Towards, v = ''): string {
  const arrow = towards === 'successors' ? `<-[:SUPERSEDES*1..${MAX_LINEAGE_DEPTH}]-` : `-[:SUPERSEDES*1..${MAX_LINEAGE_DEPTH}]->`;
  return `reduce(acc${v} = [], s${v} IN COLLECT {
       MATCH path${v} = (${start})${arrow}(:Product)
       WHERE size(nodes(path${v})) = size(reduce(seen = [], x IN nodes(path${v}) | CASE WHEN x IN seen THEN seen ELSE seen + x END))
       RETURN {r: last(relationships(path${v})), depth: length(path${v})} AS step${v} ORDER BY step${v}.depth
     } | CASE WHEN any(y${v} IN acc${v} WHERE y${v}.r = s${v}.r) THEN acc${v} ELSE acc${v} + s${v} END)`;
}

/** The order of a chain's steps, over `depth`, `newer` and `older` (suffixed by `v`): nearest first, then by the products' names. */
export const chainOrder = (v = '') => `depth${v}, toLower(newer${v}.name), newer${v}.id, toLower(older${v}.name), older${v}.id`;

const chain = (towards: Towards, name: string) =>
  cypher(
    name,
    `UNWIND $ids AS key
     MATCH (start:Product {id: key})
     UNWIND ${chainSteps('start', towards)} AS step
     WITH key, step.r AS r, step.depth AS depth
     WITH key, r, depth, startNode(r) AS newer, endNode(r) AS older
     RETURN key, depth, properties(r) AS rel, properties(newer) AS newer, properties(older) AS older, ${SOURCES_OF('r')} AS sources
     ORDER BY key, ${chainOrder()}`,
  );

const successorsStatement = chain('successors', 'successorsByProductIds');
const predecessorsStatement = chain('predecessors', 'predecessorsByProductIds');

/** A step as the statements return it (rel, newer, older and sources as maps) → its row. */
function toLineageStep(key: string, value: Row): LineageStepRow {
  return {
    key,
    depth: Number(value.depth),
    rel: toRelation(value.rel),
    newer: toProduct(value.newer),
    older: toProduct(value.older),
    sources: toSources(value.sources),
  };
}

/**
 * For each product id, the SUPERSEDES steps reachable from it: towards newer products
 * (`successors`) or older ones (`predecessors`), nearest first.
 */
export async function loadLineage(graph: Graph, towards: Towards, ids: readonly string[]): Promise<LineageStepRow[][]> {
  if (ids.length === 0) return [];
  const rows = await graph.read(towards === 'successors' ? successorsStatement : predecessorsStatement, { ids: [...ids] });
  return groupByKey(ids, rows, (row) => toLineageStep(String(row.key), row));
}
