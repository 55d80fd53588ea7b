/**
 * Prometheus metrics: HTTP and GraphQL request counts and durations, Neo4j statement counts and
 * durations (by statement name, so a slow query is named in the dashboard).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueryObserver } from './graph/graph.js';

const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'meshgraph' });
  collectDefaultMetrics({ register: registry, prefix: 'meshgraph_process_' });

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Histogram({ name, help, labelNames, buckets, registers: [registry] });

  const httpRequests = counter('meshgraph_http_requests_total', 'HTTP requests by method, route and status code.', [
    'method',
    'route',
    'status',
  ]);
  const httpDuration = histogram('meshgraph_http_request_duration_seconds', 'HTTP request duration by method and route.', [
    'method',
    'route',
  ]);
  const graphqlOperations = counter(
    'meshgraph_graphql_operations_total',
    'GraphQL operations by operation name, type and outcome (ok, error).',
    ['operation', 'type', 'outcome'],
  );
  const graphqlDuration = histogram(
    'meshgraph_graphql_operation_duration_seconds',
    'GraphQL execution duration by operation name and type.',
    ['operation', 'type'],
  );
  const responseCache = counter(
    'meshgraph_response_cache_total',
    'Cacheable reads by route and result: hit (served from the in-process cache), miss (executed), not-modified (304 for If-None-Match).',
    ['route', 'result'],
  );
  const neo4jQueries = counter('meshgraph_neo4j_queries_total', 'Cypher statements run, by statement name, access mode and outcome.', [
    'statement',
    'mode',
    'outcome',
  ]);
  const neo4jDuration = histogram(
    'meshgraph_neo4j_query_duration_seconds',
    'Cypher statement round-trip duration, by statement name and access mode.',
    ['statement', 'mode'],
  );

  const queryObserver: QueryObserver = {
    onQuery({ name, mode, ms, ok, cancelled }) {
      // Migration statements are numbered; fold them into one series.
      const statement = name.startsWith('migration:') ? 'migration' : name;
      neo4jQueries.inc({ statement, mode, outcome: ok ? 'ok' : cancelled ? 'cancelled' : 'error' });
      neo4jDuration.observe({ statement, mode }, ms / 1000);
    },
  };

  return { registry, httpRequests, httpDuration, responseCache, graphqlOperations, graphqlDuration, queryObserver };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The request handler of the metrics port (METRICS_PORT): GET /metrics and nothing else, so the
 * metrics can be kept off the public port.
 */
export function metricsRequestListener(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: this port serves GET /metrics only.\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) =>
        res
          .writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' })
          .end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected.\n'),
    );
  };
}
