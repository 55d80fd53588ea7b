/**
 * GraphQL POSTs answered in front of yoga (src/graphql-posts.ts), over real HTTP. The service is
 * composed as src/main.ts composes it (createService); its listener serves one port, and the bare
 * yoga app another. The same POST to both must get the same status, headers and bytes, whether
 * the listener answered it itself or handed it to yoga; which one it did is told by its counts
 * (`Service.posts`).
 */
import net from 'node:net';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/graph.js';
import { schema } from '../../src/schema/index.js';
import { type FrontAndYoga, serveFrontAndYoga } from '../support/app.js';
import { waitUntilAsync } from '../support/process.js';
import { testGraph } from '../support/graph.js';

type Served = FrontAndYoga;

const serve = (graph: Graph, env: Record<string, string> = {}): Promise<Served> =>
  serveFrontAndYoga(graph, { CLIENT_COST_BUDGET: '0', ...env });

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers whose values differ between any two responses. */
const VARYING = new Set(['date', 'x-request-id']);

interface Post {
  body: string;
  headers?: Record<string, string>;
}

async function post(base: string, { body, headers = {} }: Post): Promise<Answer> {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return {
    status: response.status,
    headers: Object.fromEntries([...response.headers].filter(([name]) => !VARYING.has(name))),
    body: await response.text(),
  };
}

/** Posts to yoga alone, then to the service's listener; both answers, and whether the listener answered itself. */
async function postBoth(s: Served, request: Post): Promise<{ viaYoga: Answer; inFront: Answer; answeredInFront: boolean }> {
  const viaYoga = await post(s.yoga, request);
  const before = { ...s.service.posts };
  const inFront = await post(s.front, request);
  const answered = s.service.posts.answered - before.answered;
  const handedOn = s.service.posts.handedOn - before.handedOn;
  expect(answered + handedOn).toBe(1);
  return { viaYoga, inFront, answeredInFront: answered === 1 };
}

const json = (params: Record<string, unknown>) => JSON.stringify(params);

const LOOKUP = 'query Lookup($name: String!) { product(name: $name) { name uses { product { name } } } }';

/** POSTs the listener answers itself. */
const ANSWERED: Array<{ name: string; request: Post }> = [
  { name: 'a query without Accept', request: { body: json({ query: '{ product(name: "Istio") { name status } }' }) } },
  {
    name: 'a query with variables, as graphql-response+json',
    request: { body: json({ query: LOOKUP, variables: { name: 'Linkerd' } }), headers: { accept: 'application/graphql-response+json' } },
  },
  {
    name: 'one operation of several, named, with Accept */* and a charset',
    request: {
      body: json({ query: `${LOOKUP} query Other { concept(name: "mTLS") { name } }`, operationName: 'Other', variables: null }),
      headers: { accept: '*/*', 'content-type': 'application/json; charset=UTF-8' },
    },
  },
  {
    name: 'a page of entries from a browser on another origin',
    request: {
      body: json({ query: '{ entries(first: 5) { edges { node { slug title year about { name } category { name } } } } }' }),
      headers: { accept: 'application/json', origin: 'https://dashboards.example' },
    },
  },
  {
    name: 'a page size above the limit (BAD_USER_INPUT), as application/json',
    request: { body: json({ query: '{ entries(first: 100000) { edges { node { slug } } } }' }), headers: { accept: 'application/json' } },
  },
  {
    name: 'a page size above the limit (BAD_USER_INPUT), as graphql-response+json',
    request: {
      body: json({ query: '{ entries(first: 100000) { edges { node { slug } } } }' }),
      headers: { accept: 'application/graphql-response+json' },
    },
  },
  {
    name: 'an unknown document path (NOT_FOUND) beside a field that resolves',
    request: {
      body: json({ query: '{ product(name: "Istio") { name } entries(filter: { document: "v9/nope.md" }) { edges { cursor } } }' }),
    },
  },
  {
    name: "a browser's Accept list (GraphiQL's)",
    request: {
      body: json({ query: '{ stats { conceptCount } }' }),
      headers: { accept: 'application/graphql-response+json, application/json, multipart/mixed' },
    },
  },
  {
    name: 'an Accept list with weights, a wildcard and a skipped charset',
    request: {
      body: json({ query: LOOKUP, variables: { name: 'Kuma' } }),
      headers: { accept: 'text/html;q=0.9, application/json;charset=latin1, application/*;q=0.8, */*' },
    },
  },
  {
    name: 'a variable that does not fit its type',
    request: { body: json({ query: LOOKUP, variables: { name: 42 } }), headers: { accept: 'application/graphql-response+json' } },
  },
];

