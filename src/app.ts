/**
 * createApp(deps) → the configured yoga instance: GraphQL on /graphql (GraphiQL for browsers),
 * /healthz, /readyz, /metrics, the saved views (/views, documentId on /graphql), HTTP caching of
 * reads, CORS, and the dashboard's static files. It never listens; src/main.ts does, and tests
 * call yoga.fetch.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ASTVisitor,
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  type ValidationContext,
  validate,
} from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.js';
import { QueryStats, type Context } from './context.js';
import { httpStatusOf, isMeshgraphError } from './errors.js';
import { parseCaches, requestLimits } from './limits.js';
import { clientCostBudget } from './budget.js';
import { costWithinLimits } from './query-cost.js';
import { compiledExecution } from './execution.js';
import { answerGraphqlPosts, type GraphqlPostStats } from './graphql-posts.js';
import { ResponseBudget, responseBudget } from './response-budget.js';
import type { Graph } from './graph/graph.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Readiness } from './readiness.js';
import { schema } from './schema/index.js';
import { htmlSecurityHeaders, playgroundPage } from './pages.js';
import { projectPath } from './paths.js';
import { requestLifecycle, type RequestState } from './request-lifecycle.js';
import { GraphVersionTracker, ResponseCache } from './views/cache.js';
import { dashboardAssets } from './views/dashboard.js';
import { corsPolicy } from './views/cors.js';
import { answerCachedHits } from './views/fast-hits.js';
import { graphqlReadCache } from './views/read-cache.js';
import { viewRoutes } from './views/routes.js';
import { savedViewOperations } from './views/trusted-documents.js';
import { loadViews, type ViewRegistry } from './views/registry.js';

export interface AppDeps {
  config: Pick<Config, 'http' | 'api' | 'limits'>;
  graph: Graph;
  readiness: Readiness;
  logger: Logger;
  metrics: Metrics;
  /** The saved views; loaded from views/ when not given (main.ts loads them first, to fail fast). */
  views?: ViewRegistry;
  /** Where the built dashboard is; default web/dist. */
  dashboardDir?: string;
  /** Bounded cache of read responses; a fresh one when not given. */
  responseCache?: ResponseCache;
  /** The graph version the caches are keyed by; one reading through the readiness gate when not given. */
  graphVersion?: GraphVersionTracker;
}

export type App = YogaServerInstance<Record<string, unknown>, Context>;

/**
 * The app and what serves it over node:http: cached GET hits (src/views/fast-hits.ts) and plain
 * GraphQL POSTs (src/graphql-posts.ts) answered in front of it, everything else by it.
 */
export interface Service {
  app: App;
  listener: (request: IncomingMessage, response: ServerResponse) => unknown;
  /** How many POSTs to /graphql the listener answered itself, and how many it handed to the app. */
  posts: GraphqlPostStats;
}

export function createApp(deps: AppDeps): App {
  return buildApp(deps).app;
}

/** createApp's app, and the node:http listener that serves it (src/main.ts listens with it). */
export function createService(deps: AppDeps): Service {
  const { app, reads, requests } = buildApp(deps);
  const { config, logger, metrics } = deps;
  const posts = answerGraphqlPosts(
    app,
    {
      maxRequestBytes: config.limits.maxRequestBytes,
      savedViewsOnly: config.api.savedViewsOnly,
      corsOrigins: config.http.corsOrigins,
      logger,
      metrics,
      requests,
      maskEscapedErrors: (result, requestId) => maskEscapedErrors(result, requestId, logger),
    },
    app,
  );
  const options = { ...reads, corsOrigins: config.http.corsOrigins, logger, metrics };
  return { app, listener: answerCachedHits(options, posts.listener), posts: posts.stats };
}

interface Built {
  app: App;
  reads: { tracker: GraphVersionTracker; cache: ResponseCache; registry: ViewRegistry };
  /** Each request's id and start, by the request object the context factory is given. */
  requests: WeakMap<object, RequestState>;
}

