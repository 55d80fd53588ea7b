/**
 * Lineage at scale (issue 12): lineage p99 on a synthetic graph of 1,000,000 nodes against its p99
 * on 10,000 nodes (the goal: at most 2×), with the heap and page cache stated; and the same
 * for the entries collection's pages, which read from an index in order and should not grow either.
 *
 *   npm run bench -- lineage-scale [--sizes 10000,1000000] [--heap-mb 1024] [--pagecache-mb 3072]
 *                                  [--rounds 3] [--seconds 10] [--connections 10] [--probes 50]
 *   npm run bench -- lineage-scale --sizes 10000,100000 --rounds 1 --seconds 1   while developing
 *
 * It starts a bundled Neo4j of its own (temporary folder, free port, the heap and page cache given),
 * applies the migrations, and writes the synthetic graph of bench/synthetic-graph.ts (products in
 * SUPERSEDES chains, USES, IMPLEMENTS, DEVELOPED_BY, entries ABOUT products and concepts, a
 * category tree) through the Graph class, 10,000 nodes per write transaction: first the smallest
 * size, then grown to each next one (the smaller graph is the start of the larger one). At each
 * size it restarts Neo4j (a clean shutdown writes the store to disk, so its size there is the
 * graph's; and every size is measured from the same state: page cache cold, then warmed by the
 * questions themselves), starts meshgraph exactly as the peer benchmark does (src/main.ts in its own process,
 * `npm start` defaults but CLIENT_COST_BUDGET=0 and AUTO_IMPORT=false), checks that every probe's
 * answer lists exactly the products its chain holds, and runs autocannon with `--connections`
 * against four POST questions (never served by the response cache):
 *
 *   successors:    product(name: $name) { name successors { product { name } } }
 *   predecessors:  product(name: $name) { name predecessors { product { name } } }
 *   entries:       the dashboard list: entries(first: 50) { edges { node { slug title year
 *                  about { name } category { name } } } }, newest first
 *   entries after: the same page after a cursor (entries(first: 50, after: $after))
 *
 * cycling through `--probes` products, and `--probes` cursors, spread evenly over the graph (so a
 * larger graph is read all over, not at one hot spot). Per size it prints the medians over `--rounds` of requests/s, p50
 * and p99, and the mean time of each Cypher statement meshgraph ran (from its /metrics), which
 * says which statement grows with the graph; at the end the ratio p99(largest) ÷ p99(smallest).
 * The machine, the load average, the store's size on disk and the write times are printed too.
 * The 1,000,000-node graph (about 2.6 million relationships, a 2.5 GB store) is written in 100
 * transactions: about 20 minutes on a 2-core machine shared with other work (load average 5–21),
 * so give the run half an hour; `--sizes 10000,100000` takes about five.
 * Speed is never asserted; results go in docs/benchmarks.md. Not part of `npm test`.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { cypher, Graph } from '../src/graph/graph.js';
import { migrate } from '../src/graph/migrations.js';
import { createLogger } from '../src/logger.js';
import { startBundledNeo4j, type BundledNeo4j } from '../src/neo4j/bundled.js';
import { freePort, loadavg, machine, median, printRow, readStatementMetrics, startMeshgraph, stopServer, type Server } from './support.js';
import { encodeCursor } from '../src/schema/cursors.js';
import {
  entryPositions,
  lineageProbes,
  NODES_PER_BLOCK,
  writeSyntheticBlocks,
  type EntryPosition,
  type LineageProbe,
  type WriteReport,
} from './synthetic-graph.js';

export interface LineageScaleOptions {
  /** Node counts, ascending, each a multiple of 100. */
  sizes: number[];
  rounds: number;
  seconds: number;
  connections: number;
  heapMb: number;
  pageCacheMb: number;
  /** How many products the questions cycle through. */
  probes: number;
}

const DIRECTIONS = ['successors', 'predecessors'] as const;
type Direction = (typeof DIRECTIONS)[number];
/** The lineage questions, then the dashboard's entries page: the first, and pages after cursors all over the collection. */
const QUESTIONS = [...DIRECTIONS, 'entries', 'entries after'] as const;
type Question = (typeof QUESTIONS)[number];

const ENTRIES_PAGE = `query Entries($after: String) { entries(first: 50, after: $after) { edges { node { slug title year about { name } category { name } } } } }`;

const queryFor = (direction: Direction) =>
  `query Lineage($name: String!) { product(name: $name) { name ${direction} { product { name } } } }`;

const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

const bodyFor = (direction: Direction, probe: LineageProbe) =>
  JSON.stringify({ query: queryFor(direction), variables: { name: probe.name } });

/** The request bodies a question cycles through. */
function bodiesFor(question: Question, probes: LineageProbe[], positions: EntryPosition[]): string[] {
  if (question === 'entries') return [JSON.stringify({ query: ENTRIES_PAGE })];
  if (question === 'entries after') {
    // The cursor of the entry at each position, in the default order (newest first).
    const after = (p: EntryPosition) => encodeCursor({ o: 'YEAR:DESC', k: p.key, i: p.id });
    return positions.map((p) => JSON.stringify({ query: ENTRIES_PAGE, variables: { after: after(p) } }));
  }
  return probes.map((probe) => bodyFor(question, probe));
}