/** POSTs the listener hands to yoga, untouched or with the body it read. */
const HANDED_ON: Array<{ name: string; request: Post }> = [
  { name: 'a syntax error', request: { body: json({ query: '{ product(name: "Istio") { name ' }) } },
  { name: 'a field the schema does not have', request: { body: json({ query: '{ product(name: "Istio") { nope } }' }) } },
  { name: 'a mutation', request: { body: json({ query: 'mutation { deleteEverything }' }) } },
  {
    name: 'several operations and no operationName',
    request: { body: json({ query: `${LOOKUP} query Other { stats { conceptCount } }` }) },
  },
  { name: 'an operationName the document does not have', request: { body: json({ query: LOOKUP, operationName: 'Nope' }) } },
  { name: 'a saved view by documentId', request: { body: json({ documentId: 'what-replaced', variables: { name: 'Maesh' } }) } },
  { name: 'both query and documentId', request: { body: json({ query: LOOKUP, documentId: 'what-replaced' }) } },
  { name: 'extensions', request: { body: json({ query: '{ stats { conceptCount } }', extensions: { client: 'x' } }) } },
  { name: 'malformed JSON', request: { body: '{"query": "{ stats { conceptCount } }"' } },
  { name: 'a batch (an array)', request: { body: json([{ query: '{ stats { conceptCount } }' }] as unknown as Record<string, unknown>) } },
  { name: 'variables that are not an object', request: { body: json({ query: LOOKUP, variables: '{"name":"Istio"}' }) } },
  {
    name: 'a Content-Type yoga does not match (upper case)',
    request: { body: json({ query: '{ stats { conceptCount } }' }), headers: { 'content-type': 'Application/JSON' } },
  },
  {
    name: 'a Content-Type yoga does not match (a space before the parameter)',
    request: { body: json({ query: '{ stats { conceptCount } }' }), headers: { 'content-type': 'application/json ; charset=utf-8' } },
  },
  {
    name: 'multipart/mixed only',
    request: { body: json({ query: '{ stats { conceptCount } }' }), headers: { accept: 'multipart/mixed' } },
  },
  { name: 'text/html only (406)', request: { body: json({ query: '{ stats { conceptCount } }' }), headers: { accept: 'text/html' } } },
  {
    name: 'JSON in another charset only',
    request: { body: json({ query: '{ stats { conceptCount } }' }), headers: { accept: 'application/json; charset=latin1' } },
  },
  { name: 'application/graphql', request: { body: '{ stats { conceptCount } }', headers: { 'content-type': 'application/graphql' } } },
  { name: 'a query text over MAX_QUERY_BYTES', request: { body: json({ query: `{ stats { conceptCount } }${' '.repeat(110_000)}` }) } },
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

describe('a GraphQL POST answered in front of yoga', () => {
  for (const { name, request } of ANSWERED) {
    it(`has the status, headers and bytes yoga gives it: ${name}`, async () => {
      for (let run = 0; run < 2; run++) {
        // The second run of an operation is compiled (src/execution.ts): both paths, both runs.
        const { viaYoga, inFront, answeredInFront } = await postBoth(s, request);
        expect(answeredInFront).toBe(true);
        expect(inFront).toEqual(viaYoga);
      }
    });
  }

  it('is logged and counted as yoga logs and counts it, under the request id the client sent', async () => {
    const request = { body: json({ query: '{ product(name: "Envoy") { name } }' }), headers: { 'x-request-id': 'client-post.7' } };
    const count = async () =>
      Number(
        /meshgraph_http_requests_total\{method="POST",route="\/graphql",status="200"[^}]*\} (\d+)/.exec(
          await s.metrics.registry.metrics(),
        )?.[1] ?? 0,
      );
    const before = await count();
    const { answeredInFront } = await postBoth(s, request);
    expect(answeredInFront).toBe(true);
    expect(await count()).toBe(before + 2);
    const logged = s.lines.filter((line) => line.requestId === 'client-post.7' && line.msg === 'request');
    expect(logged).toHaveLength(2);
    for (const line of logged) expect(line).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
    const response = await fetch(`${s.front}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-post.8' },
      body: request.body,
    });
    expect(response.headers.get('x-request-id')).toBe('client-post.8');
  });
});

describe('a client that goes away before its body is read', () => {
  it('is logged and counted as yoga logs and counts it', async () => {
    for (const [base, id] of [
      [s.yoga, 'gone-mid-body.yoga'],
      [s.front, 'gone-mid-body.front'],
    ] as const) {
      const { port } = new URL(base);
      const socket = net.connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nx-request-id: ${id}\r\n\r\n{"query":`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      const logged = await waitUntilAsync(async () => s.lines.some((line) => line.requestId === id), 5_000);
      expect(logged, id).toBe(true);
    }
    const [viaYoga, inFront] = ['gone-mid-body.yoga', 'gone-mid-body.front'].map((id) => s.lines.find((line) => line.requestId === id));
    expect(inFront).toMatchObject({ method: viaYoga?.method, path: viaYoga?.path, status: viaYoga?.status });
  });
});

