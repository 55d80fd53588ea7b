/**
 * Helpers for tests that talk to the test run's Neo4j.
 */
import { inject } from 'vitest';
import { Graph, type QueryObserver } from '../../src/graph/graph.js';
import { silentLogger } from '../../src/logger.js';

export function testNeo4j() {
  return inject('neo4j');
}

/** A Graph connected to the test run's Neo4j; close it in afterAll. */
export function testGraph(observer?: QueryObserver): Graph {
  const neo4j = testNeo4j();
  return new Graph({
    uri: neo4j.uri,
    user: neo4j.user,
    password: neo4j.password,
    database: neo4j.database,
    logger: silentLogger(),
    ...(observer ? { observer } : {}),
  });
}
