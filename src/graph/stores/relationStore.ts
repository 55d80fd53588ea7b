/**
 * Cypher for relationships: for a batch of node ids, every relationship of one type in one
 * direction with the node at its other end, in one statement. Types and labels come only from
 * the graph model (src/model.ts), which is also what the API's `relationshipTypes` field describes.
 */
import { API_TYPES, farLabels, isNodeLabel, RELATIONSHIPS, type RelationshipSpec, type RelationshipType } from '../../model.js';
import { cypher, type Graph, type Statement } from '../graph.js';
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
/** `out`: from the asked node; `in`: towards it; `both`: either way (for symmetric facts). */
export type Direction = 'out' | 'in' | 'both';

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

const statements = new Map<string, Statement>();

function relationStatement(type: RelationshipType, direction: Direction, near: NodeLabel): Statement {
  const name = `relations:${near}:${type}:${direction}`;
  let statement = statements.get(name);
  if (statement) return statement;
  const far = farLabels(type, direction);
  const arrow = direction === 'out' ? `-[r:${type}]->` : direction === 'in' ? `<-[r:${type}]-` : `-[r:${type}]-`;
  const nearMatch = `(a:${near} {id: key})`;
  const farMatch = far.map((l) => `b:${l}`).join(' OR ');
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
  return groupByKey(ids, rows, (row) => ({
    key: String(row.key),
    type,
    rel: toRelation(row.rel),
    node: toNode(row.label, row.node),
    sources: toSources(row.sources),
  }));
}
