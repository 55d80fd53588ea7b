/**
 * Import benchmark: a synthetic Nubenetes page with N entries (default 100,000) imported into a
 * fresh bundled Neo4j, then imported again (the idempotent no-op path). Prints wall times.
 *   npm run bench -- import [--entries 100000] [--heap-mb 2048]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Graph } from '../src/graph/graph.js';
import { migrate } from '../src/graph/migrations.js';
import { importFiles } from '../src/ingest/importer.js';
import { createLogger } from '../src/logger.js';
import { startBundledNeo4j } from '../src/neo4j/bundled.js';
import { projectPath } from '../src/paths.js';
import { freePort } from './support.js';

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

export async function benchImport(options: { entries: number; heapMb: number }): Promise<void> {
  const logger = createLogger({ level: 'warn', format: 'pretty' }, process.stderr);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-bench-'));
  const page = path.join(dir, 'synthetic.txt');
  writeFileSync(page, syntheticPage(options.entries));
  const neo4j = await startBundledNeo4j({ boltPort: await freePort(), dataDir: dir, heapMb: options.heapMb, pageCacheMb: 256, logger });
  const graph = new Graph({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', logger });
  try {
    await migrate(graph);
    let t = performance.now();
    await importFiles(graph, [projectPath('data')]);
    console.log(`bundled dataset: ${Math.round(performance.now() - t)} ms`);
    t = performance.now();
    const first = await importFiles(graph, [page]);
    const firstMs = performance.now() - t;
    console.log(`${options.entries} entries, first import: ${Math.round(firstMs)} ms (${Math.round(options.entries / (firstMs / 1000))} entries/s); Entry created ${first.nodes.Entry?.created}, ABOUT ${first.relationships.ABOUT?.created ?? 0}`);
    t = performance.now();
    const second = await importFiles(graph, [page]);
    console.log(`same file again (no changes): ${Math.round(performance.now() - t)} ms; changed=${second.changed}`);
  } finally {
    await graph.close();
    await neo4j.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
