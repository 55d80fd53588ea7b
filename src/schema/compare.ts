/**
 * `compare`: 2–6 products side by side — what each uses, implements, who makes and hosts it, its
 * status, languages and licence — with the concepts they share, the aspects where they differ,
 * and the entries that compare them.
 */
import { z } from 'zod';
import { builder } from '../builder.js';
import {
  compareProducts,
  isDataPlaneRole,
  type ComparedImplementation,
  type ComparedOrganization,
  type ComparedProductRow,
  type ComparedUse,
  type ComparingEntryRow,
  type ComparisonDifferenceRow,
  type ComparisonRow,
} from '../graph/stores/compareStore.js';
import type { ProductRow } from '../graph/stores/rows.js';
import { Concept } from './concept.js';
import { Entry } from './entry.js';
import { Organization } from './organization.js';
import { Product } from './product.js';
import { NameMatchEnum } from './path.js';
import { BadInputError } from '../errors.js';
import { resolveNames, throwIfUnresolved } from '../graph/stores/names.js';
import { rule } from './arguments.js';
import { Fact, relationTexts, type FactShape } from './provenance.js';

const MIN_COMPARED = 2;
const MAX_COMPARED = 6;

interface UseShape extends FactShape {
  use: ComparedUse;
}
interface ImplementationShape extends FactShape {
  implementation: ComparedImplementation;
}
interface OrganizationShape extends FactShape {
  link: ComparedOrganization;
}

const ComparedUseRef = builder.objectRef<UseShape>('ComparedUse').implement({
  description: 'A product a compared product uses (its data plane, sidecar, proxy …), with the role and the provenance of the fact.',
  interfaces: [Fact],
  fields: (t) => ({
    product: t.field({ type: Product, description: 'The product used, e.g. Envoy.', resolve: (s) => s.use.product }),
    ...relationTexts(t, { role: 'As what it is used: sidecar, data-plane, per-node, l7-proxy … (null when not stated).' }),
  }),
});

const ComparedImplementationRef = builder.objectRef<ImplementationShape>('ComparedImplementation').implement({
  description: 'A concept a compared product implements, with the provenance of the fact.',
  interfaces: [Fact],
  fields: (t) => ({
    concept: t.field({ type: Concept, description: 'The concept implemented, e.g. mTLS.', resolve: (s) => s.implementation.concept }),
  }),
});

const OrganizationRoleEnum = builder.enumType('ComparedOrganizationLink', {
  description: 'How an organization is linked to a compared product.',
  values: {
    DEVELOPED_BY: { value: 'DEVELOPED_BY', description: 'It develops the product (creator, maintainer, vendor or donor; see `role`).' },
    HOSTED_BY: { value: 'HOSTED_BY', description: 'It hosts the project as a foundation (see `maturity`).' },
  } as const,
});

const ComparedOrganizationRef = builder.objectRef<OrganizationShape>('ComparedOrganization').implement({
  description:
    'An organization behind a compared product — who develops it or which foundation hosts it — with the provenance of the fact.',
  interfaces: [Fact],
  fields: (t) => ({
    organization: t.field({
      type: Organization,
      description: 'The organization, e.g. CNCF or Buoyant.',
      resolve: (s) => s.link.organization,
    }),
    link: t.field({ type: OrganizationRoleEnum, description: 'Whether it develops or hosts the product.', resolve: (s) => s.link.type }),
    ...relationTexts(t, {
      role: 'For DEVELOPED_BY: creator, maintainer, vendor or donor (null when not stated).',
      maturity: 'For HOSTED_BY: sandbox, incubating, graduated or archived (null when not stated).',
    }),
  }),
});

