/**
 * Shared start-up for command-line tools: the same configuration and the same Neo4j as the
 * service (the running bundled Neo4j when there is one; otherwise one started for this run).
 */
import { ConfigError, parseConfig, type Config } from '../config.js';
import { migrate } from '../graph/migrations.js';
import { storeMissingKeys } from '../ingest/stored-keys.js';
import { createLogger, type Logger } from '../logger.js';
import { BundledNeo4jError } from '../neo4j/bundled.js';
import { connectNeo4j, type Neo4jConnection } from '../neo4j/connect.js';

export interface ToolContext {
  config: Config;
  logger: Logger;
  connection: Neo4jConnection;
}

/** Runs `body` with a migrated graph; prints errors plainly and sets the exit code. */
export async function runTool(name: string, body: (ctx: ToolContext) => Promise<number>): Promise<void> {
  let config: Config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  // Tools print their own results on stdout; logs go to stderr.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', format: 'pretty' }, process.stderr);
  let connection: Neo4jConnection | undefined;
  const stop = async () => {
    await connection?.close();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  try {
    connection = await connectNeo4j({ config, logger, reuseRunning: true });
    await migrate(connection.graph);
    await storeMissingKeys(connection.graph);
    process.exitCode = await body({ config, logger, connection });
  } catch (error) {
    if (error instanceof BundledNeo4jError) process.stderr.write(`${name}: ${error.message}\n`);
    else process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await stop();
  }
}
