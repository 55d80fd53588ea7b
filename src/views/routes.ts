/**
 * `GET /views` (the catalogue) and `GET /views/<name>?<variable>=<value>`, answering JSON, CSV
 * (tabular views) or Cytoscape.js elements (graph views), with ETag, 304 and the response cache.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin, YogaServer } from 'graphql-yoga';
import type { Context } from '../context.js';
import { httpStatusForErrors, httpStatusOf, isMeshgraphError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  cacheHeaders,
  cachedAnswer,
  etagFor,
  fetchRequestHead,
  toFetchResponse,
  type GraphVersion,
  type GraphVersionTracker,
  type RequestHead,
  type ResponseCache,
} from './cache.js';
import { CONTENT_TYPES, toCsv, toCytoscape, type Format } from './formats.js';
import type { SavedView, ViewRegistry } from './registry.js';
import { canonicalJson, coerceViewVariables, type Variables } from './variables.js';

export interface ViewHttpOptions {
  registry: ViewRegistry;
  tracker: GraphVersionTracker;
  cache: ResponseCache;
  logger: Logger;
}

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

const UTF8 = new TextEncoder();

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
      return {
        status: httpStatusOf('BAD_USER_INPUT'),
        code: 'BAD_USER_INPUT',
        message: `\`format\` is json, csv or cytoscape, not "${formatParam}".`,
      };
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

export function isSingleResult(result: unknown): result is ExecutionResult {
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

/** A call of a saved view, checked: what it runs and what it is cached by. */
interface ViewRead {
  view: SavedView;
  format: Format;
  variables: Variables;
  debug: boolean;
  /** The parts of its ETag. */
  key: string[];
}

/** Why a call of a saved view is refused before any work. */
interface ViewRefusal {
  refusal: { status: number; code: string; message: string; details: Record<string, unknown>; headers?: Record<string, string> };
}

/**
 * `GET /views/<name>?…` checked: the view, the format (`?format=` or Accept), the variables
 * coerced, and its cache key; or why it is refused. The route and the hits answered in front of
 * yoga (src/views/fast-hits.ts) both read a call through this.
 */
export function viewRead(registry: ViewRegistry, head: RequestHead): ViewRead | ViewRefusal {
  let name: string;
  try {
    name = decodeURIComponent(head.url.pathname.slice('/views/'.length)).replace(/\.graphql$/, '');
  } catch {
    name = '';
  }
  const view = registry.get(name);
  if (!view) {
    return {
      refusal: {
        status: 404,
        code: 'NOT_FOUND',
        message: `No saved view is named "${name}". GET /views lists them.`,
        details: { view: name },
      },
    };
  }
  const choice = chooseFormat(view, head.url.searchParams.get('format'), head.header('accept'));
  if (!('format' in choice)) {
    return { refusal: { ...choice, details: { view: view.name }, headers: { vary: 'Accept' } } };
  }
  let variables: Variables;
  try {
    variables = coerceViewVariables(view, head.url.searchParams);
  } catch (error) {
    if (!isMeshgraphError(error)) throw error;
    return { refusal: { status: 400, code: error.code, message: error.message, details: error.details } };
  }
  return {
    view,
    format: choice.format,
    variables,
    debug: head.header('x-meshgraph-debug') === '1',
    key: ['view', view.name, canonicalJson(variables), choice.format],
  };
}

/** `GET /views` and `GET /views/<name>`. */
export function viewRoutes({ registry, tracker, cache, logger }: ViewHttpOptions): Plugin<Context> {
  let yoga: YogaServer<Record<string, unknown>, Context> | undefined;
  const inflight = new Map<string, Promise<Rendered>>();
  const catalogue = JSON.stringify({ views: registry.list().map(describeView) });

  return {
    onYogaInit({ yoga: instance }) {
      yoga = instance;
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
      const read = viewRead(registry, fetchRequestHead(request, url));
      if ('refusal' in read) {
        const { message, code, details, status, headers } = read.refusal;
        endResponse(jsonResponse(fetchAPI, errorBody(message, code, details), status, headers));
        return;
      }
      const { view, format, variables, debug } = read;

      // The graph version: one cheap read at most a second old. Unknown (Neo4j down): no caching,
      // and the execution below fails fast with SERVICE_UNAVAILABLE.
      let version: GraphVersion | undefined;
      try {
        version = await tracker.current();
      } catch (error) {
        logger.debug({ err: error }, 'graph version unknown: answering without cache');
      }
      const etag = version ? etagFor(version, read.key) : undefined;
      if (version && etag) {
        const answer = cachedAnswer(cache, version, etag, request.headers.get('if-none-match'), { useBody: !debug, countMiss: true });
        if (answer) {
          endResponse(toFetchResponse(fetchAPI, answer));
          return;
        }
      }

      const execute = async (): Promise<Rendered> => {
        if (!yoga) throw new Error('viewRoutes: the yoga instance is not initialised');
        // The trusted-documents plugin finds the view by the `documentId` beside the standard params.
        const params: GraphQLParams & { documentId: string } = {
          documentId: view.name,
          variables,
          ...(view.operationName ? { operationName: view.operationName } : {}),
        };
        const result = await yoga.getResultForParams({ params, request }, serverContext);
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
          body: UTF8.encode(rendered.body),
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
