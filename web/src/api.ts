/**
 * Data for the dashboard: every panel reads one saved view (views/<name>.graphql on the server)
 * with a plain GET, `/views/<name>?var=value`, so responses are cacheable and every panel can be
 * embedded by view name. The views alias the API's fields into the shapes below, so the page
 * depends on the views, not on the schema's field names.
 */

/** The saved views the panels read (views/<name>.graphql); also the embed addresses /embed/<name>. */
export const VIEWS = {
  landscape: 'landscape-stats',
  neighborhood: 'neighbourhood',
  lineage: 'product-lineage',
  search: 'search',
  nodeDetails: 'node-details',
} as const;

/** The variable that names what a view is about. */
export const VIEW_VARIABLES = {
  neighborhood: 'name',
  lineage: 'name',
  search: 'query',
} as const;

type Label = 'Product' | 'Concept' | 'Organization' | 'Entry' | 'Category';

/** Where a fact comes from: an entry of the graph or an external page. */
export interface Source {
  __typename: 'Entry' | 'ExternalSource';
  title: string;
  url?: string | null;
  /** An entry's address (aliased: an Entry's url is nullable, an ExternalSource's is not). */
  entryUrl?: string | null;
  slug?: string | null;
  year?: number | null;
  publisher?: string | null;
}

// ---- landscape -----------------------------------------------------------------------------

/**
 * One bar of a distribution, as `stats` gives it: `{value, count}`, `{year, count}`, or a ranked
 * topic `{product {name slug}, count}` / `{concept {…}, count}`.
 */
export interface Bucket {
  count: number;
  value?: string | null;
  year?: number | null;
  key?: string | number | null;
  name?: string | null;
  product?: { name: string; slug?: string | null } | null;
  concept?: { name: string; slug?: string | null } | null;
}

/** The `stats` object as the view selects it: totals (numbers) and distributions (lists). */
export interface LandscapeData {
  stats: Record<string, unknown> | null;
}

// ---- relationship graph --------------------------------------------------------------------

/** A node of `subgraph`. `id` is its global id (edges name their ends by it); `slug` is readable. */
export interface GraphNode {
  id: string;
  slug: string;
  label: Label;
  name: string;
  distance?: number | null;
  /** True for the node(s) the subgraph is around. */
  centre?: boolean | null;
  /** The product type or organization type. */
  kind?: string | null;
  status?: string | null;
  year?: number | null;
}

/** An edge of `subgraph`: a curated fact, its sources as entry slugs and URLs. */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  /** The SUPERSEDES kind, the USES/DEVELOPED_BY/BASED_ON role or the HOSTED_BY maturity. */
  qualifier?: string | null;
  since?: string | null;
  until?: string | null;
  note?: string | null;
  confidence?: string | null;
  /** The references as stored (entry slugs and URLs). */
  sources: string[];
  /** The same sources resolved by the API: entries with their titles, pages with theirs. */
  citations: Source[];
}

export interface NeighbourhoodData {
  subgraph: {
    nodes: GraphNode[];
    edges: GraphEdge[];
    truncated: boolean;
  } | null;
}

/** What the details panel shows about one node (the `node-details` view). */
export interface NodeInfo {
  __typename: Label;
  slug: string;
  name?: string;
  title?: string;
  aliases?: string[] | null;
  status?: string | null;
  productType?: string | null;
  description?: string | null;
  definition?: string | null;
  summary?: string | null;
  orgType?: string | null;
  homepage?: string | null;
  repository?: string | null;
  license?: string | null;
  languages?: string[] | null;
  firstRelease?: string | null;
  lastRelease?: string | null;
  url?: string | null;
  year?: number | null;
  publisher?: string | null;
}

interface NodeDetailsData {
  node: NodeInfo | null;
}

/** What one node is (description, definition or summary, links), by its global id. */
export async function fetchNodeDetails(id: string): Promise<NodeInfo | null> {
  const data = await fetchView<NodeDetailsData>(VIEWS.nodeDetails, { id });
  return data.node;
}

// ---- lineage and product details ------------------------------------------------------------

export interface ProductRef {
  slug: string;
  name: string;
  status?: string | null;
  firstRelease?: string | null;
  lastRelease?: string | null;
}

/** One SUPERSEDES step, oriented: `newer` replaced `older`. */
export interface LineageStep {
  depth?: number | null;
  kind?: string | null;
  since?: string | null;
  note?: string | null;
  confidence?: string | null;
  newer: ProductRef;
  older: ProductRef;
  sources: Source[];
}

