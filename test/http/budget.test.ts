/**
 * The per-client query-cost budget (CLIENT_COST_BUDGET): counted in the cost units of
 * MAX_QUERY_COMPLEXITY, so aliases cannot get around it; answered with 429, Retry-After and
 * RATE_LIMITED; clients told apart by address, X-Forwarded-For only behind a trusted proxy.
 * Over real HTTP on 127.0.0.1, against the real app and Neo4j.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { projectPath } from '../../src/paths.js';
import { schema } from '../../src/schema/index.js';
import { loadViews } from '../../src/views/registry.js';
import { coerceViewVariables } from '../../src/views/variables.js';
import { createTestApp, listen, type TestApp } from '../support/app.js';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

const QUERY = '{ products(first: 20) { edges { node { name status } } } }';
const costOf = (query: string) => complexityFromQuery(parse(query), { schema, ctx: { maxComplexity: 50_000 } }).complexity;
const COST = costOf(QUERY);
// Three of QUERY fit, the fourth does not (and a minute's refill is far away).
const BUDGET = Math.floor(COST * 3.5);

type Server = Awaited<ReturnType<typeof listen>>;
const started: Array<{ t: TestApp; s: Server }> = [];
async function serve(env: Record<string, string>): Promise<Server> {
  const t = await createTestApp(env);
  const s = await listen(t.app);
  started.push({ t, s });
  return s;
}
afterAll(async () => {
  for (const { t, s } of started) {
    await s.close();
    await t.close();
  }
});

async function ask(server: Server, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Body };
}

describe('the query-cost budget per client', () => {
  let server: Server;
  beforeAll(async () => {
    expect(COST).toBeGreaterThan(20);
    server = await serve({ CLIENT_COST_BUDGET: String(BUDGET) });
  });

  it('lets a client spend its budget, then answers 429 with Retry-After and RATE_LIMITED', async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await ask(server, QUERY);
      expect(ok.status, `request ${i + 1}`).toBe(200);
      expect(ok.body.errors).toBeUndefined();
    }
    const refused = await ask(server, QUERY);
    expect(refused.status).toBe(429);
    const seconds = Number(refused.retryAfter);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      cost: COST,
      budget: BUDGET,
      retryAfterSeconds: seconds,
    });
    expect(refused.body.data ?? null).toBeNull();
  });

  it('saved views on /views are charged too and answer 429 with Retry-After', async () => {
    const response = await fetch(`${server.baseUrl}/views/landscape-stats`, { headers: { 'x-meshgraph-debug': '1' } }); // debug: not from the response cache
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await response.json()) as Body).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('counts cost, not requests: one request with aliases spends as much as the requests it replaces', async () => {
    const fresh = await serve({ CLIENT_COST_BUDGET: String(BUDGET) });
    const aliased = `{ ${[1, 2, 3].map((i) => `a${i}: products(first: 20) { edges { node { name status } } }`).join(' ')} }`;
    expect(costOf(aliased)).toBe(3 * COST);
    expect((await ask(fresh, aliased)).status).toBe(200);
    const next = await ask(fresh, QUERY);
    expect(next.status).toBe(429);
    // Four aliases at once cost more than the whole budget: refused on the first request.
    const other = await serve({ CLIENT_COST_BUDGET: String(BUDGET) });
    const four = `{ ${[1, 2, 3, 4].map((i) => `a${i}: products(first: 20) { edges { node { name status } } }`).join(' ')} }`;
    expect((await ask(other, four)).status).toBe(429);
  });

  it('cannot be got around by batching: a list of operations in one body is refused', async () => {
    const response = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify([{ query: QUERY }, { query: QUERY }]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Body).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('ignores X-Forwarded-For from a proxy that is not trusted', async () => {
    const refused = await ask(server, QUERY, { 'x-forwarded-for': '198.51.100.7' });
    expect(refused.status).toBe(429);
  });

  it('behind a trusted proxy (TRUSTED_PROXIES), tells clients apart by X-Forwarded-For', async () => {
    const proxied = await serve({ CLIENT_COST_BUDGET: String(BUDGET), TRUSTED_PROXIES: '127.0.0.1/8' });
    for (let i = 0; i < 3; i++) expect((await ask(proxied, QUERY, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200);
    expect((await ask(proxied, QUERY, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect((await ask(proxied, QUERY, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
    // A client cannot pose as another by prepending addresses: the nearest untrusted one counts.
    expect((await ask(proxied, QUERY, { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' })).status).toBe(429);
  });

  it('CLIENT_COST_BUDGET=0 turns the budget off', async () => {
    const off = await serve({ CLIENT_COST_BUDGET: '0' });
    const heavy = `{ ${[1, 2, 3, 4, 5, 6].map((i) => `a${i}: products(first: 20) { edges { node { name status } } }`).join(' ')} }`;
    for (let i = 0; i < 3; i++) expect((await ask(off, heavy)).status).toBe(200);
  });
});

describe('the default budget', () => {
  it('is far above what the dashboard spends: at least 100 full loads of its panels a minute', () => {
    const views = loadViews(projectPath('views'), schema);
    // The saved views the dashboard's panels read (web/src/api.ts, VIEWS).
    const panels = ['landscape-stats', 'neighbourhood', 'product-lineage', 'search', 'node-details'];
    let load = 0;
    for (const name of panels) {
      const view = views.get(name)!;
      const costs = (view.examples.length ? view.examples : ['']).map(
        (example) =>
          complexityFromQuery(view.document, {
            schema,
            variables: coerceViewVariables(view, new URLSearchParams(example)),
            ctx: { maxComplexity: 50_000 },
          }).complexity,
      );
      load += Math.max(...costs);
    }
    const config = parseConfig({});
    expect(config.limits.clientCostBudget).toBe(1_000_000);
    expect(config.limits.clientCostBudget).toBeGreaterThanOrEqual(100 * load);
    // … and still lets a client send 20 requests of the largest allowed cost a minute.
    expect(config.limits.clientCostBudget).toBeGreaterThanOrEqual(20 * config.api.maxComplexity);
  });

  it('TRUSTED_PROXIES must be addresses or CIDRs', () => {
    expect(parseConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1, loopback' }).http.trustedProxies).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      'loopback',
    ]);
    expect(() => parseConfig({ TRUSTED_PROXIES: 'proxy.example.com' })).toThrow(ConfigError);
  });
});
