/**
 * npm run import -- [--dry-run] [--json] <file or folder>…
 * npm run import -- --report-unlinked [--json]
 *
 * Imports Nubenetes pages (markdown as published, or the text rendering) and meshgraph dataset
 * files (YAML), or folders of them (recursively), in one transaction. The format of each file is
 * recognised from its content. Every input is read and checked before anything is written; a
 * problem is reported with the file and line, and then nothing is written.
 *
 * Output: a table of what was created, updated, left unchanged and removed per label and
 * relationship type, or with `--json` one JSON object on stdout:
 * `{ documents: [{ path, format, entries, skipped, problems: [{ line, message }] }],
 *    changes: { <label or type>: { created, updated, unchanged, removed } }, … }`.
 * Progress and logs go to stderr. Exit codes: 0 imported (or nothing to change), 1 refused, 2 usage.
 *
 * --report-unlinked (no paths) reads the graph and writes nothing: how many entries the linker
 * left without any topic, and the names the pages treat as subjects (section headings,
 * repositories) that the vocabulary lacks, most frequent first.
 */
import { parseArgs } from 'node:util';
import { importDataset, reportUnlinked, type ImportProgress, type ImportSummary } from '../ingest/importer.js';
import { DatasetError, loadInputs, type Dataset, type DatasetIssue, type DocumentReport } from '../ingest/load.js';
import { PlanError } from '../ingest/plan.js';
import { runTool } from './tool.js';

const USAGE =
  'usage: npm run import -- [--dry-run] [--json] <page.md | page.txt | dataset.yaml | folder>…\n       npm run import -- --report-unlinked [--json]\n';

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'report-unlinked': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  process.stderr.write(`import: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;

if (values['report-unlinked']) {
  if (positionals.length > 0) {
    process.stderr.write(`import: --report-unlinked reads the graph and takes no paths\n${USAGE}`);
    process.exit(2);
  }
  await runTool('import', async ({ connection }) => {
    const report = await reportUnlinked(connection.graph);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const share = report.entries === 0 ? 0 : Math.round((100 * report.unlinked.length) / report.entries);
    const lines = [`${report.unlinked.length} of ${report.entries} entries (${share} %) are about no product, concept or organization.`];
    for (const e of report.unlinked.slice(0, 10)) lines.push(`  ${e.title}${e.url ? ` <${e.url}>` : ''}`);
    if (report.unlinked.length > 10) lines.push(`  … and ${report.unlinked.length - 10} more (all of them with --json)`);
    lines.push('Names the pages treat as subjects that the vocabulary lacks (entries, seen as):');
    for (const c of report.candidates) lines.push(`  ${String(c.entries).padStart(5)}  ${c.name}  (${c.seenAs.join(', ')})`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
  process.exit();
}

if (values.help || positionals.length === 0) {
  process.stdout.write(USAGE);
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

/** A problem's kind: its message with the particulars (quoted text, numbers) taken out. */
function kindOf(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N');
}

/** Problems grouped by kind, each kind with its count and its first few places. */
export function formatProblems(issues: DatasetIssue[], perKind = 3): string {
  const kinds = new Map<string, DatasetIssue[]>();
  for (const issue of issues) {
    const kind = kindOf(issue.message);
    const list = kinds.get(kind);
    if (list) list.push(issue);
    else kinds.set(kind, [issue]);
  }
  const lines = [`${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written:`];
  for (const list of [...kinds.values()].sort((a, b) => b.length - a.length)) {
    if (kinds.size > 1 || list.length > perKind) lines.push(`  ${list.length} × ${kindOf(list[0]!.message)}`);
    for (const issue of list.slice(0, perKind)) lines.push(`    ${issue.file}${issue.line > 0 ? `:${issue.line}` : ''}: ${issue.message}`);
    if (list.length > perKind) lines.push(`    … and ${list.length - perKind} more (all of them with --json)`);
  }
  return lines.join('\n');
}

export function formatSummary(summary: ImportSummary): string {
  const lines: string[] = [];
  const table = (title: string, rows: ImportSummary['nodes']) => {
    lines.push(title);
    lines.push(
      `  ${'what'.padEnd(20)} ${'created'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)} ${'removed'.padStart(8)}`,
    );
    for (const [name, c] of Object.entries(rows)) {
      lines.push(
        `  ${name.padEnd(20)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.unchanged).padStart(10)} ${String(c.removed).padStart(8)}`,
      );
    }
  };
  const pages = summary.documents.filter((d) => d.format !== 'dataset');
  if (pages.length > 0) {
    const entries = pages.reduce((n, d) => n + d.entries, 0);
    const skipped = pages.reduce((n, d) => n + d.skipped, 0);
    lines.push(
      `read ${pages.length} page(s): ${entries} listed entries, ${skipped} line(s) skipped (remarks, tables of contents, page chrome)`,
    );
    for (const d of pages.filter((p) => p.problems.length > 0)) lines.push(`  ${d.path}: ${d.problems.map((p) => p.message).join('; ')}`);
  }
  table('nodes', summary.nodes);
  table('relationships', summary.relationships);
  lines.push(
    summary.dryRun
      ? `dry run: nothing was written (graph version stays ${summary.graphVersion})`
      : summary.changed
        ? `imported in ${summary.ms} ms; graph version is now ${summary.graphVersion}`
        : `nothing changed; graph version stays ${summary.graphVersion}`,
  );
  return lines.join('\n');
}

function jsonSummary(documents: DocumentReport[], summary: ImportSummary | null, refused: DatasetIssue[] | null): string {
  return JSON.stringify({
    documents,
    changes: summary ? { ...summary.nodes, ...summary.relationships } : {},
    ...(summary ? { dryRun: summary.dryRun, changed: summary.changed, graphVersion: summary.graphVersion, ms: summary.ms } : {}),
    ...(refused ? { refused: true, problems: refused } : {}),
  });
}

function refuse(issues: DatasetIssue[], documents: DocumentReport[]): number {
  if (values.json) process.stdout.write(`${jsonSummary(documents, null, issues)}\n`);
  process.stderr.write(`import: ${formatProblems(issues)}\n`);
  return 1;
}

// Every input is read and checked before Neo4j is even reached.
let dataset: Dataset;
try {
  dataset = await loadInputs(positionals);
} catch (error) {
  if (error instanceof DatasetError) process.exit(refuse(error.issues, error.documents));
  throw error;
}

await runTool('import', async ({ connection }) => {
  try {
    const summary = await importDataset(connection.graph, dataset, { dryRun: values['dry-run'], onProgress: progressPrinter() });
    process.stdout.write(values.json ? `${jsonSummary(summary.documents, summary, null)}\n` : `${formatSummary(summary)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PlanError) return refuse(error.issues, dataset.documents);
    throw error;
  }
});
