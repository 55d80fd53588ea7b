/**
 * The service's operational surface: health, readiness, metrics, request ids, debug statistics
 * and error codes, spoken to through yoga.fetch against the real Neo4j.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYoga } from 'graphql-yoga';
import { createApp, unexpectedErrorPolicy } from '../../src/app.js';
import { schema } from '../../src/schema/index.js';
import { parseConfig } from '../../src/config.js';
import { Graph } from '../../src/graph/graph.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { Readiness } from '../../src/readiness.js';
import { capturingLogger, createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** An app whose Neo4j is unreachable (nothing listens on port 1). */
function appWithoutNeo4j(logger: Logger = silentLogger()) {
  const graph = new Graph({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: '', database: 'neo4j', logger });
  const readiness = new Readiness({ graph, logger });
  const app = createApp({ config: parseConfig({}), graph, readiness, logger, metrics: createMetrics() });
  return {
    app,
    readiness,
    close: async () => {
      readiness.stop();
      await graph.close();
    },
  };
}

describe('GET /healthz', () => {
  it('answers 200 while the process is alive', async () => {
    const response = await t.app.fetch('http://meshgraph/healthz');
    expect(response.status).toBe(200);
  });
});

describe('GET /readyz', () => {
  it('answers 200 with the Neo4j version once Neo4j answers and migrations are applied', async () => {
    const response = await t.app.fetch('http://meshgraph/readyz');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; neo4j: { version: string; edition: string } };
    expect(body.status).toBe('ready');
    expect(body.neo4j.version).toMatch(/^5\.26\./);
    expect(body.neo4j.edition).toBe('community');
    expect(Object.keys(body.neo4j).sort(), 'no address of the database').toEqual(['edition', 'version']);
  });

  it('answers 503 when Neo4j cannot be reached, saying so without its host and port (those go to the log)', async () => {
    const { logger, lines } = capturingLogger();
    const down = appWithoutNeo4j(logger);
    try {
      const response = await down.app.fetch('http://meshgraph/readyz');
      expect(response.status).toBe(503);
      const text = await response.text();
      const body = JSON.parse(text) as { status: string; reason: string };
      expect(body.status).toBe('unavailable');
      expect(body.reason).toBe('the database is unavailable');
      expect(text).not.toMatch(/127\.0\.0\.1|:1\b|bolt/);
      expect(lines.some((l) => l.msg === 'graph is not ready' && /127\.0\.0\.1:1/.test(String(l.reason)))).toBe(true);
    } finally {
      await down.close();
    }
  });
});

describe('POST /graphql', () => {
  it('answers { __typename } and reports the Neo4j it is connected to', async () => {
    const result = await t.query<{ __typename: string; service: { neo4jVersion: string } }>(
      '{ __typename service { neo4jVersion neo4jEdition } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.__typename).toBe('Query');
    expect(result.data?.service.neo4jVersion).toMatch(/^5\.26\./);
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await t.app.fetch('http://meshgraph/healthz', { headers: { 'x-request-id': 'dash-board.42' } });
    expect(given.headers.get('x-request-id')).toBe('dash-board.42');
    const made = await t.app.fetch('http://meshgraph/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adds extensions.neo4j with the statement count and db time when asked with x-meshgraph-debug: 1', async () => {
    const plain = await t.query('{ service { neo4jVersion } }');
    expect(plain.extensions?.neo4j).toBeUndefined();
    const debug = await t.query('{ service { neo4jVersion } }', {}, { 'x-meshgraph-debug': '1' });
    expect(debug.extensions?.neo4j).toMatchObject({ queries: 1 });
    expect((debug.extensions!.neo4j as { dbTimeMs: number }).dbTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('fails fast with SERVICE_UNAVAILABLE while Neo4j is down, instead of hanging', async () => {
    const { logger, lines } = capturingLogger();
    const down = appWithoutNeo4j(logger);
    try {
      await down.readiness.check();
      const started = Date.now();
      const response = await down.app.fetch('http://meshgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ service { neo4jVersion } }' }),
      });
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(body.errors[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.errors[0]?.message).toBe('The database is unavailable right now; try again shortly.');
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|bolt:/);
      // The detail is in the log, with the request id.
      const logged = lines.find((l) => l.msg === 'the database is unavailable: answering SERVICE_UNAVAILABLE');
      expect(logged?.requestId).toBe((body.errors[0]!.extensions as { requestId?: string }).requestId);
      expect(String(logged?.reason)).toMatch(/not available/);
    } finally {
      await down.close();
    }
  });
});

describe('GET /metrics', () => {
  it('exposes HTTP, GraphQL and Neo4j counters and durations in Prometheus text format', async () => {
    await t.query('query MetricsProbe { service { neo4jVersion } }');
    const response = await t.app.fetch('http://meshgraph/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/meshgraph_http_requests_total\{method="POST",route="\/graphql",status="200"/);
    expect(text).toMatch(/meshgraph_graphql_operations_total\{operation="MetricsProbe",type="query",outcome="ok"/);
    expect(text).toMatch(/meshgraph_neo4j_queries_total\{statement="serverComponents",mode="read",outcome="ok"/);
    expect(text).toMatch(/meshgraph_neo4j_query_duration_seconds_bucket/);
    expect(text).toMatch(/meshgraph_graphql_operation_duration_seconds_bucket/);
  });

  it('counts response-cache hits, misses and 304s of saved views', async () => {
    const first = await t.app.fetch('http://meshgraph/views/what-replaced?name=Maesh');
    const etag = first.headers.get('etag')!;
    await t.app.fetch('http://meshgraph/views/what-replaced?name=Maesh');
    const notModified = await t.app.fetch('http://meshgraph/views/what-replaced?name=Maesh', { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    const text = await (await t.app.fetch('http://meshgraph/metrics')).text();
    expect(text).toMatch(/meshgraph_response_cache_total\{route="\/views",result="hit"[^}]*\} [1-9]/);
    expect(text).toMatch(/meshgraph_response_cache_total\{route="\/views",result="not-modified"[^}]*\} [1-9]/);
  });
});

describe('an error that escapes every plugin', () => {
  it('is logged with the request id and answered as INTERNAL_SERVER_ERROR, never with its own message', async () => {
    const { logger, lines } = capturingLogger();
    const yoga = createYoga({
      schema,
      logging: false,
      maskedErrors: false,
      plugins: [
        {
          onParse() {
            throw new RangeError('Maximum call stack size exceeded');
          },
        },
        unexpectedErrorPolicy(() => 'req-42', logger),
      ],
    });
    const response = await yoga.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors).toEqual([{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' } }]);
    const logged = lines.find((l) => l.msg === 'unexpected error while handling a request');
    expect(logged?.requestId).toBe('req-42');
    expect(JSON.stringify(logged?.err)).toMatch(/Maximum call stack size exceeded/);
  });
});
