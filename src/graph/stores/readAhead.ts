/**
 * Read-ahead: the relationship lists a request selects under a node, read by the statement that
 * reads the node itself (issue 12). A plan says which lists (and, below single-label far ends,
 * which lists of the far nodes); `readAheadExpression` turns it into one Cypher list expression of
 * COLLECT subqueries, each in the list's own order and cap, so a root lookup or a page of a
 * collection answers its whole relationship selection in one round trip. Lists not planned (the
 * `<name>Connection` pages, lineage, anything under a node of several possible labels) are read
 * by the loaders as before.
 *
 * Plans come from the schema layer (src/schema/read-ahead.ts reads them off the selection);
 * types, directions and labels come from the graph model only, never from request text, and the
 * statement text depends only on the plan's shape, so Neo4j's plan cache hits.
 *
 * What is read ahead comes back as lists, not maps: the lists of a plan in the plan's order, each
 * item's values in a fixed order, each node as the values of its columns (`planColumns`). A map
 * repeats its keys in every row, which Neo4j writes and the driver decodes as new strings; a
 * dashboard page (50 entries with their topics and category) held about 800 of them. The
 * statement and the parser (`keepReadAhead`) read the positions off the same plan.
 */
import { farLabels, isNodeLabel, LABELS, type NodeLabel, type RelationshipType, servedProperties } from '../../model.js';
import { chainOrder, chainSteps, type LineageStepRow, type Towards } from './lineageStore.js';
import { relationPattern, sortKeyOf, type Direction } from './relationCypher.js';
import type { RelationRow } from './relationStore.js';
import { toNodeFromValues, toRelation, UNREAD_RELATION, valuesParsers, type NodeRow, type ProductRow } from './rows.js';
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
  /** Read each step's SUPERSEDES relationship's own properties (only when a field of the step reads them: its kind, note …). */
  rel: boolean;
  /** The properties of each step's two products (the one reached and the previous one) that the selection reads. */
  properties: readonly string[];
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
    ...plan.chains.map((c) => `${c.key}~${c.towards}:${c.sources ? 's' : ''}${c.rel ? 'r' : ''}:${c.properties.join('+')}`),
  ].join(',');
}

/**
 * The properties a projection of a node that may carry any of `labels` reads: their served
 * properties (only those in `properties` when given), in the graph model's order.
 */
function columnsOf(labels: readonly NodeLabel[], properties?: readonly string[]): string[] {
  const names = new Set(
    labels.flatMap((label) =>
      servedProperties(label)
        .filter(([name]) => !properties || properties.includes(name))
        .map(([name]) => name),
    ),
  );
  return [...names];
}

/** A map projection of the served properties of a node that may carry any of `labels`: only those in `properties` when given. */
export function nodeProjection(variable: string, labels: readonly NodeLabel[], properties?: readonly string[]): string {
  return `${variable} {${columnsOf(labels, properties)
    .map((name) => `.${name}`)
    .join(', ')}}`;
}

/** The list of `variable`'s values of `columns`, in their order (`[n.id, n.name]`): read back with toNodeFromValues. */
export function nodeValues(variable: string, columns: readonly string[]): string {
  return `[${columns.map((name) => `${variable}.${name}`).join(', ')}]`;
}

const columnsByPlan = new WeakMap<object, readonly string[]>();

/**
 * The columns read for the nodes of `plan` (a read-ahead plan's own node, a relation's far nodes,
 * a reference's node, a chain's products). Worked out once per plan (plans are never changed
 * once made), so the statement and every row's parser share one list.
 */
export function planColumns(plan: ReadAheadPlan | RelationPlan | ReferencePlan | ChainPlan): readonly string[] {
  let columns = columnsByPlan.get(plan);
  if (columns === undefined) {
    columns = columnsOf('towards' in plan ? ['Product'] : 'type' in plan ? farEnd(plan).far : [plan.label], plan.properties);
    columnsByPlan.set(plan, columns);
  }
  return columns;
}

/**
 * The Cypher list expression holding what `plan` reads ahead for the node bound to `variable`:
 * its relation lists, then its referenced nodes, then its chains, each in the plan's order
 * (`[COLLECT { … }, COLLECT { … LIMIT 1 }, …]`), read back by keepReadAhead. Variables below are
 * numbered by depth, so nested lists never shadow the ones above.
 */
