/**
 * The composition root: configuration → Neo4j → app → listen; shuts down in reverse order.
 */
import { createServer } from 'node:http';
import { createApp } from './app.js';
import { importFiles, isGraphEmpty } from './ingest/importer.js';
import { ConfigError, parseConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, metricsRequestListener } from './metrics.js';
import { BundledNeo4jError } from './neo4j/bundled.js';
import { connectNeo4j } from './neo4j/connect.js';
import { Readiness } from './readiness.js';
import { projectPath } from './paths.js';
import { schema } from './schema/index.js';
import { loadViews, ViewError } from './views/registry.js';
import { warmUpViews } from './views/warmup.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`meshgraph: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.log);
  const metrics = createMetrics();
  const started = performance.now();
  logger.info(
    { neo4j: config.neo4j.uri ? 'external' : 'bundled', port: config.http.port },
    'meshgraph is starting',
  );

  // Saved views are checked against the schema before anything starts: a broken view is a bug.
  let views;
  try {
    views = loadViews(projectPath('views'), schema);
  } catch (error) {
    if (error instanceof ViewError) {
      logger.fatal({ problems: error.issues }, error.message);
      logger.flush?.();
      process.exit(1);
    }
    throw error;
  }

  let connection;
  try {
    connection = await connectNeo4j({ config, logger, observer: metrics.queryObserver });
  } catch (error) {
    if (error instanceof BundledNeo4jError) {
      logger.fatal({ reason: error.reason }, error.message);
      process.exit(1);
    }
    throw error;
  }

  const graph = connection.graph;
  const readiness = new Readiness({
    graph,
    logger,
    // First start: an empty graph gets the bundled dataset.
    onFirstReady: async () => {
      if (!config.dataset.autoImport || !(await isGraphEmpty(graph))) return;
      logger.info({ dataset: config.dataset.dir }, 'the graph is empty: importing the bundled dataset');
      const summary = await importFiles(graph, [config.dataset.dir], { intoEmptyGraph: true });
      logger.info({ nodes: summary.nodes, graphVersion: summary.graphVersion, ms: summary.ms }, 'bundled dataset imported');
    },
  });
  const app = createApp({ config, graph: connection.graph, readiness, logger, metrics, views });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, resolve);
  }).catch((error: NodeJS.ErrnoException) => {
    logger.fatal({ err: error }, error.code === 'EADDRINUSE' ? `port ${config.http.port} is already in use; set PORT` : 'cannot listen');
    return connection.close().then(() => process.exit(1));
  });
  // METRICS_PORT: /metrics on its own port (e.g. reachable only from the monitoring network).
  let metricsServer: ReturnType<typeof createServer> | undefined;
  const metricsPort = config.http.metricsPort;
  if (metricsPort !== undefined) {
    const server = createServer(metricsRequestListener(metrics));
    metricsServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(metricsPort, config.http.host, resolve);
    }).catch((error: NodeJS.ErrnoException) => {
      logger.fatal({ err: error }, error.code === 'EADDRINUSE' ? `port ${metricsPort} is already in use; set METRICS_PORT` : 'cannot listen for metrics');
      return connection.close().then(() => process.exit(1));
    });
    logger.info({ port: metricsPort }, 'metrics are served on their own port');
  }
  readiness.start();

  const url = `http://localhost:${config.http.port}/graphql`;
  try {
    const info = await readiness.waitUntilReady(5_000);
    logger.info({ url, neo4j: info.version, using: connection.description, ms: Math.round(performance.now() - started) }, `meshgraph is ready: open ${url}`);
  } catch {
    logger.warn({ url, using: connection.description, reason: readiness.current.ready ? undefined : readiness.current.reason },
      `meshgraph is serving on ${url}, waiting for Neo4j; /readyz says when it is ready`);
  }

  // Prime Neo4j's plan cache and the response cache in the background once the graph is ready.
  void readiness
    .waitUntilReady(10 * 60_000)
    .then(() => warmUpViews(app, views, logger))
    .catch(() => undefined);

  installShutdown({ logger, server, metricsServer, readiness, connection, graceMs: config.shutdownGraceMs });
  if (connection.bundled) {
    void connection.bundled.exited.then(() => {
      if (!shuttingDown) {
        logger.fatal('the bundled Neo4j stopped; meshgraph stops with it');
        process.exit(1);
      }
    });
  }
}

let shuttingDown = false;

function installShutdown(parts: {
  logger: Logger;
  server: ReturnType<typeof createServer>;
  metricsServer: ReturnType<typeof createServer> | undefined;
  readiness: Readiness;
  connection: { close(): Promise<void> };
  graceMs: number;
}): void {
  const { logger, server, metricsServer, readiness, connection, graceMs } = parts;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing in-flight ones');
    readiness.stop();
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const forced = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(forced);
    await connection.close();
    logger.info('meshgraph stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`meshgraph: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
