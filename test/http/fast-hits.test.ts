/**
 * Cached reads answered in front of yoga (src/views/fast-hits.ts), over real HTTP. The service is
 * composed as src/main.ts composes it (createService); its listener serves one port, and the bare
 * yoga app, sharing the same caches, another. The same request to both must get the same status,
 * headers and bytes; a request the fast path cannot answer alone (stale graph version, a miss,
 * debug, HTML) goes to yoga. Which side answered is told by the graph-version tracker: yoga asks
 * it for the version (`current()`), the fast path only looks at a fresh one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { importFiles } from '../../src/ingest/importer.js';
import { GraphVersionTracker } from '../../src/views/cache.js';
import { type FrontAndYoga, serveFrontAndYoga } from '../support/app.js';
import { testGraph } from '../support/graph.js';

interface Served extends FrontAndYoga {
  tracker: GraphVersionTracker;
  /** The tracker's clock (ms): a version read at 0 is fresh until 1000. */
  setClock(ms: number): void;
}

async function serve(graph: Graph, env: Record<string, string> = {}): Promise<Served> {
  let clock = 0;
  const tracker = new GraphVersionTracker(graph, 1000, () => clock);
  const served = await serveFrontAndYoga(graph, env, { graphVersion: tracker });
  return {
    ...served,
    tracker,
    setClock: (ms) => {
      clock = ms;
    },
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Whether yoga was asked (it reads the graph version through the tracker; the fast path never does). */
  reachedYoga: boolean;
}

/** Headers whose values differ between any two responses. */
const VARYING = new Set(['date', 'x-request-id']);

async function ask(s: Served, base: string, target: string, headers: Record<string, string> = {}): Promise<Answer> {
  const current = vi.spyOn(s.tracker, 'current');
  try {
    const response = await fetch(`${base}${target}`, { headers });
    return {
      status: response.status,
      headers: Object.fromEntries([...response.headers].filter(([name]) => !VARYING.has(name))),
      body: Buffer.from(await response.arrayBuffer()),
      reachedYoga: current.mock.calls.length > 0,
    };
  } finally {
    current.mockRestore();
  }
}

/** Asks yoga alone, then the service's listener, the same request; the two answers, yoga's first. */
async function askBoth(s: Served, target: string, headers: Record<string, string> = {}): Promise<[Answer, Answer]> {
  const viaYoga = await ask(s, s.yoga, target, headers);
  const inFront = await ask(s, s.front, target, headers);
  return [viaYoga, inFront];
}

const same = (a: Answer, b: Answer) => {
  expect(b.status).toBe(a.status);
  expect(b.headers).toEqual(a.headers);
  expect(b.body.equals(a.body)).toBe(true);
};

const graphqlGet = (query: string, variables?: Record<string, unknown>) =>
  `/graphql?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`;

/** The cacheable reads of the comparison: GET /graphql (query, variables, documentId) and saved views (JSON, CSV, Cytoscape). */
const READS: Array<{ name: string; target: string; headers: Record<string, string> }> = [
  { name: 'a GraphQL query', target: graphqlGet('{ product(name: "Istio") { name status } }'), headers: { accept: 'application/json' } },
  {
    name: 'a GraphQL query with variables, as graphql-response+json',
    target: graphqlGet('query Lookup($name: String!) { product(name: $name) { name uses { product { name } } } }', { name: 'Linkerd' }),
    headers: { accept: 'application/graphql-response+json' },
  },
  {
    name: 'a saved view by documentId',
    target: `/graphql?documentId=what-replaced&variables=${encodeURIComponent('{"name":"Maesh"}')}`,
    headers: {},
  },
  { name: 'a saved view as JSON', target: '/views/what-replaced?name=Maesh', headers: {} },
  { name: 'a saved view as CSV', target: '/views/concept-entries?name=mTLS', headers: { accept: 'text/csv' } },
  { name: 'a saved view as Cytoscape elements', target: '/views/neighbourhood?name=Istio&format=cytoscape', headers: {} },
];

let graph: Graph;
let s: Served;
beforeAll(async () => {
  graph = testGraph();
  s = await serve(graph);
});
afterAll(async () => {
  await s.close();
  await graph.close();
});

describe('a cached read answered in front of yoga', () => {
  for (const read of READS) {
    it(`has the status, headers and bytes yoga gives it: ${read.name}`, async () => {
      const miss = await ask(s, s.front, read.target, read.headers);
      expect(miss.status).toBe(200);
      expect(miss.reachedYoga).toBe(true);
      expect(miss.headers['x-meshgraph-cache']).toBe('miss');
      const [viaYoga, inFront] = await askBoth(s, read.target, read.headers);
      expect(viaYoga.reachedYoga).toBe(true);
      expect(viaYoga.headers['x-meshgraph-cache']).toBe('hit');
      expect(inFront.reachedYoga).toBe(false);
      same(viaYoga, inFront);
      expect(inFront.body.equals(miss.body)).toBe(true);
      expect(inFront.headers.etag).toBe(miss.headers.etag);
    });
  }

  it('tells reads apart by their Accept header: the JSON and the CSV of one view are each answered as yoga answers them', async () => {
    const target = '/views/landscape-stats';
    const forms: Array<Record<string, string>> = [{ accept: 'text/csv' }, { accept: 'application/json' }, {}];
    for (const headers of forms) await ask(s, s.front, target, headers);
    for (const headers of [...forms, ...forms]) {
      const [viaYoga, inFront] = await askBoth(s, target, headers);
      expect(inFront.reachedYoga).toBe(false);
      same(viaYoga, inFront);
      expect(inFront.headers['content-type']).toMatch(headers.accept === 'text/csv' ? /^text\/csv/ : /^application\/json/);
    }
  });

  it('answers 304 to If-None-Match (the tag, a list, a weak form) as yoga does', async () => {
    const target = '/views/what-replaced?name=Maesh';
    const { etag } = (await ask(s, s.front, target)).headers;
    for (const ifNoneMatch of [etag!, `"other", ${etag}`, `W/${etag}`]) {
      const [viaYoga, inFront] = await askBoth(s, target, { 'if-none-match': ifNoneMatch });
      expect(viaYoga.status).toBe(304);
      expect(inFront.reachedYoga).toBe(false);
      same(viaYoga, inFront);
      expect(inFront.body.length).toBe(0);
    }
  });

  it('keeps a valid incoming x-request-id and makes one otherwise, as yoga does', async () => {
    const target = READS[0]!.target;
    const headers = { ...READS[0]!.headers };
    await ask(s, s.front, target, headers);
    for (const base of [s.front, s.yoga]) {
      const kept = await fetch(`${base}${target}`, { headers: { ...headers, 'x-request-id': 'client-req.42' } });
      expect(kept.headers.get('x-request-id')).toBe('client-req.42');
      const made = await fetch(`${base}${target}`, { headers: { ...headers, 'x-request-id': 'not a valid id!' } });
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('is logged and counted as yoga logs and counts it', async () => {
    const target = '/views/what-replaced?name=Conduit';
    await ask(s, s.front, target);
    const counted = async () => {
      const series = new Map<string, number>();
      for (const metric of await s.metrics.registry.getMetricsAsJSON()) {
        if (
          !['meshgraph_http_requests_total', 'meshgraph_http_request_duration_seconds', 'meshgraph_response_cache_total'].includes(
            metric.name,
          )
        )
          continue;
        for (const value of metric.values) {
          const name = (value as { metricName?: string }).metricName ?? metric.name;
          // Durations differ by nature; how many were observed does not.
          if (name.endsWith('_bucket') || name.endsWith('_sum')) continue;
          const { service: _service, ...labels } = value.labels;
          series.set(`${name}${JSON.stringify(labels)}`, value.value);
        }
      }
      return series;
    };
    const delta = (before: Map<string, number>, after: Map<string, number>) =>
      Object.fromEntries(
        [...after].filter(([key, value]) => value !== (before.get(key) ?? 0)).map(([key, value]) => [key, value - (before.get(key) ?? 0)]),
      );
    const lastRequestLine = () => {
      const line = s.lines.findLast((l) => l.msg === 'request');
      const { time: _time, ms: _ms, requestId, pid: _pid, hostname: _hostname, ...rest } = line ?? {};
      return { requestId, rest };
    };

    const t0 = await counted();
    const viaYoga = await fetch(`${s.yoga}${target}`, { headers: { 'x-request-id': 'via-yoga' } });
    await viaYoga.arrayBuffer();
    const t1 = await counted();
    const yogaLine = lastRequestLine();
    const inFront = await fetch(`${s.front}${target}`, { headers: { 'x-request-id': 'in-front' } });
    await inFront.arrayBuffer();
    const t2 = await counted();
    const frontLine = lastRequestLine();

    expect(inFront.headers.get('x-meshgraph-cache')).toBe('hit');
    expect(delta(t1, t2)).toEqual(delta(t0, t1));
    expect(delta(t1, t2)).toEqual({
      'meshgraph_http_requests_total{"method":"GET","route":"/views","status":"200"}': 1,
      'meshgraph_http_request_duration_seconds_count{"method":"GET","route":"/views"}': 1,
      'meshgraph_response_cache_total{"route":"/views","result":"hit"}': 1,
    });
    expect(yogaLine.requestId).toBe('via-yoga');
    expect(frontLine.requestId).toBe('in-front');
    expect(frontLine.rest).toEqual(yogaLine.rest);
    expect(frontLine.rest).toMatchObject({ method: 'GET', path: '/views/what-replaced', status: 200, msg: 'request' });
  });
});

describe('what the fast path leaves to yoga', () => {
  it('a stale graph version: yoga reads the version and answers, then the fast path answers again', async () => {
    const target = '/views/product-lineage?name=Maesh';
    const first = await ask(s, s.front, target);
    s.setClock(5_000); // the version read at 0 is now 5 s old
    try {
      const stale = await ask(s, s.front, target);
      expect(stale.reachedYoga).toBe(true);
      expect(stale.headers['x-meshgraph-cache']).toBe('hit');
      expect(stale.body.equals(first.body)).toBe(true);
      const fresh = await ask(s, s.front, target);
      expect(fresh.reachedYoga).toBe(false);
      same(stale, fresh);
    } finally {
      s.setClock(0);
      s.tracker.invalidate();
    }
  });

  it('a read not in the cache, requests with x-meshgraph-debug, the browser playground, POSTs and refused views', async () => {
    const target = graphqlGet('{ product(name: "Kuma") { name } }');
    const miss = await ask(s, s.front, target, { accept: 'application/json' });
    expect(miss.reachedYoga).toBe(true);
    expect(miss.headers['x-meshgraph-cache']).toBe('miss');

    const debug = await ask(s, s.front, target, { accept: 'application/json', 'x-meshgraph-debug': '1' });
    expect(debug.headers['x-meshgraph-cache']).toBeUndefined();
    expect(JSON.parse(debug.body.toString()).extensions.neo4j.queries).toBeGreaterThan(0);
    const viewDebug = await ask(s, s.front, '/views/what-replaced?name=Maesh', { 'x-meshgraph-debug': '1' });
    expect(viewDebug.reachedYoga).toBe(true);
    expect(viewDebug.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(viewDebug.body.toString()).extensions.neo4j.queries).toBeGreaterThan(0);

    const page = await ask(s, s.front, '/graphql', { accept: 'text/html' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBeDefined();
    const pageWithQuery = await ask(s, s.front, target, { accept: 'text/html' });
    expect(pageWithQuery.headers['content-type']).toMatch(/^text\/html/);

    const posted = await fetch(`${s.front}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ product(name: "Kuma") { name } }' }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('etag')).toBeNull();

    const [viaYoga, inFront] = await askBoth(s, '/views/what-replaced?name=Maesh&colour=blue');
    expect(inFront.status).toBe(400);
    same(viaYoga, inFront);
  });
});

describe('after an import bumps the graph version', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'meshgraph-fast-hits-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await graph.write(cypher('testRemoveFastHitConcept', "MATCH (c:Concept {id: 'test-fast-hit-concept'}) DETACH DELETE c"));
    await graph.write(
      cypher('testBumpAfterFastHitTest', "MATCH (m:GraphMeta {id: 'graph'}) SET m.version = m.version + 1, m.updatedAt = datetime()"),
    );
  });

  it('the fast path never serves the old bytes once the version is known, and the old tag is no longer 304', async () => {
    const target = '/views/landscape-stats';
    const conceptCount = (a: Answer) =>
      (JSON.parse(a.body.toString()) as { data: { stats: { conceptCount: number } } }).data.stats.conceptCount;
    await ask(s, s.front, target);
    const before = await ask(s, s.front, target);
    expect(before.reachedYoga).toBe(false);
    const oldTag = before.headers.etag!;

    const file = path.join(dir, 'concept.yaml');
    writeFileSync(
      file,
      [
        'meshgraph: 1',
        'concepts:',
        '  - id: test-fast-hit-concept',
        '    name: Test Fast Hit Concept',
        '    definition: A concept of this test only.',
        '',
      ].join('\n'),
    );
    const summary = await importFiles(graph, [file]);
    expect(summary.changed).toBe(true);

    s.setClock(5_000); // the tracker's version is now stale: the next read learns the new one
    try {
      const after = await ask(s, s.front, target, { 'if-none-match': oldTag });
      expect(after.reachedYoga).toBe(true);
      expect(after.status).toBe(200);
      expect(after.headers['x-meshgraph-cache']).toBe('miss');
      expect(after.headers.etag).toMatch(new RegExp(`^"v${summary.graphVersion}-`));
      expect(conceptCount(after)).toBe(conceptCount(before) + 1);
      const variants: Array<Record<string, string>> = [{}, { 'if-none-match': oldTag }];
      for (const headers of variants) {
        const again = await ask(s, s.front, target, headers);
        expect(again.reachedYoga).toBe(false);
        expect(again.status).toBe(200);
        expect(again.headers.etag).toBe(after.headers.etag);
        expect(again.body.equals(after.body)).toBe(true);
      }
    } finally {
      s.setClock(0);
      s.tracker.invalidate();
    }
  });
});

describe('CORS with a list of origins', () => {
  let listed: Served;
  beforeAll(async () => {
    listed = await serve(graph, { CORS_ORIGINS: 'https://dash.example, https://notebook.example' });
  });
  afterAll(async () => {
    await listed.close();
  });

  it('a listed origin is allowed and a stranger is not, with Vary: Origin, as yoga answers them', async () => {
    const target = '/views/what-replaced?name=Maesh';
    await ask(listed, listed.front, target);
    for (const origin of ['https://notebook.example', 'https://elsewhere.example']) {
      const [viaYoga, inFront] = await askBoth(listed, target, { origin });
      expect(inFront.reachedYoga).toBe(false);
      same(viaYoga, inFront);
      expect(inFront.headers.vary).toBe('Accept, Origin');
      expect(inFront.headers['access-control-allow-origin']).toBe(origin === 'https://notebook.example' ? origin : undefined);
    }
    await ask(s, s.front, target);
    const [viaYoga, inFront] = await askBoth(s, target, { origin: 'https://elsewhere.example' });
    same(viaYoga, inFront);
    expect(inFront.headers['access-control-allow-origin']).toBe('*');
    expect(inFront.headers.vary).toBe('Accept');
  });
});
