/**
 * API benchmark: a fresh bundled Neo4j (temp folder, free port) holding the bundled dataset, the
 * real app (createApp) listening on a free 127.0.0.1 port with node:http, and a bounded number of
 * POST /graphql requests per representative operation from a keep-alive client on loopback.
 * Reports the cold first request, then per operation: latency p50/p95/p99, requests/s and the
 * Cypher statements one request runs (from `x-meshgraph-debug: 1` → extensions.neo4j.queries).
 * POST requests are never served from the response cache, so every one runs its statements.
 *   npm run bench -- api [--requests 200] [--concurrency 8] [--heap-mb 1024] [--runs 1]
 * With --runs N the measurement is repeated N times on the same server; the table gives medians.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { Graph } from '../src/graph/graph.js';
import { migrate } from '../src/graph/migrations.js';
import { importFiles } from '../src/ingest/importer.js';
import { createLogger, silentLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { startBundledNeo4j } from '../src/neo4j/bundled.js';
import { projectPath } from '../src/paths.js';
import { Readiness } from '../src/readiness.js';
import { freePort, median, percentile } from './support.js';

interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** Representative reads: one per kind of question the API answers. */
export const OPERATIONS: Operation[] = [
  {
    name: 'what replaced Maesh',
    query: `query WhatReplaced($name: String!) {
      product(name: $name) { name status supersededBy { product { name slug status } kind since confidence sources { ... on Entry { title } ... on ExternalSource { url } } } }
    }`,
    variables: { name: 'Maesh' },
  },
  {
    name: 'product Istio (uses, implements, entries)',
    query: `query Product($name: String!) {
      product(name: $name) { id name status description uses { product { name } role } implements { concept { name } } entries { title year url } }
    }`,
    variables: { name: 'Istio' },
  },
  {
    name: 'entries(first: 100) with about/compares/categoryPath',
    query: `query Entries {
      entries(first: 100) { totalCount edges { node { title year about { name } compares { name } categoryPath { name } } } pageInfo { hasNextPage endCursor } }
    }`,
  },
  {
    name: 'search "mtls"',
    query: `query Search($query: String!) {
      search(query: $query, first: 20) { totalCount edges { score node { __typename ... on Product { name } ... on Concept { name } ... on Organization { name } ... on Entry { title } } } }
    }`,
    variables: { query: 'mtls' },
  },
  {
    name: 'path Kourier → Istio',
    query: `query Path($from: String!, $to: String!) {
      path(from: $from, to: $to) { found length summary hops { sentence relationshipType } }
    }`,
    variables: { from: 'Kourier', to: 'Istio' },
  },
  {
    name: 'compare Istio / Linkerd',
    query: `query Compare($products: [String!]!) {
      compare(products: $products) { products { name status languages uses { product { name } } } shared { name } differences { aspect values { product { name } values } } entries { entry { title } about compares } }
    }`,
    variables: { products: ['Istio', 'Linkerd'] },
  },
  {
    name: 'stats',
    query: `query Stats {
      stats { entryCount productCount conceptCount organizationCount entriesByYear { year count } entriesByStability { value count } mostReferencedProducts(first: 5) { product { name } count } }
    }`,
  },
];

interface Response {
  status: number;
  ms: number;
  body: { data?: unknown; errors?: Array<{ message: string }>; extensions?: { neo4j?: { queries?: number } } };
}

