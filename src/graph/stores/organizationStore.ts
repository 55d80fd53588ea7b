/**
 * Cypher for Organizations: batched loads by id and the keyset-paged collection.
 */
import { nodeStore } from './nodeStore.js';

export interface OrganizationFilter {
  orgType: string | null;
}

export const organizationStore = nodeStore<'Organization', OrganizationFilter, 'NAME'>('Organization', {
  plural: 'organizations',
  filters: { orgType: 'n.orgType = $orgType' },
  orderings: { NAME: 'nameLower' },
});