describe('the client budget (CLIENT_COST_BUDGET) on POSTs answered in front', () => {
  it('charges them as yoga does: three fit the budget, the fourth is refused with 429, Retry-After and RATE_LIMITED', async () => {
    const query = '{ products(first: 20) { edges { node { name status } } } }';
    const cost = complexityFromQuery(parse(query), { schema, ctx: { maxComplexity: 50_000 } }).complexity;
    const budgeted = await serve(graph, { CLIENT_COST_BUDGET: String(Math.floor(cost * 3.5)) });
    try {
      for (let i = 0; i < 3; i++) expect((await post(budgeted.front, { body: json({ query }) })).status).toBe(200);
      const refused = await post(budgeted.front, { body: json({ query }) });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(refused.body).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', cost });
      expect(budgeted.service.posts).toEqual({ answered: 4, handedOn: 0 });
    } finally {
      await budgeted.close();
    }
  });
});

describe('a GraphQL POST handed to yoga', () => {
  for (const { name, request } of HANDED_ON) {
    it(`is answered by yoga, as yoga alone answers it: ${name}`, async () => {
      const { viaYoga, inFront, answeredInFront } = await postBoth(s, request);
      expect(answeredInFront).toBe(false);
      expect(inFront).toEqual(viaYoga);
    });
  }

  it('is answered by yoga, with its debug extensions: x-meshgraph-debug', async () => {
    const request = { body: json({ query: '{ stats { conceptCount } }' }), headers: { 'x-meshgraph-debug': '1' } };
    const { viaYoga, inFront, answeredInFront } = await postBoth(s, request);
    expect(answeredInFront).toBe(false);
    // Statement times differ from run to run, and the second run is compiled.
    const [a, b] = [viaYoga, inFront].map((answer) => JSON.parse(answer.body) as { data: unknown; extensions: { neo4j: unknown } });
    expect(inFront.status).toBe(viaYoga.status);
    expect(b!.data).toEqual(a!.data);
    expect(b!.extensions.neo4j).toMatchObject({ queries: 1 });
  });

  it('a body over MAX_REQUEST_BYTES is refused by yoga (413)', async () => {
    const small = await serve(graph, { MAX_REQUEST_BYTES: '1000' });
    try {
      const request = { body: json({ query: `{ stats { conceptCount } }${' '.repeat(2_000)}` }) };
      const { viaYoga, inFront, answeredInFront } = await postBoth(small, request);
      expect(answeredInFront).toBe(false);
      expect(viaYoga.status).toBe(413);
      expect(inFront).toEqual(viaYoga);
    } finally {
      await small.close();
    }
  });

  it('with SAVED_VIEWS_ONLY, every query is refused by yoga; saved views are answered', async () => {
    const views = await serve(graph, { SAVED_VIEWS_ONLY: 'true' });
    try {
      const refused = await postBoth(views, { body: json({ query: '{ stats { conceptCount } }' }) });
      expect(refused.answeredInFront).toBe(false);
      expect(refused.viaYoga.status).toBe(403);
      expect(refused.inFront).toEqual(refused.viaYoga);
      const view = await postBoth(views, { body: json({ documentId: 'what-replaced', variables: { name: 'Maesh' } }) });
      expect(view.viaYoga.status).toBe(200);
      expect(view.inFront).toEqual(view.viaYoga);
    } finally {
      await views.close();
    }
  });

  it('with INTROSPECTION=false, introspection is refused on both paths; other queries are answered in front', async () => {
    const closed = await serve(graph, { INTROSPECTION: 'false' });
    try {
      const refused = await postBoth(closed, { body: json({ query: '{ __schema { queryType { name } } }' }) });
      expect(refused.answeredInFront).toBe(false);
      expect(refused.viaYoga.body).toContain('GraphQL introspection has been disabled');
      expect(refused.inFront).toEqual(refused.viaYoga);
      const typeName = await postBoth(closed, { body: json({ query: '{ __type(name: "Product") { name } }' }) });
      expect(typeName.viaYoga.body).toContain('GraphQL introspection has been disabled');
      expect(typeName.inFront).toEqual(typeName.viaYoga);
      const answered = await postBoth(closed, { body: json({ query: '{ product(name: "Istio") { name } }' }) });
      expect(answered.answeredInFront).toBe(true);
      expect(answered.inFront).toEqual(answered.viaYoga);
    } finally {
      await closed.close();
    }
  });
});
