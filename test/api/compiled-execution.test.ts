/**
 * Compiled execution (src/execution.ts): an operation runs interpreted by yoga's executor the
 * first time and compiled by graphql-jit from the second. Clients must not be able to tell: every
 * document here is asked twice and both answers must be the same, errors included (message,
 * locations, path, extensions), whatever the document's fragments, directives, variables, aliases,
 * abstract types and operations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { prepareTestDatabase } from '../support/dataset.js';

let t: TestApp;
let uncached: TestApp;
let narrow: TestApp;
let wide: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await prepareTestDatabase(t.graph);
  uncached = await createTestApp({ PARSE_CACHE_ENTRIES: '0' });
  narrow = await createTestApp({ MAX_QUERY_BREADTH: '10' });
  wide = await createTestApp({ MAX_QUERY_BREADTH: '1000' });
});
afterAll(async () => {
  await t.close();
  await uncached.close();
  await narrow.close();
  await wide.close();
});

type Result = Awaited<ReturnType<TestApp['query']>>;

/** Asks twice; returns both answers, without the debug extensions, and how each ran. */
async function twice(app: TestApp, query: string, variables?: Record<string, unknown>) {
  const runs: Result[] = [];
  const execution: unknown[] = [];
  for (let run = 0; run < 2; run++) {
    const { extensions, ...answer } = await app.query(query, variables, { 'x-meshgraph-debug': '1' });
    runs.push(answer);
    execution.push(extensions?.execution);
  }
  return { first: runs[0]!, second: runs[1]!, execution };
}

/** POSTs one operation of a document, by name, with x-meshgraph-debug (TestApp.query sends no operation name). */
async function askOperation(document: string, operationName: string): Promise<Result> {
  const response = await t.app.fetch('http://meshgraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-meshgraph-debug': '1' },
    body: JSON.stringify({ query: document, operationName }),
  });
  return (await response.json()) as Result;
}

/** Request ids differ between requests by design; everything else must not. */
function withoutRequestIds(result: Result): Result {
  return JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'requestId' ? '<id>' : value))) as Result;
}

const PRODUCT = `
  fragment Facts on Product {
    name status
    uses { role product { name } }
    implements { concept { name } }
  }`;

/**
 * [what it is, the document, its variables]: the first four answer, the last three fail. The last
 * two are refused before they run (their cost cannot be worked out), so they are never compiled.
 */
const documents: Array<[string, string, Record<string, unknown>?]> = [
  [
    'a lookup with named and inline fragments and aliases',
    `{ istio: product(name: "Istio") { ...Facts successors { depth product { name } } } envoy: product(name: "Envoy") { ... on Product { name usedBy { product { name } } } } } ${PRODUCT}`,
  ],
  [
    'abstract types: a union of topics and an interface of sources',
    '{ entries(first: 20) { totalCount edges { cursor node { __typename slug title year about { __typename name ... on Concept { definition } ... on Product { status } } category { name parent { name } } } } pageInfo { hasNextPage endCursor } } }',
  ],
  [
    'variables with defaults, enums, lists and nested input objects',
    `query ($first: Int = 5, $order: ProductOrder = { field: NAME, direction: DESC }) { products(first: $first, orderBy: $order) { edges { node { name } } } }`,
    { first: 3 },
  ],
  [
    'a search and a path',
    '{ search(query: "Linkerd", first: 10) { totalCount edges { score node { __typename ... on Entry { title about { name } } ... on Concept { name } ... on Product { name uses { product { name } } } } } } path(from: "Maesh", to: "Envoy") { length } }',
  ],
  [
    'a field that fails: not found, with its locations, path and code, beside one that answers',
    '{ a: product(name: "Istio") { name } b: product(name: "No Such Mesh") { name } }',
  ],
  ['an argument out of range', '{ entries(first: 100000) { totalCount } }'],
  [
    'variables that do not fit their types (the executor words the errors)',
    'query ($o: ProductOrder, $n: Int) { products(first: $n, orderBy: $o) { totalCount } }',
    { o: { field: 'NAME', direction: 'DSC' }, n: 'many' },
  ],
];

