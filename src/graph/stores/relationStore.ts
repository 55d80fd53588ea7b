/**
 * Cypher for relationships: for a batch of node ids, every relationship of one type in one
 * direction with the node at its other end, in one statement. Types and labels come only from
 * the graph model (src/model.ts), which is also what the API's `relationshipTypes` field describes.
 */
import { API_TYPES, farLabels, isNodeLabel, RELATIONSHIPS, type RelationshipSpec, type RelationshipType } from '../../model.js';
import neo4j from 'neo4j-driver';
import { cypher, type Graph, type Row, type Statement } from '../graph.js';
import { relationPattern, sortKeyOf, type Direction } from './relationCypher.js';
import { keysetParams, toPage, type PageRequest, type PageResult } from './paging.js';
import { SOURCES_OF, toSources, type SourceRow } from './sourceStore.js';
import { groupByKey, toNode, toRelation, type NodeLabel, type NodeRow, type RelationProps } from './rows.js';

export interface RelationshipTypeInfo {
  type: string;
  from: NodeLabel[];
  to: NodeLabel[];
  properties: string[];
  meaning: string;
}

export type { RelationshipType };
export type { Direction };

/** The relationship types the API lists and walks, with their ends and meaning (from the graph model). */
export function relationshipTypes(): RelationshipTypeInfo[] {
  return API_TYPES.map((type) => {
    const spec: RelationshipSpec = RELATIONSHIPS[type];
    return {
      type,
      from: spec.from.filter(isNodeLabel),
      to: spec.to.filter(isNodeLabel),
      properties: [...spec.properties],
      meaning: spec.meaning,
    };
  });
}

/** One relationship seen from the node it was asked for: its properties and the node at the other end. */
export interface RelationRow<T extends NodeRow = NodeRow> {
  /** The id of the node the relationship was asked for. */
  key: string;
  type: RelationshipType;
  rel: RelationProps;
  node: T;
  /** The relationship's sources, resolved by the same statement. */
  sources: SourceRow[];
}

/** A relationship as the statements return it (`rel`, `node`, `label`, `sources`) → its row, seen from `key`. */
function toRelationRow(key: string, type: RelationshipType, row: Row): RelationRow {
  return { key, type, rel: toRelation(row.rel), node: toNode(row.label, row.node), sources: toSources(row.sources) };
}

const statements = new Map<string, Statement>();

function relationStatement(type: RelationshipType, direction: Direction, near: NodeLabel): Statement {
  const name = `relations:${near}:${type}:${direction}`;
  let statement = statements.get(name);
  if (statement) return statement;
  const far = farLabels(type, direction);
  const { arrow, where: farMatch } = relationPattern(type, direction);
  const nearMatch = `(a:${near} {id: key})`;
  // Entries read newest first; everything else by name.
  const order = far.length === 1 && far[0] === 'Entry' ? 'b.year IS NULL, b.year DESC, toLower(b.title), b.id' : 'toLower(b.name), b.id';
  statement = cypher(
    name,
    `UNWIND $ids AS key
     MATCH ${nearMatch}${arrow}(b)
     WHERE ${farMatch}
     RETURN key, properties(r) AS rel, properties(b) AS node,
            head([l IN labels(b) WHERE l IN $labels]) AS label,
            ${SOURCES_OF('r')} AS sources
     ORDER BY key, ${order}`,
  );
  statements.set(name, statement);
  return statement;
}

/**
 * For each id (of `near` nodes), its relationships of `type` in `direction` with the node at the
 * other end, in the ids' order.
 */
export async function loadRelations(
  graph: Graph,
  near: NodeLabel,
  type: RelationshipType,
  direction: Direction,
  ids: readonly string[],
): Promise<RelationRow[][]> {
  if (ids.length === 0) return [];
  const nearEnds: readonly string[] = direction === 'both' ? [] : farLabels(type, direction === 'out' ? 'in' : 'out');
  if (nearEnds.length > 0 && !nearEnds.includes(near)) throw new Error(`${type} has no ${near} end for direction ${direction}`);
  const rows = await graph.read(relationStatement(type, direction, near), { ids: [...ids], labels: [...farLabels(type, direction)] });
  return groupByKey(ids, rows, (row) => toRelationRow(String(row.key), type, row));
}

// ---------------------------------------------------------------------------------------------
// Relationship lists that grow with the data (`grows` in the graph model): capped and paged.
// ---------------------------------------------------------------------------------------------

