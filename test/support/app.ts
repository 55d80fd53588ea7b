/**
 * Builds the real app (schema, plugins, graph layer) against the test run's Neo4j, for tests that
 * talk to it through yoga.fetch.
 */
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { type AppDeps, createApp, createService, type App, type Service } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import type { Graph } from '../../src/graph/graph.js';
import { type Logger, silentLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { Readiness } from '../../src/readiness.js';
import { testGraph } from './graph.js';

export interface TestApp {
  app: App;
  graph: Graph;
  metrics: Metrics;
  readiness: Readiness;
  /** POSTs a GraphQL operation and returns the parsed JSON body. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{
    data?: T;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
    extensions?: Record<string, unknown>;
  }>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = parseConfig({ ...env });
  const logger = silentLogger();
  const metrics = createMetrics();
  const graph = testGraph(metrics.queryObserver);
  const readiness = new Readiness({ graph, logger });
  await readiness.waitUntilReady(30_000);
  const app = createApp({ config, graph, readiness, logger, metrics });
  return {
    app,
    graph,
    metrics,
    readiness,
    async query(query, variables, headers = {}) {
      const response = await app.fetch('http://meshgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async close() {
      readiness.stop();
      await graph.close();
    },
  };
}

/**
 * The app (or a service's listener, src/app.ts createService) on a real HTTP server on 127.0.0.1
 * and a free port, for tests that need real sockets.
 */
export async function listen(app: App | Service['listener']): Promise<{ baseUrl: string; server: Server; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A logger at `info` whose lines a test reads back, each parsed from its JSON (the access log, errors). */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** A service as src/main.ts composes it, over real HTTP twice: its listener, and its yoga app alone. */
export interface FrontAndYoga {
  service: Service;
  metrics: Metrics;
  /** The service's log lines, parsed (capturingLogger). */
  lines: Array<Record<string, unknown>>;
  /** The base URL of the service's listener (what src/main.ts serves). */
  front: string;
  /** The base URL of the yoga app alone, sharing the service's caches. */
  yoga: string;
  close(): Promise<void>;
}

/** createService against `graph` with `env` as its configuration, served as FrontAndYoga; `deps` adds to what it is built from. */
export async function serveFrontAndYoga(graph: Graph, env: Record<string, string>, deps: Partial<AppDeps> = {}): Promise<FrontAndYoga> {
  const { logger, lines } = capturingLogger();
  const metrics = createMetrics();
  const readiness = new Readiness({ graph, logger });
  await readiness.waitUntilReady(30_000);
  const service = createService({ config: parseConfig(env), graph, readiness, logger, metrics, ...deps });
  const front = await listen(service.listener);
  const yoga = await listen(service.app);
  return {
    service,
    metrics,
    lines,
    front: front.baseUrl,
    yoga: yoga.baseUrl,
    async close() {
      await front.close();
      await yoga.close();
      readiness.stop();
    },
  };
}
