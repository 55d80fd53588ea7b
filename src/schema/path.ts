/**
 * `path`: how two named things are connected — the shortest chain of relationships between them,
 * each hop with its type, its direction and its provenance.
 */
import { builder } from '../builder.js';
import type { NodeRow, RelationProps } from '../graph/stores/rows.js';
import {
  DEFAULT_MAX_HOPS,
  MAX_HOPS,
  describePath,
  findPath,
  findPathByNames,
  type PathHopRow,
  type PathRelationshipType,
  type PathResultRow,
} from '../graph/stores/pathStore.js';
import { ALL_NAME_KINDS, resolveNames, throwIfUnresolved, type MatchedBy } from '../graph/stores/names.js';
import { intBetween } from './arguments.js';
import { Category } from './category.js';
import { Concept } from './concept.js';
import { Entry } from './entry.js';
import { Organization } from './organization.js';
import { Product } from './product.js';
import { Fact, RelationshipTypeEnum, relationTexts, type FactShape } from './provenance.js';

const HopDirectionEnum = builder.enumType('HopDirection', {
  description: 'Which way a relationship points, relative to walking the path from `from` to `to`.',
  values: {
    FORWARD: {
      value: 'FORWARD',
      description: "The relationship points the way the path walks: from the hop's `from` to its `to` (Kourier USES Envoy).",
    },
    BACKWARD: {
      value: 'BACKWARD',
      description: "The relationship points against the walk: from the hop's `to` to its `from` (Envoy is USED by Istio).",
    },
  } as const,
});

export const NameMatchEnum = builder.enumType('NameMatch', {
  description: 'How a name given by the caller was matched to a node.',
  values: {
    NAME: { value: 'name', description: 'Its name (or an entry title), ignoring case.' },
    ID: { value: 'id', description: 'Its slug id, e.g. "open-service-mesh".' },
    ALIAS: { value: 'alias', description: 'One of its aliases, e.g. "osm" for Open Service Mesh.' },
    FUZZY: { value: 'fuzzy', description: 'A close spelling, tolerating typos, e.g. "Maesch" for Maesh.' },
  } as const,
});

const PathNode = builder.unionType('PathNode', {
  description: 'A node on a path: a Product, Concept, Organization, Entry or Category. Ask for `__typename` to tell which.',
  types: () => [Product, Concept, Organization, Entry, Category],
  resolveType: (row: NodeRow) => row.__typename,
});

interface PathHopShape extends FactShape {
  hop: PathHopRow;
}

const PathHop = builder.objectRef<PathHopShape>('PathHop').implement({
  description:
    'One step of a path: the relationship taken (with its provenance: sources, since, confidence), which way it points, and the nodes on either side.',
  interfaces: [Fact],
  fields: (t) => ({
    from: t.field({
      type: PathNode,
      description: 'The node this step leaves, walking from the start of the path to its end.',
      resolve: (s) => s.hop.from,
    }),
    to: t.field({ type: PathNode, description: 'The node this step arrives at.', resolve: (s) => s.hop.to }),
    direction: t.field({
      type: HopDirectionEnum,
      description: 'Whether the relationship points along the walk (FORWARD) or against it (BACKWARD).',
      resolve: (s) => (s.hop.forward ? 'FORWARD' : 'BACKWARD'),
    }),
    source: t.field({
      type: PathNode,
      description: 'Where the relationship starts in the graph (Kourier in "Kourier USES Envoy").',
      resolve: (s) => s.hop.source,
    }),
    target: t.field({
      type: PathNode,
      description: 'Where the relationship points in the graph (Envoy in "Kourier USES Envoy").',
      resolve: (s) => s.hop.target,
    }),
    ...relationTexts(t, {
      kind: 'For SUPERSEDES: how the newer product replaced the older (renamed, rewrite, merged …); null otherwise.',
      role: 'For USES, DEVELOPED_BY and BASED_ON: the role (sidecar, data-plane, creator, fork …); null otherwise.',
      maturity: 'For HOSTED_BY: the maturity level at the foundation (sandbox, incubating, graduated, archived); null otherwise.',
    }),
    sentence: t.string({
      description: 'The step in words, in the relationship\'s own direction, e.g. "Istio USES Envoy".',
      resolve: (s) => `${displayName(s.hop.source)} ${s.hop.type} ${displayName(s.hop.target)}`,
    }),
  }),
});

function displayName(node: NodeRow): string {
  return 'name' in node ? node.name : node.title;
}

