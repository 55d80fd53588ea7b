/**
 * Organization: a company, foundation, community or standards body, with the products it develops
 * or hosts. Entry points: `organization` (by name, id or alias) and `organizations` (a connection).
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { SortDirection } from '../graph/stores/paging.js';
import { countOrganizations, loadOrganizations, pageOrganizations, type OrganizationFilter } from '../graph/stores/organizationStore.js';
import { toOrganization, type OrganizationRow } from '../graph/stores/rows.js';
import { SortDirectionEnum, pageRequest, toConnection } from './connections.js';
import { Topic, lookupNodeByName } from './node.js';

export const Organization = builder.loadableNodeRef('Organization', {
  id: { resolve: (organization) => organization.id },
  // One row per id in order; null for an id with no node (node(id:) then answers null).
  load: (ids: string[], ctx: Context) => loadOrganizations(ctx.graph, ids) as Promise<OrganizationRow[]>,
});

Organization.implement({
  description: 'A company, foundation, community or standards body behind products of the field, e.g. CNCF, Google, Buoyant.',
  interfaces: [Topic],
  fields: (t) => ({
    orgType: t.exposeString('orgType', {
      description: 'What kind of organization: "foundation", "company", "community" or "standards-body".',
    }),
    homepage: t.exposeString('homepage', { nullable: true, description: 'Its website (null when none is recorded).' }),
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
    resolve: (_root, args, ctx, info) =>
      lookupNodeByName(ctx, info, args.name, 'Organization', Organization.getDataloader(ctx), toOrganization),
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
        return toConnection(page, request, 'NAME', () => countOrganizations(ctx.graph, filter));
      },
    },
    OrganizationConnection,
  ),
);
