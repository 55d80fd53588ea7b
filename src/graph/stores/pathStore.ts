/**
 * The shortest connection between two nodes (the schema resolves the names given, products first):
 * one `allShortestPaths` over an allowlist of relationship types, undirected.
 *
 * Several paths are often equally short; the one returned is chosen by a stable order so the same
 * question always gets the same answer: fewest hops through entries (ABOUT/COMPARES) first, so a
 * curated fact beats "an article mentions both", then the relationship ids along the path, from
 * start to end, in string order. How many equally short paths exist is reported too.
 *
 * No path within `maxHops` is not an error: the result says `found: false` and explains why.
 */
import { API_TYPES, NODE_LABELS, STATED_TYPES, type ApiRelationshipType } from '../../model.js';
import { cypher, type Graph, type Row, type Statement } from '../graph.js';
import { exactNameClause, lowerName, type NameHit, type NameKind } from './names.js';
import { toNode, toRelation, type NodeLabel, type NodeRow, type RelationProps } from './rows.js';

/** Relationship types a path may use by default: every curated fact and entry link. */
const DEFAULT_PATH_TYPES = STATED_TYPES;

/** Every type a caller may ask for: the defaults plus the category tree (off unless asked). */
const PATH_TYPES = API_TYPES;
export type PathRelationshipType = ApiRelationshipType;

export const DEFAULT_MAX_HOPS = 4;
export const MAX_HOPS = 6;

/** Labels a path node may have: the API's node labels (others never appear: HAS_STATUS_CLAIM is not offered). */
const PATH_NODE_LABELS: readonly NodeLabel[] = NODE_LABELS;

export interface PathHopRow {
  /** The relationship type, e.g. USES. */
  type: PathRelationshipType;
  /** True when the relationship points along the path (from this hop's `from` to its `to`). */
  forward: boolean;
  /** The node this hop starts from, walking from `from` to `to`. */
  from: NodeRow;
  /** The node this hop arrives at. */
  to: NodeRow;
  /** The relationship's own start and end (its direction in the graph). */
  source: NodeRow;
  target: NodeRow;
  relation: RelationProps;
}

export interface PathResultRow {
  from: NodeRow;
  to: NodeRow;
  fromMatch: NameHit;
  toMatch: NameHit;
  found: boolean;
  hops: PathHopRow[];
  /** How many equally short paths exist (the one in `hops` is the first in a stable order). */
  shortestPathCount: number;
  maxHops: number;
  types: PathRelationshipType[];
}

const statements = new Map<string, Statement>();

function checkPath(types: readonly PathRelationshipType[], maxHops: number): string[] {
  if (!types.every((t) => (PATH_TYPES as readonly string[]).includes(t)) || types.length === 0) throw new Error('path: type not allowed');
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_HOPS) throw new Error('path: bad maxHops');
  return [...new Set(types)].sort();
}

/**
 * The path from `a` to `b` (bound before, distinct), and what the result reads: both ends with
 * their labels, the path's nodes and relationships.
 */
function pathBody(sortedTypes: readonly string[], maxHops: number): string {
  return `
    OPTIONAL MATCH p = allShortestPaths((a)-[:${sortedTypes.join('|')}*..${maxHops}]-(b))
    WITH a, b, p, size([r IN relationships(p) WHERE type(r) IN ['ABOUT', 'COMPARES']]) AS entryHops,
         reduce(k = '', r IN relationships(p) | k + r.id + '|') AS hopKey
    ORDER BY entryHops ASC, hopKey ASC
    WITH a, b, collect(p) AS paths
    WITH a, b, size(paths) AS shortestPathCount, paths[0] AS p
    WITH a, b, shortestPathCount, p,
         CASE WHEN p IS NULL THEN [] ELSE nodes(p) END AS ns,
         CASE WHEN p IS NULL THEN [] ELSE relationships(p) END AS rs
    RETURN properties(a) AS fromProps, properties(b) AS toProps, shortestPathCount,
           head([l IN labels(a) WHERE l IN $labels]) AS fromLabel, head([l IN labels(b) WHERE l IN $labels]) AS toLabel,
           [n IN ns | {label: head([l IN labels(n) WHERE l IN $labels]), props: properties(n)}] AS nodes,
           [i IN range(0, size(rs) - 1) | {type: type(rs[i]), forward: startNode(rs[i]) = ns[i], props: properties(rs[i])}] AS rels`;
}

/** The path statement for two labels, a set of types and a hop limit (all from allowlists), cached. */
export function pathStatement(
  fromLabel: NodeLabel,
  toLabel: NodeLabel,
  types: readonly PathRelationshipType[],
  maxHops: number,
): Statement {
  if (!PATH_NODE_LABELS.includes(fromLabel) || !PATH_NODE_LABELS.includes(toLabel)) throw new Error('path: label not allowed');
  const sortedTypes = checkPath(types, maxHops);
  const key = `${fromLabel}|${toLabel}|${sortedTypes.join(',')}|${maxHops}`;
  const cached = statements.get(key);
  if (cached) return cached;
  const text = `MATCH (a:${fromLabel} {id: $fromId}), (b:${toLabel} {id: $toId})${pathBody(sortedTypes, maxHops)}`;
  const statement = cypher(`path[${fromLabel}-${toLabel}]`, text);
  statements.set(key, statement);
  return statement;
}

/**
 * The path statement that also resolves both names, when their exact names decide them
 * (names.ts `exactNameClause`, kinds in `kinds`' order): no row when either name needs the full
 * resolver or both name one node. Cached.
 */
