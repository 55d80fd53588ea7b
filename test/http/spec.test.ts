/**
 * The GraphQL-over-HTTP spec, as graphql-http's audit suite checks it: every audit (MUST, SHOULD
 * and MAY) against the real app through yoga.fetch, one test each, all passing.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const audits = serverAudits({
  url: 'http://meshgraph/graphql',
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
    (t.app.fetch as (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>)(input, init),
});

describe('GraphQL over HTTP (graphql-http audits)', () => {
  it('has audits to run', () => {
    expect(audits.length).toBeGreaterThan(30);
  });

  it.each(audits.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    const detail =
      result.status === 'ok'
        ? ''
        : `${result.reason}${'response' in result ? `: ${result.response.status} ${JSON.stringify(Object.fromEntries(result.response.headers))}` : ''}`;
    expect(result.status, detail).toBe('ok');
  });
});
