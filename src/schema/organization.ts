/**
 * Organization: a company, foundation, community or standards body, with the products it develops
 * or hosts. Entry points: `organization` (by name, id or alias) and `organizations` (a connection).
 */
import { organizationStore } from '../graph/stores/organizationStore.js';
import { toOrganization, readingParsers } from '../graph/stores/rows.js';
import { byName, collection, loadableNode } from './collection.js';
import { properties } from './properties.js';
import { Topic } from './node.js';

export const Organization = loadableNode('Organization', organizationStore.load);

Organization.implement({
  description: 'A company, foundation, community or standards body behind products of the field, e.g. CNCF, Google, Buoyant.',
  interfaces: [Topic],
  fields: (t) => ({
    ...properties(t, 'Organization', {
      orgType: 'What kind of organization: "foundation", "company", "community" or "standards-body".',
      homepage: 'Its website (null when none is recorded).',
    }),
  }),
});

collection({
  type: Organization,
  field: 'organizations',
  noun: 'organization',
  description: 'Browse the organizations, a page at a time, in either direction.',
  store: organizationStore,
  ordering: 'NAME',
  orderBy: byName('organizations'),
  filter: {
    input: {
      description: 'Conditions organizations must all meet.',
      argument: 'Conditions the organizations must meet.',
      fields: {
        orgType: {
          type: 'string',
          description: 'Only organizations of this kind: "foundation", "company", "community" or "standards-body".',
        },
      },
    },
    parse: (values) => ({ orgType: values.string('orgType')?.trim().toLowerCase() || null }),
  },
  lookup: {
    kind: 'Organization',
    description:
      'One organization by its name, id or an alias, case-insensitive: "CNCF", "Cloud Native Computing Foundation". Null with a NOT_FOUND error (and `extensions.suggestions`) when none has that name.',
    parse: toOrganization,
    reading: readingParsers('Organization'),
  },
});