function buildApp(deps: AppDeps): Built {
  const { graph, readiness, logger, metrics } = deps;
  const requests = new WeakMap<object, RequestState>();

  const gate = () => {
    const state = readiness.current;
    return state.ready ? undefined : state.reason;
  };

  const views = deps.views ?? loadViews(projectPath('views'), schema);
  // One graph-version read per second at most, shared by every cached read of this app.
  const graphVersion = deps.graphVersion ?? new GraphVersionTracker(graph.scoped({ gate }));
  const responseCache =
    deps.responseCache ?? new ResponseCache(deps.config.limits.responseCacheEntries, deps.config.limits.responseCacheBytes);
  const cacheOptions = { tracker: graphVersion, cache: responseCache, logger };

  const app = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    cors: false, // corsPolicy() below: CORS_ORIGINS, never with credentials
    extraParamNames: ['documentId'],
    landingPage: false,
    logging: false,
    maxRequestBodySize: false, // requestLimits() checks MAX_REQUEST_BYTES, without a stream per request
    parserAndValidationCache: parseCaches(deps.config.limits),
    maskedErrors: false, // errorPolicy() below masks, with the request id in hand
    graphiql: false, // playgroundPage() below serves it, compressed and with an ETag (GRAPHIQL)
    context: ({ request }): Context => {
      const state = requests.get(request);
      const requestId = state?.id ?? randomUUID();
      const stats = new QueryStats();
      const budget = new ResponseBudget(deps.config.limits);
      return {
        requestId,
        stats,
        debug: request.headers.get('x-meshgraph-debug') === '1',
        maxComplexity: deps.config.api.maxComplexity,
        maxDepth: deps.config.api.maxDepth,
        maxBreadth: deps.config.api.maxBreadth,
        costChecked: false,
        execution: 'interpreted',
        logger: logger.child({ requestId }),
        budget,
        // The request's signal aborts when its client goes away (node:http closes the response
        // before it is finished), the budget's when the answer grows too large or takes too
        // long: either way its statements stop in Neo4j and no more start.
        graph: graph.scoped({ observer: stats, gate, signals: [request.signal, budget.signal] }),
      };
    },
    plugins: [
      // An abandoned request stops through its graph view (the request's signal above): no
      // statement starts and a running one is stopped, so its fields fail at once. Not yoga's
      // useExecutionCancellation as well: that has the executor ask the signal before every field,
      // 3 % of a request's CPU on a 50-item list (issue 12), for fields that cost nothing.
      requestLifecycle(requests, logger, metrics),
      // What these two add to a response is also added to the hits answered in front of yoga
      // (src/views/fast-hits.ts), through the same functions.
      corsPolicy(deps.config.http.corsOrigins),
      htmlSecurityHeaders(),
      operationalRoutes(readiness, metrics, deps.config.http.metricsPort === undefined),
      playgroundPage(deps.config.http.graphiql),
      requestLimits(deps.config.limits),
      dashboardAssets(deps.dashboardDir ?? projectPath('web', 'dist')),
      viewRoutes({ registry: views, ...cacheOptions }),
      graphqlReadCache(cacheOptions),
      ...savedViewOperations(views, deps.config.api.savedViewsOnly),
      costWithinLimits(),
      clientCostBudget({
        budget: deps.config.limits.clientCostBudget,
        tableSize: deps.config.limits.clientTableSize,
        trustedProxies: deps.config.http.trustedProxies,
        maxComplexity: deps.config.api.maxComplexity,
      }),
      responseBudget(),
      graphqlMetrics(metrics),
      debugExtensions(),
      supportedOperations(),
      ...(deps.config.api.introspection ? [] : [noIntrospection(), noSchemaSuggestions()]),
      // From an operation's second run, graphql-jit executes it (src/execution.ts).
      compiledExecution(logger),
      errorPolicy(),
      operationChoiceExplained(),
      unexpectedErrorPolicy((request) => requests.get(request)?.id, logger),
    ],
  });
  return { app, reads: { tracker: graphVersion, cache: responseCache, registry: views }, requests };
}

const json = (body: unknown, status = 200) => ({
  body: JSON.stringify(body),
  init: { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } },
});

/** /healthz (the process is alive), /readyz (it can answer) and /metrics (unless METRICS_PORT serves it). */
function operationalRoutes(readiness: Readiness, metrics: Metrics, serveMetrics: boolean): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/healthz') {
        const { body, init } = json({ status: 'alive', uptimeSeconds: Math.round(process.uptime()) });
        endResponse(new fetchAPI.Response(body, init));
      } else if (url.pathname === '/readyz') {
        const state = await readiness.check();
        // Only the version and edition: the address and the reason for being unavailable name the
        // database's host and port, which Readiness logs instead.
        const body = state.ready
          ? { status: 'ready', neo4j: { version: state.neo4j.version, edition: state.neo4j.edition }, since: state.since }
          : { status: 'unavailable', reason: state.reason === 'starting' ? 'starting' : 'the database is unavailable', since: state.since };
        // The bundled Neo4j's state (running, restarting after it died) and its restarts; no address.
        const bundled = readiness.bundledNeo4j;
        if (bundled) Object.assign(body, { bundledNeo4j: bundled });
        const response = json(body, state.ready ? 200 : 503);
        endResponse(new fetchAPI.Response(response.body, response.init));
      } else if (url.pathname === '/metrics' && serveMetrics) {
        endResponse(
          new fetchAPI.Response(await metrics.registry.metrics(), {
            status: 200,
            headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
          }),
        );
      }
    },
  };
}

