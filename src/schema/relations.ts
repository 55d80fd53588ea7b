/**
 * The relationship fields of every type, generated from the graph model (src/model.ts): for each
 * field the model declares (`Product.uses`, `Concept.implementedBy`, `Entry.about` …) one list
 * field, batched per request by the dataloader plugin, read by the relation store in one
 * statement per field and batch.
 *
 * Also the relation object types a `facts` field returns: the relationship (with its provenance,
 * through the `Fact` interface) and the node at its other end. This module is the only one that
 * imports several node types, so the type modules never import each other.
 */
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { farLabels, relationshipFields, type Label, type NodeLabel, type RelationshipField, type RelationshipType } from '../model.js';
import type { SchemaTypes } from '../builder.js';
import { readAheadList } from '../graph/stores/readAhead.js';
import { countRelations, loadRelations, loadRelationsCapped, pageRelations, type RelationRow } from '../graph/stores/relationStore.js';
import type { CategoryRow, ConceptRow, EntryRow, NodeRow, OrganizationRow, ProductRow, TopicRow } from '../graph/stores/rows.js';
import { intBetween } from './arguments.js';
import { pageRequest, toConnection, type ConnectionArgs } from './connections.js';
import { MAX_PAGE_SIZE } from './page-size.js';
import { Category } from './category.js';
import { Concept } from './concept.js';
import { Entry } from './entry.js';
import { Topic } from './node.js';
import { Organization } from './organization.js';
import { Product } from './product.js';
import { Fact, LIST_COMPLEXITY } from './provenance.js';

type RelationShape<T> = RelationRow & { node: T };
type Field = RelationshipField & { type: RelationshipType };

const ProductRelation = builder.objectRef<RelationShape<ProductRow>>('ProductRelation').implement({
  description:
    'A relationship to a product, seen from the other end: the product, how it is related (role, maturity), and the provenance of the fact.',
  interfaces: [Fact],
  fields: (t) => ({
    product: t.field({ type: Product, description: 'The product at the other end of the relationship.', resolve: (fact) => fact.node }),
    role: t.string({
      nullable: true,
      description:
        'How the product is involved, where the relationship says: for USES the role of the used product (sidecar, data-plane, per-node …), for DEVELOPED_BY the role of the organization (creator, maintainer, vendor, donor), for BASED_ON how it derives (fork, distribution …).',
      resolve: (fact) => fact.rel.role,
    }),
    maturity: t.string({
      nullable: true,
      description: 'For HOSTED_BY: the maturity level at the foundation (sandbox, incubating, graduated, archived); null otherwise.',
      resolve: (fact) => fact.rel.maturity,
    }),
  }),
});

const ConceptRelation = builder.objectRef<RelationShape<ConceptRow>>('ConceptRelation').implement({
  description: 'A relationship to a concept, seen from the other end: the concept and the provenance of the fact.',
  interfaces: [Fact],
  fields: (t) => ({
    concept: t.field({ type: Concept, description: 'The concept at the other end of the relationship.', resolve: (fact) => fact.node }),
  }),
});

const OrganizationRelation = builder.objectRef<RelationShape<OrganizationRow>>('OrganizationRelation').implement({
  description:
    'A relationship to an organization, seen from the other end: the organization, its role or the maturity level, and the provenance of the fact.',
  interfaces: [Fact],
  fields: (t) => ({
    organization: t.field({
      type: Organization,
      description: 'The organization at the other end of the relationship.',
      resolve: (fact) => fact.node,
    }),
    role: t.string({
      nullable: true,
      description: 'For DEVELOPED_BY: what the organization does for the product (creator, maintainer, vendor, donor); null otherwise.',
      resolve: (fact) => fact.rel.role,
    }),
    maturity: t.string({
      nullable: true,
      description:
        'For HOSTED_BY: the maturity level of the project at the foundation (sandbox, incubating, graduated, archived); null otherwise.',
      resolve: (fact) => fact.rel.maturity,
    }),
  }),
});

const TopicRelation = builder.objectRef<RelationShape<TopicRow>>('TopicRelation').implement({
  description:
    "An entry's link to a product, concept or organization it is about or compares, with how sure the graph is of it: HIGH when curated by hand, MEDIUM when the importer matched the name in the entry's title or summary. Its source is the entry itself.",
  interfaces: [Fact],
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The product, concept or organization.', resolve: (fact) => fact.node }),
  }),
});

