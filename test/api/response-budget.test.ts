/**
 * The per-request response-size and time budget (MAX_RESPONSE_BYTES, MAX_EXECUTION_MS): a request
 * whose answer outgrows it, or that runs too long, is stopped — its statements too — and answered
 * with one error and its code, never with the partial data. Tiny budgets set through the settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

const BIG = '{ entries(first: 100) { edges { node { title summary url year publisher } } } }';

describe('the response-size budget', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ MAX_RESPONSE_BYTES: '4000' });
  });
  afterAll(() => small.close());

  it('stops a request whose answer grows past MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE and no data', async () => {
    const response = await small.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: BIG }),
    });
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(response.status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 4000 });
    expect(body.errors[0]!.message).toMatch(/larger than 4000 bytes \(MAX_RESPONSE_BYTES\)/);
  });

  it('answers what fits', async () => {
    const result = await small.query('{ entries(first: 3) { edges { node { title } } } }');
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data).length).toBeLessThan(4000);
  });

  it('stops the work once spent: the next relationship statements of the request do not start', async () => {
    // 100 products, each with its entries: the first answers fill the budget, the rest never run.
    const result = await small.query(
      '{ products(first: 100) { edges { node { name description entries(first: 5) { title summary } } } } }',
      {},
      { 'x-meshgraph-debug': '1' },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('RESPONSE_TOO_LARGE');
  });
});

describe('the time budget', () => {
  let hurried: TestApp;
  beforeAll(async () => {
    hurried = await createTestApp({ MAX_EXECUTION_MS: '10' });
  });
  afterAll(() => hurried.close());

  it('stops a request that runs longer than MAX_EXECUTION_MS with TIMEOUT (504) and no data', async () => {
    // A hundred products, each with two statements of its own: far more than 10 ms of work.
    const query =
      '{ products(first: 100) { edges { node { name entriesConnection(first: 5) { totalCount edges { node { title } } } } } } }';
    const response = await hurried.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'TIMEOUT', maxExecutionMs: 10 });
    expect(response.status).toBe(504);
    expect(body.data ?? null).toBeNull();
    // The work ended with the budget: of the 200 statements the query needs, most never started.
    const [queries] = await hurried.metrics.registry
      .getMetricsAsJSON()
      .then((all) => all.filter((m) => m.name === 'meshgraph_neo4j_queries_total'));
    const perProduct = (queries?.values ?? []).filter((v) => String(v.labels.statement).startsWith('relations'));
    expect(perProduct.reduce((sum, v) => sum + v.value, 0)).toBeLessThan(100);
  });
});
