/**
 * The GraphQL schema: each module registers its types and entry points on the builder.
 */
import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.js';
import './meta.js';
import './node.js';
import './provenance.js';
import './product.js';
import './concept.js';
import './organization.js';
import './entry.js';
import './category.js';
import './document.js';
import './lineage.js';
import './search.js';
import './path.js';
import './compare.js';
import './stats.js';
import './subgraph.js';
import './relations.js';

export const schema = lexicographicSortSchema(builder.toSchema());
