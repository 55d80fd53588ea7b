/**
 * The GraphQL schema: each module registers its types and entry points on the builder.
 */
import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder.js';
import './meta.js';

export const schema = lexicographicSortSchema(builder.toSchema());
