/**
 * Caching and embedding: reads carry Cache-Control and an ETag tied to the graph version;
 * If-None-Match answers 304 without running the view; an in-process cache answers repeated
 * reads and never outlives the graph version (an import by another process changes it); CORS
 * lets other origins read; the dashboard's static files are served from web/dist.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { cypher, type Graph, type Statement } from '../../src/graph/graph.js';
import { silentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { Readiness } from '../../src/readiness.js';
import { importFiles } from '../../src/ingest/importer.js';
import { GraphVersionTracker, ResponseCache } from '../../src/views/cache.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testGraph } from '../support/graph.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (app: { app: App }, url: string, headers: Record<string, string> = {}) => app.app.fetch(`http://meshgraph${url}`, { headers });

/** An app serving the dashboard from `dashboardDir` (static files need no Neo4j). */
function appWithDashboard(dashboardDir: string) {
  const logger = silentLogger();
  const graph = testGraph();
  const readiness = new Readiness({ graph, logger });
  const app = createApp({ config: parseConfig({}), graph, readiness, logger, metrics: createMetrics(), dashboardDir });
  return {
    app,
    close: async () => {
      readiness.stop();
      await graph.close();
    },
  };
}

/** The names of the Cypher statements `graph` runs while `work` runs. */
async function statementsDuring(graph: Graph, work: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(graph, 'read');
  try {
    await work();
    return spy.mock.calls.map(([statement]) => (statement as Statement).name);
  } finally {
    spy.mockRestore();
  }
}

describe('a saved view read with GET', () => {
  it('carries Cache-Control (public, short, stale-while-revalidate) and a strong ETag', async () => {
    const response = await get(t, '/views/what-replaced?name=Maesh');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(response.headers.get('etag')).toMatch(/^"v\d+-[\w-]+"$/);
    expect(response.headers.get('vary')).toMatch(/Accept/);
  });

  it('has an ETag of its own for each view, each set of variables and each format', async () => {
    const tag = async (url: string, headers: Record<string, string> = {}) => (await get(t, url, headers)).headers.get('etag');
    const tags = [
      await tag('/views/what-replaced?name=Maesh'),
      await tag('/views/what-replaced?name=Conduit'),
      await tag('/views/what-replaced?name=Maesh', { accept: 'text/csv' }),
      await tag('/views/product-lineage?name=Maesh'),
    ];
    expect(new Set(tags).size).toBe(4);
    // Defaults are filled in: leaving a variable out and giving its default are the same read.
    expect(await tag('/views/neighbourhood?name=Maesh')).toBe(await tag('/views/neighbourhood?name=Maesh&depth=1'));
  });

  it('answers 304 with no body to If-None-Match with the current tag, running nothing but the graph-version read', async () => {
    const first = await get(t, '/views/neighbourhood?name=Istio&depth=2');
    const etag = first.headers.get('etag')!;
    let response: Response | undefined;
    const statements = await statementsDuring(t.graph, async () => {
      response = await get(t, '/views/neighbourhood?name=Istio&depth=2', { 'if-none-match': etag });
    });
    expect(response!.status).toBe(304);
    expect(await response!.text()).toBe('');
    expect(response!.headers.get('etag')).toBe(etag);
    expect(response!.headers.get('cache-control')).toMatch(/max-age=60/);
    expect(statements.every((name) => name === 'graphVersion')).toBe(true);
    expect(statements.length).toBeLessThanOrEqual(1);
  });

  it('is answered from the in-process cache the second time, with the same body and no Cypher beyond the version', async () => {
    const url = '/views/concept-entries?name=mTLS';
    const first = await get(t, url);
    const body = await first.text();
    let second: Response | undefined;
    const statements = await statementsDuring(t.graph, async () => {
      second = await get(t, url);
    });
    expect(second!.headers.get('x-meshgraph-cache')).toBe('hit');
    expect(await second!.text()).toBe(body);
    expect(second!.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(statements.filter((name) => name !== 'graphVersion')).toEqual([]);
  });

  it('is not cached when it fails', async () => {
    const failed = await get(t, '/views/what-replaced?name=No%20Such%20Mesh');
    expect(failed.status).toBe(404);
    expect(failed.headers.get('cache-control')).toBe('no-store');
    expect(failed.headers.get('etag')).toBeNull();
  });
});

describe('a GraphQL query read with GET /graphql', () => {
  const url = `/graphql?query=${encodeURIComponent('{ product(name: "Istio") { name status } }')}`;

  it('carries the same caching headers, answers 304 to its ETag, and is cached', async () => {
    const first = await get(t, url, { accept: 'application/json' });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"v\d+-/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    const body = await first.text();
    const again = await get(t, url, { accept: 'application/json' });
    expect(again.headers.get('x-meshgraph-cache')).toBe('hit');
    expect(await again.text()).toBe(body);
    const notModified = await get(t, url, { accept: 'application/json', 'if-none-match': etag! });
    expect(notModified.status).toBe(304);
  });

  it('is not cached by POST, nor when it has errors', async () => {
    const posted = await t.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ product(name: "Istio") { name } }' }),
    });
    expect(posted.headers.get('etag')).toBeNull();
    const failed = await get(t, `/graphql?query=${encodeURIComponent('{ product(name: "No Such Mesh") { name } }')}`, {
      accept: 'application/json',
    });
    expect(failed.headers.get('etag')).toBeNull();
    expect(failed.headers.get('cache-control')).toBe('no-store');
  });
});

