/**
 * Concept: an idea of the service-mesh field (mTLS, sidecar, xDS, eBPF, ambient mesh …), with the
 * products that implement it and the entries about it. Entry points: `concept` (by name, id or
 * alias) and `concepts` (a connection).
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { SortDirection } from '../graph/stores/paging.js';
import { countConcepts, loadConcepts, pageConcepts } from '../graph/stores/conceptStore.js';
import { toConcept, type ConceptRow } from '../graph/stores/rows.js';
import { SortDirectionEnum, pageRequest, toConnection } from './connections.js';
import { Topic, lookupNodeByName } from './node.js';

export const Concept = builder.loadableNodeRef('Concept', {
  id: { resolve: (concept) => concept.id },
  // One row per id in order; null for an id with no node (node(id:) then answers null).
  load: (ids: string[], ctx: Context) => loadConcepts(ctx.graph, ids) as Promise<ConceptRow[]>,
});

Concept.implement({
  description: 'An idea of the service-mesh field, such as mTLS, sidecar, xDS, eBPF or ambient mesh, with the products that implement it.',
  interfaces: [Topic],
  fields: (t) => ({
    definition: t.exposeString('definition', { description: 'What the concept means, in our own words.' }),
  }),
});

const ConceptOrderField = builder.enumType('ConceptOrderField', {
  description: 'What to order concepts by; concepts with equal values are ordered by id, so the order is stable.',
  values: { NAME: { value: 'NAME', description: 'The name, ignoring case.' } } as const,
});

const ConceptOrder = builder.inputType('ConceptOrder', {
  description: 'How to order concepts.',
  fields: (t) => ({
    field: t.field({ type: ConceptOrderField, required: true, description: 'What to order by.' }),
    direction: t.field({ type: SortDirectionEnum, required: false, description: 'Which way; default ASC (A to Z).' }),
  }),
});

const ConceptConnection = builder.connectionObject(
  {
    type: Concept,
    name: 'ConceptConnection',
    description: 'A page of concepts.',
  },
  { name: 'ConceptEdge', description: 'One concept of a page, with its cursor.' },
);

builder.queryField('concept', (t) =>
  t.field({
    type: Concept,
    nullable: true,
    description:
      'One concept by its name, id or an alias, case-insensitive: "mTLS", "mutual TLS", "sidecar". Null with a NOT_FOUND error (and `extensions.suggestions`) when no concept has that name.',
    args: { name: t.arg.string({ required: true, description: 'The name, id or an alias of the concept.' }) },
    resolve: (_root, args, ctx, info) => lookupNodeByName(ctx, info, args.name, 'Concept', Concept.getDataloader(ctx), toConcept),
  }),
);

builder.queryField('concepts', (t) =>
  t.connection(
    {
      type: Concept,
      description: 'Browse the concepts, a page at a time, in either direction.',
      args: { orderBy: t.arg({ type: ConceptOrder, description: 'The order of the concepts; default by name, A to Z.' }) },
      resolve: async (_root, args, ctx) => {
        const direction: SortDirection = args.orderBy?.direction ?? 'ASC';
        const request = pageRequest(args, 'NAME', direction);
        const page = await pageConcepts(ctx.graph, 'NAME', request);
        return toConnection(page, request, 'NAME', () => countConcepts(ctx.graph));
      },
    },
    ConceptConnection,
  ),
);
