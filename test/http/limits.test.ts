/**
 * What a request may send, and how each kind of client mistake is answered: a 4xx status and an
 * `extensions.code`, never a 500, never a reset connection (docs/limits.md, docs/api.md). Against
 * the real app: yoga.fetch, and a real HTTP server where sockets matter.
 */
import { request as httpRequest } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { nestingDepth, parseCaches, tokenCount } from '../../src/limits.js';
import { createTestApp, listen, type TestApp } from '../support/app.js';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

let t: TestApp;
let small: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  small = await createTestApp({ MAX_QUERY_BYTES: '2000', MAX_QUERY_TOKENS: '200', MAX_QUERY_NESTING: '10', MAX_REQUEST_BYTES: '5000' });
});
afterAll(async () => {
  await t.close();
  await small.close();
});

const ACCEPT = 'application/graphql-response+json, application/json';

async function get(app: TestApp, params: Record<string, string>, path = '/graphql') {
  const response = await app.app.fetch(`http://meshgraph${path}?${new URLSearchParams(params)}`, { headers: { accept: ACCEPT } });
  return { status: response.status, body: (await response.json()) as Body };
}

async function post(app: TestApp, body: Record<string, unknown>, accept = ACCEPT) {
  const response = await app.app.fetch('http://meshgraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

const codeOf = (body: Body) => body.errors?.[0]?.extensions?.code;

describe('malformed JSON in request parameters (item 5)', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['truncated variables', { query: 'query($n: Int) { __typename }', variables: '{"n":' }],
    ['malformed extensions', { query: '{ __typename }', extensions: '{"persistedQuery":' }],
    ['a saved view with malformed variables', { documentId: 'what-replaced', variables: '{bad' }],
  ];
  it.each(cases)('GET /graphql with %s answers 400 BAD_REQUEST naming the parameter', async (_name, params) => {
    const { status, body } = await get(t, params);
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toMatch(/^`(variables|extensions)` is not valid JSON/);
  });

  it('a form-encoded POST with malformed variables answers 400 BAD_REQUEST too', async () => {
    const response = await t.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: ACCEPT },
      body: new URLSearchParams({ query: '{ __typename }', variables: '{"n":' }).toString(),
    });
    expect(response.status).toBe(400);
    expect(codeOf((await response.json()) as Body)).toBe('BAD_REQUEST');
  });

  it('a POST whose body is not JSON keeps answering 400 BAD_REQUEST', async () => {
    const response = await t.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: '{"query": "{ __typename }", "variables": {"n":',
    });
    expect(response.status).toBe(400);
    expect(codeOf((await response.json()) as Body)).toBe('BAD_REQUEST');
  });

  it('a POST of a type yoga does not read answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await t.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: ACCEPT },
      body: '{ __typename }',
    });
    expect(response.status).toBe(415);
    expect(codeOf((await response.json()) as Body)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('saved-view URLs answer malformed values with 400 BAD_USER_INPUT', async () => {
    for (const url of [
      '/views/neighbourhood?name=istio&depth={bad',
      '/views/compare-products?products=[%22Istio%22',
      '/views/what-replaced?name=Maesh&name=Istio',
    ]) {
      const response = await t.app.fetch(`http://meshgraph${url}`);
      expect(response.status, url).toBe(400);
      expect(codeOf((await response.json()) as Body), url).toBe('BAD_USER_INPUT');
    }
  });
});

