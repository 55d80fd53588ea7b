/** Helpers for the benchmarks: statistics, the machine's load, and spawning the servers under test. */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Graph } from '../src/graph/graph.js';
import { migrate } from '../src/graph/migrations.js';
import { importFiles } from '../src/ingest/importer.js';
import type { Logger } from '../src/logger.js';
import { freePort, startBundledNeo4j, type BundledNeo4j } from '../src/neo4j/bundled.js';
import { projectPath } from '../src/paths.js';

export { freePort };

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them. */
export const loadavg = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The machine in one line: CPUs, their model, memory and Node. */
export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process so far, in ms (Linux: /proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime 14, stime 15 (1-based over the whole line).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** A server under test, in its own Node process. */
export interface Server<Name extends string = string> {
  name: Name;
  child: ChildProcess;
  port: number;
  stderr: string[];
}

/**
 * Starts `<args>` in its own Node process: TypeScript through tsx, or (`compiled`) a built
 * JavaScript file as it is. With `port`, it is ready when its /readyz answers 200; without, when
 * it prints `listening <port>` on stdout.
 */
export function startServer<Name extends string>(
  name: Name,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number | undefined,
  execArgv: string[] = [],
  compiled = false,
): Promise<Server<Name>> {
  const child = spawn(process.execPath, [...execArgv, ...(compiled ? [] : ['--import', 'tsx']), ...args], {
    cwd: projectPath(),
    env,
    stdio: ['ignore', port === undefined ? 'pipe' : 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${name} did not start: ${why}\n${stderr.join('').slice(-2000)}`));
    child.once('exit', (code) => fail(`exited with ${code}`));
    if (port !== undefined) {
      const deadline = Date.now() + 120_000;
      const poll = () => {
        fetch(`http://127.0.0.1:${port}/readyz`)
          .then((r) => (r.status === 200 ? resolve({ name, child, port, stderr }) : Promise.reject(new Error(`readyz ${r.status}`))))
          .catch(() => (Date.now() > deadline ? fail('not ready after 120 s') : setTimeout(poll, 250)));
      };
      poll();
    } else {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = /listening (\d+)/.exec(out);
        if (match) resolve({ name, child, port: Number(match[1]), stderr });
      });
    }
  });
}

/** SIGTERM, then SIGKILL after 15 s; resolves when the process has exited. */
export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Where meshgraph finds its Neo4j: the benchmark's own bundled one. */
export interface Neo4jTarget {
  uri: string;
}

/**
 * The Node options and entry point of `npm start` (package.json's `start`: `node <options>
 * dist/src/main.js`), so the benchmark runs the service with the options it ships with.
 */
export function startCommand(): { nodeOptions: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(' ');
  const entry = words.at(-1);
  if (words[0] !== 'node' || !entry?.endsWith('.js') || words.slice(1, -1).some((w) => !w.startsWith('--')))
    throw new Error(`package.json's start is not "node [--option ...] <file>.js": ${pkg.scripts.start}`);
  return { nodeOptions: words.slice(1, -1), entry };
}

/**
 * meshgraph exactly as `npm start` runs it — the compiled build with the start script's Node
 * options (`startCommand`; rebuilt first when the sources changed), its defaults, JSON logs at `info` — on 127.0.0.1 and a free
 * port, against `neo4j`, with two settings changed: CLIENT_COST_BUDGET=0 (a load generator is one
 * client; the per-client budget would answer 429) and AUTO_IMPORT=false (the benchmark writes the
 * graph itself).
 */
