/**
 * Provenance: every fact (a relationship, a status claim) names its sources — entries of the
 * graph or external pages. `Fact` is the interface all relationship types share; `Source` is the
 * interface of Entry and ExternalSource. Also `relationshipTypes`: what each relationship type means.
 */
import { builder, type BuilderTypes } from '../builder.js';
import { loadSources, type SourceRow } from '../graph/stores/sourceStore.js';
import type { Context } from '../context.js';
import type { NodeLabel, NodeRow, RelationProps } from '../graph/stores/rows.js';
import { API_TYPES, LABELS, NODE_LABELS, RELATIONSHIPS } from '../model.js';
import {
  loadRelations,
  relationshipTypes,
  type Direction,
  type RelationRow,
  type RelationshipType,
} from '../graph/stores/relationStore.js';
import { requestLoader } from './node.js';

export const Source = builder.interfaceRef<SourceRow>('Source').implement({
  description:
    'Where a fact comes from: an Entry of the graph that states it, or an ExternalSource (a page with its URL). Ask for `__typename` to tell which; `title` and `url` work on both.',
  resolveType: (row) => row.__typename,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The title of the entry or page.' }),
    url: t.exposeString('url', {
      nullable: true,
      description: 'Where to read it (an entry may have no address; an external source always has one).',
    }),
    publisher: t.exposeString('publisher', {
      nullable: true,
      description: 'Who published it, e.g. "istio.io" or "CNCF" (null when unknown).',
    }),
  }),
});

// Registered for the Source interface (entries and external pages).
builder.objectRef<Extract<SourceRow, { __typename: 'ExternalSource' }>>('ExternalSource').implement({
  description: 'A page outside the graph that states a fact: documentation, a release note, a commit, a blog post.',
  interfaces: [Source],
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where the page is.' }),
    title: t.exposeString('title', { description: "The page's title (its address when no title was recorded)." }),
    publisher: t.exposeString('publisher', {
      nullable: true,
      description: 'Who published it, e.g. "istio.io" or "CNCF" (null when unknown).',
    }),
  }),
});

const sourceLoader = requestLoader<string, SourceRow | null>((refs, ctx) => loadSources(ctx.graph, refs));

/** The sources behind `refs` (entry ids and URLs), batched per request; unknown entry ids are left out. */
export async function resolveSources(refs: readonly string[], ctx: Parameters<typeof sourceLoader>[0]): Promise<SourceRow[]> {
  const loaded = await sourceLoader(ctx).loadMany([...refs]);
  const out: SourceRow[] = [];
  for (const item of loaded) {
    if (item instanceof Error) throw item;
    if (item) out.push(item);
  }
  return out;
}

/**
 * The query-cost estimate of a relationship or sources list (complexity plugin): a node has a few
 * of each, not the default ten, so nested relationship lists are not priced as 10 × 10 × 10.
 */
export const LIST_COMPLEXITY = { field: 1, multiplier: 3 };

export const SOURCES_DESCRIPTION =
  'Where this fact comes from, in the order the dataset gives them: entries of the graph and external pages (with their URL). Never empty.';

export const ConfidenceEnum = builder.enumType('Confidence', {
  description: 'How sure the graph is of a fact.',
  values: {
    HIGH: { value: 'high', description: 'Curated by hand from the sources given.' },
    MEDIUM: {
      value: 'medium',
      description: 'Likely: matched automatically (an entry naming a product) or inferred from indirect sources.',
    },
    LOW: { value: 'low', description: 'Uncertain: the sources are thin or disagree.' },
  } as const,
});

/** The shape behind every relationship type of the API. */
export interface FactShape {
  type: RelationshipType;
  rel: RelationProps;
  /** The sources, when the statement that read the fact resolved them already. */
  sources?: SourceRow[];
}

/** The relationship properties that hold text or nothing. */
const RELATION_TEXTS = ['since', 'until', 'note', 'kind', 'role', 'maturity'] as const;

