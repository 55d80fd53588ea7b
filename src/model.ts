/**
 * The graph model, declared once: every label with its key and properties, every relationship
 * type with its ends, properties, meaning, wording and the API fields that read it.
 *
 * Everything else derives from this module: the dataset's validation (which relationship types a
 * curated file may state, between which labels), the importer's plan and write order, the
 * stores' allowlists (which labels a name, a path or a subgraph may reach), the rows the stores
 * parse, the schema's relationship fields, its `NodeLabel` and `RelationshipType` enums and the
 * `relationshipTypes` field, the exporter's projections, and the dashboard's wording. A test
 * checks that the constraints in `cypher/` cover every key declared here.
 *
 * This module imports nothing, so the dashboard (web/) bundles it too. docs/architecture.md
 * walks through adding a relationship type or a property.
 */

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/**
 * How a property is stored and served. `string` and `int` are required unless `optional`;
 * lists are never null (absent reads as empty). `int` values are refused above 2^31-1 at import,
 * so the API can serve them as GraphQL `Int`.
 */
type PropertyType = 'string' | 'int' | 'float' | 'boolean' | 'strings';

export interface PropertySpec {
  type: PropertyType;
  /** Absent or null is allowed (served as null). */
  optional?: boolean;
  /** The value read when the property is absent (booleans and numbers with a natural default). */
  default?: boolean | number;
  /**
   * Where the value comes from: `curated` (the default: dataset files state it, the exporter
   * writes it back, the API serves it); `derived` (the importer computes it; served, never
   * exported); `internal` (kept for lookups and bookkeeping; neither served nor exported).
   */
  origin?: 'curated' | 'derived' | 'internal';
  /**
   * The value is the key of a node of `label`, which the API field `field` answers (an entry's
   * `categoryId` is its `category`). Read ahead with the node when the field is selected.
   * (A label name: typed as text because labels are declared with these specs; `references`
   * checks it.)
   */
  refers?: { label: string; field: string };
  /**
   * Long text, served by the API field of the same name: a statement that reads ahead for a
   * selection (src/graph/stores/readAhead.ts) reads it only when that field is selected.
   */
  long?: true;
}

const string = { type: 'string' } as const;
const optString = { type: 'string', optional: true } as const;
const longString = { type: 'string', long: true } as const;
const optLongString = { type: 'string', optional: true, long: true } as const;
const strings = { type: 'strings' } as const;
const internalString = { type: 'string', origin: 'internal' } as const;
const internalStrings = { type: 'strings', origin: 'internal' } as const;
const internalInt = { type: 'int', origin: 'internal' } as const;

/**
 * Lookup properties every topic (product, concept, organization) carries: the name and aliases
 * lower-cased (name resolution's index seeks), folded (`foldName`: what search's ranking compares)
 * and the aliases as one text (the full-text indexes).
 */
const LOOKUP = {
  nameLower: internalString,
  aliasesLower: internalStrings,
  nameFolded: internalString,
  aliasesFolded: internalStrings,
  aliasText: internalString,
} as const;

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

export interface LabelSpec {
  /** The property that identifies a node of this label (unique, enforced by a constraint). */
  key: string;
  /** One sentence: what a node of this label is. */
  meaning: string;
  properties: Readonly<Record<string, PropertySpec>>;
  /**
   * A kind of node the API serves as a Relay `Node` and the traversal fields (`path`,
   * `subgraph`) may reach; `NodeLabel` enum value.
   */
  node?: boolean;
  /** Products, concepts and organizations: what entries are about, found by name or alias. */
  topic?: boolean;
}

