/**
 * npm run export -- [--curated] [--out file.yaml]
 *
 * Writes the whole graph in the dataset format (stdout by default), so that it can be imported
 * again, into this or another meshgraph, with nothing lost. With --curated, only what curated
 * datasets state: curated entries (our summaries, their own category), products, concepts,
 * organizations, sources, curated relationships and hand-made entry links — never what pages say.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { datasetToYaml, exportDataset } from '../ingest/exporter.js';
import { runTool } from './tool.js';

const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' }, curated: { type: 'boolean', default: false } } });

await runTool('export', async ({ connection }) => {
  const yaml = datasetToYaml(await exportDataset(connection.graph, { curated: values.curated }));
  if (values.out) {
    writeFileSync(values.out, yaml);
    process.stderr.write(`export: wrote ${values.out}\n`);
  } else {
    process.stdout.write(yaml);
  }
  return 0;
});
