/**
 * Product: a service mesh, proxy, specification, controller or component, with every
 * relationship it has, in both directions, each with its provenance. Entry points: `product`
 * (by name, id or alias) and `products` (a filtered connection). Lineage (what replaced what,
 * status claims) is added in lineage.ts.
 */
import { productStore } from '../graph/stores/productStore.js';
import { toProduct, readingParsers } from '../graph/stores/rows.js';
import { byName, collection, loadableNode } from './collection.js';
import { properties } from './properties.js';
import { Topic, lookupByName } from './node.js';

export const Product = loadableNode('Product', productStore.load);

Product.implement({
  description:
    'A product of the service-mesh field: a mesh (Istio, Linkerd), a proxy (Envoy), a specification (SMI, Gateway API), a controller or a component, with what it uses, implements and replaced, who makes it, and what to read about it.',
  interfaces: [Topic],
  fields: (t) => ({
    ...properties(t, 'Product', {
      status:
        'The best-supported current status: active, maintenance, dormant, archived, renamed, merged, retired … Every claim behind it, including disagreeing ones, is in statusClaims.',
      productType: 'What kind of product it is, e.g. "service-mesh", "proxy", "specification".',
      description: 'What it is and how it works, in our own words.',
      homepage: 'Its website (null when none is recorded).',
      repository: 'Its source repository (null when closed source or unknown).',
      languages: 'The programming languages it is written in.',
      license: 'Its licence as an SPDX id, e.g. "Apache-2.0" (null when unknown or proprietary).',
      firstRelease: 'When it was first released: YYYY, YYYY-MM or YYYY-MM-DD.',
      lastRelease: 'Its last release, for products no longer released: YYYY, YYYY-MM or YYYY-MM-DD.',
    }),
  }),
});

collection({
  type: Product,
  field: 'products',
  noun: 'product',
  description: 'Browse the products: filter them, order them, and page through them in either direction.',
  store: productStore,
  ordering: 'NAME',
  orderBy: byName('products'),
  filter: {
    input: {
      description: 'Conditions products must all meet.',
      argument: 'Conditions the products must meet (all of them).',
      fields: {
        status: {
          type: 'string',
          description: 'Only products with this current status, e.g. "active", "archived" or "dormant" (case-insensitive).',
        },
        productType: { type: 'string', description: 'Only products of this type, e.g. "service-mesh" or "proxy" (case-insensitive).' },
        uses: { type: 'string', description: 'Only products that use this product: its name, id or an alias, e.g. "Envoy".' },
      },
    },
    parse: async (values, ctx) => {
      const uses = values.string('uses');
      return {
        status: values.string('status')?.trim().toLowerCase() || null,
        productType: values.string('productType')?.trim().toLowerCase() || null,
        usesId: uses ? (await lookupByName(ctx, uses, ['Product'])).id : null,
      };
    },
  },
  lookup: {
    kind: 'Product',
    description:
      'One product by its name, id or an alias, case-insensitive: "Istio", "osm", "Consul Connect", "traefik mesh". Null with a NOT_FOUND error (and `extensions.suggestions`) when no product has that name.',
    parse: toProduct,
    reading: readingParsers('Product'),
  },
});