export const LABELS = {
  Product: {
    key: 'id',
    meaning: 'A product: a mesh, proxy, specification, controller or component.',
    node: true,
    topic: true,
    properties: {
      id: string,
      name: string,
      aliases: strings,
      status: string,
      productType: string,
      description: longString,
      homepage: optString,
      repository: optString,
      /** Other addresses that are the product's alone (its GitHub organization, a docs site): the linker links entries under them (docs/linking.md). */
      urls: strings,
      languages: strings,
      license: optString,
      firstRelease: optString,
      lastRelease: optString,
      ...LOOKUP,
    },
  },
  Concept: {
    key: 'id',
    meaning: 'An idea of the field, such as mTLS, sidecar or xDS.',
    node: true,
    topic: true,
    properties: { id: string, name: string, aliases: strings, definition: longString, ...LOOKUP },
  },
  Organization: {
    key: 'id',
    meaning: 'A company, foundation, community or standards body.',
    node: true,
    topic: true,
    properties: { id: string, name: string, aliases: strings, orgType: string, homepage: optString, ...LOOKUP },
  },
  Entry: {
    key: 'id',
    meaning: 'An article, talk, document or project page the graph lists.',
    node: true,
    properties: {
      id: string,
      title: string,
      year: { type: 'int', optional: true },
      publisher: optString,
      url: optString,
      urlKey: { type: 'string', optional: true, origin: 'internal' },
      summary: optLongString,
      description: optLongString,
      author: optString,
      duration: optString,
      readingMinutes: { type: 'int', optional: true },
      video: { type: 'boolean', default: false },
      relatedUrls: strings,
      curated: { type: 'boolean', default: true },
      level: optString,
      stability: optString,
      rating: { type: 'int', default: 0 },
      contentLanguage: optString,
      kinds: strings,
      githubStars: { type: 'int', optional: true },
      categoryPath: strings,
      categoryId: { type: 'string', origin: 'derived', refers: { label: 'Category', field: 'category' } },
      /** The title folded (`foldName`): what search's ranking compares with the text. */
      titleFolded: internalString,
      /**
       * Sort keys of the entries collection's orderings (`entrySortKeys` in src/ingest/plan.ts),
       * stored so that a page is read from their range indexes in order: the year, or for an entry
       * without one 10000 (ascending) and -1 (descending), so it comes last either way; the title
       * lower-cased.
       */
      sortYearAsc: internalInt,
      sortYearDesc: internalInt,
      sortTitle: internalString,
      /** Stored from the dataset's entryLinks (the exporter writes them back there). */
      notAbout: internalStrings,
    },
  },
  Category: {
    key: 'id',
    meaning: 'A heading of the category tree entries are filed under.',
    node: true,
    properties: { id: string, name: string, path: strings, pathKey: internalString, depth: { type: 'int' } },
  },
  StatusClaim: {
    key: 'id',
    meaning: 'One claim about the status of a product, with its sources.',
    properties: { id: string, status: string, since: optString, note: optString, sources: strings },
  },
  Source: {
    key: 'url',
    meaning: 'An external page named as the source of a fact.',
    properties: { url: string, title: optString, publisher: optString },
  },
  Document: {
    key: 'path',
    meaning: 'A Nubenetes page as imported: its path, edition and format.',
    properties: {
      path: string,
      edition: optString,
      format: string,
      title: optString,
      lastImportedAt: optString,
      graphVersion: { type: 'int', optional: true },
    },
  },
} as const satisfies Record<string, LabelSpec>;

export type Label = keyof typeof LABELS;
/** The labels the API serves as Relay nodes (and the `NodeLabel` enum). */
export type NodeLabel = { [L in Label]: (typeof LABELS)[L] extends { node: true } ? L : never }[Label];

/** Labels in the order the importer writes them (a relationship's ends exist before it). */
export const WRITE_ORDER = Object.keys(LABELS) as Label[];

/** The labels the API serves, in the order they are listed and kept when a cap cuts: products, concepts, organizations, entries, categories. */
export const NODE_LABELS = WRITE_ORDER.filter((label): label is NodeLabel => 'node' in LABELS[label]);
const nodeLabels: ReadonlySet<string> = new Set(NODE_LABELS);
/** Whether `label` is one the API serves as a node (asked of every row read: a set, not the model's objects). */
export const isNodeLabel = (label: string): label is NodeLabel => nodeLabels.has(label);

function propertiesOf(label: Label): Array<[string, PropertySpec]> {
  return Object.entries(LABELS[label].properties as Readonly<Record<string, PropertySpec>>);
}

/** A function of a label, computed once per label: the model never changes, and rows are read with these on every request. */
function perLabel<T>(derive: (label: Label) => T): (label: Label) => T {
  const derived = new Map<Label, T>();
  return (label) => {
    if (!derived.has(label)) derived.set(label, derive(label));
    return derived.get(label) as T;
  };
}