/** Nullable text fields of a fact read from its relationship's properties, one per description given. */
export function relationTexts<P extends FactShape>(
  t: PothosSchemaTypes.FieldBuilder<BuilderTypes, P, 'Object' | 'Interface'>,
  descriptions: Partial<Record<(typeof RELATION_TEXTS)[number], string>>,
) {
  return Object.fromEntries(
    RELATION_TEXTS.flatMap((name) => {
      const description = descriptions[name];
      return description === undefined ? [] : [[name, t.string({ nullable: true, description, resolve: (fact) => fact.rel[name] })]];
    }),
  );
}

export const Fact = builder.interfaceRef<FactShape>('Fact').implement({
  description:
    'A relationship between two things of the graph, with its provenance: the sources that state it, since when it holds, how sure we are, and a note.',
  fields: (t) => ({
    relationshipType: t.string({
      description: 'The relationship type in the graph (see `relationshipTypes`), e.g. "USES" or "SUPERSEDES".',
      resolve: (fact) => fact.type,
    }),
    sources: t.field({
      type: [Source],
      complexity: LIST_COMPLEXITY,
      description: SOURCES_DESCRIPTION,
      resolve: (fact, _args, ctx) => fact.sources ?? resolveSources(fact.rel.sources, ctx),
    }),
    ...relationTexts(t, {
      since: 'Since when the fact holds: YYYY, YYYY-MM or YYYY-MM-DD (null when the sources give no date).',
      until: 'Until when the fact held, if it no longer does: YYYY, YYYY-MM or YYYY-MM-DD.',
    }),
    confidence: t.field({
      type: ConfidenceEnum,
      description: 'How sure the graph is of this fact.',
      resolve: (fact) => fact.rel.confidence,
    }),
    ...relationTexts(t, { note: 'A short remark in our own words: context, caveats, or where sources disagree.' }),
  }),
});

const NodeLabelEnum = builder.enumType('NodeLabel', {
  description: 'A kind of node in the graph (a Neo4j label).',
  values: Object.fromEntries(NODE_LABELS.map((label) => [label, { value: label, description: LABELS[label].meaning }])),
});

/** Every relationship type, as one enum shared by `relationshipTypes`, `path` and `subgraph`. */
export const RelationshipTypeEnum = builder.enumType('RelationshipType', {
  description: 'A relationship type of the graph (see `relationshipTypes` for its direction and properties).',
  values: Object.fromEntries(API_TYPES.map((type) => [type, { value: type, description: RELATIONSHIPS[type].meaning }])),
});

const RelationshipTypeInfo = builder.simpleObject('RelationshipTypeInfo', {
  description: 'One relationship type of the graph: which kinds of node it connects, in which direction, and what it means.',
  fields: (t) => ({
    type: t.string({ description: 'The type name as stored in Neo4j, e.g. "SUPERSEDES".' }),
    from: t.field({ type: [NodeLabelEnum], description: 'The kinds of node the relationship starts at.' }),
    to: t.field({ type: [NodeLabelEnum], description: 'The kinds of node the relationship points to.' }),
    properties: t.stringList({ description: 'Properties specific to this type (besides sources, confidence, since, until and note).' }),
    meaning: t.string({ description: 'What the relationship says, in one sentence.' }),
  }),
});

builder.queryField('relationshipTypes', (t) =>
  t.field({
    type: [RelationshipTypeInfo],
    description: 'Every relationship type of the graph with its direction (from which kind of node to which) and its meaning.',
    resolve: () => relationshipTypes(),
  }),
);

/**
 * A batch load function for one relationship type seen from `near` nodes: each id's relationships
 * with the node at the other end (the dataloader plugin batches ids across the whole request).
 */
export function factsOf<T extends NodeRow>(near: NodeLabel, type: RelationshipType, direction: Direction) {
  return async (ids: string[], ctx: Context): Promise<Array<RelationRow<T>[]>> =>
    (await loadRelations(ctx.graph, near, type, direction, ids)) as Array<RelationRow<T>[]>;
}
