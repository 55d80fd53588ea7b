/**
 * Subgraphs: the neighbourhood of one or more nodes, as plain nodes and edges for drawing.
 *
 * Breadth-first, one statement per hop: from the nodes reached so far, every relationship of the
 * allowed types (either direction) to a node not yet reached. Hard caps keep it cheap — at most
 * MAX_SUBGRAPH_DEPTH hops, MAX_SUBGRAPH_NODES nodes, MAX_SUBGRAPH_EDGES edges — and when a cap
 * cuts the neighbourhood the result says `truncated`. Which nodes survive a cut is deterministic:
 * nearer first; within one hop the nodes linked to more of the nodes already reached, then
 * Products, Concepts, Organizations, Entries, Categories, then by name and id. The edges are
 * every allowed relationship among the chosen nodes, ordered by id.
 *
 * Relationship types and labels only ever come from the graph model's allowlists (src/model.ts).
 */
import neo4j from 'neo4j-driver';
import { API_TYPES, NODE_LABELS, type ApiRelationshipType } from '../../model.js';
import { cypher, type Graph, type Statement } from '../graph.js';
import { toRelation, type NodeLabel, type RelationProps } from './rows.js';

export type SubgraphRelationshipType = ApiRelationshipType;

export const MAX_SUBGRAPH_DEPTH = 3;
export const MAX_SUBGRAPH_NODES = 500;
export const MAX_SUBGRAPH_EDGES = 2000;
export const MAX_SUBGRAPH_CENTRES = 20;
export const DEFAULT_SUBGRAPH_DEPTH = 1;
export const DEFAULT_SUBGRAPH_NODES = 100;

/** Labels a subgraph node may have, in the order they are kept when a cap cuts. */
const LABELS: readonly NodeLabel[] = NODE_LABELS;
const LABEL_RANK = `CASE label ${LABELS.map((l, i) => `WHEN '${l}' THEN ${i}`).join(' ')} ELSE ${LABELS.length} END`;
const LABEL_OF = (v: string) => `head([l IN labels(${v}) WHERE l IN $labels])`;

export interface SubgraphCentre {
  label: NodeLabel;
  id: string;
}

export interface SubgraphNodeRow {
  label: NodeLabel;
  /** The slug. */
  id: string;
  /** The name (an entry's title). */
  name: string;
  /** The product type or organization type, where the node has one. */
  kind: string | null;
  /** A product's status. */
  status: string | null;
  /** An entry's year. */
  year: number | null;
  /** Hops from the nearest centre (0 for a centre). */
  distance: number;
  centre: boolean;
}

export interface SubgraphEdgeRow {
  type: SubgraphRelationshipType;
  rel: RelationProps;
  /** The relationship's start and end, as indexes into `nodes`. */
  source: SubgraphNodeRow;
  target: SubgraphNodeRow;
}

export interface SubgraphRow {
  nodes: SubgraphNodeRow[];
  edges: SubgraphEdgeRow[];
  truncated: boolean;
  depth: number;
  types: SubgraphRelationshipType[];
}

/** What a subgraph reads: checked by the schema (src/schema/subgraph.ts), defaults filled in. */
export interface SubgraphLimits {
  depth: number;
  maxNodes: number;
  /** Sorted and unique: the same question is the same statement. */
  types: SubgraphRelationshipType[];
}

const centreStatement = cypher(
  'subgraph:centres',
  `UNWIND $centres AS c
   CALL (c) {
     ${LABELS.filter((l) => l !== 'Category')
       .map((l) => `MATCH (n:${l} {id: c.id}) WHERE c.label = '${l}' RETURN n`)
       .join('\n     UNION ALL\n     ')}
   }
   RETURN c.i AS i, elementId(n) AS eid`,
);

const statements = new Map<string, Statement>();

function cached(name: string, build: () => string): Statement {
  let statement = statements.get(name);
  if (!statement) {
    statement = cypher(name, build());
    statements.set(name, statement);
  }
  return statement;
}

/** One hop: the nodes not reached yet, best first, at most $limit of them. */
function hopStatement(types: readonly SubgraphRelationshipType[]): Statement {
  const pattern = types.join('|');
  return cached(
    `subgraph:hop[${pattern}]`,
    () => `
    MATCH (a) WHERE elementId(a) IN $frontier
    MATCH (a)-[:${pattern}]-(b)
    WHERE NOT elementId(b) IN $reached AND (${LABELS.map((l) => `b:${l}`).join(' OR ')})
    WITH b, count(DISTINCT a) AS links
    WITH b, links, ${LABEL_OF('b')} AS label, coalesce(b.name, b.title, b.id) AS name
    RETURN elementId(b) AS eid
    ORDER BY links DESC, ${LABEL_RANK}, toLower(name), name, b.id
    LIMIT $limit`,
  );
}

