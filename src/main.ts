/**
 * The composition root: configuration → Neo4j → app → listen; shuts down in reverse order, in
 * every phase: SIGTERM or SIGINT while the bundled Neo4j starts stops that start; later it stops
 * accepting requests, lets in-flight work finish for SHUTDOWN_GRACE_MS, cancels what is left
 * (statements stopped, transactions rolled back, clients answered SERVICE_UNAVAILABLE), closes
 * the driver and stops the bundled Neo4j, then exits 0.
 */
// First: libraries read NODE_ENV when they load.
import './production.js';
import { createServer, type Server } from 'node:http';
import { createService } from './app.js';
import { importFiles, isGraphEmpty } from './ingest/importer.js';
import { ConfigError, parseConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, metricsRequestListener } from './metrics.js';
import { BundledNeo4jError } from './neo4j/bundled.js';
import { connectNeo4j, type Neo4jConnection } from './neo4j/connect.js';
import { ServiceUnavailableError } from './errors.js';
import { Readiness } from './readiness.js';
import { projectPath } from './paths.js';
import { schema } from './schema/index.js';
import { loadViews, ViewError } from './views/registry.js';
import { warmUpViews } from './views/warmup.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
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
  // From here on a signal stops the service in order, whatever phase it is in.
  const running: Running = { startup: new AbortController(), inFlight: new AbortController() };
  installShutdown(running, logger, config.shutdownGraceMs);
  logger.info({ neo4j: config.neo4j.uri ? 'external' : 'bundled', port: config.http.port }, 'meshgraph is starting');

  // Saved views are checked against the schema before anything starts: a broken view is a bug.
  let views: ReturnType<typeof loadViews>;
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

  let readiness: Readiness | undefined;
  const connecting = connectNeo4j({
    config,
    logger,
    observer: metrics.queryObserver,
    supervise: true,
    signal: running.startup.signal,
    // The bundled Neo4j died (requests are refused at once) or is back (ready again at once).
    onBundledChange: (status) => {
      if (status.state === 'restarting' && status.failedAttempts === 0) {
        readiness?.markUnavailable(`the bundled Neo4j exited (code ${status.lastExitCode}); restarting it`);
      } else if (status.state === 'running') {
        void readiness?.check();
      }
    },
  });
  running.starting = connecting;
  let connection: Neo4jConnection;
  try {
    connection = await connecting;
  } catch (error) {
    if (running.startup.signal.aborted) return; // stopped while starting: the shutdown finishes
    if (error instanceof BundledNeo4jError) {
      logger.fatal({ reason: error.reason }, error.message);
      process.exit(1);
    }
    throw error;
  }
  running.connection = connection;
  if (running.startup.signal.aborted) return;

  // Every statement of the service (requests, readiness checks, the first-start import) is
  // cancelled when the shutdown's grace period is over.
  const graph = connection.graph.scoped({ signals: [running.inFlight.signal] });
  readiness = new Readiness({
    graph,
    logger,
    ...(connection.bundled && 'status' in connection.bundled ? { bundledNeo4j: connection.bundled.status } : {}),
    // First start: an empty graph gets the bundled dataset.
    onFirstReady: async () => {
      if (!config.dataset.autoImport || !(await isGraphEmpty(graph))) return;
      logger.info({ dataset: config.dataset.dir }, 'the graph is empty: importing the bundled dataset');
      const summary = await importFiles(graph, [config.dataset.dir], { intoEmptyGraph: true });
      logger.info({ nodes: summary.nodes, graphVersion: summary.graphVersion, ms: summary.ms }, 'bundled dataset imported');
    },
  });
  running.readiness = readiness;
  const { app, listener } = createService({ config, graph, readiness, logger, metrics, views });
  // Cached hits are answered in front of yoga (src/views/fast-hits.ts); the rest by the app.
  const server = createServer(listener);
  running.server = server;
  const listening = await new Promise<boolean>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve(true));
  }).catch((error: NodeJS.ErrnoException) => {
    logger.fatal({ err: error }, error.code === 'EADDRINUSE' ? `port ${config.http.port} is already in use; set PORT` : 'cannot listen');
    return connection.close().then(() => process.exit(1));
  });
  if (!listening || running.startup.signal.aborted) return;
  // METRICS_PORT: /metrics on its own port (e.g. reachable only from the monitoring network).
  const metricsPort = config.http.metricsPort;
  if (metricsPort !== undefined) {
    const metricsServer = createServer(metricsRequestListener(metrics));
    running.metricsServer = metricsServer;
    await new Promise<void>((resolve, reject) => {
      metricsServer.once('error', reject);
      metricsServer.listen(metricsPort, config.http.host, resolve);
    }).catch((error: NodeJS.ErrnoException) => {
      logger.fatal(
        { err: error },
        error.code === 'EADDRINUSE' ? `port ${metricsPort} is already in use; set METRICS_PORT` : 'cannot listen for metrics',
      );
      return connection.close().then(() => process.exit(1));
    });
    logger.info({ port: metricsPort }, 'metrics are served on their own port');
  }
  if (running.startup.signal.aborted) return;
  readiness.start();

  const url = `http://localhost:${config.http.port}/graphql`;
  try {
    const info = await readiness.waitUntilReady(5_000);
    logger.info(
      { url, neo4j: info.version, using: connection.description, ms: Math.round(performance.now() - started) },
      `meshgraph is ready: open ${url}`,
    );
  } catch {
    if (running.startup.signal.aborted) return;
    logger.warn(
      { url, using: connection.description, reason: readiness.current.ready ? undefined : readiness.current.reason },
      `meshgraph is serving on ${url}, waiting for Neo4j; /readyz says when it is ready`,
    );
  }

  // Prime Neo4j's plan cache and the response cache in the background once the graph is ready.
  const ready = readiness;
  void ready
    .waitUntilReady(10 * 60_000)
    .then(() => (running.startup.signal.aborted ? undefined : warmUpViews(app, views, logger)))
    .catch(() => undefined);
}

