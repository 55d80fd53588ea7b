/**
 * `subgraph`: the neighbourhood of one or more named things as plain nodes and edges, ready to
 * draw (the dashboard's graph panel; `GET /views/neighbourhood?name=…&format=cytoscape` hands it
 * to Cytoscape.js as is). Names resolve like everywhere else: Products before Concepts,
 * Organizations and Entries.
 */
import { builder } from '../builder.js';
import { CURATED_TYPES } from '../model.js';
import { ALL_NAME_KINDS } from '../graph/stores/names.js';
import {
  DEFAULT_SUBGRAPH_DEPTH,
  DEFAULT_SUBGRAPH_NODES,
  MAX_SUBGRAPH_CENTRES,
  MAX_SUBGRAPH_DEPTH,
  MAX_SUBGRAPH_EDGES,
  MAX_SUBGRAPH_NODES,
  loadSubgraph,
  type SubgraphEdgeRow,
  type SubgraphLimits,
  type SubgraphRelationshipType,
  type SubgraphNodeRow,
  type SubgraphRow,
} from '../graph/stores/subgraphStore.js';
import { intBetween, nonEmpty, rule } from './arguments.js';
import { lookupByName } from './node.js';
import { ConfidenceEnum, LIST_COMPLEXITY, RelationshipTypeEnum, resolveSources, Source, SOURCES_DESCRIPTION } from './provenance.js';

/** The curated facts: followed by default. */
const DEFAULT_SUBGRAPH_TYPES = CURATED_TYPES;

/** The arguments, checked on the way in (see their rules), with the defaults filled in. */
function subgraphLimits(args: {
  depth?: number | null;
  maxNodes?: number | null;
  relationshipTypes?: readonly SubgraphRelationshipType[] | null;
}): SubgraphLimits {
  // Sorted and unique: the same question is the same statement.
  const types = [...new Set(args.relationshipTypes ?? DEFAULT_SUBGRAPH_TYPES)].sort();
  return { depth: args.depth ?? DEFAULT_SUBGRAPH_DEPTH, maxNodes: args.maxNodes ?? DEFAULT_SUBGRAPH_NODES, types };
}

/** The same global id as the node's own `id` (see node.ts), so `node(id:)` fetches it. */
const globalId = (row: SubgraphNodeRow) => Buffer.from(`${row.label}:${row.id}`, 'utf8').toString('base64url');

const SubgraphNode = builder.objectRef<SubgraphNodeRow>('SubgraphNode').implement({
  description: 'One node of a subgraph: what it is, its name, and how far it is from the nodes asked about.',
  fields: (t) => ({
    id: t.id({
      description:
        "The node's global id (the same as its own `id`: pass it to `node(id:)` for everything about it). Edges name their ends by it.",
      resolve: (row) => globalId(row),
    }),
    slug: t.string({ description: 'The stable, human-readable id, e.g. "istio" or "mtls".', resolve: (row) => row.id }),
    label: t.string({
      description: 'What kind of node it is: "Product", "Concept", "Organization", "Entry" or "Category".',
      resolve: (row) => row.label,
    }),
    name: t.string({ description: 'Its name (the title, for an entry).', resolve: (row) => row.name }),
    distance: t.int({ description: 'Hops from the nearest node asked about: 0 for those themselves.', resolve: (row) => row.distance }),
    centre: t.boolean({ description: 'True for the nodes named in `around`.', resolve: (row) => row.centre }),
    kind: t.string({
      nullable: true,
      description:
        'A finer kind where the node has one: the product type ("service-mesh", "proxy" …) or the organization type ("foundation" …).',
      resolve: (row) => row.kind,
    }),
    status: t.string({
      nullable: true,
      description: "A product's current status (active, archived, renamed …); null for other nodes.",
      resolve: (row) => row.status,
    }),
    year: t.int({ nullable: true, description: "An entry's year; null for other nodes.", resolve: (row) => row.year }),
  }),
});