/** Asks every entries page once; throws unless each is a page of entries (the first one full), newest first. */
async function verifyEntries(meshgraph: Server, positions: EntryPosition[]): Promise<void> {
  for (const question of ['entries', 'entries after'] as const) {
    for (const body of bodiesFor(question, [], positions)) {
      const response = await fetch(`http://127.0.0.1:${meshgraph.port}/graphql`, { method: 'POST', headers: HEADERS, body });
      const text = await response.text();
      const edges = (JSON.parse(text) as { data?: { entries: { edges: Array<{ node: { year: number | null } }> } } }).data?.entries.edges;
      const years = edges?.map((edge) => edge.node.year ?? -1) ?? [];
      const newestFirst = years.every((year, i) => i === 0 || year <= years[i - 1]!);
      if (response.status !== 200 || !edges || (question === 'entries' && edges.length !== 50) || !newestFirst) {
        throw new Error(
          `${question}: expected a page of entries, newest first; meshgraph answered HTTP ${response.status}: ${text.slice(0, 1000)}`,
        );
      }
    }
  }
}

/** Asks meshgraph every probe's lineage once; throws unless each answer names exactly the products of its chain. */
async function verifyProbes(meshgraph: Server, probes: LineageProbe[]): Promise<void> {
  for (const direction of DIRECTIONS) {
    for (const probe of probes) {
      const response = await fetch(`http://127.0.0.1:${meshgraph.port}/graphql`, {
        method: 'POST',
        headers: HEADERS,
        body: bodyFor(direction, probe),
      });
      const text = await response.text();
      const body = JSON.parse(text) as { data?: { product: { name: string } & Record<Direction, Array<{ product: { name: string } }>> } };
      const product = body.data?.product;
      const names = product ? [...new Set(product[direction].map((step) => step.product.name))].sort() : undefined;
      if (response.status !== 200 || product?.name !== probe.name || JSON.stringify(names) !== JSON.stringify(probe[direction])) {
        throw new Error(
          `${direction} of ${probe.name}: expected ${JSON.stringify(probe[direction])}, meshgraph answered HTTP ${response.status}: ${text.slice(0, 1000)}`,
        );
      }
    }
  }
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
}

