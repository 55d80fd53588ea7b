/**
 * Read-ahead: the relationship lists a request selects under a node, read by the statement that
 * reads the node itself (issue 12). A plan says which lists (and, below single-label far ends,
 * which lists of the far nodes); `readAheadExpression` turns it into one Cypher map expression of
 * COLLECT subqueries, each in the list's own order and cap, so a root lookup or a page of a
 * collection answers its whole relationship selection in one round trip. Lists not planned (the
 * `<name>Connection` pages, lineage, anything under a node of several possible labels) are read
 * by the loaders as before.
 *
 * Plans come from the schema layer (src/schema/read-ahead.ts reads them off the selection);
 * types, directions and labels come from the graph model only, never from request text, and the
 * statement text depends only on the plan's shape, so Neo4j's plan cache hits.
 */
import { farLabels, isNodeLabel, LABELS, type NodeLabel, type RelationshipType, servedProperties } from '../../model.js';
import type { Row } from '../graph.js';
import { chainOrder, chainSteps, toLineageStep, type LineageStepRow, type Towards } from './lineageStore.js';
import { relationPattern, sortKeyOf, type Direction } from './relationCypher.js';
import type { RelationRow } from './relationStore.js';
import { toNodeReading, toRelation, UNREAD_RELATION, type NodeRow } from './rows.js';
import { SOURCES_OF, toSources } from './sourceStore.js';

/** What to read with a node: the relationship lists selected under it, and the nodes its properties refer to. */
export interface ReadAheadPlan {
  /** The label of the node the plan reads ahead for. */
  label: NodeLabel;
  /** The properties of the node that the selection reads (src/schema/read-ahead.ts); the others are not read. */
  properties: readonly string[];
  relations: RelationPlan[];
  references: ReferencePlan[];
  /** Lineage chains (a product's `successors`, `predecessors`). */
  chains: ChainPlan[];
}

/** A product's chain of replacements towards newer or older products (src/graph/stores/lineageStore.ts). */
export interface ChainPlan {
  /** The response key of the field that answers the chain. */
  key: string;
  towards: Towards;
  /** Resolve each step's sources (only when the selection reads them). */
  sources: boolean;
}

/** A node the read node's `property` holds the key of (an entry's `categoryId`: its category). */
export interface ReferencePlan {
  /** The response key of the field that answers the node. */
  key: string;
  property: string;
  label: NodeLabel;
  /** The properties of the node that the selection reads; the others are not read. */
  properties: readonly string[];
}

export interface RelationPlan {
  /** Where the list is kept for the field that reads it: the field's response key (its alias, or its name). */
  key: string;
  type: RelationshipType;
  direction: Direction;
  /** At most this many relationships, the first in the list's order (a growing list's `first`); null for all. */
  limit: number | null;
  /** Resolve each relationship's sources (only when the selection reads them). */
  sources: boolean;
  /** Read the relationship's own properties (only when a field of the selection reads them). */
  rel: boolean;
  /** The properties of the far nodes that the selection reads; the others are not read. */
  properties: readonly string[];
  /** What to read with the far nodes, when they are all of one label. */
  far: ReadAheadPlan | null;
}

/** Signatures of the plans made so far: a plan is never changed once made (src/schema/read-ahead.ts). */
const signatures = new WeakMap<ReadAheadPlan, string>();

/**
 * A plan's shape as text: equal plans make equal statements (statement caches key on it). Asked
 * for on every request that reads ahead, so each plan's is worked out once.
 */
export function planSignature(plan: ReadAheadPlan): string {
  let signature = signatures.get(plan);
  if (signature === undefined) {
    signature = signatureOf(plan);
    signatures.set(plan, signature);
  }
  return signature;
}