const SubgraphEdge = builder.objectRef<SubgraphEdgeRow>('SubgraphEdge').implement({
  description: 'One relationship of a subgraph, from `source` to `target` (its direction in the graph), with its provenance.',
  fields: (t) => ({
    id: t.string({
      description: 'The relationship\'s stable id, "TYPE:fromSlug:toSlug", e.g. "USES:istio:envoy".',
      resolve: (e) => e.rel.id,
    }),
    source: t.id({ description: 'The `id` of the node the relationship starts at.', resolve: (e) => globalId(e.source) }),
    target: t.id({ description: 'The `id` of the node the relationship points to.', resolve: (e) => globalId(e.target) }),
    type: t.field({ type: RelationshipTypeEnum, description: 'The relationship type, e.g. USES.', resolve: (e) => e.type }),
    confidence: t.field({ type: ConfidenceEnum, description: 'How sure the graph is of this fact.', resolve: (e) => e.rel.confidence }),
    since: t.string({ nullable: true, description: 'Since when it holds: YYYY, YYYY-MM or YYYY-MM-DD.', resolve: (e) => e.rel.since }),
    until: t.string({ nullable: true, description: 'Until when it held, if it no longer does.', resolve: (e) => e.rel.until }),
    note: t.string({ nullable: true, description: 'A short remark in our own words.', resolve: (e) => e.rel.note }),
    qualifier: t.string({
      nullable: true,
      description:
        'How, where the type says: the SUPERSEDES kind (renamed …), the USES / DEVELOPED_BY / BASED_ON role (sidecar, creator, fork …) or the HOSTED_BY maturity (graduated …).',
      resolve: (e) => e.rel.kind ?? e.rel.role ?? e.rel.maturity,
    }),
    sources: t.stringList({
      description:
        'Where the fact comes from, as plain references: entry slugs and http(s) URLs, in the order the dataset gives them. Never empty. `citations` gives the same as entries and pages.',
      resolve: (e) => e.rel.sources,
    }),
    citations: t.field({
      type: [Source],
      description: SOURCES_DESCRIPTION,
      complexity: LIST_COMPLEXITY,
      resolve: (e, _args, ctx) => resolveSources(e.rel.sources, ctx),
    }),
  }),
});

const Subgraph = builder.objectRef<SubgraphRow>('Subgraph').implement({
  description:
    'A neighbourhood of the graph as plain nodes and edges, for drawing. The same arguments always give the same nodes and edges, in the same order.',
  fields: (t) => ({
    nodes: t.field({
      type: [SubgraphNode],
      description: 'The nodes: those asked about first, then by distance; within a distance the best-connected first.',
      resolve: (s) => s.nodes,
    }),
    edges: t.field({
      type: [SubgraphEdge],
      description: 'Every relationship of the followed types among the nodes, ordered by id.',
      resolve: (s) => s.edges,
    }),
    truncated: t.boolean({
      description: `True when a size cap cut the neighbourhood: \`maxNodes\` nodes (or ${MAX_SUBGRAPH_EDGES} edges) were reached before all nodes within \`depth\` were.`,
      resolve: (s) => s.truncated,
    }),
    depth: t.int({ description: 'The depth used.', resolve: (s) => s.depth }),
    relationshipTypes: t.field({ type: [RelationshipTypeEnum], description: 'The relationship types followed.', resolve: (s) => s.types }),
  }),
});

builder.queryField('subgraph', (t) =>
  t.field({
    type: Subgraph,
    description: `The neighbourhood of one or more named things as nodes and edges, ready to draw: everything within \`depth\` hops over the chosen relationship types. Names resolve like \`product(name:)\` and friends: Products before Concepts, Organizations and Entries. Hard caps: depth ${MAX_SUBGRAPH_DEPTH}, ${MAX_SUBGRAPH_NODES} nodes; \`truncated\` says when a cap cut it.`,
    args: {
      around: t.arg.stringList({
        required: true,
        validate: rule(
          nonEmpty('`around` needs at least one name.'),
          (names) => names.length <= MAX_SUBGRAPH_CENTRES,
          (names) => `\`around\` takes at most ${MAX_SUBGRAPH_CENTRES} names, got ${names.length}.`,
          { max: MAX_SUBGRAPH_CENTRES },
        ),
        description: `The names (or ids, or aliases) of the nodes at the centre, 1 to ${MAX_SUBGRAPH_CENTRES}, e.g. ["Istio", "Linkerd"].`,
      }),
      depth: t.arg.int({
        defaultValue: DEFAULT_SUBGRAPH_DEPTH,
        validate: intBetween('depth', 0, MAX_SUBGRAPH_DEPTH),
        description: `How many hops from the centre, 0 to ${MAX_SUBGRAPH_DEPTH} (0: only the centres and the relationships among them).`,
      }),
      relationshipTypes: t.arg({
        type: [RelationshipTypeEnum],
        required: false,
        validate: nonEmpty('`relationshipTypes` needs at least one type (or leave it out for the curated facts).'),
        description:
          'The relationship types to follow; default the curated facts (not entries or categories). Add ABOUT and COMPARES to see what is written about the nodes.',
      }),
      maxNodes: t.arg.int({
        defaultValue: DEFAULT_SUBGRAPH_NODES,
        validate: intBetween('maxNodes', 1, MAX_SUBGRAPH_NODES),
        description: `At most this many nodes, 1 to ${MAX_SUBGRAPH_NODES}; nearer and better-connected nodes are kept first.`,
      }),
    },
    complexity: (args) => ({ field: 10 * Math.max(1, Math.min(args.depth ?? 1, MAX_SUBGRAPH_DEPTH)), multiplier: 1 }),
    resolve: async (_root, args, ctx) => {
      const hits = await Promise.all(args.around.map((name) => lookupByName(ctx, name, ALL_NAME_KINDS)));
      return loadSubgraph(
        ctx.graph,
        hits.map((h) => ({ label: h.label, id: h.id })),
        subgraphLimits(args),
      );
    },
  }),
);
