/**
 * The HTTP side of saved views, as yoga plugins:
 *
 * - `savedViewOperations`: trusted documents on /graphql — `GET /graphql?documentId=<view>&variables=…`
 *   or `POST {documentId, variables}` runs a saved view without its text; with SAVED_VIEWS_ONLY
 *   any other operation is refused (`extensions.code: SAVED_VIEWS_ONLY`).
 * - `viewRoutes`: `GET /views` (the catalogue) and `GET /views/<name>?<variable>=<value>` answering
 *   JSON, CSV (tabular views) or Cytoscape.js elements (graph views), with ETag, 304 and the
 *   response cache.
 * - `graphqlReadCache`: the same ETag / 304 / response cache for `GET /graphql` reads.
 * - `corsPolicy`: CORS_ORIGINS, never with credentials, so saved views can be read from any
 *   allowed page (dashboards, notebooks, embeds).
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin, type YogaServer } from 'graphql-yoga';
import type { Context } from '../context.js';
import { httpStatusForErrors, isMeshgraphError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CACHE_CONTROL, etagFor, matchesIfNoneMatch, type GraphVersion, type GraphVersionTracker, type ResponseCache } from './cache.js';
import { CONTENT_TYPES, toCsv, toCytoscape, type Format } from './formats.js';
import type { SavedView, ViewRegistry } from './registry.js';
import { canonicalJson, coerceViewVariables, type Variables } from './variables.js';

export interface ViewHttpOptions {
  registry: ViewRegistry;
  tracker: GraphVersionTracker;
  cache: ResponseCache;
  logger: Logger;
}

const RESPONSE_HEADERS_EXPOSED = ['ETag', 'x-request-id', 'x-meshgraph-cache', 'x-meshgraph-graph-version', 'Content-Disposition'];

// ---------------------------------------------------------------------------------------------
// CORS
// ---------------------------------------------------------------------------------------------

/**
 * CORS for browsers on other origins: `*` (the default) answers `Access-Control-Allow-Origin: *`,
 * a list answers the request's origin when it is listed (and nothing otherwise). Credentials are
 * never allowed: the API is public reads, and `*` stays cacheable by shared caches.
 */
export function corsPolicy(origins: '*' | string[]): Plugin {
  const allowed = (origin: string | null): string | undefined => {
    if (!origin) return undefined;
    if (origins === '*') return '*';
    return origins.includes(origin) ? origin : undefined;
  };
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      const headers: Record<string, string> = { 'content-length': '0', vary: 'Origin, Access-Control-Request-Headers' };
      const origin = allowed(request.headers.get('origin'));
      if (origin) {
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
        headers['access-control-allow-headers'] =
          request.headers.get('access-control-request-headers') ?? 'content-type, accept, if-none-match, x-request-id, x-meshgraph-debug';
        headers['access-control-max-age'] = '600';
      }
      endResponse(new fetchAPI.Response(null, { status: 204, headers }));
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      if (origins !== '*') appendVary(response.headers, 'Origin');
      // With `*` every response says so, with or without an Origin header: a shared cache may
      // then hand any stored response to any page, and needs no Vary: Origin.
      const origin = origins === '*' ? '*' : allowed(request.headers.get('origin'));
      if (!origin) return;
      response.headers.set('access-control-allow-origin', origin);
      response.headers.set('access-control-expose-headers', RESPONSE_HEADERS_EXPOSED.join(', '));
    },
  };
}

function appendVary(headers: Headers, value: string): void {
  const current = headers.get('vary');
  if (!current) headers.set('vary', value);
  else if (!current.split(',').some((v) => v.trim().toLowerCase() === value.toLowerCase())) headers.set('vary', `${current}, ${value}`);
}

// ---------------------------------------------------------------------------------------------
// Trusted documents on /graphql
// ---------------------------------------------------------------------------------------------