const NODES = { Product, Concept, Organization, Entry, Category } as const;
const RELATIONS = { Product: ProductRelation, Concept: ConceptRelation, Organization: OrganizationRelation } as const;

/** The GraphQL type of one item of a relationship field: the far node (or Topic), or the relation object for it. */
function itemType(field: Field) {
  const far: readonly Label[] = farLabels(field.type, field.direction);
  const [only] = far;
  if (far.length === 1 && only && only in (field.shape === 'nodes' ? NODES : RELATIONS)) {
    return field.shape === 'nodes' ? NODES[only as keyof typeof NODES] : RELATIONS[only as keyof typeof RELATIONS];
  }
  if (far.every((l) => l === 'Product' || l === 'Concept' || l === 'Organization')) return field.shape === 'nodes' ? Topic : TopicRelation;
  throw new Error(`${field.on}.${field.name}: the model declares no GraphQL type for ${field.shape} of ${far.join(' | ')}`);
}

/** Default and largest `first` of a relationship list that grows with the data. */
const GROWING_LIST_SIZE = MAX_PAGE_SIZE;

/** Per request: one DataLoader per relationship field and cap, so a field's lists for every node of a tick are one statement. */
const relationLoaders = createContextCache((_ctx: Context) => new Map<string, DataLoader<string, RelationRow[]>>());

function relationLoader(ctx: Context, on: NodeLabel, field: Field, first: number | null): DataLoader<string, RelationRow[]> {
  const loaders = relationLoaders(ctx);
  const key = `${on}.${field.name}:${first ?? ''}`;
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader((ids: readonly string[]) =>
      first === null
        ? loadRelations(ctx.graph, on, field.type, field.direction, ids)
        : loadRelationsCapped(ctx.graph, on, field.type, field.direction, ids, first),
    );
    loaders.set(key, loader);
  }
  return loader;
}

/**
 * The list a relationship field answers for `node`: read ahead by the statement that read the
 * node (src/schema/read-ahead.ts), or else by the field's loader, batched with the same field's
 * lists for the other nodes of the tick.
 *
 * A list read ahead is answered at once, not as a promise: the executor completes a value it
 * has in the same step, while a promise costs it a tick and an object of its own, for every
 * item of a page (50 entries' `about`), and keeps each item's object waiting for it.
 */
function relationList(
  node: { id: string },
  ctx: Context,
  info: GraphQLResolveInfo,
  on: NodeLabel,
  field: Field,
  first: number | null,
): Array<RelationRow | NodeRow> | Promise<Array<RelationRow | NodeRow>> {
  const shaped = (rows: RelationRow[]) => (field.shape === 'nodes' ? rows.map((row) => row.node) : rows);
  const rows = readAheadList(node, info.path.key);
  return rows ? shaped(rows) : relationLoader(ctx, on, field, first).load(node.id).then(shaped);
}

// Connections of the lists that grow with the data: one type per kind of item.
const TopicConnection = builder.connectionObject(
  { type: Topic, name: 'TopicConnection', description: 'A page of products, concepts and organizations, by name.' },
  { name: 'TopicEdge', description: 'One product, concept or organization of a page, with its cursor.' },
);
const TopicRelationConnection = builder.connectionObject(
  { type: TopicRelation, name: 'TopicRelationConnection', description: "A page of an entry's links to topics, by the topic's name." },
  { name: 'TopicRelationEdge', description: 'One link of a page, with its cursor.' },
);
const RelatedEntryConnection = builder.connectionObject(
  {
    type: Entry,
    name: 'RelatedEntryConnection',
    description: 'A page of entries, newest first (entries without a year last), then by title.',
  },
  { name: 'RelatedEntryEdge', description: 'One entry of a page, with its cursor.' },
);
const RelatedCategoryConnection = builder.connectionObject(
  { type: Category, name: 'RelatedCategoryConnection', description: 'A page of categories, by name.' },
  { name: 'RelatedCategoryEdge', description: 'One category of a page, with its cursor.' },
);

function asEntry(node: NodeRow): EntryRow {
  if (node.__typename !== 'Entry') throw new Error(`expected an Entry, got a ${node.__typename}`);
  return node;
}
function asCategory(node: NodeRow): CategoryRow {
  if (node.__typename !== 'Category') throw new Error(`expected a Category, got a ${node.__typename}`);
  return node;
}
function asTopic(node: NodeRow): TopicRow {
  if (node.__typename === 'Entry' || node.__typename === 'Category') throw new Error(`expected a topic, got a ${node.__typename}`);
  return node;
}