function signatureOf(plan: ReadAheadPlan): string {
  return [
    `${plan.label}:${plan.properties.join('+')}`,
    ...plan.relations.map(
      (r) =>
        `${r.key}:${r.type}:${r.direction}:${r.limit ?? ''}:${r.sources ? 's' : ''}${r.rel ? 'r' : ''}:${r.properties.join('+')}${r.far ? `(${planSignature(r.far)})` : ''}`,
    ),
    ...plan.references.map((r) => `${r.key}=${r.property}>${r.label}:${r.properties.join('+')}`),
    ...plan.chains.map((c) => `${c.key}~${c.towards}:${c.sources ? 's' : ''}`),
  ].join(',');
}

/**
 * A map projection of the served properties of a node that may carry any of `labels`: only those
 * in `properties` when given.
 */
export function nodeProjection(variable: string, labels: readonly NodeLabel[], properties?: readonly string[]): string {
  const names = new Set(
    labels.flatMap((label) =>
      servedProperties(label)
        .filter(([name]) => !properties || properties.includes(name))
        .map(([name]) => name),
    ),
  );
  return `${variable} {${[...names].map((name) => `.${name}`).join(', ')}}`;
}

/**
 * The Cypher map expression holding every list of `plan` for the node bound to `variable` (of
 * `{uses: COLLECT { … }, …}`. Variables below are numbered by depth, so nested lists
 * never shadow the ones above.
 */
export function readAheadExpression(variable: string, plan: ReadAheadPlan, depth = 1): string {
  const lists = plan.relations.map((relation) => `\`${relation.key}\`: ${listExpression(variable, relation, depth)}`);
  const nodes = plan.references.map((reference) => {
    const c = `c${depth}`;
    const key = LABELS[reference.label].key;
    return `\`${reference.key}\`: head(COLLECT { MATCH (${c}:${reference.label} {${key}: ${variable}.${reference.property}}) RETURN ${nodeProjection(c, [reference.label], reference.properties)} })`;
  });
  const chains = plan.chains.map((chain) => {
    const v = `_${depth}`;
    return `\`${chain.key}\`: COLLECT {
      UNWIND ${chainSteps(variable, chain.towards, v)} AS step${v}
      WITH step${v}.r AS r${v}, step${v}.depth AS depth${v}
      WITH r${v}, depth${v}, startNode(r${v}) AS newer${v}, endNode(r${v}) AS older${v}
      RETURN {depth: depth${v}, rel: properties(r${v}), newer: ${nodeProjection(`newer${v}`, ['Product'])}, older: ${nodeProjection(`older${v}`, ['Product'])},
              sources: ${chain.sources ? SOURCES_OF(`r${v}`) : '[]'}} AS step
      ORDER BY ${chainOrder(v)}
    }`;
  });
  return `{${[...lists, ...nodes, ...chains].join(', ')}}`;
}

/** The labels a relation's far nodes may have (from the model), and the one label when there is only one. */
function farEnd(relation: RelationPlan): { far: NodeLabel[]; only: NodeLabel | undefined } {
  const far = farLabels(relation.type, relation.direction).filter(isNodeLabel);
  return { far, only: far.length === 1 ? far[0] : undefined };
}

function listExpression(from: string, relation: RelationPlan, depth: number): string {
  const r = `r${depth}`;
  const b = `b${depth}`;
  const { far, only } = farEnd(relation);
  const { arrow, where } = relationPattern(relation.type, relation.direction, r, b);
  // Each item holds only what the plan reads (keepReadAhead supplies the rest): its label only when
  // the far end may have several, its relationship, sources and nested lists only when planned.
  // Every key left out is bytes Neo4j need not write nor the driver decode, on every item.
  const item = [`node: ${nodeProjection(b, far, relation.properties)}`];
  if (!only) item.push(`label: head([l IN labels(${b}) WHERE l IN [${far.map((l) => `'${l}'`).join(', ')}]])`);
  if (relation.rel) item.push(`rel: properties(${r})`);
  if (relation.sources) item.push(`sources: ${SOURCES_OF(r)}`);
  if (relation.far && only) item.push(`ahead: ${readAheadExpression(b, relation.far, depth + 1)}`);
  return `COLLECT {
      MATCH (${from})${arrow}(${b})
      WHERE ${where}
      WITH ${r}, ${b} ORDER BY ${sortKeyOf(far, b)}, ${b}.id${relation.limit === null ? '' : ` LIMIT ${relation.limit}`}
      RETURN {${item.join(', ')}}
    }`;
}

