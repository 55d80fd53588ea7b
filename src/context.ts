/**
 * The per-request context: the request's id, its view of the graph (counted and gated), and its
 * logger. DataLoaders are per request too; the Pothos dataloader plugin keeps them on this object.
 */
import type { Graph } from './graph/graph.js';
import type { Logger } from './logger.js';
import type { ResponseBudget } from './response-budget.js';

/** Cypher statements a request ran and their time in the database (x-meshgraph-debug). */
export class QueryStats {
  queries = 0;
  dbTimeMs = 0;
  readonly byName = new Map<string, number>();

  onQuery(event: { name: string; dbMs: number }): void {
    this.queries += 1;
    this.dbTimeMs += event.dbMs;
    this.byName.set(event.name, (this.byName.get(event.name) ?? 0) + 1);
  }
}

export interface Context {
  requestId: string;
  graph: Graph;
  stats: QueryStats;
  logger: Logger;
  /** What the request may still make: answer size and execution time (MAX_RESPONSE_BYTES, MAX_EXECUTION_MS). */
  budget: ResponseBudget;
  /** The client asked for `extensions.neo4j` (header x-meshgraph-debug: 1). */
  debug: boolean;
  /** The most a request may cost (MAX_QUERY_COMPLEXITY); checked before it runs. */
  maxComplexity: number;
  /** How deep fields may nest (MAX_QUERY_DEPTH) and how many may stand at one level (MAX_QUERY_BREADTH). */
  maxDepth: number;
  maxBreadth: number;
  /** The request's cost was found within those limits before it ran (src/query-cost.ts): the complexity plugin need not count it again. */
  costChecked: boolean;
  /**
   * How the operation runs: interpreted by yoga's executor, or compiled by graphql-jit from its
   * second run (src/execution.ts). Told in `extensions.execution` with x-meshgraph-debug: 1.
   */
  execution: 'interpreted' | 'compiled';
}
