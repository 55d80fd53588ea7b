/**
 * Organization: a company, foundation, community or standards body, with the products it develops
 * or hosts. Entry points: `organization` (by name, id or alias) and `organizations` (a connection).
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { SortDirection } from '../graph/stores/paging.js';
import { countOrganizations, loadOrganizations, pageOrganizations, type OrganizationFilter } from '../graph/stores/organizationStore.js';
import type { EntryRow, OrganizationRow, ProductRow } from '../graph/stores/rows.js';
import { SortDirectionEnum, pageRequest, toConnection, totalCountDescription, type Connection } from './connections.js';
import { Entry } from './entry.js';
import { Topic, lookupByName } from './node.js';
import { ProductRelation } from './product.js';
import { Fact, factsOf, type FactShape, LIST_COMPLEXITY } from './provenance.js';

export const Organization = builder.loadableNodeRef('Organization', {
  id: { resolve: (organization) => organization.id },
  // One row per id in order; null for an id with no node (node(id:) then answers null).
  load: (ids: string[], ctx: Context) => loadOrganizations(ctx.graph, ids) as Promise<OrganizationRow[]>,
});

/** A relationship seen from one end, with the organization at the other end. */
export interface OrganizationRelationShape extends FactShape {
  node: OrganizationRow;
}

export const OrganizationRelation = builder.objectRef<OrganizationRelationShape>('OrganizationRelation').implement({
  description: 'A relationship to an organization, seen from the other end: the organization, its role or the maturity level, and the provenance of the fact.',
  interfaces: [Fact],
  fields: (t) => ({
    organization: t.field({ type: Organization, description: 'The organization at the other end of the relationship.', resolve: (fact) => fact.node }),
    role: t.string({
      nullable: true,
      description: 'For DEVELOPED_BY: what the organization does for the product (creator, maintainer, vendor, donor); null otherwise.',
      resolve: (fact) => fact.rel.role,
    }),
    maturity: t.string({
      nullable: true,
      description: 'For HOSTED_BY: the maturity level of the project at the foundation (sandbox, incubating, graduated, archived); null otherwise.',
      resolve: (fact) => fact.rel.maturity,
    }),
  }),
});

Organization.implement({
  description: 'A company, foundation, community or standards body behind products of the field, e.g. CNCF, Google, Buoyant.',
  interfaces: [Topic],
  fields: (t) => ({
    orgType: t.exposeString('orgType', { description: 'What kind of organization: "foundation", "company", "community" or "standards-body".' }),
    homepage: t.exposeString('homepage', { nullable: true, description: 'Its website (null when none is recorded).' }),
    products: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: ProductRelation,
      description: 'The products this organization develops, with its role for each (creator, maintainer, vendor, donor).',
      load: factsOf<ProductRow>('Organization', 'DEVELOPED_BY', 'in'),
      resolve: (organization) => organization.id,
    }),
    hostedProducts: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: ProductRelation,
      description: 'The projects this foundation hosts, with the maturity level of each.',
      load: factsOf<ProductRow>('Organization', 'HOSTED_BY', 'in'),
      resolve: (organization) => organization.id,
    }),
    succeeds: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: OrganizationRelation,
      description: 'Organizations this one succeeds: former names, or organizations it absorbed.',
      load: factsOf<OrganizationRow>('Organization', 'SUCCEEDS', 'out'),
      resolve: (organization) => organization.id,
    }),
    succeededBy: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: OrganizationRelation,
      description: 'The organization that succeeds this one (its new name, or the one that absorbed it).',
      load: factsOf<OrganizationRow>('Organization', 'SUCCEEDS', 'in'),
      resolve: (organization) => organization.id,
    }),
    entries: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: Entry,
      description: 'The entries about this organization, newest first.',
      load: async (ids: string[], ctx: Context) =>
        (await factsOf<EntryRow>('Organization', 'ABOUT', 'in')(ids, ctx)).map((rows) => rows.map((row) => row.node)),
      resolve: (organization) => organization.id,
    }),
  }),
});

const OrganizationOrderField = builder.enumType('OrganizationOrderField', {
  description: 'What to order organizations by; organizations with equal values are ordered by id, so the order is stable.',
  values: { NAME: { value: 'NAME', description: 'The name, ignoring case.' } } as const,
});

const OrganizationOrder = builder.inputType('OrganizationOrder', {
  description: 'How to order organizations.',
  fields: (t) => ({
    field: t.field({ type: OrganizationOrderField, required: true, description: 'What to order by.' }),
    direction: t.field({ type: SortDirectionEnum, required: false, description: 'Which way; default ASC (A to Z).' }),
  }),
});

const OrganizationFilterInput = builder.inputType('OrganizationFilter', {
  description: 'Conditions organizations must all meet.',
  fields: (t) => ({
    orgType: t.string({ description: 'Only organizations of this kind: "foundation", "company", "community" or "standards-body".' }),
  }),
});

const OrganizationConnection = builder.connectionObject(
  {
    type: Organization,
    name: 'OrganizationConnection',
    description: 'A page of organizations.',
    edgesNullable: { list: false, items: false },
    fields: (t) => ({
      totalCount: t.int({
        description: totalCountDescription('organizations'),
        resolve: (connection) => (connection as unknown as Connection<unknown>).totalCount(),
      }),
    }),
  },
  { name: 'OrganizationEdge', description: 'One organization of a page, with its cursor.' },
);

builder.queryField('organization', (t) =>
  t.field({
    type: Organization,
    nullable: true,
    description:
      'One organization by its name, id or an alias, case-insensitive: "CNCF", "Cloud Native Computing Foundation". Null with a NOT_FOUND error (and `extensions.suggestions`) when none has that name.',
    args: { name: t.arg.string({ required: true, description: 'The name, id or an alias of the organization.' }) },
    resolve: async (_root, args, ctx) => (await lookupByName(ctx, args.name, ['Organization'])).id,
  }),
);

builder.queryField('organizations', (t) =>
  t.connection(
    {
      type: Organization,
      description: 'Browse the organizations, a page at a time, in either direction.',
      args: {
        filter: t.arg({ type: OrganizationFilterInput, description: 'Conditions the organizations must meet.' }),
        orderBy: t.arg({ type: OrganizationOrder, description: 'The order of the organizations; default by name, A to Z.' }),
      },
      resolve: async (_root, args, ctx) => {
        const direction: SortDirection = args.orderBy?.direction ?? 'ASC';
        const request = pageRequest(args, 'NAME', direction);
        const filter: OrganizationFilter = { orgType: args.filter?.orgType?.trim().toLowerCase() || null };
        const page = await pageOrganizations(ctx.graph, filter, 'NAME', request);
        return toConnection(page, request, 'NAME', () => countOrganizations(ctx.graph, filter)) as never;
      },
    },
    OrganizationConnection,
  ),
);