/** The properties of a label that dataset files state and the exporter writes back. */
export const curatedProperties = perLabel((label): readonly string[] =>
  propertiesOf(label)
    .filter(([, spec]) => (spec.origin ?? 'curated') === 'curated')
    .map(([name]) => name),
);

/** The properties of `label` that hold the key of another node, with that node's label and the API field that answers it. */
export const references = perLabel(
  (label): ReadonlyArray<{ property: string; label: NodeLabel; field: string }> =>
    propertiesOf(label).flatMap(([property, spec]) => {
      if (!spec.refers) return [];
      const target = spec.refers.label;
      if (!isNodeLabel(target)) throw new Error(`${label}.${property} refers to ${target}, which is not a node label`);
      return [{ property, label: target, field: spec.refers.field }];
    }),
);

/** The long text properties of a label (`long`): read ahead only when their field is selected. */
export const longProperties = perLabel((label): readonly string[] =>
  propertiesOf(label)
    .filter(([, spec]) => spec.long)
    .map(([name]) => name),
);

/** The properties of a label the stores read and the API serves (everything but internal ones). */
export const servedProperties = perLabel(
  (label): ReadonlyArray<[string, PropertySpec]> => propertiesOf(label).filter(([, spec]) => spec.origin !== 'internal'),
);

// ---------------------------------------------------------------------------------------------
// Relationship types
// ---------------------------------------------------------------------------------------------

/**
 * An API field that reads a relationship type from one of its ends. `facts`: each item is the
 * relationship (sources, confidence, since …) with the node at the other end; `nodes`: the nodes
 * at the other end only.
 */
export interface RelationshipField {
  on: NodeLabel;
  direction: 'out' | 'in' | 'both';
  name: string;
  shape: 'facts' | 'nodes';
  description: string;
  /**
   * The list grows with the data (imports add to it without bound: a topic's entries, a
   * category's entries, what an entry is about). The API keeps the list but caps it with
   * `first` (0–100, default 100, priced by it) and adds `<name>Connection` beside it for paging.
   */
  grows?: true;
}

export interface RelationshipSpec {
  from: readonly Label[];
  to: readonly Label[];
  /** Properties specific to this type, besides id, sources, confidence, since, until and note. */
  properties: readonly string[];
  meaning: string;
  /** How the relationship reads from its start ("uses") and from its end ("used by"). */
  reads: { out: string; in: string };
  /**
   * `curated`: a fact between topics that dataset files state (with sources);
   * `entry-link`: what an entry is about or compares (curated, or matched by name);
   * `structure`: what the importer derives from pages and dataset structure.
   */
  origin: 'curated' | 'entry-link' | 'structure';
  /** Listed by `relationshipTypes` and the `RelationshipType` enum; walkable by `path` and `subgraph`. */
  api: boolean;
  /** Symmetric: the API reads it in both directions as one list. */
  symmetric?: boolean;
  fields: readonly RelationshipField[];
}

