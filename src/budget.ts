/**
 * A per-client budget of query cost (docs/limits.md): each client may spend CLIENT_COST_BUDGET
 * cost units a minute, the same units as MAX_QUERY_COMPLEXITY, computed by the Pothos complexity
 * plugin for the operation that is about to run (src/query-cost.ts: once per document, operation
 * and variables). Counting cost rather than requests means aliases, many fields or several
 * operations cannot slip past it. Over budget: 429 with `Retry-After` and
 * `extensions.code: RATE_LIMITED`. Answers served from the response cache (ETag, 304, cache hits)
 * run nothing and cost nothing.
 *
 * The budget is a token bucket per client: it holds at most one minute's budget and refills
 * continuously. Clients are told apart by the connection's address; `X-Forwarded-For` counts only
 * when the connection comes from a proxy listed in TRUSTED_PROXIES (proxy-addr decides, as
 * Express does). The table of clients is an LRU of CLIENT_TABLE_SIZE entries. Calls made in the
 * process itself (yoga.fetch without a socket: the start-up warm-up) have no address and are not
 * counted.
 */
import { IncomingMessage } from 'node:http';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import proxyaddr from 'proxy-addr';
import type { Context } from './context.js';
import { httpStatusOf } from './errors.js';
import { queryCost } from './query-cost.js';

export interface BudgetOptions {
  /** Cost units per client per minute; 0 turns the budget off. */
  budget: number;
  /** How many clients are remembered at once. */
  tableSize: number;
  /** Addresses / CIDRs (or loopback, linklocal, uniquelocal) whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  /** MAX_QUERY_COMPLEXITY: a request above it is refused anyway, and is not charged. */
  maxComplexity: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * The client's address: the socket's, or the nearest untrusted one in X-Forwarded-For behind a
 * trusted proxy. Only a request that came through the HTTP server has one: Node's request is in
 * the context (`req`); an in-process yoga.fetch has none.
 */
function clientAddressOf(serverContext: { req?: unknown }, trust: (address: string, hop: number) => boolean): string | undefined {
  const { req } = serverContext;
  if (!(req instanceof IncomingMessage) || !req.socket?.remoteAddress) return undefined;
  return proxyaddr(req, trust);
}

export function clientCostBudget(options: BudgetOptions): Plugin<Context> {
  if (options.budget <= 0) return {};
  const now = options.now ?? Date.now;
  const perMs = options.budget / 60_000;
  const trust = proxyaddr.compile(options.trustedProxies);
  const buckets = new LRUCache<string, Bucket>({ max: options.tableSize });

  return {
    onExecute({ args, setResultAndStopExecution }) {
      // Unknown when it cannot be worked out (variables that do not fit, an argument out of range):
      // the request is refused before it runs anything.
      const cost = queryCost(args.schema, args.document, args.operationName, args.variableValues)?.complexity;
      if (cost === undefined) return;
      if (cost > options.maxComplexity) return; // refused as QUERY_TOO_COMPLEX, nothing runs
      const ctx = args.contextValue as Context & { req?: unknown };
      const client = clientAddressOf(ctx, trust);
      if (client === undefined) return; // an in-process call (the start-up warm-up), not a network client
      const t = now();
      const previous = buckets.get(client);
      const tokens = previous ? Math.min(options.budget, previous.tokens + (t - previous.at) * perMs) : options.budget;
      if (cost <= tokens) {
        buckets.set(client, { tokens: tokens - cost, at: t });
        return;
      }
      buckets.set(client, { tokens, at: t });
      const retryAfterSeconds = cost > options.budget ? 60 : Math.max(1, Math.ceil((cost - tokens) / perMs / 1000));
      ctx.logger.info({ client, cost, budget: options.budget, retryAfterSeconds }, 'client over its query-cost budget: answering 429');
      setResultAndStopExecution({
        errors: [
          createGraphQLError(
            `Too many queries: this one costs ${cost}, and this client has ${Math.floor(tokens)} of its ${options.budget} a minute left (CLIENT_COST_BUDGET). Try again in ${retryAfterSeconds} s, or ask for less.`,
            {
              extensions: {
                code: 'RATE_LIMITED',
                cost,
                budget: options.budget,
                retryAfterSeconds,
                http: { status: httpStatusOf('RATE_LIMITED'), headers: { 'retry-after': String(retryAfterSeconds) } },
              },
            },
          ),
        ],
      });
    },
  };
}