/** One page of a growing relationship field of the node `id`, its items made by `item`. */
async function relationPage<T>(ctx: Context, on: NodeLabel, field: Field, id: string, args: ConnectionArgs, item: (row: RelationRow) => T) {
  const ordering = `${on}.${field.name}`;
  const request = pageRequest(args, ordering, 'ASC');
  const page = await pageRelations(ctx.graph, on, field.type, field.direction, id, request);
  const rows = page.rows.map((row) => ({ ...row, node: item(row.node) }));
  return toConnection({ rows, more: page.more }, request, ordering, () => countRelations(ctx.graph, on, field.type, field.direction, id));
}

type ParentFields = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, { id: string }>;

/** `<name>Connection` beside a growing relationship field: the whole list, page by page, with totalCount. */
function connectionField(t: ParentFields, on: NodeLabel, field: Field) {
  const description = `${field.description.replace(/\.$/, '')} — page by page (\`first\`/\`after\` or \`last\`/\`before\`), with \`totalCount\`. The same items as \`${field.name}\`, in the same order.`;
  const item = itemType(field);
  if (item === Entry) {
    return t.connection(
      { type: Entry, description, resolve: (node, args, ctx) => relationPage(ctx, on, field, node.id, args, (row) => asEntry(row.node)) },
      RelatedEntryConnection,
    );
  }
  if (item === Category) {
    return t.connection(
      {
        type: Category,
        description,
        resolve: (node, args, ctx) => relationPage(ctx, on, field, node.id, args, (row) => asCategory(row.node)),
      },
      RelatedCategoryConnection,
    );
  }
  if (item === Topic) {
    return t.connection(
      { type: Topic, description, resolve: (node, args, ctx) => relationPage(ctx, on, field, node.id, args, (row) => asTopic(row.node)) },
      TopicConnection,
    );
  }
  if (item === TopicRelation) {
    return t.connection(
      {
        type: TopicRelation,
        description,
        resolve: (node, args, ctx) => relationPage(ctx, on, field, node.id, args, (row) => ({ ...row, node: asTopic(row.node) })),
      },
      TopicRelationConnection,
    );
  }
  throw new Error(`${on}.${field.name}: the model marks it as growing, but no connection type is declared for its items`);
}

for (const on of Object.keys(NODES) as NodeLabel[]) {
  const fields = relationshipFields().filter((field) => field.on === on);
  if (fields.length === 0) continue;
  // Safe: every node row has the `id` its relationship fields read by; each field answers exactly
  // the rows its item type reads (far nodes for `nodes`, relation rows for `facts`), which the
  // API's relationship tests check field by field.
  builder.objectFields(NODES[on] as unknown as typeof Product, (t) =>
    Object.fromEntries(
      fields.flatMap((field) => {
        const type = itemType(field) as unknown as typeof ProductRelation;
        const list = (node: { id: string }, ctx: Context, info: GraphQLResolveInfo, first: number | null) =>
          relationList(node, ctx, info, on, field, first) as Array<RelationShape<ProductRow>> | Promise<Array<RelationShape<ProductRow>>>;
        if (!field.grows) {
          return [
            [
              field.name,
              t.field({
                type: [type],
                complexity: LIST_COMPLEXITY,
                description: field.description,
                resolve: (node, _args, ctx, info) => list(node, ctx, info, null),
              }),
            ],
          ];
        }
        // Priced by `first` (src/schema/page-size.ts).
        return [
          [
            field.name,
            t.field({
              type: [type],
              description: `${field.description} At most \`first\` of them; \`${field.name}Connection\` pages through all.`,
              args: {
                first: t.arg.int({
                  required: false,
                  defaultValue: GROWING_LIST_SIZE,
                  description: `How many to return at most, 0 to ${GROWING_LIST_SIZE}; default ${GROWING_LIST_SIZE}.`,
                  validate: intBetween('first', 0, GROWING_LIST_SIZE),
                }),
              },
              resolve: (node, args, ctx, info) => list(node, ctx, info, args.first ?? GROWING_LIST_SIZE),
            }),
          ],
          [`${field.name}Connection`, connectionField(t, on, field)],
        ];
      }),
    ),
  );
}
