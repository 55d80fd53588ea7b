/**
 * Side-by-side comparison of products: the entries that compare them (COMPARES edges to at
 * least two of them, then entries ABOUT at least two), each product's facts (data planes it uses,
 * concepts it implements, status and its claims, languages, license, developers and hosts), the
 * concepts all of them implement, and the aspects in which they differ.
 *
 * The schema resolves the names as products (one statement); everything else is one more statement.
 */
import { cypher, type Graph } from '../graph.js';
import type { NameHit } from './names.js';
import {
  toConcept,
  toEntry,
  toOrganization,
  toProduct,
  toRelation,
  toStatusClaim,
  type ConceptRow,
  type EntryRow,
  type OrganizationRow,
  type ProductRow,
  type RelationProps,
  type StatusClaimRow,
} from './rows.js';

type Props = Record<string, unknown>;

export interface ComparedUse {
  product: ProductRow;
  relation: RelationProps;
}

export interface ComparedImplementation {
  concept: ConceptRow;
  relation: RelationProps;
}

export interface ComparedOrganization {
  organization: OrganizationRow;
  /** DEVELOPED_BY or HOSTED_BY. */
  type: 'DEVELOPED_BY' | 'HOSTED_BY';
  relation: RelationProps;
}

export interface ComparedProductRow {
  /** The text the caller gave for this product. */
  name: string;
  match: NameHit;
  product: ProductRow;
  uses: ComparedUse[];
  implements: ComparedImplementation[];
  statusClaims: StatusClaimRow[];
  organizations: ComparedOrganization[];
}

export interface ComparingEntryRow {
  entry: EntryRow;
  /** Compared products this entry COMPARES (ids, in the order of the comparison). */
  compares: string[];
  /** Compared products this entry is ABOUT. */
  about: string[];
}

export type ComparisonAspect = 'STATUS' | 'PRODUCT_TYPE' | 'LICENSE' | 'LANGUAGES' | 'USES' | 'CONCEPTS' | 'DEVELOPED_BY' | 'HOSTED_BY';

export interface ComparisonDifferenceRow {
  aspect: ComparisonAspect;
  /** One entry per compared product, in the comparison's order. */
  values: Array<{ product: ProductRow; values: string[] }>;
}

export interface ComparisonRow {
  products: ComparedProductRow[];
  entries: ComparingEntryRow[];
  shared: ConceptRow[];
  differences: ComparisonDifferenceRow[];
}

const comparisonStatement = cypher(
  'compareProducts',
  `CALL () {
     UNWIND range(0, size($ids) - 1) AS i
     MATCH (p:Product {id: $ids[i]})
     CALL (p) {
       OPTIONAL MATCH (p)-[u:USES]->(d:Product)
       WITH u, d ORDER BY d.name, d.id
       RETURN collect(CASE WHEN d IS NULL THEN NULL ELSE {node: properties(d), rel: properties(u)} END) AS uses
     }
     CALL (p) {
       OPTIONAL MATCH (p)-[r:IMPLEMENTS]->(c:Concept)
       WITH r, c ORDER BY c.name, c.id
       RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE {node: properties(c), rel: properties(r)} END) AS implements
     }
     CALL (p) {
       OPTIONAL MATCH (p)-[r:DEVELOPED_BY|HOSTED_BY]->(o:Organization)
       WITH r, o ORDER BY type(r), o.name, o.id
       RETURN collect(CASE WHEN o IS NULL THEN NULL ELSE {node: properties(o), type: type(r), rel: properties(r)} END) AS organizations
     }
     CALL (p) {
       OPTIONAL MATCH (p)-[:HAS_STATUS_CLAIM]->(s:StatusClaim)
       WITH s ORDER BY coalesce(s.since, '') DESC, s.id
       RETURN collect(properties(s)) AS claims
     }
     WITH i, p, uses, implements, organizations, claims ORDER BY i
     RETURN collect({id: p.id, node: properties(p), uses: uses, implements: implements, organizations: organizations, claims: claims}) AS products
   }
   CALL () {
     MATCH (e:Entry)-[r:ABOUT|COMPARES]->(p:Product) WHERE p.id IN $ids
     WITH e, collect(DISTINCT CASE WHEN type(r) = 'COMPARES' THEN p.id END) AS compares,
             collect(DISTINCT CASE WHEN type(r) = 'ABOUT' THEN p.id END) AS about,
             collect(DISTINCT p.id) AS compared
     WHERE size(compared) >= 2
     WITH e, compares, about, compared
     ORDER BY CASE WHEN size(compares) >= 2 THEN 0 ELSE 1 END, size(compared) DESC, e.year IS NULL, e.year DESC, e.id
     RETURN collect({node: properties(e), compares: compares, about: about}) AS entries
   }
   RETURN products, entries`,
);

/**
 * Reads everything the comparison shows of distinct products (one statement), each given as the
 * text the caller wrote and the product it resolved to.
 */