/**
 * What was read ahead for one row, by response key. It is kept on the row object itself, under a
 * symbol that neither JSON nor GraphQL sees (a WeakMap entry cost 1 µs a row, mostly in the
 * garbage collector: a dashboard page keeps about 200).
 */
interface ReadAhead {
  lists: Map<string, RelationRow[]>;
  nodes?: Map<string, NodeRow | null>;
  chains?: Map<string, LineageStepRow[]>;
}
const READ_AHEAD = Symbol('meshgraph.readAhead');
type Carrier = { [READ_AHEAD]?: ReadAhead };

/**
 * Reads a read-ahead value (what `readAheadExpression` returned for `row`'s node) and keeps its
 * lists with the row, for `readAheadList`. Every row it makes is a new object, so lists read
 * ahead for one place in a query never answer another.
 */
export function keepReadAhead(row: unknown, id: string, value: unknown, plan: ReadAheadPlan): void {
  if (row === null || typeof row !== 'object') throw new Error(`read-ahead of ${id}: the row is not an object`);
  if (value === null || typeof value !== 'object') throw new Error(`read-ahead of ${id}: expected a map`);
  const kept: ReadAhead = { lists: new Map() };
  const byKey = value as Row;
  for (const relation of plan.relations) {
    const items = byKey[relation.key];
    if (!Array.isArray(items)) throw new Error(`read-ahead of ${id}: ${relation.key} is not a list`);
    // The statement names the far end's label only when it may be one of several.
    const { only } = farEnd(relation);
    kept.lists.set(
      relation.key,
      items.map((item: Row) => {
        const node = toNodeReading(only ?? item.label, item.node, relation.properties);
        if (relation.far) keepReadAhead(node, node.id, item.ahead, relation.far);
        const rel = relation.rel ? toRelation(item.rel) : UNREAD_RELATION;
        return { key: id, type: relation.type, rel, node, sources: relation.sources ? toSources(item.sources) : [] };
      }),
    );
  }
  if (plan.references.length > 0) {
    kept.nodes = new Map();
    for (const reference of plan.references) {
      const props = byKey[reference.key];
      kept.nodes.set(reference.key, props == null ? null : toNodeReading(reference.label, props, reference.properties));
    }
  }
  if (plan.chains.length > 0) {
    kept.chains = new Map();
    for (const chain of plan.chains) {
      const steps = byKey[chain.key];
      if (!Array.isArray(steps)) throw new Error(`read-ahead of ${id}: ${chain.key} is not a list`);
      kept.chains.set(
        chain.key,
        steps.map((step: Row) => toLineageStep(id, step)),
      );
    }
  }
  const carrier: Carrier = row;
  carrier[READ_AHEAD] = kept;
}

function keptFor(row: object): ReadAhead | undefined {
  const carrier: Carrier = row;
  return carrier[READ_AHEAD];
}

/** The lineage chain read ahead for `row` under the response key `key`, or undefined when none was. */
export function readAheadChain(row: object, key: string | number): LineageStepRow[] | undefined {
  return keptFor(row)?.chains?.get(String(key));
}

/** The node read ahead for `row` under the response key `key`: null when it does not exist, undefined when it was not read ahead. */
export function readAheadNode(row: object, key: string | number): NodeRow | null | undefined {
  return keptFor(row)?.nodes?.get(String(key));
}

/** The list read ahead for `row` under the response key `key`, or undefined when none was. */
export function readAheadList(row: object, key: string | number): RelationRow[] | undefined {
  return keptFor(row)?.lists.get(String(key));
}
