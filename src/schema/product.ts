/**
 * Product: a service mesh, proxy, specification, controller or component, with every
 * relationship it has, in both directions, each with its provenance. Entry points: `product`
 * (by name, id or alias) and `products` (a filtered connection). Lineage (what replaced what,
 * status claims) is added in lineage.ts.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { SortDirection } from '../graph/stores/paging.js';
import { countProducts, loadProducts, pageProducts, type ProductFilter } from '../graph/stores/productStore.js';
import { toProduct, type ProductRow } from '../graph/stores/rows.js';
import { SortDirectionEnum, pageRequest, toConnection } from './connections.js';
import { Topic, lookupByName, lookupNodeByName } from './node.js';
import { readAheadOfConnection } from './read-ahead.js';

export const Product = builder.loadableNodeRef('Product', {
  id: { resolve: (product) => product.id },
  // One row per id in order; null for an id with no node (node(id:) then answers null).
  load: (ids: string[], ctx: Context) => loadProducts(ctx.graph, ids) as Promise<ProductRow[]>,
});

Product.implement({
  description:
    'A product of the service-mesh field: a mesh (Istio, Linkerd), a proxy (Envoy), a specification (SMI, Gateway API), a controller or a component, with what it uses, implements and replaced, who makes it, and what to read about it.',
  interfaces: [Topic],
  fields: (t) => ({
    status: t.exposeString('status', {
      description:
        'The best-supported current status: active, maintenance, dormant, archived, renamed, merged, retired … Every claim behind it, including disagreeing ones, is in statusClaims.',
    }),
    productType: t.exposeString('productType', {
      description: 'What kind of product it is, e.g. "service-mesh", "proxy", "specification".',
    }),
    description: t.exposeString('description', { description: 'What it is and how it works, in our own words.' }),
    homepage: t.exposeString('homepage', { nullable: true, description: 'Its website (null when none is recorded).' }),
    repository: t.exposeString('repository', {
      nullable: true,
      description: 'Its source repository (null when closed source or unknown).',
    }),
    languages: t.exposeStringList('languages', { description: 'The programming languages it is written in.' }),
    license: t.exposeString('license', {
      nullable: true,
      description: 'Its licence as an SPDX id, e.g. "Apache-2.0" (null when unknown or proprietary).',
    }),
    firstRelease: t.exposeString('firstRelease', {
      nullable: true,
      description: 'When it was first released: YYYY, YYYY-MM or YYYY-MM-DD.',
    }),
    lastRelease: t.exposeString('lastRelease', {
      nullable: true,
      description: 'Its last release, for products no longer released: YYYY, YYYY-MM or YYYY-MM-DD.',
    }),
  }),
});

const ProductOrderField = builder.enumType('ProductOrderField', {
  description: 'What to order products by; products with equal values are ordered by id, so the order is stable.',
  values: { NAME: { value: 'NAME', description: 'The name, ignoring case.' } } as const,
});

const ProductOrder = builder.inputType('ProductOrder', {
  description: 'How to order products.',
  fields: (t) => ({
    field: t.field({ type: ProductOrderField, required: true, description: 'What to order by.' }),
    direction: t.field({ type: SortDirectionEnum, required: false, description: 'Which way; default ASC (A to Z).' }),
  }),
});

const ProductFilterInput = builder.inputType('ProductFilter', {
  description: 'Conditions products must all meet.',
  fields: (t) => ({
    status: t.string({ description: 'Only products with this current status, e.g. "active", "archived" or "dormant" (case-insensitive).' }),
    productType: t.string({ description: 'Only products of this type, e.g. "service-mesh" or "proxy" (case-insensitive).' }),
    uses: t.string({ description: 'Only products that use this product: its name, id or an alias, e.g. "Envoy".' }),
  }),
});

const ProductConnection = builder.connectionObject(
  {
    type: Product,
    name: 'ProductConnection',
    description: 'A page of products.',
  },
  { name: 'ProductEdge', description: 'One product of a page, with its cursor.' },
);

builder.queryField('product', (t) =>
  t.field({
    type: Product,
    nullable: true,
    description:
      'One product by its name, id or an alias, case-insensitive: "Istio", "osm", "Consul Connect", "traefik mesh". Null with a NOT_FOUND error (and `extensions.suggestions`) when no product has that name.',
    args: { name: t.arg.string({ required: true, description: 'The name, id or an alias of the product.' }) },
    resolve: (_root, args, ctx, info) => lookupNodeByName(ctx, info, args.name, 'Product', Product.getDataloader(ctx), toProduct),
  }),
);

builder.queryField('products', (t) =>
  t.connection(
    {
      type: Product,
      description: 'Browse the products: filter them, order them, and page through them in either direction.',
      args: {
        filter: t.arg({ type: ProductFilterInput, description: 'Conditions the products must meet (all of them).' }),
        orderBy: t.arg({ type: ProductOrder, description: 'The order of the products; default by name, A to Z.' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const direction: SortDirection = args.orderBy?.direction ?? 'ASC';
        const request = pageRequest(args, 'NAME', direction);
        const filter: ProductFilter = {
          status: args.filter?.status?.trim().toLowerCase() || null,
          productType: args.filter?.productType?.trim().toLowerCase() || null,
          usesId: args.filter?.uses ? (await lookupByName(ctx, args.filter.uses, ['Product'])).id : null,
        };
        const page = await pageProducts(ctx.graph, filter, 'NAME', request, readAheadOfConnection(info, 'Product') ?? undefined);
        return toConnection(page, request, 'NAME', () => countProducts(ctx.graph, filter));
      },
    },
    ProductConnection,
  ),
);
