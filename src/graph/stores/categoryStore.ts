/**
 * Cypher for Categories (the heading tree entries sit in): batched loads by id, lookups by id or
 * by path of names, and the keyset-paged collection.
 */
import { cypher, type Graph } from '../graph.js';
import { nodeStore } from './nodeStore.js';
import { toCategory, type CategoryRow } from './rows.js';

const categoriesByIdOrPath = cypher(
  'categoriesByIdOrPath',
  `MATCH (n:Category)
   WHERE n.id = $id OR [x IN n.path | toLower(x)] IN $paths
   RETURN properties(n) AS node
   ORDER BY n.depth, n.id`,
);

/**
 * Categories named by `text`: an id (`cloud-native/service-mesh`) or a path of heading names
 * separated by `>` or `/` (`Cloud Native > Service Mesh`), case-insensitive.
 */
export async function findCategories(graph: Graph, text: string): Promise<CategoryRow[]> {
  const trimmed = text.trim();
  const split = (separator: RegExp) =>
    trimmed
      .split(separator)
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part.length > 0);
  const paths = [split(/>/), split(/\//), [trimmed.toLowerCase()]].filter((p) => p.length > 0);
  const rows = await graph.read(categoriesByIdOrPath, { id: trimmed.toLowerCase(), paths });
  return rows.map((row) => toCategory(row.node));
}

/** The ids of a category and its ancestors, top first (a category id is its path's slugs joined by "/"). */
export function categoryLineage(categoryId: string): string[] {
  const parts = categoryId.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export interface CategoryFilter {
  depth: number | null;
  /** Only categories below this one (an id). */
  underId: string | null;
}

export const categoryStore = nodeStore<'Category', CategoryFilter, 'PATH'>('Category', {
  plural: 'categories',
  filters: {
    depth: 'n.depth = $depth',
    underId: "n.id STARTS WITH $underId + '/'",
  },
  orderings: { PATH: 'id' },
});
