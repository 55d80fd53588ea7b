/**
 * Cypher for Concepts: batched loads by id and the keyset-paged collection.
 */
import { cypher, type Graph } from '../graph.js';
import { countRows, readPage, type CollectionSpec, type PageRequest, type PageResult } from './paging.js';
import { byKey, toConcept, type ConceptRow } from './rows.js';

const conceptsByIds = cypher('conceptsByIds', 'UNWIND $ids AS key MATCH (n:Concept {id: key}) RETURN key, properties(n) AS node');

/** One concept (or null) per id, in the ids' order. */
export async function loadConcepts(graph: Graph, ids: readonly string[]): Promise<Array<ConceptRow | null>> {
  if (ids.length === 0) return [];
  const rows = await graph.read(conceptsByIds, { ids: [...ids] });
  return byKey(ids, rows, (row) => toConcept(row.node));
}

const CONCEPT_ORDERINGS = { NAME: 'toLower(n.name)' } as const;
export type ConceptOrdering = keyof typeof CONCEPT_ORDERINGS;

const concepts: CollectionSpec = {
  name: 'conceptsPage',
  match: 'MATCH (n:Concept)',
  filters: [],
  orderings: CONCEPT_ORDERINGS,
};

export function pageConcepts(graph: Graph, ordering: ConceptOrdering, request: PageRequest): Promise<PageResult<ConceptRow>> {
  return readPage(graph, concepts, ordering, request, {}, toConcept);
}

export function countConcepts(graph: Graph): Promise<number> {
  return countRows(graph, concepts, {});
}
