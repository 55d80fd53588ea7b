/**
 * Cypher for Concepts: batched loads by id and the keyset-paged collection.
 */
import { nodeStore } from './nodeStore.js';

export const conceptStore = nodeStore('Concept', { plural: 'concepts', filters: {}, orderings: { NAME: 'nameLower' } });