export function pathByNamesStatement(kinds: readonly NameKind[], types: readonly PathRelationshipType[], maxHops: number): Statement {
  const sortedTypes = checkPath(types, maxHops);
  const key = `names|${kinds.join(',')}|${sortedTypes.join(',')}|${maxHops}`;
  const cached = statements.get(key);
  if (cached) return cached;
  const text = `${exactNameClause('a', 'fromLower', kinds)}
    ${exactNameClause('b', 'toLower', kinds, ['a'])}
    WITH a, b WHERE a <> b${pathBody(sortedTypes, maxHops)}`;
  const statement = cypher('path[byName]', text);
  statements.set(key, statement);
  return statement;
}

export interface PathRequest {
  /** Where the path starts and ends: nodes the caller has resolved from names. */
  from: NameHit;
  to: NameHit;
  /** 1 to MAX_HOPS. */
  maxHops: number;
  /** The types to follow; the curated facts and entry links when null or empty. */
  types?: readonly PathRelationshipType[] | null;
}

const pathTypes = (types: PathRequest['types']): PathRelationshipType[] =>
  types && types.length > 0 ? [...new Set(types)] : [...DEFAULT_PATH_TYPES];

/** The path between two nodes (one statement). */
export async function findPath(graph: Graph, request: PathRequest): Promise<PathResultRow> {
  const { from: fromHit, to: toHit, maxHops } = request;
  const types = pathTypes(request.types);
  const base = { fromMatch: fromHit, toMatch: toHit, maxHops, types };
  if (fromHit.label === toHit.label && fromHit.id === toHit.id) {
    // allShortestPaths refuses a path from a node to itself; the answer is that node, no hops.
    const rows = await graph.read(pathEndStatement(fromHit.label), { id: fromHit.id });
    const node = toNode(fromHit.label, rows[0]?.props ?? { id: fromHit.id });
    return { ...base, from: node, to: node, found: true, hops: [], shortestPathCount: 1 };
  }

  const rows = await graph.read(pathStatement(fromHit.label, toHit.label, types, maxHops), {
    fromId: fromHit.id,
    toId: toHit.id,
    labels: PATH_NODE_LABELS,
  });
  const row = rows[0];
  if (!row) throw new Error(`path: ${fromHit.id} or ${toHit.id} disappeared while resolving`);
  return pathResult(row, base);
}

/**
 * The path between two names in one statement, when their exact names decide which nodes they
 * mean (the usual question: "Kourier" to "Istio"); undefined when either name needs the full
 * resolver (an alias, an id, a typo, an entry title, an ambiguous name) or both name one node, and
 * the caller resolves the names and calls `findPath`. The answer is the same either way.
 */
export async function findPathByNames(
  graph: Graph,
  request: { from: string; to: string; kinds: readonly NameKind[]; maxHops: number; types?: PathRequest['types'] },
): Promise<PathResultRow | undefined> {
  const types = pathTypes(request.types);
  const rows = await graph.read(pathByNamesStatement(request.kinds, types, request.maxHops), {
    fromLower: lowerName(request.from),
    toLower: lowerName(request.to),
    labels: PATH_NODE_LABELS,
  });
  const row = rows[0];
  if (!row) return undefined;
  const hit = (label: unknown, props: unknown): NameHit => {
    const node = toNode(label as NodeLabel, props);
    if (node.__typename === 'Entry' || node.__typename === 'Category')
      throw new Error(`path: a name matched ${node.__typename} ${node.id}`);
    return { label: node.__typename, id: node.id, name: node.name, matchedBy: 'name' };
  };
  const fromMatch = hit(row.fromLabel, row.fromProps);
  const toMatch = hit(row.toLabel, row.toProps);
  return pathResult(row, { fromMatch, toMatch, maxHops: request.maxHops, types });
}

/** A path statement's row as the API's result. */
function pathResult(row: Row, base: Pick<PathResultRow, 'fromMatch' | 'toMatch' | 'maxHops' | 'types'>): PathResultRow {
  const from = toNode(base.fromMatch.label, row.fromProps);
  const to = toNode(base.toMatch.label, row.toProps);
  const nodes = (row.nodes as Array<{ label: NodeLabel; props: Record<string, unknown> }>).map((n) => toNode(n.label, n.props));
  const rels = row.rels as Array<{ type: PathRelationshipType; forward: boolean; props: Record<string, unknown> }>;
  if (nodes.length < 2) return { ...base, from, to, found: false, hops: [], shortestPathCount: 0 };
  const hops: PathHopRow[] = rels.map((r, i) => {
    const a = nodes[i]!;
    const b = nodes[i + 1]!;
    return {
      type: r.type,
      forward: r.forward,
      from: a,
      to: b,
      source: r.forward ? a : b,
      target: r.forward ? b : a,
      relation: toRelation(r.props),
    };
  });
  return { ...base, from, to, found: true, hops, shortestPathCount: Number(row.shortestPathCount) };
}

const endStatements = new Map<NodeLabel, Statement>();

function pathEndStatement(label: NodeLabel): Statement {
  if (!PATH_NODE_LABELS.includes(label)) throw new Error('path: label not allowed');
  let statement = endStatements.get(label);
  if (!statement) {
    statement = cypher(`pathEnd[${label}]`, `MATCH (n:${label} {id: $id}) RETURN properties(n) AS props`);
    endStatements.set(label, statement);
  }
  return statement;
}

/** A sentence for people: "Kourier USES Envoy; Istio USES Envoy". */
export function describePath(result: PathResultRow): string {
  const name = (n: NodeRow) => ('name' in n ? n.name : n.title);
  if (!result.found) {
    return `No connection of at most ${result.maxHops} hops links ${name(result.from)} and ${name(result.to)}.`;
  }
  if (result.hops.length === 0) return `${name(result.from)} and ${name(result.to)} are the same.`;
  return result.hops.map((h) => `${name(h.source)} ${h.type} ${name(h.target)}`).join('; ');
}