/** The chosen nodes' properties, and every allowed relationship among them. */
function nodesStatement(): Statement {
  return cached(
    'subgraph:nodes',
    () => `
    MATCH (n) WHERE elementId(n) IN $eids
    RETURN elementId(n) AS eid, ${LABEL_OF('n')} AS label, n.id AS id, coalesce(n.name, n.title, n.id) AS name,
           coalesce(n.productType, n.orgType) AS kind, n.status AS status, n.year AS year`,
  );
}

function edgesStatement(types: readonly SubgraphRelationshipType[]): Statement {
  const pattern = types.join('|');
  return cached(
    `subgraph:edges[${pattern}]`,
    () => `
    MATCH (a)-[r:${pattern}]->(b)
    WHERE elementId(a) IN $eids AND elementId(b) IN $eids
    RETURN elementId(a) AS source, elementId(b) AS target, type(r) AS type, properties(r) AS rel
    ORDER BY coalesce(r.id, type(r) + ':' + a.id + ':' + b.id)
    LIMIT $limit`,
  );
}

/**
 * The neighbourhood of `centres` (already resolved from names), within `depth` hops over `types`,
 * cut to `maxNodes` nodes.
 */
export async function loadSubgraph(graph: Graph, centres: readonly SubgraphCentre[], limits: SubgraphLimits): Promise<SubgraphRow> {
  const { depth, maxNodes, types } = limits;
  // Types become Cypher text: only the model's, whatever the caller checked.
  if (types.length === 0 || !types.every((t) => (API_TYPES as readonly string[]).includes(t)))
    throw new Error('subgraph: type not allowed');
  const unique = centres.filter((c, i) => centres.findIndex((d) => d.label === c.label && d.id === c.id) === i);
  let truncated = unique.length > maxNodes;
  const kept = unique.slice(0, maxNodes);

  const startRows = await graph.read(centreStatement, { centres: kept.map((c, i) => ({ i, label: c.label, id: c.id })) });
  const distance = new Map<string, number>();
  for (const row of [...startRows].sort((x, y) => Number(x.i) - Number(y.i))) distance.set(String(row.eid), 0);
  const order = [...distance.keys()];

  let frontier = order;
  for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
    const room = maxNodes - order.length;
    if (room <= 0) {
      // Anything one more hop away is left out: say so only if something is there.
      const more = await graph.read(hopStatement(types), { frontier, reached: order, limit: neo4j.int(1), labels: LABELS });
      if (more.length > 0) truncated = true;
      break;
    }
    const rows = await graph.read(hopStatement(types), { frontier, reached: order, limit: neo4j.int(room + 1), labels: LABELS });
    if (rows.length > room) truncated = true;
    frontier = rows.slice(0, room).map((r) => String(r.eid));
    for (const eid of frontier) {
      distance.set(eid, hop);
      order.push(eid);
    }
  }

  const [nodeRows, edgeRows] = await Promise.all([
    graph.read(nodesStatement(), { eids: order, labels: LABELS }),
    graph.read(edgesStatement(types), { eids: order, limit: neo4j.int(MAX_SUBGRAPH_EDGES + 1) }),
  ]);
  const byEid = new Map<string, SubgraphNodeRow>();
  for (const row of nodeRows) {
    const label = row.label as NodeLabel;
    const eid = String(row.eid);
    const d = distance.get(eid) ?? 0;
    byEid.set(eid, {
      label,
      id: String(row.id),
      name: String(row.name),
      kind: row.kind == null || label === 'Category' ? null : String(row.kind),
      status: label === 'Product' && row.status != null ? String(row.status) : null,
      year: label === 'Entry' && row.year != null ? Number(row.year) : null,
      distance: d,
      centre: d === 0,
    });
  }
  const nodes = order.map((eid) => byEid.get(eid)).filter((n): n is SubgraphNodeRow => n !== undefined);
  if (edgeRows.length > MAX_SUBGRAPH_EDGES) truncated = true;
  const edges: SubgraphEdgeRow[] = [];
  for (const row of edgeRows.slice(0, MAX_SUBGRAPH_EDGES)) {
    const source = byEid.get(String(row.source));
    const target = byEid.get(String(row.target));
    if (!source || !target) continue;
    const type = String(row.type) as SubgraphRelationshipType;
    const rel = toRelation(row.rel);
    if (!rel.id) rel.id = `${type}:${source.id}:${target.id}`;
    edges.push({ type, rel, source, target });
  }
  return { nodes, edges, truncated, depth, types };
}