/** A step as the API gives it: `product` is the one reached, `previous` the one before it. */
interface RawLineageStep extends Omit<LineageStep, 'newer' | 'older'> {
  product: ProductRef;
  previous: ProductRef;
}

export interface StatusClaim {
  status: string;
  since?: string | null;
  note?: string | null;
  sources: Source[];
}

export interface ProductDetails extends ProductRef {
  productType?: string | null;
  description?: string | null;
  homepage?: string | null;
  repository?: string | null;
  aliases?: string[] | null;
  statusClaims: StatusClaim[];
  /** Steps towards older products (what this one replaced, and what those replaced). */
  predecessors: LineageStep[];
  /** Steps towards newer products (what replaced this one, and what replaced that). */
  successors: LineageStep[];
}

interface RawProductDetails extends Omit<ProductDetails, 'predecessors' | 'successors' | 'statusClaims'> {
  statusClaims?: StatusClaim[] | null;
  predecessors?: RawLineageStep[] | null;
  successors?: RawLineageStep[] | null;
}

/** Orients the API's lineage steps (product/previous) as newer/older. */
function toProductDetails(raw: RawProductDetails): ProductDetails {
  const orient = (steps: RawLineageStep[] | null | undefined, towards: 'successors' | 'predecessors'): LineageStep[] =>
    (steps ?? []).map(({ product, previous, ...rest }) => ({
      ...rest,
      sources: rest.sources ?? [],
      newer: towards === 'successors' ? product : previous,
      older: towards === 'successors' ? previous : product,
    }));
  return {
    ...raw,
    statusClaims: (raw.statusClaims ?? []).map((c) => ({ ...c, sources: c.sources ?? [] })),
    successors: orient(raw.successors, 'successors'),
    predecessors: orient(raw.predecessors, 'predecessors'),
  };
}

/** Reads the lineage view (its variable `name`: a product's name, id or alias). */
export async function fetchLineage(product: string): Promise<ProductDetails | null> {
  const data = await fetchView<{ product: RawProductDetails | null }>(VIEWS.lineage, { [VIEW_VARIABLES.lineage]: product });
  return data.product ? toProductDetails(data.product) : null;
}

// ---- search ----------------------------------------------------------------------------------

export interface SearchHit {
  __typename: Label;
  slug: string;
  name: string;
  productType?: string | null;
  status?: string | null;
}

interface RawSearchData {
  search: { edges: Array<{ score?: number | null; node: SearchHit & { title?: string } }> } | null;
}

/** Reads the search view (its variable `query`): hits best first. */
export async function fetchSearch(text: string): Promise<SearchHit[]> {
  const data = await fetchView<RawSearchData>(VIEWS.search, { [VIEW_VARIABLES.search]: text });
  return (data.search?.edges ?? []).map((edge) => ({ ...edge.node, name: edge.node.name ?? edge.node.title ?? edge.node.slug }));
}

// ---- fetching --------------------------------------------------------------------------------

class ViewError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ViewError';
  }
}

export type ViewVariables = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/** The query string of a view's variables (empty values left out), e.g. "around=maesh&depth=2". */
export function viewQuery(variables: ViewVariables): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(variables)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  return params.toString();
}

function viewUrl(name: string, variables: ViewVariables = {}): string {
  const query = viewQuery(variables);
  return `/views/${encodeURIComponent(name)}${query ? `?${query}` : ''}`;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const cache = new Map<string, Promise<unknown>>();

/**
 * GETs a saved view and returns its data. Responses are memoised for the page's lifetime (the
 * graph changes rarely, and HTTP caching covers reloads); failures are not.
 */
export function fetchView<T>(name: string, variables: ViewVariables = {}): Promise<T> {
  const url = viewUrl(name, variables);
  const cached = cache.get(url);
  if (cached) return cached as Promise<T>;
  const promise = load<T>(url);
  cache.set(url, promise);
  promise.catch(() => cache.delete(url));
  return promise;
}

async function load<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch {
    throw new ViewError('The meshgraph service cannot be reached.');
  }
  let body: GraphQLBody<T> | undefined;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    body = undefined;
  }
  const first = body?.errors?.[0];
  const data = body?.data;
  const missing = !data || Object.values(data as Record<string, unknown>).some((v) => v === null);
  if (first && missing) {
    throw new ViewError(first.message, first.extensions?.code, response.status);
  }
  if (!response.ok || !body?.data) {
    throw new ViewError(
      first?.message ?? `The view answered ${response.status} ${response.statusText}.`,
      first?.extensions?.code,
      response.status,
    );
  }
  return body.data;
}
