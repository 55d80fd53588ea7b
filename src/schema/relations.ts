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
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { farLabels, relationshipFields, type Label, type NodeLabel, type RelationshipField, type RelationshipType } from '../model.js';
import { loadRelations, type RelationRow } from '../graph/stores/relationStore.js';
import type { ConceptRow, OrganizationRow, ProductRow, TopicRow } from '../graph/stores/rows.js';
import { Category } from './category.js';
import { Concept } from './concept.js';
import { Entry } from './entry.js';
import { Topic } from './node.js';
import { Organization } from './organization.js';
import { Product } from './product.js';
import { Fact, LIST_COMPLEXITY } from './provenance.js';

type RelationShape<T> = RelationRow & { node: T };

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
function itemType(field: RelationshipField & { type: RelationshipType }) {
  const far: readonly Label[] = farLabels(field.type, field.direction);
  const [only] = far;
  if (far.length === 1 && only && only in (field.shape === 'nodes' ? NODES : RELATIONS)) {
    return field.shape === 'nodes' ? NODES[only as keyof typeof NODES] : RELATIONS[only as keyof typeof RELATIONS];
  }
  if (far.every((l) => l === 'Product' || l === 'Concept' || l === 'Organization')) return field.shape === 'nodes' ? Topic : TopicRelation;
  throw new Error(`${field.on}.${field.name}: the model declares no GraphQL type for ${field.shape} of ${far.join(' | ')}`);
}

function loadField(on: NodeLabel, field: RelationshipField & { type: RelationshipType }) {
  return async (ids: string[], ctx: Context) => {
    const rows = await loadRelations(ctx.graph, on, field.type, field.direction, ids);
    return field.shape === 'nodes' ? rows.map((list) => list.map((row) => row.node)) : rows;
  };
}

for (const on of Object.keys(NODES) as NodeLabel[]) {
  const fields = relationshipFields().filter((field) => field.on === on);
  if (fields.length === 0) continue;
  // Safe: every node row has the `id` its relationship fields load by; each field's loader returns
  // exactly the rows its item type reads (far nodes for `nodes`, relation rows for `facts`), which
  // the API's relationship tests check field by field.
  builder.objectFields(NODES[on] as unknown as typeof Product, (t) =>
    Object.fromEntries(
      fields.map((field) => [
        field.name,
        t.loadableList({
          type: itemType(field) as unknown as typeof ProductRelation,
          complexity: LIST_COMPLEXITY,
          description: field.description,
          load: loadField(on, field) as unknown as (ids: string[], ctx: Context) => Promise<Array<RelationShape<ProductRow>[]>>,
          resolve: (node) => node.id,
        }),
      ]),
    ),
  );
}
