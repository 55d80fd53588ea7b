/**
 * Lineage: what replaced what. `Product.supersededBy` / `supersedes` are the SUPERSEDES
 * relationships of a product (with how, since when and on whose word); `successors` and
 * `predecessors` follow them transitively, nearest first, without cycles and at most
 * MAX_LINEAGE_DEPTH steps; `statusClaims` lists every claim about a product's status with its
 * sources — disagreeing claims included.
 *
 * "What replaced Maesh?": `{ product(name: "Maesh") { supersededBy { product { name status } kind since sources { … } } } }`
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { GraphQLResolveInfo } from 'graphql';
import { loadLineage, loadStatusClaims, MAX_LINEAGE_DEPTH, type LineageStepRow, type Towards } from '../graph/stores/lineageStore.js';
import { readAheadChain } from '../graph/stores/readAhead.js';
import type { ProductRow, StatusClaimRow } from '../graph/stores/rows.js';
import type { SourceRow } from '../graph/stores/sourceStore.js';
import { requestLoader } from './node.js';
import { Product } from './product.js';
import { Fact, SOURCES_DESCRIPTION, Source, factsOf, resolveSources, type FactShape, LIST_COMPLEXITY } from './provenance.js';
import { properties, reads } from './properties.js';

const SupersessionKindEnum = builder.enumType('SupersessionKind', {
  description: 'How a newer product replaced an older one.',
  values: {
    RENAMED: { value: 'renamed', description: 'The same project under a new name (Maesh → Traefik Mesh).' },
    REWRITE: { value: 'rewrite', description: 'A new implementation replacing the old one (Linkerd 2.x replaced Linkerd 1.x).' },
    MERGED: { value: 'merged', description: 'The older project was folded into the newer one (Conduit into Linkerd).' },
    RECOMMENDED: { value: 'recommended', description: "The older project's maintainers point their users to the newer one." },
    STANDARD: { value: 'standard', description: 'A standard that supersedes an older API (Gateway API over Ingress).' },
    REPLACED: { value: 'replaced', description: 'The newer thing took over the role of the older one, which was removed.' },
  } as const,
});

interface SupersessionShape extends FactShape {
  node: ProductRow;
}

const Supersession = builder.objectRef<SupersessionShape>('Supersession').implement({
  description:
    'One replacement (a SUPERSEDES relationship) seen from one of its products: the product at the other end, how and since when it replaced or was replaced, and the sources that say so.',
  interfaces: [Fact],
  fields: (t) => ({
    product: t.field({
      type: Product,
      description: 'The product at the other end: the newer one in `supersededBy`, the older one in `supersedes`.',
      resolve: (fact) => fact.node,
    }),
    kind: t.field({
      type: SupersessionKindEnum,
      description: 'How the newer product replaced the older one.',
      resolve: (fact) => (fact.rel.kind ?? 'replaced') as 'replaced',
    }),
  }),
});

interface LineageStepShape extends FactShape {
  depth: number;
  /** The product reached at this step. */
  node: ProductRow;
  /** The product one step nearer to where the chain started. */
  previous: ProductRow;
}

const LineageStep = builder.objectRef<LineageStepShape>('LineageStep').implement({
  description:
    'One step of a chain of replacements: the product reached, the product it replaced (or that replaced it), how far from the start, and the provenance of that step.',
  interfaces: [Fact],
  fields: (t) => ({
    product: t.field({ type: Product, description: 'The product this step reaches.', resolve: (step) => step.node }),
    previous: t.field({
      type: Product,
      description:
        'The product one step nearer the start of the chain: the one replaced (for successors) or the replacement (for predecessors).',
      resolve: (step) => step.previous,
    }),
    kind: t.field({
      type: SupersessionKindEnum,
      description: 'How the newer product of this step replaced the older one.',
      resolve: (step) => (step.rel.kind ?? 'replaced') as 'replaced',
    }),
    depth: t.exposeInt('depth', { description: 'How many replacements away from the starting product: 1 for a direct one.' }),
  }),
});

