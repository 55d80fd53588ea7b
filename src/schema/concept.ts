/**
 * Concept: an idea of the service-mesh field (mTLS, sidecar, xDS, eBPF, ambient mesh …), with the
 * products that implement it and the entries about it. Entry points: `concept` (by name, id or
 * alias) and `concepts` (a connection).
 */
import { conceptStore } from '../graph/stores/conceptStore.js';
import { toConcept, readingParsers } from '../graph/stores/rows.js';
import { byName, collection, loadableNode } from './collection.js';
import { properties } from './properties.js';
import { Topic } from './node.js';

export const Concept = loadableNode('Concept', conceptStore.load);

Concept.implement({
  description: 'An idea of the service-mesh field, such as mTLS, sidecar, xDS, eBPF or ambient mesh, with the products that implement it.',
  interfaces: [Topic],
  fields: (t) => ({
    ...properties(t, 'Concept', {
      definition: 'What the concept means, in our own words.',
    }),
  }),
});

collection({
  type: Concept,
  field: 'concepts',
  noun: 'concept',
  description: 'Browse the concepts, a page at a time, in either direction.',
  store: conceptStore,
  ordering: 'NAME',
  orderBy: byName('concepts'),
  filter: { parse: () => ({}) },
  lookup: {
    kind: 'Concept',
    description:
      'One concept by its name, id or an alias, case-insensitive: "mTLS", "mutual TLS", "sidecar". Null with a NOT_FOUND error (and `extensions.suggestions`) when no concept has that name.',
    parse: toConcept,
    reading: readingParsers('Concept'),
  },
});