function graphqlMetrics(metrics: Metrics): Plugin<Context> {
  return {
    onExecute({ args }) {
      const started = performance.now();
      const operation = getOperationAST(args.document, args.operationName);
      const name = operation?.name?.value ?? 'anonymous';
      const type = operation?.operation ?? 'query';
      return {
        onExecuteDone({ result }) {
          const failed = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
          metrics.graphqlOperations.inc({ operation: name, type, outcome: failed ? 'error' : 'ok' });
          metrics.graphqlDuration.observe({ operation: name, type }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** With `x-meshgraph-debug: 1`, the response tells how many Cypher statements ran and their time, and how the operation ran (src/execution.ts). */
function debugExtensions(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      if (!ctx.debug) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!isSingleResult(result)) return;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              neo4j: {
                queries: ctx.stats.queries,
                dbTimeMs: ctx.stats.dbTimeMs,
                statements: Object.fromEntries(ctx.stats.byName),
              },
              execution: ctx.execution,
            },
          });
        },
      };
    },
  };
}

/**
 * Errors meant for clients (MeshgraphError) keep their message and get `extensions.code`;
 * everything else is logged with the request id and masked.
 */
function errorPolicy(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      return {
        onExecuteDone({ result, setResult }) {
          if (!isSingleResult(result) || !result.errors?.length) return;
          const executed = result.data !== undefined;
          setResult({ ...result, errors: result.errors.map((error) => toClientError(error, ctx, executed)) });
        },
      };
    },
  };
}

/**
 * Yoga refuses a document whose operation cannot be chosen with only "Could not determine what
 * operation to execute." for three different mistakes. The client is told which one it made and
 * which operations the document has; the code (OPERATION_RESOLUTION_FAILURE, 400) stays.
 */
function operationChoiceExplained(): Plugin {
  const asked = new WeakMap<Request, { query?: string; operationName?: string | null }>();
  return {
    onParams({ params, request }) {
      asked.set(request, params);
    },
    onResultProcess({ request, result, setResult }) {
      if (!isSingleResult(result) || !result.errors?.some((error) => error.extensions?.code === 'OPERATION_RESOLUTION_FAILURE')) return;
      const params = asked.get(request);
      if (!params?.query) return;
      let document: DocumentNode;
      try {
        document = parse(params.query); // yoga parsed it before refusing it
      } catch {
        return; // should that ever differ, yoga's answer stands
      }
      setResult({
        ...result,
        errors: result.errors.map((error) =>
          error.extensions?.code === 'OPERATION_RESOLUTION_FAILURE' ? whichOperation(error, document, params.operationName) : error,
        ),
      });
    },
  };
}

function whichOperation(error: GraphQLError, document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const names = operations.flatMap((operation) => (operation.name ? [`"${operation.name.value}"`] : []));
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  let message: string;
  if (operations.length === 0) {
    message = 'The document has no operation to run, only fragments.';
  } else if (operationName) {
    message =
      names.length > 0
        ? `The document has no operation named "${operationName}": its ${names.length === 1 ? 'operation is' : 'operations are'} named ${listed}.`
        : `The document has no operation named "${operationName}": its one operation has no name, so send no operationName.`;
  } else {
    message = `The document has ${operations.length} operations (${listed}): name the one to run in operationName.`;
  }
  return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions: error.extensions });
}

/** What clients are told when Neo4j cannot be reached; the reason (host, port, driver message) is logged. */
const DATABASE_UNAVAILABLE = 'The database is unavailable right now; try again shortly.';
const unavailableLogged = new WeakSet<Context>();

function toClientError(error: GraphQLError, ctx: Context, executed: boolean): GraphQLError {
  const original = error.originalError;
  if (error.extensions?.code !== undefined && (!original || original instanceof GraphQLError)) return error; // validation and our own GraphQLErrors
  if (!executed && (!original || original instanceof GraphQLError)) {
    // graphql-js refused the request before running it: the variables do not fit their types,
    // or the operation to run is missing or ambiguous. The client's mistake, so a client code.
    const code = error.message.startsWith('Variable "$') ? 'BAD_USER_INPUT' : 'BAD_REQUEST';
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...error.extensions, code, http: { status: httpStatusOf(code) } },
    });
  }
  if (!original || original instanceof GraphQLError) return error;
  if (isMeshgraphError(original) && original.code === 'SERVICE_UNAVAILABLE') {
    // The reason names the database's host and port: it goes to the log, not to the client.
    if (!unavailableLogged.has(ctx)) {
      unavailableLogged.add(ctx);
      ctx.logger.warn(
        { reason: original.message, path: error.path?.join('.') },
        'the database is unavailable: answering SERVICE_UNAVAILABLE',
      );
    }
    return new GraphQLError(DATABASE_UNAVAILABLE, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: original.code, requestId: ctx.requestId },
    });
  }
  if (isMeshgraphError(original)) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...original.details, code: original.code },
    });
  }
  ctx.logger.error({ err: original, path: error.path?.join('.') }, 'unexpected error while resolving');
  return new GraphQLError('Unexpected error.', {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.requestId },
  });
}