const documentIdOf = (params: Record<string, unknown>, request: Request): string | null => {
  if (typeof params.documentId === 'string' && params.documentId !== '') return params.documentId;
  if (request.method === 'GET') return new URL(request.url).searchParams.get('documentId') || null;
  return null;
};

/**
 * `documentId` (the name of a saved view) instead of `query`, on GET and POST; arbitrary
 * operations keep working unless `savedViewsOnly`.
 */
export function savedViewOperations(registry: ViewRegistry, savedViewsOnly: boolean): Plugin[] {
  const refusal = (message: string, code: string, status: number, extra: Record<string, unknown> = {}) =>
    createGraphQLError(message, { extensions: { code, ...extra, http: { status } } });
  return [
    {
      onParams({ params, request }) {
        if (params.query && documentIdOf(params as Record<string, unknown>, request)) {
          throw refusal('Send either `query` or `documentId` (the name of a saved view), not both.', 'BAD_REQUEST', 400);
        }
      },
    },
    usePersistedOperations({
      allowArbitraryOperations: !savedViewsOnly,
      extractPersistedOperationId: (params, request) => documentIdOf(params as Record<string, unknown>, request),
      getPersistedOperation: (id) => registry.get(id)?.document ?? null,
      customErrors: {
        persistedQueryOnly: () =>
          refusal(
            'This server answers saved views only (SAVED_VIEWS_ONLY=true): send `documentId` with the name of a saved view instead of a query. GET /views lists them.',
            'SAVED_VIEWS_ONLY',
            403,
          ),
        keyNotFound: () =>
          refusal(
            savedViewsOnly
              ? 'Must provide `documentId`: the name of a saved view (GET /views lists them).'
              : 'Must provide a `query`, or a `documentId` naming a saved view (GET /views lists them).',
            'BAD_REQUEST',
            400,
          ),
        notFound: ({ params, request }) => {
          const id = documentIdOf(params as Record<string, unknown>, request);
          return refusal(`No saved view is named "${id}". GET /views lists them.`, 'NOT_FOUND', 404, { documentId: id });
        },
      },
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// GET /views and GET /views/<name>
// ---------------------------------------------------------------------------------------------

const jsonResponse = (fetchAPI: { Response: typeof Response }, body: unknown, status: number, headers: Record<string, string> = {}) =>
  new fetchAPI.Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': CONTENT_TYPES.json, 'cache-control': 'no-store', ...headers },
  });

const errorBody = (message: string, code: string, details: Record<string, unknown> = {}) => ({
  errors: [{ message, extensions: { ...details, code } }],
});

/** What the catalogue says about one view (GET /views). */
function describeView(view: SavedView) {
  const example = view.examples[0];
  return {
    name: view.name,
    title: view.title,
    description: view.description,
    variables: view.variables.map((v) => ({
      name: v.name,
      type: v.type,
      required: v.required,
      ...(v.defaultValue !== undefined ? { default: v.defaultValue } : {}),
      description: v.description,
    })),
    formats: ['json', ...(view.csv ? ['csv'] : []), ...(view.cytoscape ? ['cytoscape'] : [])],
    tabular: Boolean(view.csv),
    ...(view.csv ? { csv: { rows: view.csv.path.join('.'), columns: view.csv.columns } } : {}),
    url: `/views/${view.name}`,
    ...(example !== undefined ? { example: `/views/${view.name}${example ? `?${example}` : ''}` } : {}),
    graphql: { documentId: view.name, ...(view.operationName ? { operationName: view.operationName } : {}) },
    query: view.source,
  };
}

interface Rendered {
  status: number;
  contentType: string;
  body: string;
  headers: Record<string, string>;
  cacheable: boolean;
}

type FormatChoice = { format: Format } | { status: number; code: string; message: string };

/** `?format=` first, then the Accept header: CSV only when the client prefers text/csv. */
function chooseFormat(view: SavedView, formatParam: string | null, accept: string | null): FormatChoice {
  let format: Format;
  let explicit = true;
  if (formatParam !== null) {
    if (formatParam !== 'json' && formatParam !== 'csv' && formatParam !== 'cytoscape') {
      return { status: 400, code: 'BAD_USER_INPUT', message: `\`format\` is json, csv or cytoscape, not "${formatParam}".` };
    }
    format = formatParam;
  } else {
    const csvQ = qualityOf(accept, ['text/csv']);
    const jsonQ = accept ? qualityOf(accept, ['application/json', 'application/*', '*/*']) : 1;
    format = csvQ > 0 && csvQ >= jsonQ ? 'csv' : 'json';
    explicit = jsonQ === 0;
  }
  if (format === 'csv' && !view.csv) {
    if (!explicit) return { format: 'json' };
    return {
      status: 406,
      code: 'NOT_ACCEPTABLE',
      message: `The view "${view.name}" is not tabular, so it has no CSV form; ask for JSON${view.cytoscape ? ' or format=cytoscape' : ''}.`,
    };
  }
  if (format === 'cytoscape' && !view.cytoscape) {
    return {
      status: 406,
      code: 'NOT_ACCEPTABLE',
      message: `The view "${view.name}" is not graph-shaped, so it has no Cytoscape form; ask for JSON${view.csv ? ' or CSV' : ''}.`,
    };
  }
  return { format };
}

/** The q-value the Accept header gives the best-matching of `ranges` (0 when none matches). */
function qualityOf(accept: string | null, ranges: readonly string[]): number {
  if (!accept) return 0;
  let best = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!ranges.includes(type)) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    if (Number.isFinite(value) && value > best) best = value;
  }
  return best;
}

