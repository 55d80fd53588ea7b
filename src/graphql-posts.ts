/**
 * `POST /graphql` answered in front of yoga. Through yoga, a small query pays as much Node CPU
 * for its HTTP layer as for its execution: the fetch API's Request (its URL, Headers and
 * AbortSignal) and Response objects, the body read as a web stream, and every plugin's request
 * and response hooks. Measured on the peer benchmark's lookup and fan-in (issue 12), answering
 * here saves 15–20 % of a request's Node CPU. So the node:http listener answers the common POST
 * itself, and only when it knows the answer is the one yoga would give:
 *
 * - from the head alone: a POST to `/graphql` of `application/json` (as yoga matches it) with a
 *   Content-Length within MAX_REQUEST_BYTES, no Content-Encoding, an Accept that yoga answers
 *   as application/json or application/graphql-response+json (`regularMediaType`), no
 *   x-meshgraph-debug, and not SAVED_VIEWS_ONLY;
 * - from the body: a JSON object of `query` (a string), `variables` (an object or null) and
 *   `operationName` (a string or null), nothing else (a `documentId` or `extensions` go to yoga);
 * - from the document: it parses and validates (with the app's own parse and validation caches,
 *   limits and rules), and names one query operation to run.
 *
 * It then runs yoga's own envelop (`getEnveloped`: the same context factory and execution plugins:
 * cost limits, the client budget, the response budget, metrics, compiled execution, the error
 * policy) and answers with yoga's status rules and JSON (`processRegularResult` whenever an error
 * or an HTTP extension is in the result). What yoga's request and response plugins add is added
 * here through the same functions: the request id, metrics and access log (`startRequest`,
 * `finishRequest`), CORS (`corsResponseHeaders`) and the masking of errors that escaped
 * (`maskEscapedErrors`).
 *
 * Anything else goes to yoga unchanged; a body already read is handed to it as the request's
 * parsed body (`request.body`, which @whatwg-node/server takes in place of the stream). So a
 * refusal, a parse or validation error, a saved view or an odd media type reads exactly as before.
 *
 * Envelop's plugins here see a request of what they read: `method`, `url`, `headers.get`/`has`
 * and `signal`, which aborts when the client goes away before the answer is sent (as yoga's does).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { type DocumentNode, type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import { processRegularResult } from 'graphql-yoga';
import type { App } from './app.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { HeaderRecord, headerOf } from './node-http.js';
import { finishRequest, type RequestState, startRequest } from './request-lifecycle.js';
import { corsResponseHeaders } from './views/cors.js';

type Listener = (request: IncomingMessage, response: ServerResponse) => unknown;

export interface GraphqlPostOptions {
  /** MAX_REQUEST_BYTES: a larger body goes to yoga, which refuses it. */
  maxRequestBytes: number;
  /** SAVED_VIEWS_ONLY: then every POST goes to yoga, which refuses arbitrary queries. */
  savedViewsOnly: boolean;
  corsOrigins: '*' | string[];
  logger: Logger;
  metrics: Metrics;
  /** The app's request states, by request: its context factory reads the request id there. */
  requests: WeakMap<object, RequestState>;
  /** The app's last step for errors nothing else handled (src/app.ts): logged, then masked. */
  maskEscapedErrors: (result: ExecutionResult, requestId: string) => ExecutionResult;
}

/** How many POSTs were answered here and how many went on to yoga (for specs and diagnosis). */
export interface GraphqlPostStats {
  answered: number;
  handedOn: number;
}

