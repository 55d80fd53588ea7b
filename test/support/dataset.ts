/**
 * The state every database test starts from: the graph emptied and the bundled dataset imported.
 */
import { cypher, type Graph } from '../../src/graph/graph.js';
import { importFiles } from '../../src/ingest/importer.js';
import { projectPath } from '../../src/paths.js';

export const BUNDLED_DATASET = projectPath('data');

export async function prepareTestDatabase(graph: Graph): Promise<void> {
  await graph.write(cypher('testResetGraph', 'MATCH (n) WHERE NOT n:Migration DETACH DELETE n'));
  await importFiles(graph, [BUNDLED_DATASET]);
}