describe('an operation answers the same interpreted (first run) and compiled (second)', () => {
  it.each(documents.map(([name, query, variables], index) => [name, query, variables, index < 4, index] as const))(
    '%s',
    async (_name, query, variables, answers, index) => {
      const { first, second, execution } = await twice(t, query, variables);
      expect(execution).toEqual(['interpreted', index < 5 ? 'compiled' : 'interpreted']);
      if (answers) expect(first.errors).toBeUndefined();
      else expect(first.errors?.length).toBeGreaterThan(0);
      expect(withoutRequestIds(second)).toEqual(withoutRequestIds(first));
    },
  );

  it('a list with an item that names nothing (nodes with an id of no node)', async () => {
    const ids = await t.query<{ a: { id: string }; b: { id: string } }>(
      '{ a: product(name: "Istio") { id } b: concept(name: "mTLS") { id } }',
    );
    const { a, b } = ids.data!;
    const query = `{ nodes(ids: ["${a.id}", "UHJvZHVjdDpub3Bl", "${b.id}"]) { id __typename } }`;
    const { first, second, execution } = await twice(t, query);
    expect(execution).toEqual(['interpreted', 'compiled']);
    expect(withoutRequestIds(second)).toEqual(withoutRequestIds(first));
  });

  it('the failing field keeps its locations, path and code when compiled', async () => {
    const { second } = await twice(t, '{\n  a: product(name: "Istio") { name }\n  b: product(name: "No Such Mesh") { name }\n}');
    expect(second.data).toEqual({ a: { name: 'Istio' }, b: null });
    expect(second.errors).toEqual([
      expect.objectContaining({
        locations: [{ line: 3, column: 3 }],
        path: ['b'],
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
  });

  it('variables that do not fit are refused with the path into the value and a suggestion, both runs, and never compiled (their cost cannot be worked out)', async () => {
    const { first, second, execution } = await twice(t, 'query ($o: ProductOrder) { products(orderBy: $o) { totalCount } }', {
      o: { field: 'NAME', direction: 'DSC' },
    });
    expect(execution).toEqual(['interpreted', 'interpreted']);
    expect(second).toEqual(first);
    for (const answer of [first, second]) {
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.message).toMatch(
        /^Variable "\$o" got invalid value "DSC" at "o.direction"; .* Did you mean the enum value "ASC" or "DESC"\?/,
      );
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('what is compiled', () => {
  it('each operation of a document with several, by its operation name', async () => {
    const document = 'query One { product(name: "Istio") { name } } query Two { concept(name: "mTLS") { name } }';
    const ask = async (operationName: string) => {
      const { data, extensions } = await askOperation(document, operationName);
      return [data, extensions?.execution];
    };
    expect(await ask('One')).toEqual([{ product: { name: 'Istio' } }, 'interpreted']);
    expect(await ask('Two')).toEqual([{ concept: { name: 'mTLS' } }, 'interpreted']);
    expect(await ask('One')).toEqual([{ product: { name: 'Istio' } }, 'compiled']);
    expect(await ask('Two')).toEqual([{ concept: { name: 'mTLS' } }, 'compiled']);
  });

  it("an operation name the document does not have is refused every time; the document's own operation compiles on its second run", async () => {
    const document = 'query Only { product(name: "Linkerd") { name } }';
    for (const name of ['Other', 'Another', 'Other']) {
      const answer = await askOperation(document, name);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
        [`The document has no operation named "${name}": its operation is named "Only".`, 'OPERATION_RESOLUTION_FAILURE'],
      ]);
    }
    expect((await askOperation(document, 'Only')).extensions?.execution).toBe('interpreted');
    expect((await askOperation(document, 'Only')).extensions?.execution).toBe('compiled');
  });

  it("not introspection (GraphiQL's introspection query took 28 ms to compile), which answers the same every time", async () => {
    const { first, second, execution } = await twice(
      t,
      '{ __schema { queryType { name } } __type(name: "Product") { name kind fields { name type { name kind ofType { name } } } } }',
    );
    expect(execution).toEqual(['interpreted', 'interpreted']);
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
  });

  it('not a document with @skip or @include (graphql-jit 0.8.7 applies a condition on one spread of a fragment to its other spreads)', async () => {
    const query = `query ($no: Boolean!) {
      a: product(name: "Istio") { ...Name @include(if: $no) }
      b: product(name: "Istio") { ...Name }
      c: product(name: "Linkerd") { name status @skip(if: true) description @include(if: $no) ... on Product @skip(if: $no) { status } }
    } fragment Name on Product { name }`;
    const { first, second, execution } = await twice(t, query, { no: false });
    expect(execution).toEqual(['interpreted', 'interpreted']);
    expect(first).toEqual({ data: { a: {}, b: { name: 'Istio' }, c: { name: 'Linkerd', status: 'active' } } });
    expect(second).toEqual(first);
  });

  it('not an operation over the cost limits, which is refused every time before it would run', async () => {
    const query = '{ product(name: "Istio") { a: name b: name c: name d: name e: name f: name g: name h: name i: name j: name k: name } }';
    const { first, second, execution } = await twice(narrow, query);
    expect(execution).toEqual(['interpreted', 'interpreted']);
    expect(first.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(second).toEqual(first);
  });

  it('not an operation of more than 250 fields (compiling one keeps 5-7 KB a field), where the limits allow one', async () => {
    const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}: name`).join(' ');
    const query = `{ product(name: "Istio") { ${names('a', 130)} uses { product { ${names('b', 130)} } } } }`;
    const { first, second, execution } = await twice(wide, query);
    expect(first.errors).toBeUndefined();
    expect(execution).toEqual(['interpreted', 'interpreted']);
    expect(second).toEqual(first);
    const smaller = `{ product(name: "Istio") { ${names('a', 100)} uses { product { ${names('b', 100)} } } } }`;
    expect((await twice(wide, smaller)).execution).toEqual(['interpreted', 'compiled']);
  });

  it('nothing when the parse cache is off (PARSE_CACHE_ENTRIES=0): every request parses a new document', async () => {
    const { first, second, execution } = await twice(uncached, '{ product(name: "Istio") { name } }');
    expect(execution).toEqual(['interpreted', 'interpreted']);
    expect(second).toEqual(first);
  });
});