export async function startMeshgraph(neo4j: Neo4jTarget, port: number, execArgv: string[] = []): Promise<Server<'meshgraph'>> {
  execFileSync(process.execPath, [projectPath('node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'], {
    cwd: projectPath(),
    stdio: 'inherit',
  });
  const { nodeOptions, entry } = startCommand();
  return startServer(
    'meshgraph',
    [entry],
    {
      ...neo4jEnv(neo4j),
      PORT: String(port),
      HOST: '127.0.0.1',
      CLIENT_COST_BUDGET: '0',
      AUTO_IMPORT: 'false',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    port,
    [...nodeOptions, ...execArgv],
    true,
  );
}

/** The environment that points a server at the benchmark's Neo4j. */
export function neo4jEnv(neo4j: Neo4jTarget): NodeJS.ProcessEnv {
  return { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: '', NEO4J_DATABASE: 'neo4j' };
}

/**
 * meshgraph's /metrics: per Cypher statement name, how many ran and their summed driver-side
 * duration (session, transaction, round trips and waiting for CPU included); and the same for
 * HTTP routes (`METHOD route`).
 */
export async function readStatementMetrics(server: Server): Promise<{
  statements: Map<string, { count: number; seconds: number }>;
  http: Map<string, { count: number; seconds: number }>;
}> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const series = (metric: string) => {
    const out = new Map<string, number>();
    for (const match of text.matchAll(new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
      const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      const key = labels.statement ?? `${labels.method} ${labels.route}`;
      out.set(key, (out.get(key) ?? 0) + Number(match[2]));
    }
    return out;
  };
  const join = (sums: Map<string, number>, counts: Map<string, number>) =>
    new Map([...counts].map(([key, count]) => [key, { count, seconds: sums.get(key) ?? 0 }]));
  return {
    statements: join(series('meshgraph_neo4j_query_duration_seconds_sum'), series('meshgraph_neo4j_query_duration_seconds_count')),
    http: join(series('meshgraph_http_request_duration_seconds_sum'), series('meshgraph_http_request_duration_seconds_count')),
  };
}

/**
 * A bundled Neo4j in `dir` (heap `heapMb`, page cache 128 MB) holding the bundled dataset (data/),
 * imported into the empty graph: what the peer and layer benchmarks load.
 */
export async function startDatasetNeo4j(dir: string, heapMb: number, logger: Logger): Promise<BundledNeo4j> {
  const neo4j = await startBundledNeo4j({ boltPort: await freePort(), dataDir: path.join(dir, 'neo4j'), heapMb, pageCacheMb: 128, logger });
  try {
    const graph = new Graph({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', logger });
    try {
      await migrate(graph);
      await importFiles(graph, [projectPath('data')], { intoEmptyGraph: true });
    } finally {
      await graph.close();
    }
    return neo4j;
  } catch (error) {
    await neo4j.stop();
    throw error;
  }
}

/** One contender's figures over one load. */
export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  /** The server process's CPU time over the load ÷ requests answered. */
  cpuMsPerRequest: number;
  /** Neo4j's CPU time over the same load ÷ requests answered: what the database spent per request. */
  neo4jCpuMsPerRequest: number;
}

/** What a load sends, again and again, on every connection. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

/**
 * Loads `server` with `request` from `connections` connections for `seconds` (autocannon, no
 * pipelining). Throws, naming `what`, on any connection error or non-2xx answer, or when no
 * request completed.
 */
export async function measureLoad(
  server: Server,
  neo4jPid: number,
  request: LoadRequest,
  connections: number,
  seconds: number,
  what: string,
): Promise<Sample> {
  const pid = server.child.pid!;
  const cpuBefore = cpuMs(pid);
  const neo4jCpuBefore = cpuMs(neo4jPid);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${request.path}`,
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    connections,
    pipelining: 1,
    duration: seconds,
  });
  const cpu = cpuMs(pid) - cpuBefore;
  const neo4jCpu = cpuMs(neo4jPid) - neo4jCpuBefore;
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(
      `${what}: ${result.errors} connection errors, ${result.non2xx} non-2xx answers under load\n${server.stderr.join('').slice(-1000)}`,
    );
  }
  const total = result.requests.total;
  if (total === 0) throw new Error(`${what}: no request completed in ${seconds} s; give more --seconds`);
  return {
    rps: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: cpu / total,
    neo4jCpuMsPerRequest: neo4jCpu / total,
  };
}

/**
 * A warm-up pass is steady when it raises no server's throughput by more than this over the pass
 * before. A server's throughput here is the geometric mean of its requests/s over the scenarios.
 * Per scenario the test was too strict for a busy 2-core host: in the first run that asked every
 * server and scenario to rise by at most 10 %, the largest of the 21 rises was still 29-55 % in
 * each of passes 3 to 8 (docs/benchmarks.md). Noise moves single figures up and down, which the
 * mean over the scenarios damps; a JIT still compiling lifts them together.
 */
const STEADY_RISE = 0.05;

/** The geometric mean of positive figures (requests/s over scenarios). */
function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(Math.max(v, 1)), 0) / values.length);
}

/**
 * Runs warm-up passes until one is steady (STEADY_RISE), at most `maxPasses`. `pass(n)` loads
 * the servers once and answers each server's requests/s per scenario, by server name.
 */
export async function warmUpUntilSteady(maxPasses: number, pass: (n: number) => Promise<Map<string, number[]>>): Promise<void> {
  let before = new Map<string, number>();
  for (let n = 1; n <= maxPasses; n += 1) {
    const now = new Map([...(await pass(n))].map(([name, rps]) => [name, geometricMean(rps)] as const));
    const rises = [...now].map(([name, rps]) => ({ name, by: before.has(name) ? rps / before.get(name)! - 1 : Number.NaN }));
    const steady = n > 1 && rises.every((r) => r.by <= STEADY_RISE);
    console.log(
      `warm-up pass ${n}: ${n === 1 ? 'first pass' : rises.map((r) => `${r.name} ${r.by >= 0 ? '+' : ''}${(100 * r.by).toFixed(0)} %`).join(', ')}${steady ? ', steady' : ''} (load average ${loadavg()})`,
    );
    if (steady) return;
    before = now;
  }
  console.log(`warm-up: not steady after ${maxPasses} passes; measuring anyway`);
}

/** What the peer and layers benchmarks take from the command line (bench/run.ts). */
export interface LoadOptions {
  rounds: number;
  seconds: number;
  /** Seconds of load per server and scenario in each warm-up pass. */
  warmupSeconds: number;
  /** At most this many warm-up passes; fewer once a pass finds the servers steady (warmUpUntilSteady). */
  warmupPasses: number;
  connections: number[];
  heapMb: number;
  /** Scenario names (spaces as dashes) to run; all when empty. */
  only: string[];
}

/** Prints one row of a markdown table. */
export const printRow = (cells: string[]) => console.log(`| ${cells.join(' | ')} |`);

/** Prints a markdown table's header: the first column left-aligned, the figures right-aligned. */
export function printHeader(header: string[]): void {
  printRow(header);
  printRow(header.map((_h, i) => (i === 0 ? '---' : '---:')));
}

/**
 * `rounds` rounds of loading every contender on every scenario at each connection count, the
 * contenders' order rotated per round and scenario so none is always loaded first. Answers the
 * median of a figure of one contender's samples on one scenario at one connection count.
 */
export async function interleavedRounds<C extends string>(
  options: Pick<LoadOptions, 'rounds' | 'connections' | 'seconds'>,
  scenarios: readonly { name: string }[],
  contenders: readonly C[],
  load: (contender: C, scenarioIndex: number, connections: number, seconds: number) => Promise<Sample>,
): Promise<(connections: number, scenario: string, contender: C, pick: (s: Sample) => number) => number> {
  const samples = new Map<string, Sample[]>();
  const key = (connections: number, scenario: string, contender: C) => `${connections}|${scenario}|${contender}`;
  for (let round = 0; round < options.rounds; round += 1) {
    for (const connections of options.connections)
      for (const [i, scenario] of scenarios.entries()) {
        const shift = (round + i) % contenders.length;
        for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
          const sample = await load(contender, i, connections, options.seconds);
          const k = key(connections, scenario.name, contender);
          samples.set(k, [...(samples.get(k) ?? []), sample]);
        }
      }
    console.error(`round ${round + 1}/${options.rounds} done (load average ${loadavg()})`);
  }
  return (connections, scenario, contender, pick) => median(samples.get(key(connections, scenario, contender))!.map(pick));
}