const ComparedProductRef = builder.objectRef<ComparedProductRow>('ComparedProduct').implement({
  description: 'One product of a comparison, with the facts shown side by side.',
  fields: (t) => ({
    name: t.string({ description: 'The name exactly as given in `compare(products:)`.', resolve: (p) => p.name }),
    product: t.field({
      type: Product,
      description: 'The product the name resolved to (everything else about it is here).',
      resolve: (p) => p.product,
    }),
    matchedBy: t.field({
      type: NameMatchEnum,
      description: 'How the name was recognised: by name, id, alias, or a close spelling.',
      resolve: (p) => p.match.matchedBy,
    }),
    status: t.string({ description: 'Its best-supported current status, e.g. "active" or "archived".', resolve: (p) => p.product.status }),
    claimedStatuses: t.stringList({
      description:
        'Every status its sources claim, newest claim first, without repeats; more than one when sources disagree. The claims with their sources are in `product.statusClaims`.',
      resolve: (p) => [...new Set(p.statusClaims.map((c) => c.status))],
    }),
    productType: t.string({ description: 'What kind of product it is, e.g. "service-mesh".', resolve: (p) => p.product.productType }),
    languages: t.stringList({ description: 'The languages it is written in.', resolve: (p) => p.product.languages }),
    license: t.string({ nullable: true, description: 'Its licence (SPDX id), null when unknown.', resolve: (p) => p.product.license }),
    uses: t.field({
      type: [ComparedUseRef],
      description: 'The products it uses — its data plane, sidecar or proxy — with their roles, by name.',
      resolve: (p) => p.uses.map((use) => ({ type: 'USES' as const, rel: use.relation, use })),
    }),
    dataPlanes: t.field({
      type: [Product],
      description:
        'The products in its request path: the `uses` whose role is data-plane, sidecar, per-node, node-proxy, l4-proxy, l7-proxy, proxy, waypoint, gateway or proxyless (gRPC libraries acting as the data plane). Helpers such as installers are left out.',
      resolve: (p) => p.uses.filter((u) => isDataPlaneRole(u.relation.role)).map((u) => u.product),
    }),
    implements: t.field({
      type: [ComparedImplementationRef],
      description: 'The concepts it implements, by name.',
      resolve: (p) => p.implements.map((implementation) => ({ type: 'IMPLEMENTS' as const, rel: implementation.relation, implementation })),
    }),
    organizations: t.field({
      type: [ComparedOrganizationRef],
      description: 'Who develops it (DEVELOPED_BY) and which foundation hosts it (HOSTED_BY).',
      resolve: (p) => p.organizations.map((link) => ({ type: link.type, rel: link.relation, link })),
    }),
  }),
});

const ComparingEntryRef = builder.objectRef<ComparingEntryRow>('ComparingEntry').implement({
  description: 'An entry that discusses several of the compared products: it COMPARES them, or is ABOUT more than one of them.',
  fields: (t) => ({
    entry: t.field({ type: Entry, description: 'The article, talk or page.', resolve: (e) => e.entry }),
    compares: t.stringList({
      description: 'Ids of the compared products it COMPARES (in the order they were given to `compare`).',
      resolve: (e) => e.compares,
    }),
    about: t.stringList({ description: 'Ids of the compared products it is ABOUT (in the order given).', resolve: (e) => e.about }),
  }),
});

const ComparisonAspectEnum = builder.enumType('ComparisonAspect', {
  description: 'One aspect in which compared products can differ.',
  values: {
    STATUS: { value: 'STATUS', description: 'The current status (active, archived …).' },
    PRODUCT_TYPE: { value: 'PRODUCT_TYPE', description: 'The kind of product (service-mesh, proxy …).' },
    LICENSE: { value: 'LICENSE', description: 'The licence.' },
    LANGUAGES: { value: 'LANGUAGES', description: 'The programming languages.' },
    USES: { value: 'USES', description: 'The products used, with roles, e.g. "Envoy (sidecar)".' },
    CONCEPTS: { value: 'CONCEPTS', description: 'The concepts implemented that not all of them share.' },
    DEVELOPED_BY: { value: 'DEVELOPED_BY', description: 'The developing organizations, with roles.' },
    HOSTED_BY: { value: 'HOSTED_BY', description: 'The hosting foundations, with maturity.' },
  } as const,
});