function serializeErrors(errors: readonly GraphQLError[]) {
  return errors.map((error) => {
    const json = error instanceof GraphQLError ? error.toJSON() : { message: String((error as Error).message ?? error) };
    if (json.extensions && 'http' in json.extensions) {
      const { http: _http, ...rest } = json.extensions as Record<string, unknown>;
      return { ...json, extensions: rest };
    }
    return json;
  });
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}

function render(view: SavedView, format: Format, result: ExecutionResult, debug: boolean): Rendered {
  if (result.errors?.length) {
    const errors = serializeErrors(result.errors);
    // Headers an error asks for (Retry-After of RATE_LIMITED).
    const asked = (result.errors[0]?.extensions?.http as { headers?: Record<string, string> } | undefined)?.headers ?? {};
    return {
      status: httpStatusForErrors(errors, result.data != null),
      contentType: CONTENT_TYPES.json,
      body: JSON.stringify({
        ...(result.data !== undefined ? { data: result.data } : {}),
        errors,
        ...(result.extensions ? { extensions: result.extensions } : {}),
      }),
      headers: { ...asked },
      cacheable: false,
    };
  }
  if (format === 'csv') {
    return {
      status: 200,
      contentType: CONTENT_TYPES.csv,
      body: toCsv(result.data, view.csv!),
      headers: { 'content-disposition': `inline; filename="${view.name}.csv"` },
      cacheable: !debug,
    };
  }
  if (format === 'cytoscape') {
    return {
      status: 200,
      contentType: CONTENT_TYPES.cytoscape,
      body: JSON.stringify(toCytoscape(result.data, view.cytoscape!.path)),
      headers: {},
      cacheable: !debug,
    };
  }
  return {
    status: 200,
    contentType: CONTENT_TYPES.json,
    body: JSON.stringify({ data: result.data, ...(debug && result.extensions ? { extensions: result.extensions } : {}) }),
    headers: {},
    cacheable: !debug,
  };
}