export function readAheadExpression(variable: string, plan: ReadAheadPlan, depth = 1): string {
  const lists = plan.relations.map((relation) => listExpression(variable, relation, depth));
  const nodes = plan.references.map((reference) => {
    const c = `c${depth}`;
    const key = LABELS[reference.label].key;
    // A list of at most one node, not head() of it: Neo4j plans a COLLECT standing on its own as
    // a join on the page's rows (RollUpApply, one index seek each), but one inside a function
    // call as a nested plan run row by row, which cost a dashboard page a quarter of its
    // statement's Neo4j CPU (issue 12).
    return `COLLECT { MATCH (${c}:${reference.label} {${key}: ${variable}.${reference.property}}) RETURN ${nodeValues(c, planColumns(reference))} LIMIT 1 }`;
  });
  const chains = plan.chains.map((chain) => {
    const v = `_${depth}`;
    // Each step is a list, in this order (toChainStep reads it the same way): its depth, the
    // newer and the older product's values, then the relationship's properties and its sources,
    // each only when planned.
    const columns = planColumns(chain);
    const step = [`depth${v}`, nodeValues(`newer${v}`, columns), nodeValues(`older${v}`, columns)];
    if (chain.rel) step.push(`properties(r${v})`);
    if (chain.sources) step.push(SOURCES_OF(`r${v}`));
    return `COLLECT {
      UNWIND ${chainSteps(variable, chain.towards, v)} AS step${v}
      WITH step${v}.r AS r${v}, step${v}.depth AS depth${v}
      WITH r${v}, depth${v}, startNode(r${v}) AS newer${v}, endNode(r${v}) AS older${v}
      RETURN [${step.join(', ')}] AS step
      ORDER BY ${chainOrder(v)}
    }`;
  });
  return `[${[...lists, ...nodes, ...chains].join(', ')}]`;
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
  // Each item is a list of what the plan reads, in this order (keepReadAhead reads it the same
  // way): the far node's values; its label, only when the far end may have several; the
  // relationship's properties, its sources and the far node's read-ahead, each only when planned.
  // Every value left out is bytes Neo4j need not write nor the driver decode, on every item.
  const item = [nodeValues(b, planColumns(relation))];
  if (!only) item.push(`head([l IN labels(${b}) WHERE l IN [${far.map((l) => `'${l}'`).join(', ')}]])`);
  if (relation.rel) item.push(`properties(${r})`);
  if (relation.sources) item.push(SOURCES_OF(r));
  if (relation.far && only) item.push(readAheadExpression(b, relation.far, depth + 1));
  return `COLLECT {
      MATCH (${from})${arrow}(${b})
      WHERE ${where}
      WITH ${r}, ${b} ORDER BY ${sortKeyOf(far, b)}, ${b}.id${relation.limit === null ? '' : ` LIMIT ${relation.limit}`}
      RETURN [${item.join(', ')}]
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
  const expected = plan.relations.length + plan.references.length + plan.chains.length;
  if (!Array.isArray(value) || value.length !== expected) throw new Error(`read-ahead of ${id}: expected a list of ${expected} values`);
  const kept: ReadAhead = { lists: new Map() };
  let at = 0;
  for (const relation of plan.relations) {
    const items: unknown = value[at++];
    if (!Array.isArray(items)) throw new Error(`read-ahead of ${id}: ${relation.key} is not a list`);
    // The statement names the far end's label only when it may be one of several.
    const { only } = farEnd(relation);
    const columns = planColumns(relation);
    kept.lists.set(
      relation.key,
      items.map((item: unknown[]) => toRelationRow(id, relation, only, columns, item)),
    );
  }
  if (plan.references.length > 0) {
    kept.nodes = new Map();
    for (const reference of plan.references) {
      const found: unknown = value[at++];
      if (!Array.isArray(found) || found.length > 1)
        throw new Error(`read-ahead of ${id}: ${reference.key} is not a list of at most one node`);
      kept.nodes.set(reference.key, found.length === 0 ? null : toNodeFromValues(reference.label, found[0], planColumns(reference)));
    }
  }
  if (plan.chains.length > 0) {
    kept.chains = new Map();
    for (const chain of plan.chains) {
      const steps: unknown = value[at++];
      if (!Array.isArray(steps)) throw new Error(`read-ahead of ${id}: ${chain.key} is not a list`);
      const parse = productFromValues(planColumns(chain));
      kept.chains.set(
        chain.key,
        steps.map((step: unknown[]) => toChainStep(id, chain, parse, step)),
      );
    }
  }
  const carrier: Carrier = row;
  carrier[READ_AHEAD] = kept;
}

/**
 * One item of a relation list read ahead for the node `id`: its values in listExpression's order
 * (`only`: the far end's one label; `columns`: the relation's planColumns, looked up once per list).
 */
function toRelationRow(
  id: string,
  relation: RelationPlan,
  only: NodeLabel | undefined,
  columns: readonly string[],
  item: unknown[],
): RelationRow {
  let at = 1;
  const node = toNodeFromValues(only ?? item[at++], item[0], columns);
  const rel = relation.rel ? toRelation(item[at++]) : UNREAD_RELATION;
  const sources = relation.sources ? toSources(item[at++]) : [];
  if (relation.far && only) keepReadAhead(node, node.id, item[at++], relation.far);
  return { key: id, type: relation.type, rel, node, sources };
}

const productFromValues = valuesParsers('Product');

/**
 * One step of a chain read ahead for the product `id`: its values in readAheadExpression's order
 * (`parse`: the parser of the chain's planColumns, looked up once per chain).
 */
function toChainStep(id: string, chain: ChainPlan, parse: (values: unknown) => ProductRow, step: unknown[]): LineageStepRow {
  if (!Array.isArray(step)) throw new Error(`read-ahead of ${id}: a step of ${chain.key} is not a list`);
  let at = 3;
  return {
    key: id,
    depth: Number(step[0]),
    newer: parse(step[1]),
    older: parse(step[2]),
    rel: chain.rel ? toRelation(step[at++]) : UNREAD_RELATION,
    sources: chain.sources ? toSources(step[at++]) : [],
  };
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
