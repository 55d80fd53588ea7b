/**
 * Cypher for Categories (the heading tree entries sit in): batched loads by id, lookups by id or
 * by path of names, and the keyset-paged collection.
 */
import { cypher, type Graph } from '../graph.js';
import { countRows, readPage, type CollectionSpec, type PageRequest, type PageResult } from './paging.js';
import { byKey, toCategory, type CategoryRow } from './rows.js';

const categoriesByIds = cypher('categoriesByIds', 'UNWIND $ids AS key MATCH (n:Category {id: key}) RETURN key, properties(n) AS node');

/** One category (or null) per id, in the ids' order. */
export async function loadCategories(graph: Graph, ids: readonly string[]): Promise<Array<CategoryRow | null>> {
  if (ids.length === 0) return [];
  const rows = await graph.read(categoriesByIds, { ids: [...ids] });
  return byKey(ids, rows, (row) => toCategory(row.node));
}

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

const CATEGORY_ORDERINGS = { PATH: 'n.id' } as const;
export type CategoryOrdering = keyof typeof CATEGORY_ORDERINGS;

const categories: CollectionSpec = {
  name: 'categoriesPage',
  match: 'MATCH (n:Category)',
  filters: ['($depth IS NULL OR n.depth = $depth)', "($underId IS NULL OR n.id STARTS WITH $underId + '/')"],
  orderings: CATEGORY_ORDERINGS,
};

const params = (f: CategoryFilter) => ({ depth: f.depth, underId: f.underId });

export function pageCategories(
  graph: Graph,
  filter: CategoryFilter,
  ordering: CategoryOrdering,
  request: PageRequest,
): Promise<PageResult<CategoryRow>> {
  return readPage(graph, categories, ordering, request, params(filter), toCategory);
}

export function countCategories(graph: Graph, filter: CategoryFilter): Promise<number> {
  return countRows(graph, categories, params(filter));
}
