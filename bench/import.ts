/**
 * Import benchmark: inputs imported into a fresh bundled Neo4j holding the bundled dataset, then
 * imported again (the idempotent no-op path). Prints wall times, and where they went: planning
 * (parse + link, no database), Cypher statements by kind (the importer's compare and write
 * statements) and the rest (JS work between statements, commit), and the peak Neo4j heap seen.
 *   npm run bench -- import [--heap-mb 1024] [--scale 1] [--runs 1]
 *     the real Nubenetes sites (../shared/corpus/nubenetes v1 and v2); --scale K imports K copies
 *     of every page, each copy's links made distinct (a site K times larger)
 *   npm run bench -- import --entries 100000 [--heap-mb 2048]
 *     one synthetic page of the text rendering with N entries
 * With --runs N, each run starts its own Neo4j; the summary gives the median of each figure.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cypher, Graph, type QueryObserver } from '../src/graph/graph.js';
import { migrate } from '../src/graph/migrations.js';
import { importFiles, readKnownNodes } from '../src/ingest/importer.js';
import { loadInputs } from '../src/ingest/load.js';
import { planImport } from '../src/ingest/plan.js';
import { createLogger } from '../src/logger.js';
import { startBundledNeo4j } from '../src/neo4j/bundled.js';
import { projectPath } from '../src/paths.js';
import { freePort, median } from './support.js';

const TOPICS = ['Istio', 'Linkerd', 'Consul Connect', 'Envoy', 'Kuma', 'Cilium', 'mTLS', 'eBPF', 'xDS', 'Traefik Mesh'];
const STABILITY = ['ENTERPRISE-STABLE', 'COMMUNITY-TOOL', 'DE FACTO STANDARD', 'LEGACY'];

/** A page in the Nubenetes format: 50 sections of sorted headings, N entries spread over them. */
export function syntheticPage(entries: number): string {
  const lines = ['Synthetic Mesh Page¶', 'An invented intro line.'];
  const sections = 50;
  const perSection = Math.ceil(entries / sections);
  let n = 0;
  for (let s = 0; s < sections && n < entries; s += 1) {
    lines.push(`Area ${String(s).padStart(3, '0')}¶`, `Topic ${String(s).padStart(3, '0')}¶`);
    for (let i = 0; i < perSection && n < entries; i += 1, n += 1) {
      const topic = TOPICS[n % TOPICS.length];
      const stars = '🌟'.repeat(1 + (n % 5));
      lines.push(
        `- (${2015 + (n % 11)}) bench${n % 97}.example.org: Notes on ${topic} number ${n} [GO CONTENT] [ADVANCED LEVEL] ${stars} [${STABILITY[n % 4]}] — A generated summary about ${topic} for entry ${n}.`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Statement time by kind: compare (import:existing…), write (import:write…, import:create…),
 * other. The importer pipelines its statements, so their times overlap: what is reported per kind
 * is wall time during which at least one statement of that kind was in flight.
 */
class StatementTimes implements QueryObserver {
  private spans = new Map<string, Array<[number, number]>>();

  onQuery(event: { name: string; ms: number }): void {
    const kind = event.name.startsWith('import:existing')
      ? 'compare'
      : event.name.startsWith('import:write') || event.name.startsWith('import:create')
        ? 'write'
        : 'other';
    const end = performance.now();
    const list = this.spans.get(kind) ?? [];
    list.push([end - event.ms, end]);
    this.spans.set(kind, list);
  }

  take(): Record<'compare' | 'write' | 'other', { count: number; ms: number }> {
    const get = (kind: string) => {
      const spans = [...(this.spans.get(kind) ?? [])].sort((a, b) => a[0] - b[0]);
      let ms = 0;
      let until = -Infinity;
      for (const [start, end] of spans) {
        if (end <= until) continue;
        ms += end - Math.max(start, until);
        until = end;
      }
      return { count: spans.length, ms };
    };
    const result = { compare: get('compare'), write: get('write'), other: get('other') };
    this.spans = new Map();
    return result;
  }
}

/** The real corpus, when it sits beside the clone. */
export const CORPUS = projectPath('../shared/corpus/nubenetes');

/**
 * The real sites `scale` times over: every page of v1 and v2 copied `scale` times into
 * `<dir>/v1`, `<dir>/v2` (copy k of `istio.md` is `istio-k.md`), each copy's absolute links made
 * distinct resources by a `mgcopy=k` query parameter. Scale 1 is the corpus folders themselves.
 */
export function scaledSite(scale: number, dir: string): string[] {
  const editions = ['v1', 'v2'].map((e) => path.join(CORPUS, e));
  if (scale === 1) return editions;
  return ['v1', 'v2'].map((edition) => {
    const out = path.join(dir, edition);
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(path.join(CORPUS, edition)).filter((n) => n.endsWith('.md'))) {
      const text = readFileSync(path.join(CORPUS, edition, name), 'utf8');
      for (let k = 1; k <= scale; k += 1) {
        const copy =
          k === 1 ? text : text.replace(/(https?:\/\/[^\s)<>\]#]+)/g, (url) => `${url}${url.includes('?') ? '&' : '?'}mgcopy=${k}`);
        writeFileSync(path.join(out, name.replace(/\.md$/, `-${k}.md`)), copy);
      }
    }
    return out;
  });
}

const heapStatement = cypher(
  'bench:heapUsed',
  "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes RETURN attributes.HeapMemoryUsage.value.properties.used AS used",
);

/** Samples Neo4j's used heap every 100 ms while `work` runs; resolves to the work's result and the peak (MB). */
async function withHeapPeak<T>(graph: Graph, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const rows = await graph.read(heapStatement).catch(() => []);
      peak = Math.max(peak, Number(rows[0]?.used ?? 0));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    return { result: await work(), peakMb: Math.round(peak / 1024 / 1024) };
  } finally {
    running = false;
    await sampler;
  }
}

interface ImportRun {
  plan: number;
  first: number;
  firstCompare: number;
  firstWrite: number;
  firstStatements: number;
  again: number;
  againCompare: number;
  againStatements: number;
  peakHeapMb: number;
}

async function runOnce(options: { entries: number | null; heapMb: number }, inputs: string[], dir: string): Promise<ImportRun> {
  const logger = createLogger({ level: 'warn', format: 'pretty' }, process.stderr);
  const neo4j = await startBundledNeo4j({
    boltPort: await freePort(),
    dataDir: path.join(dir, 'neo4j'),
    heapMb: options.heapMb,
    pageCacheMb: 256,
    logger,
  });
  const times = new StatementTimes();
  const graph = new Graph({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', logger, observer: times });
  try {
    await migrate(graph);
    let t = performance.now();
    await importFiles(graph, [projectPath('data')]);
    console.log(`  bundled dataset: ${Math.round(performance.now() - t)} ms`);

    // Planning alone (what importFiles does before its transaction), for the breakdown.
    t = performance.now();
    const dataset = await loadInputs(inputs);
    planImport(dataset, await readKnownNodes(graph));
    const plan = performance.now() - t;
    const entries = options.entries ?? new Set(dataset.listings.map((l) => l.value.url ?? l.value.textId)).size;
    times.take();

    t = performance.now();
    const { result: first, peakMb } = await withHeapPeak(graph, () => importFiles(graph, inputs));
    const firstMs = performance.now() - t;
    const f = times.take();
    console.log(
      `  first import: ${Math.round(firstMs)} ms (${Math.round(entries / (firstMs / 1000))} entries/s) — ` +
        `plan ${Math.round(plan)} ms, compare ${Math.round(f.compare.ms)} ms, write ${Math.round(f.write.ms)} ms, ` +
        `${f.compare.count + f.write.count + f.other.count} statements; Entry created ${first.nodes.Entry?.created}, ` +
        `IN_CATEGORY ${first.relationships.IN_CATEGORY?.created ?? 0}, ABOUT ${first.relationships.ABOUT?.created ?? 0}; peak Neo4j heap ${peakMb} MB of ${options.heapMb} MB`,
    );

    t = performance.now();
    const second = await importFiles(graph, inputs);
    const againMs = performance.now() - t;
    const s = times.take();
    console.log(
      `  same file again (no changes): ${Math.round(againMs)} ms — compare ${Math.round(s.compare.ms)} ms, write ${Math.round(s.write.ms)} ms, ` +
        `${s.compare.count + s.write.count + s.other.count} statements; changed=${second.changed}`,
    );
    return {
      plan,
      first: firstMs,
      firstCompare: f.compare.ms,
      firstWrite: f.write.ms,
      firstStatements: f.compare.count + f.write.count + f.other.count,
      again: againMs,
      againCompare: s.compare.ms,
      againStatements: s.compare.count + s.write.count + s.other.count,
      peakHeapMb: peakMb,
    };
  } finally {
    await graph.close();
    await neo4j.stop();
  }
}

export async function benchImport(options: { entries: number | null; scale: number; heapMb: number; runs?: number }): Promise<void> {
  const runs = Math.max(1, options.runs ?? 1);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-bench-'));
  let inputs: string[];
  let what: string;
  if (options.entries !== null) {
    inputs = [path.join(dir, 'synthetic.txt')];
    writeFileSync(inputs[0]!, syntheticPage(options.entries));
    what = `a synthetic page of ${options.entries} entries`;
  } else {
    if (!existsSync(CORPUS)) {
      console.error(`no corpus at ${CORPUS}: pass --entries N for a synthetic page instead`);
      process.exitCode = 2;
      return;
    }
    inputs = scaledSite(options.scale, path.join(dir, 'site'));
    what = `the real Nubenetes sites (v1 + v2)${options.scale > 1 ? ` ×${options.scale}` : ''}`;
  }
  const results: ImportRun[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      console.log(`import benchmark, ${what}, heap ${options.heapMb} MB, run ${i + 1}/${runs}:`);
      const runDir = path.join(dir, `run-${i}`);
      try {
        results.push(await runOnce(options, inputs, runDir));
      } finally {
        rmSync(runDir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (runs > 1) {
    const m = (pick: (r: ImportRun) => number) => Math.round(median(results.map(pick)));
    console.log(`median of ${runs} runs (${what}):`);
    console.log(
      `  first import ${m((r) => r.first)} ms (plan ${m((r) => r.plan)}, compare ${m((r) => r.firstCompare)}, write ${m((r) => r.firstWrite)}; ${m((r) => r.firstStatements)} statements; peak heap ${m((r) => r.peakHeapMb)} MB)`,
    );
    console.log(
      `  no-op re-import ${m((r) => r.again)} ms (compare ${m((r) => r.againCompare)}; ${m((r) => r.againStatements)} statements)`,
    );
  }
}
