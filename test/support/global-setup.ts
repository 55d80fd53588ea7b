/**
 * Starts one bundled Neo4j for the whole test run, on a free port and a fresh data folder, applies
 * the migrations and imports the bundled dataset once. Tests never touch a user's database: they
 * ignore NEO4J_URI and use an external Neo4j only when TEST_NEO4J_URI is set.
 */
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Graph } from '../../src/graph/graph.js';
import { migrate } from '../../src/graph/migrations.js';
import { createLogger } from '../../src/logger.js';
import { startBundledNeo4j, type BundledNeo4j } from '../../src/neo4j/bundled.js';
import { projectPath } from '../../src/paths.js';
import { prepareTestDatabase } from './dataset.js';
import { freePort } from './process.js';

export interface TestNeo4j {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** The bundled instance's data folder (absent when TEST_NEO4J_URI is used). */
  dataDir?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'warn', format: 'pretty' }, process.stderr);
  let bundled: BundledNeo4j | undefined;
  let dataDir: string | undefined;
  let neo4j: TestNeo4j;
  if (process.env.TEST_NEO4J_URI) {
    neo4j = {
      uri: process.env.TEST_NEO4J_URI,
      user: process.env.TEST_NEO4J_USER ?? 'neo4j',
      password: process.env.TEST_NEO4J_PASSWORD ?? '',
      database: process.env.TEST_NEO4J_DATABASE ?? 'neo4j',
    };
  } else {
    mkdirSync(projectPath('.test-data'), { recursive: true });
    dataDir = mkdtempSync(path.join(projectPath('.test-data'), 'run-'));
    bundled = await startBundledNeo4j({
      boltPort: await freePort(),
      dataDir,
      // The service's default (NEO4J_HEAP_MB): the corpus specs import both whole sites in one transaction.
      heapMb: 1024,
      pageCacheMb: 64,
      logger,
      timeoutMs: 180_000,
    });
    neo4j = { uri: bundled.uri, user: 'neo4j', password: '', database: 'neo4j', dataDir };
  }

  const graph = new Graph({ ...neo4j, logger });
  try {
    await migrate(graph);
    await prepareTestDatabase(graph);
  } finally {
    await graph.close();
  }
  project.provide('neo4j', neo4j);

  return async () => {
    await bundled?.stop();
    if (dataDir) {
      // Neo4j's own log of the run (its GC pauses, lock waits, errors) outlives the data folder,
      // the last run's per project: a spec that failed slowly can be read against it afterwards.
      const debugLog = path.join(dataDir, 'neo4j', 'logs', 'debug.log');
      if (existsSync(debugLog)) copyFileSync(debugLog, projectPath('.test-data', `last-run-neo4j-debug-${project.name}.log`));
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}
