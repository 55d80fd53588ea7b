/**
 * Saved views: named, reviewed GraphQL operations in views/*.graphql, called by name — as
 * trusted documents on /graphql (`documentId`) and as plain URLs under /views answering JSON,
 * CSV or Cytoscape.js elements — against the real Neo4j.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { schema } from '../../src/schema/index.js';
import { toCsv } from '../../src/views/formats.js';
import { loadViews, ViewError } from '../../src/views/registry.js';
import { createTestApp, type TestApp } from '../support/app.js';

const registry = loadViews(projectPath('views'), schema);

interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.fetch(`http://meshgraph${url}`, { headers });

describe('every saved view', () => {
  it('validates against the schema (start-up refuses a view that does not)', () => {
    const names = registry.list().map((v) => v.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'landscape-stats',
        'product-lineage',
        'neighbourhood',
        'concept-entries',
        'search',
        'relationship-graph',
        'what-replaced',
      ]),
    );
  });

  const cases = registry.list().flatMap((view) =>
    (view.examples.length > 0 ? view.examples : ['']).map((example) => ({
      view,
      url: `/views/${view.name}${example ? `?${example}` : ''}`,
    })),
  );

  it.each(cases)('answers $url against the real Neo4j without errors, in each of its formats', async ({ view, url }) => {
    const response = await get(url);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(response.status).toBe(200);
    expect(body.data).toBeTruthy();

    const sep = url.includes('?') ? '&' : '?';
    if (view.csv) {
      const csv = await get(`${url}${sep}format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header] = (await csv.text()).split('\r\n');
      expect(header).toBe(view.csv.columns.join(','));
    }
    if (view.cytoscape) {
      const elements = (await (await get(`${url}${sep}format=cytoscape`)).json()) as unknown[];
      expect(Array.isArray(elements)).toBe(true);
    }
  });
});

describe('a view that does not fit the schema', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'meshgraph-views-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops start-up with its file, line and the reason', () => {
    writeFileSync(
      path.join(dir, 'broken.graphql'),
      [
        '# Broken',
        '# @param name A name.',
        '# @example name=Istio',
        'query Broken($name: String!) {',
        '  product(name: $name) { nme }',
        '}',
        '',
      ].join('\n'),
    );
    expect(() => loadViews(dir, schema)).toThrow(ViewError);
    expect(() => loadViews(dir, schema)).toThrow(/broken\.graphql:5:26: Cannot query field "nme" on type "Product"/);
  });

  it('is refused when its header does not document a variable, or names a CSV path that is not a list', () => {
    rmSync(path.join(dir, 'broken.graphql'), { force: true });
    writeFileSync(
      path.join(dir, 'undocumented.graphql'),
      [
        '# Undocumented',
        '# @csv data.product.name',
        '# @example name=Istio',
        'query Undocumented($name: String!) {',
        '  product(name: $name) { name }',
        '}',
        '',
      ].join('\n'),
    );
    let error: ViewError | undefined;
    try {
      loadViews(dir, schema);
    } catch (e) {
      error = e as ViewError;
    }
    expect(error?.issues.map((i) => `${path.basename(i.file)}:${i.line}: ${i.message}`)).toEqual([
      'undocumented.graphql:4: the variable $name has no "# @param name <description>" line in the header',
      'undocumented.graphql:2: @csv data.product.name: name is a String, not an object',
    ]);
  });
});

describe('GET /views', () => {
  it('lists every view with its title, description, variables, formats and an example URL', async () => {
    const response = await get('/views');
    expect(response.status).toBe(200);
    const { views } = (await response.json()) as { views: Array<Record<string, any>> };
    expect(views.map((v) => v.name)).toEqual(registry.list().map((v) => v.name));
    const neighbourhood = views.find((v) => v.name === 'neighbourhood')!;
    expect(neighbourhood.title).toBe('Neighbourhood');
    expect(neighbourhood.description).toMatch(/Cytoscape/);
    expect(neighbourhood.variables).toEqual([
      { name: 'name', type: 'String!', required: true, description: expect.stringMatching(/centre/) },
      { name: 'depth', type: 'Int', required: false, default: 1, description: expect.any(String) },
      { name: 'maxNodes', type: 'Int', required: false, default: 100, description: expect.any(String) },
    ]);
    expect(neighbourhood.formats).toEqual(['json', 'csv', 'cytoscape']);
    expect(neighbourhood.example).toBe('/views/neighbourhood?name=Maesh');
    expect(neighbourhood.graphql).toEqual({ documentId: 'neighbourhood', operationName: 'Neighbourhood' });
    expect(views.find((v) => v.name === 'product-profile')).toMatchObject({ tabular: false, formats: ['json'] });
  });
});

describe('GET /views/<name>', () => {
  it('answers { data } with the variables taken from the query string', async () => {
    const response = await get('/views/what-replaced?name=Maesh');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as GraphQLBody;
    expect(Object.keys(body)).toEqual(['data']);
    expect(body.data?.product.supersededBy).toContainEqual(
      expect.objectContaining({ product: expect.objectContaining({ name: 'Traefik Mesh' }), kind: 'RENAMED', since: '2020-09-16' }),
    );
  });

  it('coerces each variable from text by its declared type (Int, lists by repeating the parameter, enums)', async () => {
    const deep = (await (await get('/views/neighbourhood?name=Maesh&depth=2&maxNodes=7')).json()) as GraphQLBody;
    expect(deep.data?.subgraph.nodes).toHaveLength(7);
    const graph = (await (
      await get('/views/relationship-graph?around=Linkerd&around=Conduit&depth=1&types=SUPERSEDES')
    ).json()) as GraphQLBody;
    expect(graph.errors).toBeUndefined();
    expect(graph.data?.subgraph.relationshipTypes).toEqual(['SUPERSEDES']);
    expect(graph.data?.subgraph.nodes.filter((n: { centre: boolean }) => n.centre).map((n: { name: string }) => n.name)).toEqual([
      'Linkerd',
      'Conduit',
    ]);
  });

  it('answers 400 BAD_USER_INPUT naming the variable when a required one is missing, has the wrong type, or is unknown', async () => {
    const missing = await get('/views/product-lineage');
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as GraphQLBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/The view "product-lineage" needs `name` \(String!\)/);

    const notInt = (await (await get('/views/neighbourhood?name=Maesh&depth=two')).json()) as GraphQLBody;
    expect(notInt.errors?.[0]?.message).toMatch(/`depth` \(Int\) expects a whole number, got "two"/);

    const badEnum = await get('/views/relationship-graph?types=FRIENDS_WITH');
    expect(badEnum.status).toBe(400);
    expect(((await badEnum.json()) as GraphQLBody).errors?.[0]?.message).toMatch(/`types`.*FRIENDS_WITH.*It is one of: .*SUPERSEDES/);

    const typo = (await (await get('/views/neighbourhood?nmae=Maesh')).json()) as GraphQLBody;
    expect(typo.errors?.[0]?.message).toMatch(
      /`nmae` is not a variable of the view "neighbourhood" \(it takes `name`, `depth`, `maxNodes`\)/,
    );
  });

  it('answers 404 for an unknown view, and the error of the operation with its status (NOT_FOUND → 404)', async () => {
    const unknown = await get('/views/no-such-view');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as GraphQLBody).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const noProduct = await get('/views/what-replaced?name=Nonexistent%20Mesh%20Thing');
    expect(noProduct.status).toBe(404);
    expect(noProduct.headers.get('cache-control')).toBe('no-store');
    const body = (await noProduct.json()) as GraphQLBody;
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/No product is named "Nonexistent Mesh Thing"/),
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('answers CSV for tabular views when the client asks for text/csv, by Accept or by ?format=csv', async () => {
    const byAccept = await get('/views/what-replaced?name=Maesh', { accept: 'text/csv' });
    expect(byAccept.status).toBe(200);
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(byAccept.headers.get('content-disposition')).toBe('inline; filename="what-replaced.csv"');
    const lines = (await byAccept.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'product.name,product.slug,product.status,product.homepage,kind,since,confidence,note,sources.title,sources.slug,sources.url',
    );
    expect(lines.find((l) => l.startsWith('Traefik Mesh,traefik-mesh,'))).toMatch(
      /,RENAMED,2020-09-16,HIGH,rename commit 2020-09-16; first release under the new name v1\.4\.0 on 2020-09-23,.*https:\/\/github\.com\/traefik\/mesh\/commit\/66f6556c/,
    );

    const byParam = await get('/views/landscape-stats?format=csv');
    expect(byParam.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await byParam.text()).trimEnd().split('\r\n');
    expect(rows[0]).toBe('year,count');
    expect(rows.slice(1).every((r) => /^\d{4},\d+$/.test(r))).toBe(true);
  });

  it('answers 406 when CSV is asked of a view that is not tabular (and JSON when the client also takes JSON)', async () => {
    const refused = await get('/views/product-profile?name=Istio', { accept: 'text/csv' });
    expect(refused.status).toBe(406);
    expect(((await refused.json()) as GraphQLBody).errors?.[0]?.message).toMatch(/not tabular/);
    expect((await get('/views/product-profile?name=Istio&format=csv')).status).toBe(406);
    const negotiated = await get('/views/product-profile?name=Istio', { accept: 'text/csv, application/json;q=0.9' });
    expect(negotiated.status).toBe(200);
    expect(negotiated.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers Cytoscape.js elements for graph views with ?format=cytoscape', async () => {
    const response = await get('/views/neighbourhood?name=Maesh&format=cytoscape');
    expect(response.status).toBe(200);
    const elements = (await response.json()) as Array<{ group: string; data: Record<string, any> }>;
    const nodes = elements.filter((e) => e.group === 'nodes');
    const edges = elements.filter((e) => e.group === 'edges');
    expect(nodes.find((n) => n.data.centre)?.data).toMatchObject({ name: 'Maesh', label: 'Product', slug: 'maesh', distance: 0 });
    expect(edges.length).toBeGreaterThan(0);
    const ids = new Set(nodes.map((n) => n.data.id));
    for (const edge of edges) {
      expect(ids.has(edge.data.source) && ids.has(edge.data.target)).toBe(true);
      expect(typeof edge.data.id).toBe('string');
    }
    expect(edges.map((e) => e.data.id)).toContain('SUPERSEDES:traefik-mesh:maesh');
    expect((await get('/views/what-replaced?name=Maesh&format=cytoscape')).status).toBe(406);
  });
});

describe('GET and POST /graphql with documentId (trusted documents)', () => {
  it('runs a saved view by name without its text, with variables as JSON', async () => {
    const variables = encodeURIComponent(JSON.stringify({ name: 'Maesh' }));
    const response = await get(`/graphql?documentId=what-replaced&variables=${variables}`, { accept: 'application/json' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors).toBeUndefined();
    expect(body.data?.product.name).toBe('Maesh');
  });

  it('accepts POST {documentId, variables}', async () => {
    const response = await t.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: 'concept-entries', variables: { name: 'mTLS' } }),
    });
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors).toBeUndefined();
    expect(body.data?.concept.name).toBe('mTLS');
  });

  it('answers NOT_FOUND for a documentId that is no saved view, and refuses query and documentId together', async () => {
    const unknown = (await (await get('/graphql?documentId=nope', { accept: 'application/json' })).json()) as GraphQLBody;
    expect(unknown.errors?.[0]).toMatchObject({
      message: 'No saved view is named "nope". GET /views lists them.',
      extensions: { code: 'NOT_FOUND' },
    });
    const both = (await (
      await t.app.fetch('http://meshgraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ documentId: 'search', query: '{ __typename }' }),
      })
    ).json()) as GraphQLBody;
    expect(both.errors?.[0]?.message).toMatch(/either `query` or `documentId`/);
  });

  it('keeps running arbitrary operations by default', async () => {
    const result = await t.query<{ product: { name: string } }>('{ product(name: "Istio") { name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.product.name).toBe('Istio');
  });
});

describe('SAVED_VIEWS_ONLY=true', () => {
  let locked: TestApp;
  beforeAll(async () => {
    locked = await createTestApp({ SAVED_VIEWS_ONLY: 'true' });
  });
  afterAll(async () => {
    await locked.close();
  });

  it('refuses any operation that is not a saved view, with extensions.code SAVED_VIEWS_ONLY', async () => {
    const posted = await locked.query('{ product(name: "Istio") { name } }');
    expect(posted.data).toBeUndefined();
    expect(posted.errors?.[0]?.extensions?.code).toBe('SAVED_VIEWS_ONLY');
    expect(posted.errors?.[0]?.message).toMatch(/saved views only .*documentId/);

    const viaGet = await locked.app.fetch(`http://meshgraph/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(viaGet.status).toBe(403);
    expect(((await viaGet.json()) as GraphQLBody).errors?.[0]?.extensions?.code).toBe('SAVED_VIEWS_ONLY');
  });

  it('keeps answering saved views, by documentId and under /views', async () => {
    const byId = await locked.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: 'what-replaced', variables: { name: 'Maesh' } }),
    });
    expect(((await byId.json()) as GraphQLBody).data?.product.name).toBe('Maesh');
    const byUrl = await locked.app.fetch('http://meshgraph/views/landscape-stats');
    expect(byUrl.status).toBe(200);
    expect((((await byUrl.json()) as GraphQLBody).data?.stats.productCount as number) > 0).toBe(true);
  });
});

describe('CSV rows', () => {
  it('follow RFC 4180: quoted when needed, lists inside a row joined with "; ", null empty, formulas defused', () => {
    const data = {
      list: [
        {
          name: 'Istio, the mesh',
          note: 'said "hi"\nthen left',
          tags: ['a', 'b'],
          sources: [{ url: 'https://x' }, { url: 'https://y' }],
          gone: null,
        },
        { name: '=HYPERLINK("http://evil")', note: '-1', tags: [], sources: [], gone: null },
      ],
    };
    const csv = toCsv(data, { path: ['data', 'list'], columns: ['name', 'note', 'tags', 'sources.url', 'gone'] });
    expect(csv).toBe(
      'name,note,tags,sources.url,gone\r\n' +
        '"Istio, the mesh","said ""hi""\nthen left",a; b,https://x; https://y,\r\n' +
        '"\'=HYPERLINK(""http://evil"")",-1,,,\r\n',
    );
  });
});
