/**
 * Which Neo4j to use: an external one when NEO4J_URI is set, otherwise the bundled one, started
 * for this process (or, for command-line tools, reused when the service already runs it).
 */
import type { Config } from '../config.js';
import { Graph, type QueryObserver } from '../graph/graph.js';
import type { Logger } from '../logger.js';
import { findRunningBundledNeo4j, startBundledNeo4j, type BundledNeo4j } from './bundled.js';
import { superviseBundledNeo4j, type BundledNeo4jStatus, type SupervisedNeo4j } from './supervisor.js';

export interface Neo4jConnection {
  graph: Graph;
  /** Present when this process started the bundled Neo4j (and so must stop it). */
  bundled?: BundledNeo4j | SupervisedNeo4j;
  /** Where the connection points, for logs and /readyz. */
  description: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  config: Config;
  logger: Logger;
  observer?: QueryObserver;
  /** Tools set this: use the bundled Neo4j the service already runs on this data folder, if any. */
  reuseRunning?: boolean;
  /** The service sets this: restart the bundled Neo4j when it dies (NEO4J_RESTART_*), telling `onBundledChange`. */
  supervise?: boolean;
  onBundledChange?: (status: BundledNeo4jStatus) => void;
  /** Aborting it while the bundled Neo4j starts stops that start (BundledNeo4jError STOPPED). */
  signal?: AbortSignal;
}

export async function connectNeo4j({
  config,
  logger,
  observer,
  reuseRunning = false,
  supervise = false,
  onBundledChange,
  signal,
}: ConnectOptions): Promise<Neo4jConnection> {
  const { neo4j } = config;
  if (neo4j.uri) {
    const graph = new Graph({ ...neo4j, uri: neo4j.uri, logger, ...(observer ? { observer } : {}) });
    return { graph, description: `external Neo4j at ${redact(neo4j.uri)}`, close: () => graph.close() };
  }
  const running = reuseRunning ? findRunningBundledNeo4j(config.bundled.dataDir) : undefined;
  if (running && running.port === config.bundled.boltPort) {
    logger.info({ uri: running.uri, pid: running.pid }, 'using the bundled Neo4j that the service is running');
    const graph = new Graph({ ...neo4j, uri: running.uri, logger, ...(observer ? { observer } : {}) });
    return { graph, description: `bundled Neo4j at ${running.uri} (pid ${running.pid})`, close: () => graph.close() };
  }
  const startOptions = { ...config.bundled, logger, ...(signal ? { signal } : {}) };
  const bundled = supervise
    ? await superviseBundledNeo4j({ ...startOptions, restart: config.restart, ...(onBundledChange ? { onChange: onBundledChange } : {}) })
    : await startBundledNeo4j(startOptions);
  const graph = new Graph({ ...neo4j, uri: bundled.uri, logger, ...(observer ? { observer } : {}) });
  return {
    graph,
    bundled,
    description: `bundled Neo4j ${bundled.version} at ${bundled.uri}`,
    close: async () => {
      await graph.close();
      await bundled.stop();
    },
  };
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