type MediaType = 'application/json' | 'application/graphql-response+json';

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A node:http listener that answers plain GraphQL POSTs itself and hands every other request to `fallback` (the yoga app). */
export function answerGraphqlPosts(
  app: App,
  options: GraphqlPostOptions,
  fallback: Listener,
): { listener: Listener; stats: GraphqlPostStats } {
  const stats: GraphqlPostStats = { answered: 0, handedOn: 0 };
  const { logger, metrics } = options;
  const handOn = (request: IncomingMessage, response: ServerResponse, body?: Buffer) => {
    stats.handedOn += 1;
    // @whatwg-node/server reads a request whose body was consumed from `request.body`: an async
    // iterable of the bytes read (a Buffer would do too, but it lists every byte as a key there).
    if (body) Object.assign(request, { body: Readable.from([body]) });
    return fallback(request, response);
  };

  const listener: Listener = (request, response) => {
    if (request.method !== 'POST' || request.url !== '/graphql') return fallback(request, response);
    const accepted = options.savedViewsOnly ? undefined : acceptableHead(request, options.maxRequestBytes);
    if (!accepted) return handOn(request, response);
    const started = performance.now();
    const chunks: Buffer[] = [];
    let read = false;
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => undefined); // a client gone mid-body: handled on close below
    response.once('close', () => {
      if (read) return;
      // The client went away before its body was read: logged and counted as yoga does (400).
      stats.answered += 1;
      finishRequest(
        startRequest('/graphql', headerOf(request, 'x-request-id'), started),
        'POST',
        400,
        new HeaderRecord({}),
        logger,
        metrics,
      );
    });
    request.on('end', () => {
      read = true;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const params = plainParams(body);
      if (!params) return handOn(request, response, body);
      answer(request, response, params, accepted, started).then(
        (answered) => {
          if (answered) stats.answered += 1;
          else handOn(request, response, body);
        },
        (error: unknown) => {
          // Only a failure to build or write the answer gets here, after the request was logged.
          logger.error({ err: error }, 'answering a GraphQL POST failed');
          if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          response.end(JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
        },
      );
    });
  };

  /** Runs the request through yoga's envelop; false (nothing executed) when yoga must answer it. */
  async function answer(
    request: IncomingMessage,
    response: ServerResponse,
    params: Params,
    mediaType: MediaType,
    started: number,
  ): Promise<boolean> {
    const view = new RequestView(request, response);
    let enveloped: ReturnType<App['getEnveloped']>;
    let document: DocumentNode;
    try {
      enveloped = app.getEnveloped({ req: request, res: response, request: view, params } as never);
      document = enveloped.parse(params.query);
      if (enveloped.validate(enveloped.schema, document).length > 0) return false;
    } catch {
      return false; // a syntax error or a limit (MAX_QUERY_BYTES …): yoga words it
    }
    if (getOperationAST(document, params.operationName)?.operation !== 'query') return false;

    const state = startRequest('/graphql', headerOf(request, 'x-request-id'), started);
    options.requests.set(view, state);
    let result: ExecutionResult;
    try {
      const contextValue = await enveloped.contextFactory();
      result = (await enveloped.execute({
        schema: enveloped.schema,
        document,
        contextValue,
        variableValues: params.variables,
        operationName: params.operationName,
      })) as ExecutionResult;
    } catch (error) {
      // As yoga: an error thrown out of execution becomes the result's one error.
      result = { errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error })] };
    }

    // Answered even when the client has gone (Node then writes nothing): logged and counted as yoga does.
    result = options.maskEscapedErrors(result, state.id);
    let status = 200;
    let text: string;
    const headers: Record<string, string> = {};
    if (!result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http) {
      text = (result as { stringify?: (r: unknown) => string }).stringify?.(result) ?? JSON.stringify(result);
      headers['content-type'] = `${mediaType}; charset=utf-8`;
    } else {
      const processed = await processRegularResult(result, app.fetchAPI, mediaType);
      status = processed.status;
      processed.headers.forEach((value, name) => {
        headers[name] = value;
      });
      text = await processed.text();
    }
    headers['content-length'] = String(Buffer.byteLength(text));
    const sink = new HeaderRecord(headers);
    finishRequest(state, 'POST', status, sink, logger, metrics);
    corsResponseHeaders(options.corsOrigins, headerOf(request, 'origin'), sink);
    response.writeHead(status, headers);
    response.end(text);
    return true;
  }

  return { listener, stats };
}

/** The media type to answer in, when the head is one this path answers; undefined otherwise. */
function acceptableHead(request: IncomingMessage, maxRequestBytes: number): MediaType | undefined {
  const h = request.headers;
  // yoga's own test (isContentTypeMatch): the first of a list, exactly application/json or with
  // parameters after a semicolon; its JSON parser reads any charset as UTF-8, and so does this path.
  const type = h['content-type']?.split(',')[0];
  if (type !== 'application/json' && !type?.startsWith('application/json;')) return undefined;
  const length = Number(h['content-length']);
  if (!Number.isInteger(length) || length < 1 || length > maxRequestBytes) return undefined;
  if (h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined) return undefined;
  if (h['x-meshgraph-debug'] !== undefined) return undefined;
  return regularMediaType(h.accept);
}

/**
 * The media type yoga answers a (non-streamed) result in, as its result processors choose it: the
 * first entry of Accept, in the client's order, that application/graphql-response+json or
 * application/json matches (a wildcard means application/json), entries in a charset other than
 * UTF-8 skipped, and `*∕*` when there is no Accept. Undefined when no entry matches: yoga then
 * answers in multipart/mixed or text/event-stream, or 406.
 */
function regularMediaType(accept: string | undefined): MediaType | undefined {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type = '', ...params] = entry.split(';');
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [kind, subtype] = type.split('/');
    if (kind !== '*' && kind !== 'application') continue;
    if (subtype === '*' || subtype === 'json') return 'application/json';
    if (subtype === 'graphql-response+json') return 'application/graphql-response+json';
  }
  return undefined;
}

/** The body as GraphQL parameters when it is exactly `query`, `variables` and `operationName`; undefined otherwise. */
function plainParams(body: Buffer): Params | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const params = value as Record<string, unknown>;
  for (const key in params) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return undefined;
  const { query, variables, operationName } = params;
  if (typeof query !== 'string' || query === '') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName !== undefined && operationName !== null && (typeof operationName !== 'string' || operationName === ''))
    return undefined;
  return params as unknown as Params;
}

/**
 * What envelop's plugins read of a request on this path. Its signal aborts when the response
 * closes before it is finished: the client went away, and the request's statements stop.
 */
class RequestView {
  readonly method = 'POST';
  readonly url = 'http://localhost/graphql';
  readonly headers: { get(name: string): string | null; has(name: string): boolean };
  private readonly controller = new AbortController();

  constructor(request: IncomingMessage, response: ServerResponse) {
    this.headers = {
      get: (name) => headerOf(request, name.toLowerCase()),
      has: (name) => request.headers[name.toLowerCase()] !== undefined,
    };
    response.once('close', () => {
      if (!response.writableFinished) this.controller.abort(new Error('The client closed the connection.'));
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }
}