describe('when another process imports data', () => {
  const other = testGraph();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'meshgraph-cache-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await other.write(cypher('testRemoveCacheConcept', "MATCH (c:Concept {id: 'test-cache-concept'}) DETACH DELETE c"));
    await other.write(
      cypher('testBumpAfterCacheTest', "MATCH (m:GraphMeta {id: 'graph'}) SET m.version = m.version + 1, m.updatedAt = datetime()"),
    );
    await other.close();
  });

  it('the graph version changes, so the ETag changes within a second, the old tag is no longer 304 and the body is fresh', async () => {
    const url = '/views/landscape-stats';
    const before = await get(t, url);
    const oldTag = before.headers.get('etag')!;
    const oldCount = ((await before.json()) as { data: { stats: { conceptCount: number } } }).data.stats.conceptCount;
    expect((await get(t, url)).headers.get('x-meshgraph-cache')).toBe('hit');

    const file = path.join(dir, 'concept.yaml');
    writeFileSync(
      file,
      [
        'meshgraph: 1',
        'concepts:',
        '  - id: test-cache-concept',
        '    name: Test Cache Concept',
        '    definition: A concept that exists only in this test.',
        '',
      ].join('\n'),
    );
    const summary = await importFiles(other, [file]);
    expect(summary.changed).toBe(true);
    const imported = Date.now();

    let response = await get(t, url, { 'if-none-match': oldTag });
    while (response.status === 304 && Date.now() - imported < 3_000) {
      await new Promise((r) => setTimeout(r, 100));
      response = await get(t, url, { 'if-none-match': oldTag });
    }
    expect(Date.now() - imported).toBeLessThan(1_500);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).not.toBe(oldTag);
    expect(response.headers.get('etag')).toMatch(new RegExp(`^"v${summary.graphVersion}-`));
    expect(response.headers.get('x-meshgraph-cache')).toBe('miss');
    const fresh = (await response.json()) as { data: { stats: { conceptCount: number } } };
    expect(fresh.data.stats.conceptCount).toBe(oldCount + 1);
  });
});

describe('the graph version tracker', () => {
  const fakeGraph = (versions: number[]) => {
    let calls = 0;
    return {
      graph: {
        version: async () => {
          const version = versions[Math.min(calls, versions.length - 1)]!;
          calls += 1;
          return { version, updatedAt: `t${version}` };
        },
      },
      calls: () => calls,
    };
  };

  it('reads the version once for every caller in the same second, and again after it', async () => {
    let now = 0;
    const fake = fakeGraph([7, 8]);
    const tracker = new GraphVersionTracker(fake.graph, 1000, () => now);
    const concurrent = await Promise.all([tracker.current(), tracker.current(), tracker.current()]);
    expect(concurrent.map((v) => v.version)).toEqual([7, 7, 7]);
    now = 999;
    expect((await tracker.current()).version).toBe(7);
    expect(fake.calls()).toBe(1);
    now = 1000;
    expect((await tracker.current()).version).toBe(8);
    expect(fake.calls()).toBe(2);
  });
});

