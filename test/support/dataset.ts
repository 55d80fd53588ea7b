/**
 * The state every database test starts from: the graph emptied and the bundled dataset imported.
 */
import { cypher, type Graph } from '../../src/graph/graph.js';

export async function prepareTestDatabase(graph: Graph): Promise<void> {
  await graph.write(cypher('testResetGraph', 'MATCH (n) WHERE NOT n:Migration DETACH DELETE n'));
}
