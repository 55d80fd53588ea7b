/**
 * The playground and the other HTML pages: GraphiQL compressed, with an ETag and a policy that
 * allows exactly its inline script; security headers on every HTML response; GRAPHIQL,
 * INTROSPECTION and METRICS_PORT turn things off or move them. Against the real app.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, metricsRequestListener } from '../../src/metrics.js';
import { chooseEncoding, inlineScriptHashes } from '../../src/pages.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let locked: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  locked = await createTestApp({ GRAPHIQL: 'false', INTROSPECTION: 'false', METRICS_PORT: '9464' });
});
afterAll(async () => {
  await t.close();
  await locked.close();
});

const page = (app: TestApp, headers: Record<string, string> = {}) =>
  app.app.fetch('http://meshgraph/graphql', { headers: { accept: 'text/html,application/xhtml+xml', ...headers } });

describe('the GraphiQL playground', () => {
  let plain: string;
  beforeAll(async () => {
    const response = await page(t);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
    plain = await response.text();
    expect(plain).toContain('<title>meshgraph');
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)('is served %s-compressed to browsers that accept it, the same page', async (encoding, decode) => {
    const response = await page(t, { 'accept-encoding': `${encoding}, identity;q=0.5` });
    expect(response.headers.get('content-encoding')).toBe(encoding);
    expect(response.headers.get('vary')).toMatch(/Accept-Encoding/);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBeLessThan(Buffer.byteLength(plain) / 3);
    expect(decode(body).toString('utf8')).toBe(plain);
  });

  it('has a strong ETag, so a reload is a 304 without the 9 MB', async () => {
    const first = await page(t, { 'accept-encoding': 'gzip' });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await page(t, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('allows exactly its own inline script by hash, and sends the usual security headers', async () => {
    const response = await page(t, { 'accept-encoding': 'br' });
    const policy = response.headers.get('content-security-policy') ?? '';
    const hashes = inlineScriptHashes(plain);
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(policy).toContain(hash);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toMatch(/frame-ancestors 'self'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('GRAPHIQL=false serves no playground', async () => {
    const response = await page(locked);
    expect(response.status).toBe(406); // nothing it can answer a browser that wants only HTML
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toContain('<title>meshgraph');
  });
});

describe('inline script hashes', () => {
  it('hash the text of each inline script, up to its end tag, and skip external ones', () => {
    const html = '<script src="/a.js"></script><script type="module">let a = "<script>";</script>';
    const expected = `'sha256-${createHash('sha256').update('let a = "<script>";').digest('base64')}'`;
    expect(inlineScriptHashes(html)).toEqual([expected]);
  });

  it('choose br, then gzip, honouring q=0', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(null)).toBeUndefined();
  });
});

describe('security headers on the other HTML pages', () => {
  it('the dashboard: its own scripts only, framed only by this origin', async () => {
    const response = await t.app.fetch('http://meshgraph/dashboard');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/frame-ancestors 'self'/);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('an embed may be framed by any page, which is what it is for', async () => {
    const response = await t.app.fetch('http://meshgraph/embed/landscape-stats');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('JSON answers are left alone', async () => {
    const response = await t.app.fetch('http://meshgraph/views');
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});

describe('INTROSPECTION', () => {
  const introspect = (app: TestApp) => app.query('{ __schema { queryType { name } } }');

  it('is on by default', async () => {
    expect((await introspect(t)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('INTROSPECTION=false refuses __schema and __type with a code, and still answers queries', async () => {
    const refused = await introspect(locked);
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    const typeQuery = await locked.query('{ __type(name: "Product") { name } }');
    expect(typeQuery.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await locked.query('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  // Misspelt fields, arguments, types and enum values, in the query and in variables.
  const probes: Array<[string, Record<string, unknown>?]> = [
    ['{ prodcts(first: 1) { edges { node { name } } } }'],
    ['{ product(name: "Istio") { nme } }'],
    ['{ products(frist: 1) { totalCount } }'],
    ['{ products(orderBy: { field: NAME, direction: DSC }) { totalCount } }'],
    ['query ($o: ProductOrdr) { products(orderBy: $o) { totalCount } }'],
    ['query ($o: ProductOrder) { products(orderBy: $o) { totalCount } }', { o: { field: 'NAME', direction: 'DSC' } }],
  ];

  // Each probe twice: an operation runs interpreted the first time, compiled from the second (src/execution.ts).
  const twice = [...probes, ...probes];

  it('suggests schema names ("Did you mean …?") while introspection is on', async () => {
    for (const [query, variables] of twice) {
      const result = await t.query(query, variables);
      expect(result.errors?.[0]?.message, query).toMatch(/Did you mean/);
    }
  });

  it('INTROSPECTION=false leaves the suggestions out of every error, which keep their codes', async () => {
    for (const [query, variables] of twice) {
      const result = await locked.query(query, variables);
      expect(result.errors?.length, query).toBeGreaterThan(0);
      for (const error of result.errors ?? []) {
        expect(error.message, query).not.toMatch(/did you mean/i);
        expect(error.extensions?.code, query).toMatch(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
      }
    }
  });
});

describe('METRICS_PORT', () => {
  it('by default /metrics is on the service port', async () => {
    expect((await t.app.fetch('http://meshgraph/metrics')).status).toBe(200);
  });

  it('when set, the service port has no /metrics, and the metrics port serves GET /metrics only', async () => {
    expect((await locked.app.fetch('http://meshgraph/metrics')).status).toBe(404);
    const metrics = createMetrics();
    metrics.httpRequests.inc({ method: 'GET', route: '/graphql', status: '200' });
    const server = createServer(metricsRequestListener(metrics));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/meshgraph_http_requests_total\{method="GET",route="\/graphql",status="200"/);
      expect((await fetch(`${base}/graphql`)).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
