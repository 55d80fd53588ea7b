/**
 * Cypher for relationships: for a batch of node ids, every relationship of one type in one
 * direction with the node at its other end, in one statement. Types and labels come only from
 * the allowlist below, which is also what the API's `relationshipTypes` field describes.
 */
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

/** The hand-curated facts between products, concepts and organizations (not entry links or categories). */
export const CURATED_RELATIONSHIP_TYPES = [
  'SUPERSEDES',
  'USES',
  'IMPLEMENTS',
  'DEVELOPED_BY',
  'HOSTED_BY',
  'PART_OF',
  'BASED_ON',
  'INTEGRATES_WITH',
  'ALTERNATIVE_TO',
  'RELATED_TO',
  'SUCCEEDS',
] as const;

/** Every relationship type of the graph (docs/graph-model.md), with its ends and meaning. */
export const RELATIONSHIP_TYPES = {
  SUPERSEDES: {
    from: ['Product'],
    to: ['Product'],
    properties: ['kind'],
    meaning: 'The newer product replaced the older one; `kind` says how (renamed, rewrite, merged, recommended, standard, replaced).',
  },
  USES: { from: ['Product'], to: ['Product'], properties: ['role'], meaning: 'The product uses the other one, e.g. Istio uses Envoy as its sidecar; `role` says as what.' },
  IMPLEMENTS: { from: ['Product'], to: ['Concept'], properties: [], meaning: 'The product implements the concept, e.g. Linkerd implements mTLS.' },
  DEVELOPED_BY: {
    from: ['Product'],
    to: ['Organization'],
    properties: ['role'],
    meaning: 'The organization develops (or created, maintains, sells, donated) the product; `role` says which.',
  },
  HOSTED_BY: {
    from: ['Product'],
    to: ['Organization'],
    properties: ['maturity'],
    meaning: 'A foundation hosts the project; `maturity` is its level there (sandbox, incubating, graduated, archived).',
  },
  PART_OF: { from: ['Product'], to: ['Product'], properties: [], meaning: 'The product is a component of a larger product, e.g. ztunnel is part of Istio.' },
  BASED_ON: {
    from: ['Product'],
    to: ['Product'],
    properties: ['role'],
    meaning: 'The product is derived from the other one; `role` says how (fork, distribution, commercial-edition …).',
  },
  INTEGRATES_WITH: { from: ['Product'], to: ['Product'], properties: [], meaning: 'The product integrates with or conforms to the other one, e.g. a specification such as SMI.' },
  ALTERNATIVE_TO: { from: ['Product'], to: ['Product'], properties: [], meaning: 'The product is a suggested alternative to the other one, with no replacement claimed.' },
  RELATED_TO: { from: ['Concept'], to: ['Concept'], properties: [], meaning: 'The two concepts are related.' },
  SUCCEEDS: { from: ['Organization'], to: ['Organization'], properties: [], meaning: 'The organization succeeds the other one (renamed or absorbed it).' },
  ABOUT: {
    from: ['Entry'],
    to: ['Product', 'Concept', 'Organization'],
    properties: [],
    meaning: 'The entry is about the product, concept or organization; confidence is high when curated, medium when matched by name.',
  },
  COMPARES: { from: ['Entry'], to: ['Product', 'Concept'], properties: [], meaning: 'The entry compares several products or concepts, this one among them.' },
  IN_CATEGORY: { from: ['Entry'], to: ['Category'], properties: [], meaning: 'A heading of the category tree that lists the entry (one per category that lists it).' },
  SUBCATEGORY_OF: { from: ['Category'], to: ['Category'], properties: [], meaning: 'The category is a sub-heading of the other one.' },
} as const satisfies Record<string, Omit<RelationshipTypeInfo, 'type'>>;

export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;
/** `out`: from the asked node; `in`: towards it; `both`: either way (for symmetric facts). */
export type Direction = 'out' | 'in' | 'both';

export function relationshipTypes(): RelationshipTypeInfo[] {
  return Object.entries(RELATIONSHIP_TYPES).map(([type, info]) => ({
    type,
    from: [...info.from],
    to: [...info.to],
    properties: [...info.properties],
    meaning: info.meaning,
  }));
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

function farLabels(type: RelationshipType, direction: Direction): readonly NodeLabel[] {
  const info = RELATIONSHIP_TYPES[type];
  if (direction === 'out') return info.to;
  if (direction === 'in') return info.from;
  return [...new Set<NodeLabel>([...info.from, ...info.to])];
}

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
  const ends: readonly NodeLabel[] = direction === 'out' ? RELATIONSHIP_TYPES[type].from : direction === 'in' ? RELATIONSHIP_TYPES[type].to : [];
  if (ends.length > 0 && !ends.includes(near)) throw new Error(`${type} has no ${near} end for direction ${direction}`);
  const rows = await graph.read(relationStatement(type, direction, near), { ids: [...ids], labels: [...farLabels(type, direction)] });
  return groupByKey(ids, rows, (row) => ({
    key: String(row.key),
    type,
    rel: toRelation(row.rel as Record<string, unknown>),
    node: toNode(row.label as NodeLabel, row.node as Record<string, unknown>),
    sources: toSources(row.sources),
  }));
}