export const RELATIONSHIPS = {
  SUPERSEDES: {
    from: ['Product'],
    to: ['Product'],
    properties: ['kind'],
    meaning: 'The newer product replaced the older one; `kind` says how (renamed, rewrite, merged, recommended, standard, replaced).',
    reads: { out: 'supersedes', in: 'superseded by' },
    origin: 'curated',
    api: true,
    // supersedes / supersededBy are declared in src/schema/lineage.ts with the lineage fields.
    fields: [],
  },
  USES: {
    from: ['Product'],
    to: ['Product'],
    properties: ['role'],
    meaning: 'The product uses the other one, e.g. Istio uses Envoy as its sidecar; `role` says as what.',
    reads: { out: 'uses', in: 'used by' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Product',
        direction: 'out',
        name: 'uses',
        shape: 'facts',
        description: 'The products this one uses, with the role each plays (e.g. Istio uses Envoy as its sidecar).',
      },
      {
        on: 'Product',
        direction: 'in',
        name: 'usedBy',
        shape: 'facts',
        description: 'The products that use this one, with the role it plays for each (e.g. Envoy is used by Istio as its sidecar).',
      },
    ],
  },
  IMPLEMENTS: {
    from: ['Product'],
    to: ['Concept'],
    properties: [],
    meaning: 'The product implements the concept, e.g. Linkerd implements mTLS.',
    reads: { out: 'implements', in: 'implemented by' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Product',
        direction: 'out',
        name: 'implements',
        shape: 'facts',
        description: 'The concepts this product implements (e.g. Linkerd implements mTLS).',
      },
      {
        on: 'Concept',
        direction: 'in',
        name: 'implementedBy',
        shape: 'facts',
        description: 'The products that implement this concept (e.g. mTLS is implemented by Istio and Linkerd).',
      },
    ],
  },
  DEVELOPED_BY: {
    from: ['Product'],
    to: ['Organization'],
    properties: ['role'],
    meaning: 'The organization develops (or created, maintains, sells, donated) the product; `role` says which.',
    reads: { out: 'developed by', in: 'develops' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Product',
        direction: 'out',
        name: 'developedBy',
        shape: 'facts',
        description: 'The organizations that develop it, with their role (creator, maintainer, vendor, donor).',
      },
      {
        on: 'Organization',
        direction: 'in',
        name: 'products',
        shape: 'facts',
        description: 'The products this organization develops, with its role for each (creator, maintainer, vendor, donor).',
      },
    ],
  },
  HOSTED_BY: {
    from: ['Product'],
    to: ['Organization'],
    properties: ['maturity'],
    meaning: 'A foundation hosts the project; `maturity` is its level there (sandbox, incubating, graduated, archived).',
    reads: { out: 'hosted by', in: 'hosts' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Product',
        direction: 'out',
        name: 'hostedBy',
        shape: 'facts',
        description: 'The foundations that host the project, with its maturity there and since when.',
      },
      {
        on: 'Organization',
        direction: 'in',
        name: 'hostedProducts',
        shape: 'facts',
        description: 'The projects this foundation hosts, with the maturity level of each.',
      },
    ],
  },
  PART_OF: {
    from: ['Product'],
    to: ['Product'],
    properties: [],
    meaning: 'The product is a component of a larger product, e.g. ztunnel is part of Istio.',
    reads: { out: 'part of', in: 'has component' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Product',
        direction: 'out',
        name: 'partOf',
        shape: 'facts',
        description: 'The larger products this one is a component of (e.g. ztunnel is part of Istio).',
      },
      {
        on: 'Product',
        direction: 'in',
        name: 'components',
        shape: 'facts',
        description: 'The components of this product (e.g. Istio has ztunnel).',
      },
    ],
  },
  BASED_ON: {
    from: ['Product'],
    to: ['Product'],
    properties: ['role'],
    meaning: 'The product is derived from the other one; `role` says how (fork, distribution, commercial-edition …).',
    reads: { out: 'based on', in: 'basis of' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Product',
        direction: 'out',
        name: 'basedOn',
        shape: 'facts',
        description: 'The products this one derives from (a fork, distribution or commercial edition of them).',
      },
      {
        on: 'Product',
        direction: 'in',
        name: 'derivatives',
        shape: 'facts',
        description: 'The products derived from this one: forks, distributions, commercial editions.',
      },
    ],
  },
  INTEGRATES_WITH: {
    from: ['Product'],
    to: ['Product'],
    properties: [],
    meaning: 'The product integrates with or conforms to the other one, e.g. a specification such as SMI.',
    reads: { out: 'integrates with', in: 'integrated by' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Product',
        direction: 'out',
        name: 'integratesWith',
        shape: 'facts',
        description: 'The products (often specifications such as SMI) this one integrates with or conforms to.',
      },
      {
        on: 'Product',
        direction: 'in',
        name: 'integratedBy',
        shape: 'facts',
        description: 'The products that integrate with or conform to this one.',
      },
    ],
  },
  ALTERNATIVE_TO: {
    from: ['Product'],
    to: ['Product'],
    properties: [],
    meaning: 'The product is a suggested alternative to the other one, with no replacement claimed.',
    reads: { out: 'alternative to', in: 'alternative to' },
    origin: 'curated',
    api: true,
    symmetric: true,
    fields: [
      {
        on: 'Product',
        direction: 'both',
        name: 'alternatives',
        shape: 'facts',
        description: 'Products suggested as alternatives to this one, in either direction, without any claim that one replaced the other.',
      },
    ],
  },
  RELATED_TO: {
    from: ['Concept'],
    to: ['Concept'],
    properties: [],
    meaning: 'The two concepts are related.',
    reads: { out: 'related to', in: 'related to' },
    origin: 'curated',
    api: true,
    symmetric: true,
    fields: [
      {
        on: 'Concept',
        direction: 'both',
        name: 'related',
        shape: 'facts',
        description: 'Concepts related to this one, in either direction.',
      },
    ],
  },
  SUCCEEDS: {
    from: ['Organization'],
    to: ['Organization'],
    properties: [],
    meaning: 'The organization succeeds the other one (renamed or absorbed it).',
    reads: { out: 'succeeds', in: 'succeeded by' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Organization',
        direction: 'out',
        name: 'succeeds',
        shape: 'facts',
        description: 'Organizations this one succeeds: former names, or organizations it absorbed.',
      },
      {
        on: 'Organization',
        direction: 'in',
        name: 'succeededBy',
        shape: 'facts',
        description: 'The organization that succeeds this one (its new name, or the one that absorbed it).',
      },
    ],
  },
  MEMBER_OF: {
    from: ['Organization'],
    to: ['Organization'],
    properties: [],
    meaning: 'The organization is part of a larger one, e.g. CNCF is part of the Linux Foundation.',
    reads: { out: 'part of', in: 'includes' },
    origin: 'curated',
    api: true,
    fields: [
      {
        on: 'Organization',
        direction: 'out',
        name: 'memberOf',
        shape: 'facts',
        description: 'The larger organizations this one is part of (e.g. CNCF is part of the Linux Foundation).',
      },
      {
        on: 'Organization',
        direction: 'in',
        name: 'members',
        shape: 'facts',
        description: 'The organizations that are part of this one (e.g. the Linux Foundation includes CNCF).',
      },
    ],
  },
  ABOUT: {
    from: ['Entry'],
    to: ['Product', 'Concept', 'Organization'],
    properties: [],
    meaning: 'The entry is about the product, concept or organization; confidence is high when curated, medium when matched by name.',
    reads: { out: 'about', in: 'written about in' },
    origin: 'entry-link',
    api: true,
    fields: [
      {
        on: 'Entry',
        direction: 'out',
        name: 'about',
        shape: 'nodes',
        grows: true,
        description: 'The products, concepts and organizations this entry is about, by name.',
      },
      {
        on: 'Entry',
        direction: 'out',
        name: 'aboutLinks',
        shape: 'facts',
        grows: true,
        description: 'The same as `about`, as facts: each topic with the confidence of the link (curated or matched by name).',
      },
      {
        on: 'Product',
        direction: 'in',
        name: 'entries',
        shape: 'nodes',
        grows: true,
        description: 'The entries about this product, newest first.',
      },
      {
        on: 'Concept',
        direction: 'in',
        name: 'entries',
        shape: 'nodes',
        grows: true,
        description: 'The entries about this concept, newest first.',
      },
      {
        on: 'Organization',
        direction: 'in',
        name: 'entries',
        shape: 'nodes',
        grows: true,
        description: 'The entries about this organization, newest first.',
      },
    ],
  },
  COMPARES: {
    from: ['Entry'],
    to: ['Product', 'Concept'],
    properties: [],
    meaning: 'The entry compares several products or concepts, this one among them.',
    reads: { out: 'compares', in: 'compared in' },
    origin: 'entry-link',
    api: true,
    fields: [
      {
        on: 'Entry',
        direction: 'out',
        name: 'compares',
        shape: 'nodes',
        grows: true,
        description: 'The products or concepts this entry compares with each other (empty unless it is a comparison).',
      },
      {
        on: 'Entry',
        direction: 'out',
        name: 'comparesLinks',
        shape: 'facts',
        grows: true,
        description: 'The same as `compares`, as facts: each topic with the confidence of the link.',
      },
      {
        on: 'Product',
        direction: 'in',
        name: 'comparedIn',
        shape: 'nodes',
        grows: true,
        description: 'The entries that compare this product with others, newest first.',
      },
      {
        on: 'Concept',
        direction: 'in',
        name: 'comparedIn',
        shape: 'nodes',
        grows: true,
        description: 'The entries that compare this concept with others, newest first.',
      },
    ],
  },
  IN_CATEGORY: {
    from: ['Entry'],
    to: ['Category'],
    properties: [],
    meaning: 'A heading of the category tree that lists the entry (one per category that lists it).',
    reads: { out: 'in category', in: 'lists' },
    origin: 'structure',
    api: true,
    fields: [
      {
        on: 'Entry',
        direction: 'out',
        name: 'categories',
        shape: 'nodes',
        grows: true,
        description: 'Every category that lists this entry (a resource listed on several pages, or twice on one, sits in each), by name.',
      },
      {
        on: 'Category',
        direction: 'in',
        name: 'entries',
        shape: 'nodes',
        grows: true,
        description:
          'The entries filed directly under this heading, newest first (use `entries(filter: {category: …})` to include sub-headings).',
      },
    ],
  },
  SUBCATEGORY_OF: {
    from: ['Category'],
    to: ['Category'],
    properties: [],
    meaning: 'The category is a sub-heading of the other one.',
    reads: { out: 'subcategory of', in: 'has subcategory' },
    origin: 'structure',
    api: true,
    // `parent` is read from the id (no statement); `children` through the relationship.
    fields: [
      {
        on: 'Category',
        direction: 'in',
        name: 'children',
        shape: 'nodes',
        grows: true,
        description: 'The headings directly under this one, by name.',
      },
    ],
  },
  HAS_STATUS_CLAIM: {
    from: ['Product'],
    to: ['StatusClaim'],
    properties: [],
    meaning: 'One claim about the status of the product, with its sources (served as `Product.statusClaims`).',
    reads: { out: 'status claimed', in: 'claimed of' },
    origin: 'structure',
    api: false,
    fields: [],
  },
  LISTED_IN: {
    from: ['Entry'],
    to: ['Document'],
    properties: [
      'document',
      'line',
      'categoryId',
      'categoryPath',
      'title',
      'year',
      'publisher',
      'url',
      'description',
      'rating',
      'graphVersion',
      'changedAt',
    ],
    meaning: 'One listing: where a document lists the entry, and what the page says there (served as `Entry.listedIn`).',
    reads: { out: 'listed in', in: 'lists' },
    origin: 'structure',
    api: false,
    fields: [],
  },
} as const satisfies Record<string, RelationshipSpec>;

