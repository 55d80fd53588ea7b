/**
 * Cypher for Products: batched loads by id and the keyset-paged collection with its filters.
 */
import { cypher, type Graph } from '../graph.js';
import type { ReadAheadPlan } from './readAhead.js';
import { countRows, readPage, type CollectionSpec, type PageRequest, type PageResult } from './paging.js';
import { byKey, toProduct, type ProductRow } from './rows.js';

const productsByIds = cypher('productsByIds', 'UNWIND $ids AS key MATCH (n:Product {id: key}) RETURN key, properties(n) AS node');

/** One product (or null) per id, in the ids' order. */
export async function loadProducts(graph: Graph, ids: readonly string[]): Promise<Array<ProductRow | null>> {
  if (ids.length === 0) return [];
  const rows = await graph.read(productsByIds, { ids: [...ids] });
  return byKey(ids, rows, (row) => toProduct(row.node));
}

export interface ProductFilter {
  status: string | null;
  productType: string | null;
  /** Only products that USE this product (an id). */
  usesId: string | null;
}

const PRODUCT_ORDERINGS = { NAME: 'toLower(n.name)' } as const;
export type ProductOrdering = keyof typeof PRODUCT_ORDERINGS;

const products: CollectionSpec = {
  name: 'productsPage',
  match: 'MATCH (n:Product)',
  filters: [
    '($status IS NULL OR n.status = $status)',
    '($productType IS NULL OR n.productType = $productType)',
    '($usesId IS NULL OR EXISTS { MATCH (n)-[:USES]->(used:Product) WHERE used.id = $usesId })',
  ],
  orderings: PRODUCT_ORDERINGS,
};

const params = (filter: ProductFilter) => ({ status: filter.status, productType: filter.productType, usesId: filter.usesId });

export function pageProducts(
  graph: Graph,
  filter: ProductFilter,
  ordering: ProductOrdering,
  request: PageRequest,
  readAhead?: ReadAheadPlan,
): Promise<PageResult<ProductRow>> {
  return readPage(graph, products, ordering, request, params(filter), toProduct, readAhead);
}

export function countProducts(graph: Graph, filter: ProductFilter): Promise<number> {
  return countRows(graph, products, params(filter));
}