describe('the response cache', () => {
  it('is bounded: the least recently used entries go first', () => {
    const cache = new ResponseCache(2, 1_000_000);
    const entry = (body: string) => ({ version: '1@t', status: 200, contentType: 'application/json', body: Buffer.from(body) });
    cache.set('a', entry('A'));
    cache.set('b', entry('B'));
    cache.get('a');
    cache.set('c', entry('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body.toString()).toBe('A');
    expect(cache.get('c')?.body.toString()).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('holds bodies of one graph version only: a newer version drops the older bodies and refuses late ones', () => {
    const cache = new ResponseCache();
    cache.retain('1@t1');
    cache.set('a', { version: '1@t1', status: 200, contentType: 'text/csv', body: Buffer.from('old') });
    cache.retain('2@t2');
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', { version: '1@t1', status: 200, contentType: 'text/csv', body: Buffer.from('computed before the import') });
    expect(cache.get('b')).toBeUndefined();
  });
});

describe('CORS', () => {
  it('lets any origin read saved views by default: preflight and simple GET, never with credentials', async () => {
    const preflight = await t.app.fetch('http://meshgraph/views/neighbourhood?name=Maesh', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://notebook.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/GET/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/if-none-match/);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const simple = await get(t, '/views/landscape-stats', { origin: 'https://notebook.example' });
    expect(simple.status).toBe(200);
    expect(simple.headers.get('access-control-allow-origin')).toBe('*');
    expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
    expect(simple.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    // Also without an Origin header, so a response stored by a shared cache suits every page.
    expect((await get(t, '/views/landscape-stats')).headers.get('access-control-allow-origin')).toBe('*');
  });

  describe('with CORS_ORIGINS set', () => {
    let restricted: TestApp;
    beforeAll(async () => {
      restricted = await createTestApp({ CORS_ORIGINS: 'https://dash.example, https://wiki.example' });
    });
    afterAll(async () => {
      await restricted.close();
    });

    it('allows the listed origins only', async () => {
      const listed = await get(restricted, '/views/landscape-stats', { origin: 'https://wiki.example' });
      expect(listed.headers.get('access-control-allow-origin')).toBe('https://wiki.example');
      expect(listed.headers.get('vary')).toMatch(/Origin/);
      const other = await get(restricted, '/views/landscape-stats', { origin: 'https://evil.example' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await restricted.app.fetch('http://meshgraph/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('the dashboard files', () => {
  let dist: string;
  let app: ReturnType<typeof appWithDashboard>;
  beforeAll(() => {
    dist = mkdtempSync(path.join(tmpdir(), 'meshgraph-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>meshgraph dashboard</title><script type="module" src="/dashboard/assets/index-abc123.js"></script>',
    );
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("dashboard");');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.css'), 'body { margin: 0 }');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = appWithDashboard(dist);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html for /dashboard, /dashboard/ and /embed/<view>', async () => {
    for (const url of ['/dashboard', '/dashboard/', '/embed/neighbourhood']) {
      const response = await get(app, url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toMatch(/meshgraph dashboard/);
    }
  });

  it('serves the built assets with their content type, cached for a year as immutable', async () => {
    const js = await get(app, '/dashboard/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get(app, '/dashboard/assets/index-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get(app, '/dashboard/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    expect((await get(app, '/dashboard/assets/missing.js')).status).toBe(404);
  });

  it('serves text files brotli- or gzip-compressed as the browser accepts, the same bytes', async () => {
    const big = `console.log(${JSON.stringify('mesh '.repeat(2_000))});`;
    writeFileSync(path.join(dist, 'assets', 'big-def456.js'), big);
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const response = await get(app, '/dashboard/assets/big-def456.js', { 'accept-encoding': encoding });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toMatch(/Accept-Encoding/);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.length).toBeLessThan(big.length / 10);
      expect(decode(body).toString('utf8')).toBe(big);
    }
    const plain = await get(app, '/dashboard/assets/big-def456.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(big);
  });

  it('gives the page an ETag, so revalidating it is a 304', async () => {
    const page = await get(app, '/dashboard');
    const etag = page.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const again = await get(app, '/dashboard', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>meshgraph dashboard, rebuilt</title>');
    const rebuilt = await get(app, '/dashboard', { 'if-none-match': etag! });
    expect(rebuilt.status).toBe(200);
    expect(await rebuilt.text()).toMatch(/rebuilt/);
  });

  it('never serves a file outside web/dist', async () => {
    for (const url of [
      '/dashboard/assets/..%2f..%2fpackage.json',
      '/dashboard/assets/%2e%2e/%2e%2e/package.json',
      '/dashboard/..%5c..%5cpackage.json',
      '/dashboard/assets/%00index-abc123.js',
    ]) {
      const response = await get(app, url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toMatch(/"name": "meshgraph"/);
    }
  });

  it('answers 503 saying how to build it when web/dist is missing', async () => {
    const missing = appWithDashboard(path.join(dist, 'nothing-here'));
    try {
      const response = await get(missing, '/dashboard');
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/npm run build/);
      expect((await get(missing, '/embed/neighbourhood')).status).toBe(503);
    } finally {
      await missing.close();
    }
  });
});