export async function compareProducts(
  graph: Graph,
  compared: readonly Pick<ComparedProductRow, 'name' | 'match'>[],
): Promise<ComparisonRow> {
  const ids = compared.map((c) => c.match.id);
  const rows = await graph.read(comparisonStatement, { ids });
  const row = rows[0] ?? { products: [], entries: [] };

  const productRows = row.products as Array<{
    id: string;
    node: Props;
    uses: Array<{ node: Props; rel: Props }>;
    implements: Array<{ node: Props; rel: Props }>;
    organizations: Array<{ node: Props; type: 'DEVELOPED_BY' | 'HOSTED_BY'; rel: Props }>;
    claims: Props[];
  }>;
  const byId = new Map(productRows.map((p) => [p.id, p]));
  const products: ComparedProductRow[] = compared.map(({ name, match }) => {
    const p = byId.get(match.id);
    if (!p) throw new Error(`compare: product ${match.id} disappeared while comparing`);
    return {
      name,
      match,
      product: toProduct(p.node),
      uses: p.uses.map((u) => ({ product: toProduct(u.node), relation: toRelation(u.rel) })),
      implements: p.implements.map((c) => ({ concept: toConcept(c.node), relation: toRelation(c.rel) })),
      statusClaims: p.claims.map(toStatusClaim),
      organizations: p.organizations.map((o) => ({ organization: toOrganization(o.node), type: o.type, relation: toRelation(o.rel) })),
    };
  });

  const order = new Map(ids.map((id, i) => [id, i]));
  const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  const entries = (row.entries as Array<{ node: Props; compares: string[]; about: string[] }>).map((e) => ({
    entry: toEntry(e.node),
    compares: [...e.compares].sort(byOrder),
    about: [...e.about].sort(byOrder),
  }));

  return { products, entries, shared: sharedConcepts(products), differences: differences(products) };
}

/** Roles of USES that put the used product in the request path (installer, xds-cds-eds … do not). */
const DATA_PLANE_ROLES: ReadonlySet<string> = new Set([
  'data-plane',
  'sidecar',
  'per-node',
  'node-proxy',
  'l4-proxy',
  'l7-proxy',
  'proxy',
  'waypoint',
  'gateway',
  'proxyless',
]);

export function isDataPlaneRole(role: string | null): boolean {
  return role !== null && DATA_PLANE_ROLES.has(role);
}

/** Concepts every compared product implements, by name. */
export function sharedConcepts(products: readonly ComparedProductRow[]): ConceptRow[] {
  const [first, ...rest] = products;
  if (!first) return [];
  return first.implements
    .map((i) => i.concept)
    .filter((c) => rest.every((p) => p.implements.some((i) => i.concept.id === c.id)))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** Each aspect's values per product, as sorted strings. */
export function aspectValues(p: ComparedProductRow, aspect: ComparisonAspect, shared: ReadonlySet<string>): string[] {
  const sorted = (values: string[]) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  switch (aspect) {
    case 'STATUS':
      return [p.product.status];
    case 'PRODUCT_TYPE':
      return [p.product.productType];
    case 'LICENSE':
      return p.product.license ? [p.product.license] : [];
    case 'LANGUAGES':
      return sorted(p.product.languages);
    case 'USES':
      return sorted(p.uses.map((u) => (u.relation.role ? `${u.product.name} (${u.relation.role})` : u.product.name)));
    case 'CONCEPTS':
      return sorted(p.implements.filter((i) => !shared.has(i.concept.id)).map((i) => i.concept.name));
    case 'DEVELOPED_BY':
      return sorted(
        p.organizations
          .filter((o) => o.type === 'DEVELOPED_BY')
          .map((o) => (o.relation.role ? `${o.organization.name} (${o.relation.role})` : o.organization.name)),
      );
    case 'HOSTED_BY':
      return sorted(
        p.organizations
          .filter((o) => o.type === 'HOSTED_BY')
          .map((o) => (o.relation.maturity ? `${o.organization.name} (${o.relation.maturity})` : o.organization.name)),
      );
  }
}

const COMPARISON_ASPECTS: readonly ComparisonAspect[] = [
  'STATUS',
  'PRODUCT_TYPE',
  'LICENSE',
  'LANGUAGES',
  'USES',
  'CONCEPTS',
  'DEVELOPED_BY',
  'HOSTED_BY',
];

/** The aspects in which the products do not all have the same values. */
export function differences(products: readonly ComparedProductRow[]): ComparisonDifferenceRow[] {
  const shared = new Set(sharedConcepts(products).map((c) => c.id));
  const out: ComparisonDifferenceRow[] = [];
  for (const aspect of COMPARISON_ASPECTS) {
    const values = products.map((p) => ({ product: p.product, values: aspectValues(p, aspect, shared) }));
    const keys = new Set(values.map((v) => JSON.stringify(v.values)));
    if (keys.size > 1) out.push({ aspect, values });
  }
  return out;
}
