/**
 * npm run neo4j
 *
 * Runs the bundled Neo4j on its own, in the foreground, with the service's settings
 * (NEO4J_BOLT_PORT, DATA_DIR, NEO4J_HEAP_MB, NEO4J_PAGECACHE_MB), for exploring the graph with
 * any Bolt client while the service is not running. Ctrl-C stops it cleanly.
 */
import { ConfigError, parseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { BundledNeo4jError, startBundledNeo4j } from '../neo4j/bundled.js';

try {
  const config = parseConfig();
  const logger = createLogger({ level: 'info', format: 'pretty' }, process.stderr);
  const neo4j = await startBundledNeo4j({ ...config.bundled, logger });
  process.stderr.write(
    `\nNeo4j ${neo4j.version} is serving Bolt on ${neo4j.uri} (no authentication; any user and password work).\nTry: cypher-shell -a ${neo4j.uri} "MATCH (p:Product) RETURN p.name LIMIT 5"\nCtrl-C stops it.\n`,
  );
  const stop = () => void neo4j.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.exitCode = (await neo4j.exited) ?? 0;
} catch (error) {
  if (error instanceof ConfigError || error instanceof BundledNeo4jError) {
    process.stderr.write(`neo4j: ${error.message}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  } else {
    throw error;
  }
}