/** What is running so far; the shutdown stops whatever exists, in reverse order. */
interface Running {
  /** Aborted when the shutdown begins: a start in progress (the bundled Neo4j) stops. */
  startup: AbortController;
  /** Aborted when the grace period is over: in-flight statements stop, transactions roll back. */
  inFlight: AbortController;
  starting?: Promise<unknown>;
  connection?: Neo4jConnection;
  readiness?: Readiness;
  server?: Server;
  metricsServer?: Server;
}

/** After cancelling, how long answers to the cancelled requests may take before connections are closed. */
const CANCELLED_ANSWER_MS = 2_000;

function installShutdown(running: Running, logger: Logger, graceMs: number): void {
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, graceMs }, 'shutting down: no new requests, finishing in-flight work');
    running.startup.abort();
    // A bundled Neo4j still starting stops at once; the start settles promptly.
    await running.starting?.catch(() => undefined);
    const { server, metricsServer, readiness, connection } = running;
    readiness?.stop();
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    server?.closeIdleConnections();
    // In-flight requests and a readiness check (migrations, the first-start import) may finish…
    const finished = Promise.all([closed, readiness?.idle()]);
    if (!(await within(finished, graceMs))) {
      // … until the grace period is over; then they are cancelled, not waited for.
      logger.warn({ graceMs }, 'grace period over: cancelling in-flight work');
      running.inFlight.abort(new ServiceUnavailableError('the service is shutting down'));
      if (!(await within(finished, CANCELLED_ANSWER_MS))) server?.closeAllConnections();
      await within(finished, CANCELLED_ANSWER_MS);
    }
    await connection?.close();
    logger.info('meshgraph stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** Resolves true when `work` settles within `ms`, false otherwise. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`meshgraph: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
