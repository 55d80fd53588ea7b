/**
 * The Pothos schema builder: configuration only. Types live in src/schema/, one file each.
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import type { Context } from './context.js';
import { MeshgraphError } from './errors.js';

function describeLimit(kind: string, r: { complexity: number; maxComplexity?: number; depth: number; maxDepth?: number; breadth: number; maxBreadth?: number }): string {
  if (kind === 'Depth') return `depth ${r.depth}, at most ${r.maxDepth}`;
  if (kind === 'Breadth') return `${r.breadth} fields at one level, at most ${r.maxBreadth}`;
  return `cost ${r.complexity}, at most ${r.maxComplexity}`;
}

export interface SchemaTypes {
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number };
  };
}

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [ComplexityPlugin, RelayPlugin, DataloaderPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  // Every field costs 1 and a list multiplies what is below it by 10 (its page size where it
  // takes `first`/`last`); a request whose total exceeds MAX_QUERY_COMPLEXITY, that nests fields
  // deeper than MAX_QUERY_DEPTH (12) or puts more than MAX_QUERY_BREADTH (200) at one level, is
  // refused before any Cypher runs.
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (ctx) => ({ complexity: ctx.maxComplexity, depth: ctx.maxDepth ?? 12, breadth: ctx.maxBreadth ?? 200 }),
    complexityError: (kind, result) =>
      new MeshgraphError('QUERY_TOO_COMPLEX', `The query is too ${kind === 'Complexity' ? 'expensive' : kind === 'Depth' ? 'deep' : 'broad'}: ${describeLimit(kind, result)}. Ask for fewer fields or smaller pages.`, {
        complexity: result.complexity,
        maxComplexity: result.maxComplexity,
        depth: result.depth,
        maxDepth: result.maxDepth,
        breadth: result.breadth,
        maxBreadth: result.maxBreadth,
      }),
  },
});