const AspectValues = builder.objectRef<{ product: ProductRow; values: string[] }>('ComparedValues').implement({
  description: "One product's values for one aspect of a difference.",
  fields: (t) => ({
    product: t.field({ type: Product, description: 'The product.', resolve: (v) => v.product }),
    values: t.stringList({ description: 'Its values for the aspect, sorted; empty when it has none recorded.', resolve: (v) => v.values }),
  }),
});

const ComparisonDifference = builder.objectRef<ComparisonDifferenceRow>('ComparisonDifference').implement({
  description: "An aspect in which the compared products do not all have the same values, with every product's values.",
  fields: (t) => ({
    aspect: t.field({ type: ComparisonAspectEnum, description: 'Which aspect differs.', resolve: (d) => d.aspect }),
    values: t.field({
      type: [AspectValues],
      description: "Each product's values, in the order the products were given.",
      resolve: (d) => d.values,
    }),
  }),
});

const Comparison = builder.objectRef<ComparisonRow>('Comparison').implement({
  description: 'Products side by side: their facts, what they share, where they differ, and what to read that compares them.',
  fields: (t) => ({
    products: t.field({
      type: [ComparedProductRef],
      description: 'The compared products, in the order given.',
      resolve: (c) => c.products,
    }),
    entries: t.field({
      type: [ComparingEntryRef],
      description:
        'Entries that discuss at least two of the products: those that COMPARE at least two first, then by how many of them they cover, newest first.',
      resolve: (c) => c.entries,
    }),
    shared: t.field({
      type: [Concept],
      description: 'The concepts every one of the products implements, by name.',
      resolve: (c) => c.shared,
    }),
    differences: t.field({
      type: [ComparisonDifference],
      description: 'The aspects in which the products differ (aspects where all agree are left out).',
      resolve: (c) => c.differences,
    }),
  }),
});

builder.queryField('compare', (t) =>
  t.field({
    type: Comparison,
    description:
      `Compares ${MIN_COMPARED} to ${MAX_COMPARED} products side by side. Each name is matched, ignoring case, by name, then id, then alias, then a close spelling ("Maesch" → Maesh; see \`matchedBy\`). ` +
      'An unknown name is NOT_FOUND with `extensions.suggestions`; an ambiguous one AMBIGUOUS_NAME with `extensions.candidates`; two names for the same product, or too few or too many names, BAD_USER_INPUT.',
    args: {
      products: t.arg.stringList({
        required: true,
        validate: rule(
          z.array(z.string()),
          (names) => names.length >= MIN_COMPARED && names.length <= MAX_COMPARED,
          (names) => `Compare between ${MIN_COMPARED} and ${MAX_COMPARED} products; got ${names.length}.`,
          { min: MIN_COMPARED, max: MAX_COMPARED },
        ),
        description: `The products to compare: ${MIN_COMPARED} to ${MAX_COMPARED} names, ids or aliases, e.g. ["Istio", "Linkerd", "Consul Connect"].`,
      }),
    },
    resolve: async (_root, args, ctx) => {
      // The names as products in one statement; an unresolved one says where it stands in the list.
      const resolutions = await resolveNames(ctx.graph, args.products, ['Product']);
      const compared = resolutions.map((resolution, index) => {
        const name = args.products[index]!;
        return { name, match: throwIfUnresolved(resolution, name, ['Product'], { argument: 'products', index }) };
      });
      // Two spellings of one product: only the graph can tell, so this rule is here and not on the argument.
      const seen = new Map<string, string>();
      compared.forEach(({ name, match }, index) => {
        const before = seen.get(match.id);
        if (before !== undefined) {
          throw new BadInputError(`"${before}" and "${name}" are both ${match.name}; compare different products.`, {
            argument: 'products',
            index,
          });
        }
        seen.set(match.id, name);
      });
      return compareProducts(ctx.graph, compared);
    },
  }),
);
