/**
 * Cypher for Products: batched loads by id and the keyset-paged collection with its filters.
 */
import { nodeStore } from './nodeStore.js';

export interface ProductFilter {
  status: string | null;
  productType: string | null;
  /** Only products that USE this product (an id). */
  usesId: string | null;
}

export const productStore = nodeStore<'Product', ProductFilter, 'NAME'>('Product', {
  plural: 'products',
  filters: {
    status: 'n.status = $status',
    productType: 'n.productType = $productType',
    usesId: 'EXISTS { MATCH (n)-[:USES]->(used:Product) WHERE used.id = $usesId }',
  },
  orderings: { NAME: 'nameLower' },
});