function pattern(type: RelationshipType, direction: Direction, near: NodeLabel, nearId: string): { match: string; where: string } {
  const { arrow, where } = relationPattern(type, direction);
  return { match: `MATCH (a:${near} {id: ${nearId}})${arrow}(b)`, where };
}

const RETURN_RELATION = `properties(r) AS rel, properties(b) AS node, head([l IN labels(b) WHERE l IN $labels]) AS label, ${SOURCES_OF('r')} AS sources`;

function cappedStatement(type: RelationshipType, direction: Direction, near: NodeLabel): Statement {
  const name = `relationsCapped:${near}:${type}:${direction}`;
  let statement = statements.get(name);
  if (statement) return statement;
  const { match, where } = pattern(type, direction, near, 'key');
  const sortKey = sortKeyOf(farLabels(type, direction));
  // One subquery per id, so each node's list stops at $limit in Neo4j, however long it is.
  statement = cypher(
    name,
    `UNWIND $ids AS key
     CALL (key) {
       ${match}
       WHERE ${where}
       WITH r, b, ${sortKey} AS sortKey
       ORDER BY sortKey, b.id
       LIMIT $limit
       RETURN r, b, sortKey
     }
     RETURN key, ${RETURN_RELATION}
     ORDER BY key, sortKey, b.id`,
  );
  statements.set(name, statement);
  return statement;
}

/** Like loadRelations, with at most `limit` relationships per id (the first of the list's order). */
export async function loadRelationsCapped(
  graph: Graph,
  near: NodeLabel,
  type: RelationshipType,
  direction: Direction,
  ids: readonly string[],
  limit: number,
): Promise<RelationRow[][]> {
  if (ids.length === 0) return [];
  const rows = await graph.read(cappedStatement(type, direction, near), {
    ids: [...ids],
    labels: [...farLabels(type, direction)],
    limit: neo4j.int(limit),
  });
  return groupByKey(ids, rows, (row) => toRelationRow(String(row.key), type, row));
}

function pageStatement(type: RelationshipType, direction: Direction, near: NodeLabel, backward: boolean): Statement {
  const name = `relationsPage:${near}:${type}:${direction}${backward ? ':backward' : ''}`;
  let statement = statements.get(name);
  if (statement) return statement;
  const { match, where } = pattern(type, direction, near, '$id');
  const order = backward ? 'DESC' : 'ASC';
  statement = cypher(
    name,
    `${match}
     WHERE ${where}
     WITH r, b, ${sortKeyOf(farLabels(type, direction))} AS sortKey
     WHERE (NOT $hasAfter OR sortKey > $afterKey OR (sortKey = $afterKey AND b.id > $afterId))
       AND (NOT $hasBefore OR sortKey < $beforeKey OR (sortKey = $beforeKey AND b.id < $beforeId))
     RETURN ${RETURN_RELATION}, sortKey, b.id AS id
     ORDER BY sortKey ${order}, id ${order}
     LIMIT $limit`,
  );
  statements.set(name, statement);
  return statement;
}

/** One keyset page of one node's relationships of `type` (ascending in the list's order; `request.direction` is ignored). */
export async function pageRelations(
  graph: Graph,
  near: NodeLabel,
  type: RelationshipType,
  direction: Direction,
  id: string,
  request: PageRequest,
): Promise<PageResult<RelationRow>> {
  const rows = await graph.read(pageStatement(type, direction, near, request.backward), {
    id,
    labels: [...farLabels(type, direction)],
    ...keysetParams(request),
  });
  return toPage(rows, request, (row) => toRelationRow(id, type, row));
}

function countStatement(type: RelationshipType, direction: Direction, near: NodeLabel): Statement {
  const name = `relationsCount:${near}:${type}:${direction}`;
  let statement = statements.get(name);
  if (statement) return statement;
  const { match, where } = pattern(type, direction, near, '$id');
  statement = cypher(name, `${match}\n WHERE ${where}\n RETURN count(r) AS total`);
  statements.set(name, statement);
  return statement;
}

/** How many relationships of `type` one node has in `direction` (for `totalCount`). */
export async function countRelations(
  graph: Graph,
  near: NodeLabel,
  type: RelationshipType,
  direction: Direction,
  id: string,
): Promise<number> {
  const rows = await graph.read(countStatement(type, direction, near), { id });
  return Number(rows[0]?.total ?? 0);
}
