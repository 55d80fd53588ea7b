/**
 * The state every database test starts from: the graph emptied and the bundled dataset imported.
 */
import { readdirSync } from 'node:fs';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { importFiles } from '../../src/ingest/importer.js';
import { projectPath } from '../../src/paths.js';

/**
 * The curated dataset: the top-level files of data/ (not data/pages/, the neighbourhood's page
 * listings, which a first start imports too; test/db/neighbourhood.test.ts covers those). The API
 * specs are written against these 63 entries.
 */
export const CURATED_DATASET = readdirSync(projectPath('data'))
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => projectPath('data', name));

export async function prepareTestDatabase(graph: Graph): Promise<void> {
  await graph.write(cypher('testResetGraph', 'MATCH (n) WHERE NOT n:Migration DETACH DELETE n'));
  await importFiles(graph, CURATED_DATASET);
}