export type RelationshipType = keyof typeof RELATIONSHIPS;

type TypesWhere<Cond> = { [T in RelationshipType]: (typeof RELATIONSHIPS)[T] extends Cond ? T : never }[RelationshipType];
/** The facts between topics that curated dataset files state. */
export type CuratedRelationshipType = TypesWhere<{ origin: 'curated' }>;
/** What dataset files may state: curated facts and entry links. */
export type StatedRelationshipType = TypesWhere<{ origin: 'curated' | 'entry-link' }>;
/** The types the API lists and walks. */
export type ApiRelationshipType = TypesWhere<{ api: true }>;

const TYPES = Object.keys(RELATIONSHIPS) as RelationshipType[];
const spec = (type: RelationshipType): RelationshipSpec => RELATIONSHIPS[type];

export const RELATIONSHIP_TYPES: readonly RelationshipType[] = TYPES;
export const CURATED_TYPES = TYPES.filter((t): t is CuratedRelationshipType => spec(t).origin === 'curated');
export const STATED_TYPES = TYPES.filter((t): t is StatedRelationshipType => spec(t).origin !== 'structure');
export const API_TYPES = TYPES.filter((t): t is ApiRelationshipType => spec(t).api);

/** Every API field that reads a relationship, with its type. */
export function relationshipFields(): Array<RelationshipField & { type: RelationshipType }> {
  return TYPES.flatMap((type) => spec(type).fields.map((field) => ({ ...field, type })));
}

/** The labels at the far end of `type` read in `direction`. */
export function farLabels(type: RelationshipType, direction: 'out' | 'in' | 'both'): readonly Label[] {
  const { from, to } = spec(type);
  if (direction === 'out') return to;
  if (direction === 'in') return from;
  return [...new Set([...from, ...to])];
}

/** How `type` reads from a node at its start (`out`) or its end (`in`), e.g. USES: "uses" / "used by". */
export function reading(type: string, direction: 'out' | 'in'): string {
  const known = (RELATIONSHIPS as Record<string, RelationshipSpec>)[type];
  return known ? known.reads[direction] : type.toLowerCase().replace(/_/g, ' ');
}
