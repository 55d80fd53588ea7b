/**
 * meshgraph's schema without the service around it, for bench/layers.ts. Each role runs in its
 * own process (so its CPU time is its own), against NEO4J_URI, with meshgraph's graph layer,
 * schema, resolvers, loaders and per-request context — what differs is only what carries a request
 * to the executor and the answer back:
 *
 *   tsx bench/layer-servers.ts yoga   graphql-yoga with yoga's defaults and none of meshgraph's
 *                                     plugins (no access log, metrics, limits, budgets, caches,
 *                                     CORS or error policy)
 *   tsx bench/layer-servers.ts node   a bare node:http handler: JSON body in, graphql-js `execute`
 *                                     on a document parsed and validated once per query text,
 *                                     JSON out
 *
 * Both read PORT (0: any free port) and print `listening <port>` when ready. A request's cost is
 * not worked out (the context says it was checked), so the complexity plugin does nothing; the
 * response budget still wraps every resolver, as it is part of the schema.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DocumentNode, execute, parse, validate } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { parseConfig } from '../src/config.js';
import { QueryStats, type Context } from '../src/context.js';
import { Graph } from '../src/graph/graph.js';
import { silentLogger } from '../src/logger.js';
import { ResponseBudget } from '../src/response-budget.js';
import { schema } from '../src/schema/index.js';

// PORT is where this process listens (0: any free port), which meshgraph's configuration does not allow.
const config = parseConfig({ ...process.env, PORT: undefined });
const logger = silentLogger();
if (!config.neo4j.uri) throw new Error('NEO4J_URI is not set: the benchmark starts its Neo4j and says where');
const graph = new Graph({
  uri: config.neo4j.uri,
  user: config.neo4j.user,
  password: config.neo4j.password,
  database: config.neo4j.database,
  logger,
});

/** The per-request context meshgraph's app builds (src/app.ts), with the cost already checked. */
function contextFor(signals: AbortSignal[]): Context {
  const budget = new ResponseBudget(config.limits);
  const stats = new QueryStats();
  return {
    requestId: randomUUID(),
    stats,
    debug: false,
    maxComplexity: config.api.maxComplexity,
    maxDepth: config.api.maxDepth,
    maxBreadth: config.api.maxBreadth,
    costChecked: true,
    execution: 'interpreted',
    logger,
    budget,
    graph: graph.scoped({ observer: stats, signals: [...signals, budget.signal] }),
  };
}

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<void> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  process.on('SIGTERM', () => {
    server.close();
    void graph.close().finally(() => process.exit(0));
  });
}

function serveYoga(): Promise<void> {
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    logging: false,
    graphiql: false,
    landingPage: false,
    // Like meshgraph's request signal: a client that goes away stops its statements.
    context: ({ request }) => contextFor([request.signal]),
  });
  return listen(yoga);
}

function serveNode(): Promise<void> {
  const documents = new Map<string, DocumentNode>();
  return listen((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (chunk: Buffer) => parts.push(chunk));
    request.on('end', () => {
      const reply = (status: number, value: unknown) => {
        const body = JSON.stringify(value);
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      };
      let query: string;
      let variables: Record<string, unknown> | undefined;
      try {
        ({ query, variables } = JSON.parse(Buffer.concat(parts).toString('utf8')) as {
          query: string;
          variables?: Record<string, unknown>;
        });
      } catch (error) {
        reply(400, { errors: [{ message: `the body is not JSON: ${String(error)}` }] });
        return;
      }
      let document = documents.get(query);
      if (!document) {
        try {
          document = parse(query);
        } catch (error) {
          reply(400, { errors: [error] });
          return;
        }
        const errors = validate(schema, document);
        if (errors.length > 0) {
          reply(400, { errors });
          return;
        }
        documents.set(query, document);
      }
      const closed = new AbortController();
      response.once('close', () => closed.abort());
      Promise.resolve(execute({ schema, document, variableValues: variables, contextValue: contextFor([closed.signal]) })).then(
        (result) => reply(200, result),
        (error: unknown) => reply(500, { errors: [{ message: String(error) }] }),
      );
    });
  });
}

// Like meshgraph's compiled build: no source-mapped stack traces (the driver reads one per result).
process.setSourceMapsEnabled(false);

const role = process.argv[2];
if (role === 'yoga') await serveYoga();
else if (role === 'node') await serveNode();
else {
  process.stderr.write(`usage: tsx bench/layer-servers.ts yoga|node (got ${role})\n`);
  process.exit(2);
}
