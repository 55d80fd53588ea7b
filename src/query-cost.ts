/**
 * What a GraphQL operation costs (docs/limits.md): its cost, depth and breadth as the Pothos
 * complexity plugin counts them, worked out once per document, operation and variables rather than
 * on every request.
 *
 * Both the per-request limits (MAX_QUERY_COMPLEXITY, MAX_QUERY_DEPTH, MAX_QUERY_BREADTH) and the
 * per-client budget (src/budget.ts) need the figure, and working it out walks the whole selection:
 * 8–28 µs for the peer benchmark's queries once the JIT is warm, against about 1 µs to find it
 * kept (issue 12), and it was worked out twice per request with the budget on. A cost is a function of the document, the operation and the variables alone
 * (no field's cost reads the context), and yoga's parse cache hands the same DocumentNode to every
 * request with the same text, so the figures are kept per document (dropped with it) and, within
 * it, per operation name and variables (a bounded LRU).
 *
 * `costLimits` are the limits the complexity plugin enforces on the first root field. The request
 * plugin `costWithinLimits` marks a request whose known cost is within them as checked, and the
 * plugin then skips its own count (`limitsFor`). A request over a limit, or whose cost cannot be
 * worked out (a page size out of range, variables that do not fit), is left to the plugin, which
 * refuses it as before: the same error, code, path and figures.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST, Kind, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Context } from './context.js';

/**
 * An operation's cost (units of MAX_QUERY_COMPLEXITY), its depth (nesting levels) and breadth
 * (fields at its widest level); as limits, MAX_QUERY_COMPLEXITY, MAX_QUERY_DEPTH and
 * MAX_QUERY_BREADTH.
 */
export interface QueryCost {
  complexity: number;
  depth: number;
  breadth: number;
}

/** What the context carries for the cost check: the request's limits (src/config.ts) and whether it was checked. */
type CostContext = Pick<Context, 'maxComplexity' | 'maxDepth' | 'maxBreadth' | 'costChecked'>;

function costLimits(ctx: CostContext): QueryCost {
  return { complexity: ctx.maxComplexity, depth: ctx.maxDepth, breadth: ctx.maxBreadth };
}

/**
 * What the complexity plugin is to enforce for this request: its limits, or none when the request
 * was checked already (`costWithinLimits`), which makes the plugin skip its count.
 */
export function limitsFor(ctx: CostContext): Partial<QueryCost> {
  return ctx.costChecked ? {} : costLimits(ctx);
}

/** Whether `cost` is within `limits`, by the complexity plugin's own comparisons. */
export function isWithin(cost: QueryCost, limits: QueryCost): boolean {
  return cost.depth <= limits.depth && cost.breadth <= limits.breadth && cost.complexity <= limits.complexity;
}

/** Operation names and variables kept per document: a document asked with ever new variables keeps its most recent. */
const VARIANTS_PER_DOCUMENT = 64;

const costs = new WeakMap<DocumentNode, LRUCache<string, QueryCost>>();

/**
 * The cost of the operation `operationName` of `document` (the only one when null) with
 * `variables`, or undefined when it cannot be worked out: no such operation, variables that do not
 * fit their types, an argument its rule refuses. Only figures are kept, never a failure.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): QueryCost | undefined {
  let variants = costs.get(document);
  const key = `${operationName ?? ''}\n${variables ? JSON.stringify(variables) : ''}`;
  const known = variants?.get(key);
  if (known) return known;
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  let cost: QueryCost;
  try {
    // The plugin prices a document's first operation: it is given only the one that runs (and every fragment).
    const only = { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
    const { complexity, depth, breadth } = complexityFromQuery(only, { schema, variables: { ...variables }, ctx: {} });
    cost = { complexity, depth, breadth };
  } catch {
    return undefined;
  }
  if (!variants) {
    variants = new LRUCache({ max: VARIANTS_PER_DOCUMENT });
    costs.set(document, variants);
  }
  variants.set(key, cost);
  return cost;
}

/** Marks a request whose cost is within its limits as checked, before it runs; the complexity plugin refuses the others. */
export function costWithinLimits(): Plugin<CostContext> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      const cost = queryCost(args.schema, args.document, args.operationName, args.variableValues);
      if (cost && isWithin(cost, costLimits(ctx))) ctx.costChecked = true;
    },
  };
}
