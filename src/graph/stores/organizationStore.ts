/**
 * Cypher for Organizations: batched loads by id and the keyset-paged collection.
 */
import { cypher, type Graph } from '../graph.js';
import { countRows, readPage, type CollectionSpec, type PageRequest, type PageResult } from './paging.js';
import { byKey, toOrganization, type OrganizationRow } from './rows.js';

const organizationsByIds = cypher(
  'organizationsByIds',
  'UNWIND $ids AS key MATCH (n:Organization {id: key}) RETURN key, properties(n) AS node',
);

/** One organization (or null) per id, in the ids' order. */
export async function loadOrganizations(graph: Graph, ids: readonly string[]): Promise<Array<OrganizationRow | null>> {
  if (ids.length === 0) return [];
  const rows = await graph.read(organizationsByIds, { ids: [...ids] });
  return byKey(ids, rows, (row) => toOrganization(row.node));
}

export interface OrganizationFilter {
  orgType: string | null;
}

const ORGANIZATION_ORDERINGS = { NAME: 'toLower(n.name)' } as const;
export type OrganizationOrdering = keyof typeof ORGANIZATION_ORDERINGS;

const organizations: CollectionSpec = {
  name: 'organizationsPage',
  match: 'MATCH (n:Organization)',
  filters: ['($orgType IS NULL OR n.orgType = $orgType)'],
  orderings: ORGANIZATION_ORDERINGS,
};

export function pageOrganizations(
  graph: Graph,
  filter: OrganizationFilter,
  ordering: OrganizationOrdering,
  request: PageRequest,
): Promise<PageResult<OrganizationRow>> {
  return readPage(graph, organizations, ordering, request, { orgType: filter.orgType }, toOrganization);
}

export function countOrganizations(graph: Graph, filter: OrganizationFilter): Promise<number> {
  return countRows(graph, organizations, { orgType: filter.orgType });
}