/**
 * The last line: an error that escaped everything else (thrown by a plugin, or by graphql-js
 * outside execution) reaches yoga's generic handler without a code, and yoga would send its raw
 * message with a 500. It is logged here with the request id, and clients get
 * INTERNAL_SERVER_ERROR with that id instead.
 */
export function unexpectedErrorPolicy(requestIdOf: (request: Request) => string | undefined, logger: Logger): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (!isSingleResult(result)) return;
      const masked = maskEscapedErrors(result, requestIdOf(request), logger);
      if (masked !== result) setResult(masked);
    },
  };
}

/**
 * unexpectedErrorPolicy's step, also taken by the POSTs answered in front of yoga: each error
 * without a code whose original is no GraphQLError is logged and becomes INTERNAL_SERVER_ERROR
 * (status 500) with the request id. The result itself when there is none.
 */
function maskEscapedErrors(result: ExecutionResult, requestId: string | undefined, logger: Logger): ExecutionResult {
  if (!result.errors?.length) return result;
  let changed = false;
  const errors = result.errors.map((error) => {
    const original = error.originalError;
    if (error.extensions?.code !== undefined || !original || original instanceof GraphQLError) return error;
    changed = true;
    logger.error({ err: original, requestId }, 'unexpected error while handling a request');
    return new GraphQLError('Unexpected error.', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}), http: { status: 500 } },
    });
  });
  return changed ? { ...result, errors } : result;
}

/**
 * The schema has queries only: a mutation or subscription is refused while validating, with
 * `OPERATION_NOT_SUPPORTED`, rather than by graphql-js at execution without a code.
 */
function supportedOperations(): Plugin<Context> {
  const KnownRootOperation = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      if (context.getSchema().getRootType(node.operation)) return;
      context.reportError(
        new GraphQLError(`This API answers queries only: it has no ${node.operation} operations.`, {
          nodes: node,
          extensions: { code: 'OPERATION_NOT_SUPPORTED', operation: node.operation },
        }),
      );
    },
  });
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(KnownRootOperation);
    },
  };
}

/**
 * INTROSPECTION=false: `__schema` and `__type` are refused while validating (graphql-js's
 * NoSchemaIntrospectionCustomRule), for every request alike. (yoga's plugin for it decides per
 * request while parsing the HTTP request, a step the POSTs answered in front of yoga skip.)
 */
function noIntrospection(): Plugin<Context> {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * With introspection off, errors must not reveal the schema either: graphql-js suggests field,
 * argument, type and enum value names ("Did you mean …?") in validation errors and in errors about
 * variables. Both are asked to leave the suggestions out (graphql-js's `hideSuggestions`).
 */
function noSchemaSuggestions(): Plugin<Context> {
  return {
    onValidate({ setValidationFn }) {
      setValidationFn((schema, document, rules) => validate(schema, document, rules, { hideSuggestions: true }));
    },
    onExecute({ args }) {
      // graphql-js 16.10+ and the executor read it; envelop's type of the arguments does not list it yet.
      Object.assign(args, { hideSuggestions: true });
      return {
        // Variable errors still come with suggestions from the executor in use: cut them from the message.
        onExecuteDone({ result, setResult }) {
          if (!isSingleResult(result) || !result.errors?.some((error) => SUGGESTION.test(error.message))) return;
          setResult({
            ...result,
            errors: result.errors.map((error) =>
              SUGGESTION.test(error.message)
                ? new GraphQLError(error.message.replace(SUGGESTIONS, ''), {
                    nodes: error.nodes,
                    path: error.path,
                    originalError: error.originalError,
                    extensions: error.extensions,
                  })
                : error,
            ),
          });
        },
      };
    },
  };
}

/** graphql-js's suggestion sentences: ` Did you mean "x"?`, ` Did you mean the enum value "X"?`, ` Did you mean "a", "b", or "c"?` */
const SUGGESTION = / Did you mean [^?]*\?/;
const SUGGESTIONS = / Did you mean [^?]*\?/g;

function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}