/** Load for `seconds` (or, to warm up, until `amount` answers), cycling through the question's bodies. */
async function load(
  meshgraph: Server,
  question: Question,
  bodies: string[],
  connections: number,
  seconds: number,
  amount?: number,
): Promise<Sample> {
  const result = await autocannon({
    url: `http://127.0.0.1:${meshgraph.port}`,
    connections,
    pipelining: 1,
    requests: bodies.map((body) => ({ method: 'POST', path: '/graphql', headers: HEADERS, body })),
    ...(amount === undefined ? { duration: seconds } : { amount }),
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(
      `${question}: ${result.errors} connection errors, ${result.non2xx} non-2xx answers under load\n${meshgraph.stderr.join('').slice(-1000)}`,
    );
  }
  if (result.requests.total === 0 && amount === undefined) throw new Error(`${question}: no request completed in ${seconds} s`);
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Bytes under `dir`, recursively. */
function sizeOnDisk(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOnDisk(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

const countNodes = cypher('bench:countNodes', 'MATCH (n) RETURN count(n) AS count');
const countRelationships = cypher('bench:countRelationships', 'MATCH ()-[r]->() RETURN count(r) AS count');

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

interface SizeResult {
  size: number;
  nodes: number;
  relationships: number;
  store: number;
  samples: Record<Question, Sample[]>;
}

export async function benchLineageScale(options: LineageScaleOptions): Promise<void> {
  const sizes = options.sizes;
  for (const [i, size] of sizes.entries()) {
    if (size % NODES_PER_BLOCK !== 0 || size < NODES_PER_BLOCK || (i > 0 && size <= sizes[i - 1]!))
      throw new Error(`--sizes must be ascending multiples of ${NODES_PER_BLOCK} (got ${sizes.join(',')})`);
  }
  const logger = createLogger({ level: 'warn', format: 'pretty' }, process.stderr);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-bench-lineage-'));
  const dataDir = path.join(dir, 'neo4j');
  console.log(
    `Lineage at scale: sizes ${sizes.map((s) => s.toLocaleString('en-US')).join(' → ')} nodes; Neo4j heap ${options.heapMb} MB, page cache ${options.pageCacheMb} MB; ` +
      `${options.rounds} round(s) of ${options.seconds} s per question at ${options.connections} connections, cycling through ${options.probes} products; ` +
      `${machine()}; load average at start: ${loadavg()}`,
  );
  const startNeo4j = async () =>
    startBundledNeo4j({ boltPort: await freePort(), dataDir, heapMb: options.heapMb, pageCacheMb: options.pageCacheMb, logger });
  const connect = (neo4j: BundledNeo4j) => new Graph({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', logger });
  let neo4j: BundledNeo4j | undefined = await startNeo4j();
  const results: SizeResult[] = [];
  let meshgraph: Server | undefined;
  try {
    let blocksWritten = 0;
    for (const size of sizes) {
      const blocks = size / NODES_PER_BLOCK;
      const graph = connect(neo4j);
      let report: WriteReport;
      try {
        await migrate(graph);
        report = await writeSyntheticBlocks(graph, blocksWritten, blocks, 100, (done, total) => {
          if (done % 1000 === 0 || done === total) process.stderr.write(`  written ${done}/${total} blocks (load average ${loadavg()})\n`);
        });
      } finally {
        await graph.close();
      }
      blocksWritten = blocks;
      // Store files are written at checkpoints (Community has no db.checkpoint()): a clean shutdown
      // writes one, so the store's size on disk is then the graph's, what the page cache would hold.
      // Every size is then measured from the same start: Neo4j just started, its page cache cold.
      await neo4j.stop();
      neo4j = undefined;
      const store = sizeOnDisk(path.join(dataDir, 'neo4j', 'data', 'databases', 'neo4j'));
      neo4j = await startNeo4j();
      const counting = connect(neo4j);
      const nodes = Number((await counting.read(countNodes))[0]?.count);
      const relationships = Number((await counting.read(countRelationships))[0]?.count);
      await counting.close();
      console.log(
        `\n${size.toLocaleString('en-US')} nodes: wrote ${report.nodes.toLocaleString('en-US')} nodes and ${report.relationships.toLocaleString('en-US')} relationships in ${(report.ms / 1000).toFixed(1)} s ` +
          `(${Math.round(report.nodes / (report.ms / 1000)).toLocaleString('en-US')} nodes/s); the graph holds ${nodes.toLocaleString('en-US')} nodes ` +
          `(with the migrations' and the graph version's) and ${relationships.toLocaleString('en-US')} relationships; store ${mb(store)} on disk; Neo4j restarted; load average ${loadavg()}`,
      );

      const probes = lineageProbes(blocks, options.probes);
      const positions = entryPositions(blocks, options.probes);
      const bodies = Object.fromEntries(QUESTIONS.map((q) => [q, bodiesFor(q, probes, positions)])) as Record<Question, string[]>;
      meshgraph = await startMeshgraph(neo4j, await freePort());
      await verifyProbes(meshgraph, probes);
      await verifyEntries(meshgraph, positions);
      for (const question of QUESTIONS) await load(meshgraph, question, bodies[question], options.connections, 0, 20 * options.probes);
      const samples: Record<Question, Sample[]> = { successors: [], predecessors: [], entries: [], 'entries after': [] };
      for (let round = 0; round < options.rounds; round += 1) {
        const order = round % 2 === 0 ? QUESTIONS : [...QUESTIONS].reverse();
        for (const question of order)
          samples[question].push(await load(meshgraph, question, bodies[question], options.connections, options.seconds));
      }
      const { statements } = await readStatementMetrics(meshgraph);
      console.log(`meshgraph's statements at this size (whole run, warm-up included; from its /metrics):`);
      printRow(['statement', 'count', 'mean ms']);
      printRow(['---', '---:', '---:']);
      for (const [name, { count, seconds }] of [...statements].sort((a, b) => b[1].count - a[1].count)) {
        if (count === 0 || name.startsWith('migration') || name === 'graphVersion') continue;
        printRow([name, String(count), ((1000 * seconds) / count).toFixed(2)]);
      }
      await stopServer(meshgraph);
      meshgraph = undefined;
      results.push({ size, nodes, relationships, store, samples });
    }

    console.log(`\nLineage and entries pages at ${options.connections} connections (medians of ${options.rounds} rounds)\n`);
    printRow(['nodes', 'relationships', 'store', 'question', 'rps', 'p50 ms', 'p99 ms']);
    printRow(['---:', '---:', '---:', '---', '---:', '---:', '---:']);
    for (const result of results) {
      for (const question of QUESTIONS) {
        const m = (pick: (s: Sample) => number) => median(result.samples[question].map(pick));
        printRow([
          result.nodes.toLocaleString('en-US'),
          result.relationships.toLocaleString('en-US'),
          mb(result.store),
          question,
          m((s) => s.rps).toFixed(0),
          fmtMs(m((s) => s.p50)),
          fmtMs(m((s) => s.p99)),
        ]);
      }
    }
    const first = results[0]!;
    const last = results.at(-1)!;
    for (const question of QUESTIONS) {
      const p99 = (r: SizeResult) => median(r.samples[question].map((s) => s.p99));
      const ratio = p99(last) / p99(first);
      console.log(
        `${question}: p99 at ${last.size.toLocaleString('en-US')} nodes ÷ p99 at ${first.size.toLocaleString('en-US')} nodes = ${ratio.toFixed(2)} (goal ≤ 2: ${ratio <= 2 ? 'met' : 'missed'})`,
      );
    }
    console.log(`load average at the end: ${loadavg()}`);
  } finally {
    if (meshgraph) await stopServer(meshgraph);
    await neo4j?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