const PathResult = builder.objectRef<PathResultRow>('Path').implement({
  description:
    'How two things are connected: the shortest chain of relationships between them (ignoring direction), or `found: false` when none is at most `maxHops` long.',
  fields: (t) => ({
    found: t.boolean({ description: 'True when a connection of at most `maxHops` hops exists.', resolve: (p) => p.found }),
    from: t.field({ type: PathNode, description: 'What the `from` name resolved to.', resolve: (p) => p.from }),
    to: t.field({ type: PathNode, description: 'What the `to` name resolved to.', resolve: (p) => p.to }),
    fromMatchedBy: t.field({
      type: NameMatchEnum,
      description: 'How the `from` name was recognised.',
      resolve: (p) => p.fromMatch.matchedBy as MatchedBy,
    }),
    toMatchedBy: t.field({
      type: NameMatchEnum,
      description: 'How the `to` name was recognised.',
      resolve: (p) => p.toMatch.matchedBy as MatchedBy,
    }),
    length: t.int({
      nullable: true,
      description: 'How many hops the path has (0 when `from` and `to` are the same thing); null when no path was found.',
      resolve: (p) => (p.found ? p.hops.length : null),
    }),
    hops: t.field({
      type: [PathHop],
      description: 'The steps from `from` to `to`, in walking order; empty when no path was found.',
      resolve: (p) => p.hops.map((hop) => ({ type: hop.type, rel: hop.relation as RelationProps, hop })),
    }),
    shortestPathCount: t.int({
      description:
        'How many different paths of this same shortest length exist. The one in `hops` is chosen by a stable rule: fewest hops through entries (ABOUT, COMPARES) first, then by relationship ids, so the answer never changes between calls.',
      resolve: (p) => p.shortestPathCount,
    }),
    maxHops: t.int({ description: 'The longest path that was looked for.', resolve: (p) => p.maxHops }),
    followed: t.field({
      type: [RelationshipTypeEnum],
      description: 'The relationship types the search was allowed to follow.',
      resolve: (p) => p.types,
    }),
    summary: t.string({
      description: 'The path in words, e.g. "Kourier USES Envoy; Istio USES Envoy", or why there is none.',
      resolve: (p) => describePath(p),
    }),
  }),
});

builder.queryField('path', (t) =>
  t.field({
    type: PathResult,
    description:
      'The shortest connection between two named things — products, concepts, organizations or entries — following curated relationships in either direction, e.g. how Kourier relates to Istio (Kourier USES Envoy, which Istio USES too). ' +
      'Names are matched ignoring case by name (or entry title), then id, then alias, then a close spelling ("trafik mesh" → Traefik Mesh; see `fromMatchedBy`); products win over concepts, organizations and entries matched as well. ' +
      'An unknown name is a NOT_FOUND error with `extensions.suggestions`; a name that could mean several things of the same kind is AMBIGUOUS_NAME with `extensions.candidates`. ' +
      'No connection within `maxHops` is not an error: the result has `found: false`.',
    args: {
      from: t.arg.string({ required: true, description: 'Where the path starts: a name, id or alias, e.g. "Kourier".' }),
      to: t.arg.string({ required: true, description: 'Where the path ends: a name, id or alias, e.g. "Istio".' }),
      maxHops: t.arg.int({
        required: false,
        defaultValue: DEFAULT_MAX_HOPS,
        validate: intBetween('maxHops', 1, MAX_HOPS),
        description: `The longest path to look for, 1 to ${MAX_HOPS} hops; default ${DEFAULT_MAX_HOPS}. Larger values are BAD_USER_INPUT.`,
      }),
      via: t.arg({
        type: [RelationshipTypeEnum],
        required: false,
        description:
          'Only follow these relationship types. Default: every curated relationship and entry link (all but IN_CATEGORY and SUBCATEGORY_OF).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const maxHops = args.maxHops ?? DEFAULT_MAX_HOPS;
      const types = (args.via ?? null) as PathRelationshipType[] | null;
      // Names that are exactly one product's (concept's, organization's) name: one statement.
      const byNames = await findPathByNames(ctx.graph, { from: args.from, to: args.to, kinds: ALL_NAME_KINDS, maxHops, types });
      if (byNames) return byNames;
      // Any other name: both resolved in one statement (an unresolved one says which argument it
      // came from), then the path.
      const [from, to] = await resolveNames(ctx.graph, [args.from, args.to], ALL_NAME_KINDS);
      return findPath(ctx.graph, {
        from: throwIfUnresolved(from!, args.from, ALL_NAME_KINDS, { argument: 'from' }),
        to: throwIfUnresolved(to!, args.to, ALL_NAME_KINDS, { argument: 'to' }),
        maxHops,
        types,
      });
    },
  }),
);