function post(agent: http.Agent, port: number, operation: Operation, debug = false): Promise<Response> {
  const payload = JSON.stringify({ query: operation.query, variables: operation.variables ?? {} });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          'content-length': Buffer.byteLength(payload),
          ...(debug ? { 'x-meshgraph-debug': '1' } : {}),
        },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () => {
          const ms = performance.now() - started;
          try {
            resolve({ status: response.statusCode ?? 0, ms, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Response['body'] });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function failure(operation: Operation, response: Response): string | undefined {
  if (response.status !== 200) return `${operation.name}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
  if (response.body.errors?.length) return `${operation.name}: ${response.body.errors.map((e) => e.message).join('; ')}`;
  return undefined;
}

interface OperationResult {
  name: string;
  first: number;
  statements: number | undefined;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
}

/** `requests` requests, at most `concurrency` in flight. */
async function load(agent: http.Agent, port: number, operation: Operation, requests: number, concurrency: number) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      next += 1;
      const response = await post(agent, port, operation);
      if (failure(operation, response)) errors += 1;
      latencies.push(response.ms);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { latencies, errors, rps: requests / seconds };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

export async function benchApi(options: { requests: number; concurrency: number; heapMb: number; runs?: number }): Promise<void> {
  const runs = Math.max(1, options.runs ?? 1);
  const logger = createLogger({ level: 'warn', format: 'pretty' }, process.stderr);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-bench-api-'));
  const neo4j = await startBundledNeo4j({ boltPort: await freePort(), dataDir: dir, heapMb: options.heapMb, pageCacheMb: 128, logger });
  const metrics = createMetrics();
  const graph = new Graph({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', logger, observer: metrics.queryObserver });
  const readiness = new Readiness({ graph, logger: silentLogger() });
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  let server: http.Server | undefined;
  try {
    await migrate(graph);
    await importFiles(graph, [projectPath('data')]);
    await readiness.waitUntilReady(30_000);
    const app = createApp({ config: parseConfig({}), graph, readiness, logger: silentLogger(), metrics });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    console.log(
      `API benchmark: ${options.requests} requests per operation, concurrency ${options.concurrency}, ${runs} run(s), bundled dataset, Neo4j heap ${options.heapMb} MB, ${os.cpus().length} CPUs`,
    );
    // The very first request: nothing compiled yet, in Node or in Neo4j.
    const cold = await post(agent, port, OPERATIONS[1]!);
    const coldError = failure(OPERATIONS[1]!, cold);
    if (coldError) throw new Error(coldError);
    console.log(`cold first request (${OPERATIONS[1]!.name}): ${fmt(cold.ms)} ms`);

    const results = new Map<string, OperationResult[]>();
    const firsts = new Map<string, number>();
    const statements = new Map<string, number | undefined>();
    for (const operation of OPERATIONS) {
      // First request of this operation (its statements not yet planned by Neo4j), then the
      // statement count, then a short warm-up.
      const first = operation === OPERATIONS[1] ? cold : await post(agent, port, operation);
      const error = failure(operation, first);
      if (error) throw new Error(error);
      firsts.set(operation.name, first.ms);
      statements.set(operation.name, (await post(agent, port, operation, true)).body.extensions?.neo4j?.queries);
      for (let i = 0; i < 10; i += 1) await post(agent, port, operation);
    }
    for (let run = 0; run < runs; run += 1) {
      for (const operation of OPERATIONS) {
        const { latencies, errors, rps } = await load(agent, port, operation, options.requests, options.concurrency);
        const list = results.get(operation.name) ?? [];
        list.push({
          name: operation.name,
          first: firsts.get(operation.name)!,
          statements: statements.get(operation.name),
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          rps,
          errors,
        });
        results.set(operation.name, list);
      }
    }

    const header = ['operation', 'first ms', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'statements', 'errors'];
    const rows = [...results.values()].map((list) => {
      const m = (pick: (r: OperationResult) => number) => median(list.map(pick));
      return [
        list[0]!.name,
        fmt(list[0]!.first),
        fmt(m((r) => r.p50)),
        fmt(m((r) => r.p95)),
        fmt(m((r) => r.p99)),
        m((r) => r.rps).toFixed(0),
        String(list[0]!.statements ?? '?'),
        String(list.reduce((n, r) => n + r.errors, 0)),
      ];
    });
    console.log(`| ${header.join(' | ')} |`);
    console.log(`| ${header.map((_h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  } finally {
    agent.destroy();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    readiness.stop();
    await graph.close();
    await neo4j.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