describe('invalid variables and operations the schema does not have (item 6)', () => {
  const query = 'query Lookup($name: String!) { product(name: $name) { name } }';

  it('a variable of the wrong type is BAD_USER_INPUT (POST and GET)', async () => {
    const viaPost = await post(t, { query, variables: { name: 5 } });
    expect(viaPost.status).toBe(400);
    expect(codeOf(viaPost.body)).toBe('BAD_USER_INPUT');
    const viaGet = await get(t, { query, variables: JSON.stringify({ name: ['Istio'] }) });
    expect(viaGet.status).toBe(400);
    expect(codeOf(viaGet.body)).toBe('BAD_USER_INPUT');
  });

  it('a missing required variable is BAD_USER_INPUT, also on a saved view', async () => {
    const missing = await post(t, { query });
    expect(codeOf(missing.body)).toBe('BAD_USER_INPUT');
    expect(missing.body.errors?.[0]?.message).toMatch(/\$name/);
    const view = await get(t, { documentId: 'what-replaced' });
    expect(view.status).toBe(400);
    expect(codeOf(view.body)).toBe('BAD_USER_INPUT');
  });

  it.each(['mutation', 'subscription'])('a %s is OPERATION_NOT_SUPPORTED', async (kind) => {
    for (const accept of [ACCEPT, 'application/json']) {
      const { body } = await post(t, { query: `${kind} Change { product(name: "Istio") { name } }` }, accept);
      expect(codeOf(body)).toBe('OPERATION_NOT_SUPPORTED');
      expect(body.errors?.[0]?.message).toMatch(/queries only/);
    }
  });

  it("an unknown or missing operation name is 400 with yoga's OPERATION_RESOLUTION_FAILURE, and says which mistake it was", async () => {
    const twoOps = 'query A { __typename } query B { __typename }';
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ query: twoOps }, 'The document has 2 operations ("A" and "B"): name the one to run in operationName.'],
      [{ query: twoOps, operationName: 'C' }, 'The document has no operation named "C": its operations are named "A" and "B".'],
      [{ query: 'query A { __typename }', operationName: 'C' }, 'The document has no operation named "C": its operation is named "A".'],
      [
        { query: '{ __typename }', operationName: 'C' },
        'The document has no operation named "C": its one operation has no name, so send no operationName.',
      ],
      [{ query: 'fragment F on Query { __typename }' }, 'The document has no operation to run, only fragments.'],
    ];
    for (const [body, message] of cases) {
      for (const accept of [ACCEPT, 'application/json']) {
        const answer = await post(t, body, accept);
        expect(answer.status).toBe(400);
        expect(codeOf(answer.body)).toBe('OPERATION_RESOLUTION_FAILURE');
        expect(answer.body.errors?.map((error) => error.message)).toEqual([message]);
      }
    }
  });

  it('a syntax error and an unknown field keep their codes', async () => {
    expect(codeOf((await post(t, { query: '{ product(name: "Istio") { name }' })).body)).toBe('GRAPHQL_PARSE_FAILED');
    expect(codeOf((await post(t, { query: '{ product(name: "Istio") { nme } }' })).body)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('deeply nested queries (item 7)', () => {
  const deepFields = `{ product(name: "Istio") ${'{ uses { product '.repeat(2_500)}{ name }${' } }'.repeat(2_500)} }`;
  const deepList = `{ compare(products: ${'['.repeat(5_000)}"Istio"${']'.repeat(5_000)}) { shared { name } } }`;
  const deepBraces = `${'{'.repeat(5_000)}${'}'.repeat(5_000)}`;

  it.each([
    ['5,000 levels of fields', deepFields],
    ['5,000 levels of list literals', deepList],
    ['5,000 bare braces', deepBraces],
  ])('%s are refused as too deep with 400 QUERY_TOO_COMPLEX, before parsing', async (_name, query) => {
    const { status, body } = await post(t, { query });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxNesting: 64 });
    expect(body.errors?.[0]?.message).toMatch(/too deep/);
  });

  it('the nesting scan ignores brackets in strings, block strings and comments', () => {
    expect(nestingDepth('{ a(b: "{{{{[[[[") { c } }', 10)).toBe(2);
    expect(nestingDepth('{ a(b: """ {{{{ \\""" [[[[ """) }', 10)).toBe(2);
    expect(nestingDepth('# {{{{{{{{{{{{\n{ a }', 3)).toBe(1);
    expect(nestingDepth('{ a(b: "\\"{{{{{") }', 3)).toBe(2);
    expect(nestingDepth('{'.repeat(1_000_000), 64)).toBe(65);
  });

  it('MAX_QUERY_NESTING is a setting', async () => {
    const eleven = `{ product(name: "Istio") ${'{ uses { product '.repeat(5)}{ name }${' } }'.repeat(5)} }`;
    const refused = await post(small, { query: eleven }); // 12 levels of brackets
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxNesting: 10 });
    const fine = `{ product(name: "Istio") { uses { product { name } } } }`;
    expect((await post(small, { query: fine })).body.errors).toBeUndefined();
  });
});