const StatusClaim = builder.objectRef<StatusClaimRow & { resolvedSources?: SourceRow[] }>('StatusClaim').implement({
  description: "One claim about a product's status, with its sources. Where sources disagree, each claim is listed.",
  fields: (t) => ({
    ...properties(t, 'StatusClaim', {
      status: 'The status claimed: active, maintenance, dormant, archived, renamed, merged, retired …',
      since: 'Since when, per the claim: YYYY, YYYY-MM or YYYY-MM-DD (null when undated).',
      note: 'What the claim rests on or where it disagrees with others, in our own words.',
    }),
    sources: t.field({
      type: [Source],
      complexity: LIST_COMPLEXITY,
      description: SOURCES_DESCRIPTION,
      resolve: (claim, _args, ctx) => claim.resolvedSources ?? resolveSources(claim.sources, ctx),
    }),
  }),
});

const chainLoaders = {
  successors: requestLoader((ids: readonly string[], ctx: Context) => loadLineage(ctx.graph, 'successors', ids)),
  predecessors: requestLoader((ids: readonly string[], ctx: Context) => loadLineage(ctx.graph, 'predecessors', ids)),
};

/**
 * A product's chain: read ahead with the product (src/schema/read-ahead.ts) and then answered at
 * once, not as a promise (see relationList in src/schema/relations.ts), else batched per tick.
 */
const lineage =
  (towards: Towards) =>
  (product: ProductRow, _args: object, ctx: Context, info: GraphQLResolveInfo): LineageStepShape[] | Promise<LineageStepShape[]> => {
    const shaped = (steps: LineageStepRow[]) =>
      steps.map(
        (step): LineageStepShape => ({
          type: 'SUPERSEDES',
          rel: step.rel,
          sources: step.sources,
          depth: step.depth,
          node: towards === 'successors' ? step.newer : step.older,
          previous: towards === 'successors' ? step.older : step.newer,
        }),
      );
    const steps = readAheadChain(product, info.path.key);
    return steps ? shaped(steps) : chainLoaders[towards](ctx).load(product.id).then(shaped);
  };

builder.objectFields(Product, (t) => ({
  supersededBy: t.loadableList({
    complexity: LIST_COMPLEXITY,
    type: Supersession,
    description:
      'The products that replaced this one, with how (kind), since when and the sources: "What replaced Maesh?" → Traefik Mesh, renamed in 2020.',
    load: factsOf<ProductRow>('Product', 'SUPERSEDES', 'in'),
    resolve: (product) => product.id,
    extensions: reads(),
  }),
  supersedes: t.loadableList({
    complexity: LIST_COMPLEXITY,
    type: Supersession,
    description: 'The products this one replaced, with how (kind), since when and the sources.',
    load: factsOf<ProductRow>('Product', 'SUPERSEDES', 'out'),
    resolve: (product) => product.id,
    extensions: reads(),
  }),
  successors: t.field({
    complexity: LIST_COMPLEXITY,
    type: [LineageStep],
    description: `Everything that replaced this product, directly or through later replacements, nearest first (at most ${MAX_LINEAGE_DEPTH} steps, no cycles), each step with its provenance.`,
    resolve: lineage('successors'),
    extensions: reads(),
  }),
  predecessors: t.field({
    complexity: LIST_COMPLEXITY,
    type: [LineageStep],
    description: `Everything this product replaced, directly or through earlier replacements, nearest first (at most ${MAX_LINEAGE_DEPTH} steps, no cycles), each step with its provenance.`,
    resolve: lineage('predecessors'),
    extensions: reads(),
  }),
  statusClaims: t.loadableList({
    complexity: LIST_COMPLEXITY,
    type: StatusClaim,
    description:
      'Every claim about the status of this product with its sources, dated ones newest first; disagreeing claims are all listed.',
    load: (ids: string[], ctx: Context) => loadStatusClaims(ctx.graph, ids),
    resolve: (product) => product.id,
    extensions: reads(),
  }),
}));