/** `GET /views` and `GET /views/<name>`. */
export function viewRoutes({ registry, tracker, cache, logger }: ViewHttpOptions): Plugin<Context> {
  let yoga: YogaServer<Record<string, unknown>, Context> | undefined;
  const inflight = new Map<string, Promise<Rendered>>();
  const catalogue = JSON.stringify({ views: registry.list().map(describeView) });

  return {
    onYogaInit({ yoga: instance }) {
      yoga = instance as unknown as YogaServer<Record<string, unknown>, Context>;
    },
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (url.pathname !== '/views' && url.pathname !== '/views/' && !url.pathname.startsWith('/views/')) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(jsonResponse(fetchAPI, errorBody('Saved views are read with GET.', 'METHOD_NOT_ALLOWED'), 405, { allow: 'GET, HEAD' }));
        return;
      }
      if (url.pathname === '/views' || url.pathname === '/views/') {
        endResponse(
          new fetchAPI.Response(catalogue, {
            status: 200,
            headers: { 'content-type': CONTENT_TYPES.json, 'cache-control': 'public, max-age=60' },
          }),
        );
        return;
      }
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/views/'.length)).replace(/\.graphql$/, '');
      } catch {
        name = '';
      }
      const view = registry.get(name);
      if (!view) {
        endResponse(
          jsonResponse(fetchAPI, errorBody(`No saved view is named "${name}". GET /views lists them.`, 'NOT_FOUND', { view: name }), 404),
        );
        return;
      }
      const choice = chooseFormat(view, url.searchParams.get('format'), request.headers.get('accept'));
      if (!('format' in choice)) {
        endResponse(jsonResponse(fetchAPI, errorBody(choice.message, choice.code, { view: view.name }), choice.status, { vary: 'Accept' }));
        return;
      }
      const format = choice.format;
      let variables: Variables;
      try {
        variables = coerceViewVariables(view, url.searchParams);
      } catch (error) {
        if (!isMeshgraphError(error)) throw error;
        endResponse(jsonResponse(fetchAPI, errorBody(error.message, error.code, error.details), 400));
        return;
      }
      const debug = request.headers.get('x-meshgraph-debug') === '1';

      // The graph version: one cheap read at most a second old. Unknown (Neo4j down): no caching,
      // and the execution below fails fast with SERVICE_UNAVAILABLE.
      let version: GraphVersion | undefined;
      try {
        version = await tracker.current();
      } catch (error) {
        logger.debug({ err: error }, 'graph version unknown: answering without cache');
      }
      const etag = version ? etagFor(version, ['view', view.name, canonicalJson(variables), format]) : undefined;
      const cacheHeaders = (tag: string, v: GraphVersion): Record<string, string> => ({
        etag: tag,
        'cache-control': CACHE_CONTROL,
        vary: 'Accept',
        'x-meshgraph-graph-version': String(v.version),
      });
      if (version && etag) {
        cache.retain(version.id);
        if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
          endResponse(new fetchAPI.Response(null, { status: 304, headers: cacheHeaders(etag, version) }));
          return;
        }
        const cached = debug ? undefined : cache.get(etag);
        if (cached) {
          endResponse(
            new fetchAPI.Response(cached.body, {
              status: cached.status,
              headers: {
                'content-type': cached.contentType,
                ...cached.headers,
                ...cacheHeaders(etag, version),
                'x-meshgraph-cache': 'hit',
              },
            }),
          );
          return;
        }
      }

      const execute = async (): Promise<Rendered> => {
        if (!yoga) throw new Error('viewRoutes: the yoga instance is not initialised');
        const result = await yoga.getResultForParams(
          {
            params: { documentId: view.name, variables, ...(view.operationName ? { operationName: view.operationName } : {}) } as never,
            request,
          },
          serverContext as never,
        );
        if (!isSingleResult(result)) throw new Error(`the view ${view.name} did not answer one result`);
        return render(view, format, result, debug);
      };
      let rendered: Rendered;
      if (etag && !debug) {
        // Identical reads arriving together share one execution.
        let pending = inflight.get(etag);
        const shared = pending !== undefined;
        if (!pending) {
          pending = execute().finally(() => inflight.delete(etag));
          inflight.set(etag, pending);
        }
        rendered = await pending;
        // A 429 is the budget of the client that ran it, not this one's: run it for this client.
        if (shared && rendered.status === 429) rendered = await execute();
      } else {
        rendered = await execute();
      }
      if (rendered.cacheable && version && etag) {
        cache.set(etag, {
          version: version.id,
          status: rendered.status,
          contentType: rendered.contentType,
          body: rendered.body,
          headers: rendered.headers,
        });
      }
      endResponse(
        new fetchAPI.Response(rendered.body, {
          status: rendered.status,
          headers: {
            'content-type': rendered.contentType,
            ...rendered.headers,
            ...(rendered.cacheable && version && etag
              ? { ...cacheHeaders(etag, version), 'x-meshgraph-cache': 'miss' }
              : { 'cache-control': 'no-store', vary: 'Accept' }),
          },
        }),
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// GET /graphql reads
// ---------------------------------------------------------------------------------------------

interface GraphqlRead {
  etag: string;
  version: GraphVersion;
  clean: boolean;
}

/**
 * ETag, 304 and the response cache for `GET /graphql?query=…` and `GET /graphql?documentId=…`
 * (the browser's playground page, and requests with x-meshgraph-debug, are left alone).
 */
export function graphqlReadCache({ tracker, cache, logger }: Omit<ViewHttpOptions, 'registry'>): Plugin<Context> {
  const reads = new WeakMap<Request, GraphqlRead>();
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== '/graphql') return;
      const accept = request.headers.get('accept') ?? '';
      if (accept.includes('text/html') || request.headers.get('x-meshgraph-debug') === '1') return;
      const params = url.searchParams;
      const query = params.get('query') ?? '';
      const documentId = params.get('documentId') ?? '';
      if (!query && !documentId) return;
      let variables: string;
      let extensions: string;
      try {
        variables = canonicalJson(JSON.parse(params.get('variables') || 'null'));
        extensions = canonicalJson(JSON.parse(params.get('extensions') || 'null'));
      } catch {
        return; // yoga answers the malformed JSON
      }
      let version: GraphVersion;
      try {
        version = await tracker.current();
      } catch (error) {
        logger.debug({ err: error }, 'graph version unknown: answering without cache');
        return;
      }
      cache.retain(version.id);
      const etag = etagFor(version, ['graphql', documentId, query, params.get('operationName') ?? '', variables, extensions, accept]);
      const headers = { etag, 'cache-control': CACHE_CONTROL, vary: 'Accept', 'x-meshgraph-graph-version': String(version.version) };
      if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const cached = cache.get(etag);
      if (cached) {
        endResponse(
          new fetchAPI.Response(cached.body, {
            status: cached.status,
            headers: { 'content-type': cached.contentType, ...headers, 'x-meshgraph-cache': 'hit' },
          }),
        );
        return;
      }
      reads.set(request, { etag, version, clean: false });
    },
    onExecutionResult({ request, result }) {
      const read = reads.get(request);
      if (read && isSingleResult(result) && !result.errors?.length) read.clean = true;
    },
    async onResponse({ request, response }) {
      const read = reads.get(request);
      if (!read) return;
      if (!read.clean || response.status !== 200) {
        response.headers.set('cache-control', 'no-store');
        return;
      }
      const body = await response.clone().text();
      cache.set(read.etag, {
        version: read.version.id,
        status: 200,
        contentType: response.headers.get('content-type') ?? CONTENT_TYPES.json,
        body,
      });
      response.headers.set('etag', read.etag);
      response.headers.set('cache-control', CACHE_CONTROL);
      response.headers.set('x-meshgraph-graph-version', String(read.version.version));
      response.headers.set('x-meshgraph-cache', 'miss');
      appendVary(response.headers, 'Accept');
    },
  };
}