describe('query size, tokens and request body (item 10)', () => {
  it('refuses a query text over MAX_QUERY_BYTES (default 100 kB) with 400 QUERY_TOO_LARGE', async () => {
    const padded = `{ __typename }\n#${'x'.repeat(100_000)}`;
    const { status, body } = await post(t, { query: padded });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', maxQueryBytes: 100_000 });
    const under = await post(t, { query: `{ __typename }\n#${'x'.repeat(90_000)}` });
    expect(under.body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a query of more than MAX_QUERY_TOKENS (default 5,000) with 400 QUERY_TOO_LARGE', async () => {
    const many = `{ ${'__typename '.repeat(5_000)}}`;
    const { status, body } = await post(t, { query: many });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', maxQueryTokens: 5_000 });
    const fewer = await post(t, { query: `{ ${'__typename '.repeat(100)}}` });
    expect(fewer.body.errors).toBeUndefined();
  });

  it("lets GraphiQL's full introspection query through the default limits", async () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    expect(tokenCount(introspection, 5_000)).toBeLessThan(1_000);
    const { status, body } = await post(t, { query: introspection });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data?.__schema).toBeTruthy();
  });

  it('the query limits are settings (MAX_QUERY_BYTES, MAX_QUERY_TOKENS)', async () => {
    expect(codeOf((await post(small, { query: `{ __typename }#${'x'.repeat(2_000)}` })).body)).toBe('QUERY_TOO_LARGE');
    expect(codeOf((await post(small, { query: `{ ${'__typename '.repeat(200)}}` })).body)).toBe('QUERY_TOO_LARGE');
    expect((await post(small, { query: `{ ${'__typename '.repeat(100)}}` })).body.errors).toBeUndefined();
  });

  it('GET is held to the same query limits', async () => {
    const { status, body } = await get(t, { query: `{ ${'__typename '.repeat(5_000)}}` });
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('QUERY_TOO_LARGE');
  });

  describe('over a real socket', () => {
    let server: Awaited<ReturnType<typeof listen>>;
    beforeAll(async () => {
      server = await listen(t.app);
    });
    afterAll(() => server.close());

    it('answers a body over MAX_REQUEST_BYTES (default 1 MB) with 413 REQUEST_ENTITY_TOO_LARGE, not a reset', async () => {
      const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2_000_000) } });
      const response = await fetch(`${server.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT },
        body,
      });
      expect(response.status).toBe(413);
      expect(codeOf((await response.json()) as Body)).toBe('REQUEST_ENTITY_TOO_LARGE');
    });

    it('also when the body is chunked, without Content-Length', async () => {
      const chunk = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_500_000) } });
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          `${server.baseUrl}/graphql`,
          { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT, 'transfer-encoding': 'chunked' } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        for (let i = 0; i < chunk.length; i += 64_000) req.write(chunk.slice(i, i + 64_000));
        req.end();
      });
      expect(answer.status).toBe(413);
      expect(codeOf(JSON.parse(answer.body) as Body)).toBe('REQUEST_ENTITY_TOO_LARGE');
    });

    it('a body under the limit is answered as usual', async () => {
      const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(500_000) } });
      const response = await fetch(`${server.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT },
        body,
      });
      expect(response.status).toBe(200);
    });
  });

  it('MAX_REQUEST_BYTES is a setting', async () => {
    const response = await small.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(6_000) } }),
    });
    expect(response.status).toBe(413);
  });

  // Only node:http guarantees that a body is as long as its Content-Length; any other body is counted.
  it('counts a body that did not come over HTTP, whatever its Content-Length claims', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(6_000) } });
    const response = await small.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'content-length': '100' },
      body,
    });
    expect(response.status).toBe(413);
    expect(codeOf((await response.json()) as Body)).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it.each([['abc'], ['10, 10'], ['-1']])('answers a Content-Length of %j with 400 BAD_REQUEST', async (length) => {
    const response = await small.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'content-length': length },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(400);
    expect(codeOf((await response.json()) as Body)).toBe('BAD_REQUEST');
  });
});

describe("yoga's parse cache", () => {
  it('is bounded by PARSE_CACHE_ENTRIES and by PARSE_CACHE_TEXT_BYTES', () => {
    const byEntries = parseCaches(parseConfig({ PARSE_CACHE_ENTRIES: '10' }).limits);
    const byText = parseCaches(parseConfig({ PARSE_CACHE_TEXT_BYTES: '1000' }).limits);
    if (!byEntries || !byText) throw new Error('the caches are on by default');
    const doc = { kind: 'Document', definitions: [] } as never;
    for (let i = 0; i < 100; i++) {
      byEntries.documentCache.set(`{ a${i} }`, doc);
      byText.documentCache.set(`{ ${'b'.repeat(100)}${i} }`, doc);
    }
    expect(byEntries.documentCache.size).toBe(10);
    expect(byText.documentCache.calculatedSize).toBeLessThanOrEqual(1000);
    expect(byText.documentCache.size).toBeLessThan(10);
    expect(parseCaches(parseConfig({ PARSE_CACHE_ENTRIES: '0' }).limits)).toBe(false);
  });
});

describe('the response cache', () => {
  it('holds at most RESPONSE_CACHE_ENTRIES rendered reads', async () => {
    const tiny = await createTestApp({ RESPONSE_CACHE_ENTRIES: '1' });
    try {
      const read = async (url: string) => (await tiny.app.fetch(`http://meshgraph${url}`)).headers.get('x-meshgraph-cache');
      expect(await read('/views/what-replaced?name=Maesh')).toBe('miss');
      expect(await read('/views/what-replaced?name=Maesh')).toBe('hit');
      expect(await read('/views/what-replaced?name=Conduit')).toBe('miss');
      expect(await read('/views/what-replaced?name=Maesh')).toBe('miss'); // pushed out by the second
    } finally {
      await tiny.close();
    }
  });
});
