/**
 * npm run import -- [--dry-run] <file or folder>…
 *
 * Imports Nubenetes list pages (.txt, .md) and meshgraph dataset files (.yaml, or a folder of
 * them) into the graph, in one transaction: a malformed input is reported with file, line and
 * reason, and nothing is written. Prints what was created, updated and left unchanged.
 */
import { parseArgs } from 'node:util';
import { importFiles, type ImportProgress, type ImportSummary } from '../ingest/importer.js';
import { DatasetError } from '../ingest/load.js';
import { PlanError } from '../ingest/plan.js';
import { runTool } from './tool.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});

if (values.help || positionals.length === 0) {
  process.stdout.write('usage: npm run import -- [--dry-run] <nubenetes-page.txt | dataset.yaml | dataset-folder>…\n');
  process.exit(values.help ? 0 : 2);
}

function progressPrinter(): (p: ImportProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.done < p.total) return;
    last = now;
    process.stderr.write(`\r\x1b[K${p.phase === 'compare' ? 'comparing' : 'writing'} ${p.what}: ${p.done}/${p.total}`);
    if (p.done >= p.total) process.stderr.write('\r\x1b[K');
  };
}

export function formatSummary(summary: ImportSummary): string {
  const lines: string[] = [];
  const table = (title: string, rows: Record<string, { created: number; updated: number; unchanged: number }>) => {
    lines.push(title);
    lines.push(`  ${'what'.padEnd(20)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)}`);
    for (const [name, c] of Object.entries(rows)) {
      lines.push(`  ${name.padEnd(20)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.unchanged).padStart(10)}`);
    }
  };
  table('nodes', summary.nodes);
  table('relationships', summary.relationships);
  if (summary.skippedLines > 0) lines.push(`skipped ${summary.skippedLines} page line(s) that are neither heading nor entry (page chrome)`);
  lines.push(
    summary.dryRun
      ? `dry run: nothing was written (graph version stays ${summary.graphVersion})`
      : summary.changed
        ? `imported in ${summary.ms} ms; graph version is now ${summary.graphVersion}`
        : `nothing changed; graph version stays ${summary.graphVersion}`,
  );
  return lines.join('\n');
}

await runTool('import', async ({ connection }) => {
  try {
    const summary = await importFiles(connection.graph, positionals, { dryRun: values['dry-run'], onProgress: progressPrinter() });
    process.stdout.write(`${formatSummary(summary)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DatasetError || error instanceof PlanError) {
      process.stderr.write(`import: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
});
