/**
 * Peer benchmark (issue 12): meshgraph side by side with the Neo4j GraphQL Library and with the
 * floor (one hand-written Cypher statement per question on a bare node:http handler), on one
 * bundled Neo4j holding the bundled dataset.
 *
 *   npm run bench -- peer [--rounds 3] [--seconds 2] [--connections 10,1] [--only lookup,path]
 *                         [--profile meshgraph|peer|raw] [--heap-mb 512]
 *
 * Each server runs in its own Node process (so each one's CPU time is its own, read from
 * /proc/<pid>/stat): meshgraph exactly as `npm start` runs it (src/main.ts, its defaults, JSON
 * logs at `info`) with two settings changed — CLIENT_COST_BUDGET=0 (no per-client budget) and
 * AUTO_IMPORT=false (this script imports) — and POST requests, which the response cache never
 * serves, so every request runs its statements. Before timing anything it asks each server each
 * question once and fails unless the three answers are the same data (bench/peer-scenarios.ts).
 * Then, per round, per connection count, per scenario, it runs autocannon against the three
 * servers one after the other (the order rotating so none is always first), `--seconds` each,
 * and prints per connection count the medians over rounds of requests/s, p50, p99, CPU time per
 * request, and the two ratios: meshgraph ÷ peer requests/s and meshgraph p99 ÷ floor p99.
 * `--profile <server>` starts that server with `node --cpu-prof` and says where the profile went.
 * Speed is never asserted; results and the machine's load go in docs/benchmarks.md.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { Graph } from '../src/graph/graph.js';
import { migrate } from '../src/graph/migrations.js';
import { importFiles } from '../src/ingest/importer.js';
import { createLogger } from '../src/logger.js';
import { startBundledNeo4j } from '../src/neo4j/bundled.js';
import { projectPath } from '../src/paths.js';
import { SCENARIOS, type Scenario, type ServerName } from './peer-scenarios.js';
import { freePort, median } from './support.js';

export interface PeerOptions {
  rounds: number;
  seconds: number;
  connections: number[];
  heapMb: number;
  /** Scenario names (spaces as dashes) to run; all when empty. */
  only: string[];
  profile: ServerName | undefined;
}

const SERVERS: ServerName[] = ['meshgraph', 'peer', 'raw'];

interface Server {
  name: ServerName;
  child: ChildProcess;
  port: number;
  stderr: string[];
}

interface Request {
  path: string;
  body: string;
}

function requestFor(server: ServerName, scenario: Scenario): Request {
  if (server === 'raw') return { path: `/${encodeURIComponent(scenario.name)}`, body: JSON.stringify(scenario.raw.params) };
  const { query, variables } = scenario[server];
  return { path: '/graphql', body: JSON.stringify({ query, variables: variables ?? {} }) };
}

const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process so far, in ms (Linux: /proc/<pid>/stat). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime 14, stime 15 (1-based over the whole line).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function startServer(
  name: ServerName,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number | undefined,
  execArgv: string[],
): Promise<Server> {
  const child = spawn(process.execPath, [...execArgv, '--import', 'tsx', ...args], {
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

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** JSON with object keys sorted, for comparing canonical answers. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

async function ask(server: Server, scenario: Scenario, extraHeaders: Record<string, string> = {}): Promise<{ answer: unknown; body: any }> {
  const { path: urlPath, body } = requestFor(server.name, scenario);
  const response = await fetch(`http://127.0.0.1:${server.port}${urlPath}`, {
    method: 'POST',
    headers: { ...HEADERS, ...extraHeaders },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.name}: ${server.name} answered HTTP ${response.status}: ${text.slice(0, 1000)}`);
  const parsed = JSON.parse(text) as any;
  if (parsed.errors?.length)
    throw new Error(`${scenario.name}: ${server.name} answered errors: ${JSON.stringify(parsed.errors).slice(0, 1000)}`);
  const data = server.name === 'raw' ? parsed.rows : parsed.data;
  let answer: unknown;
  try {
    answer = scenario.canonical[server.name](data);
  } catch (error) {
    throw new Error(
      `${scenario.name}: ${server.name}'s answer does not have the expected shape (${String(error)}): ${text.slice(0, 1000)}`,
    );
  }
  return { answer, body: parsed };
}

/** Asks every server every question once; throws unless all three give the same data. */
async function verifyAnswers(servers: Server[], scenarios: Scenario[]): Promise<Map<string, number | undefined>> {
  const statements = new Map<string, number | undefined>();
  for (const scenario of scenarios) {
    const answers = new Map<ServerName, unknown>();
    for (const server of servers) answers.set(server.name, (await ask(server, scenario)).answer);
    const reference = answers.get('raw');
    const empty = reference === undefined || (Array.isArray(reference) && reference.length === 0);
    if (empty) throw new Error(`${scenario.name}: the floor's answer is empty; the scenario would measure nothing`);
    for (const [name, answer] of answers) {
      if (!isDeepStrictEqual(JSON.parse(stableJson(answer)), JSON.parse(stableJson(reference)))) {
        throw new Error(
          `${scenario.name}: ${name} and raw Cypher give different data.\n${name}: ${stableJson(answer).slice(0, 2000)}\nraw:  ${stableJson(reference).slice(0, 2000)}`,
        );
      }
    }
    const meshgraph = servers.find((s) => s.name === 'meshgraph')!;
    const debug = await ask(meshgraph, scenario, { 'x-meshgraph-debug': '1' });
    const neo4jStats = debug.body.extensions?.neo4j as { queries?: number; statements?: Record<string, number> } | undefined;
    statements.set(scenario.name, neo4jStats?.queries);
    console.log(
      `${scenario.name}: meshgraph runs ${neo4jStats?.queries ?? '?'} statement(s): ${Object.entries(neo4jStats?.statements ?? {})
        .map(([n, c]) => (c > 1 ? `${n} ×${c}` : n))
        .join(', ')}`,
    );
  }
  return statements;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
}

/** Load for `seconds`, or (warm-up) until `amount` requests have been answered. */
async function load(server: Server, scenario: Scenario, connections: number, seconds: number, amount?: number): Promise<Sample> {
  const { path: urlPath, body } = requestFor(server.name, scenario);
  const pid = server.child.pid!;
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${urlPath}`,
    method: 'POST',
    headers: HEADERS,
    body,
    connections,
    pipelining: 1,
    ...(amount === undefined ? { duration: seconds } : { amount }),
  });
  const cpu = cpuMs(pid) - cpuBefore;
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(
      `${scenario.name} on ${server.name}: ${result.errors} connection errors, ${result.non2xx} non-2xx answers under load\n${server.stderr.join('').slice(-1000)}`,
    );
  }
  const total = result.requests.total;
  if (total === 0 && amount === undefined)
    throw new Error(`${scenario.name} on ${server.name}: no request completed in ${seconds} s; give more --seconds`);
  return {
    rps: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: total > 0 ? cpu / total : Number.NaN,
  };
}

/**
 * From meshgraph's /metrics after the run: the mean driver-side duration of each Cypher statement
 * (session, transaction, round trips and waiting for CPU included) and the mean POST /graphql
 * duration, so the share of a request spent waiting on Neo4j can be read off.
 */
async function printStatementTimes(meshgraph: Server): Promise<void> {
  const text = await (await fetch(`http://127.0.0.1:${meshgraph.port}/metrics`)).text();
  const series = (metric: string) => {
    const out = new Map<string, number>();
    for (const match of text.matchAll(new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
      const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      const key = labels.statement ?? `${labels.method} ${labels.route}`;
      out.set(key, (out.get(key) ?? 0) + Number(match[2]));
    }
    return out;
  };
  const sums = series('meshgraph_neo4j_query_duration_seconds_sum');
  const counts = series('meshgraph_neo4j_query_duration_seconds_count');
  const httpSums = series('meshgraph_http_request_duration_seconds_sum');
  const httpCounts = series('meshgraph_http_request_duration_seconds_count');
  const graphqlKey = [...httpCounts.keys()].find((k) => k.startsWith('POST') && k.includes('graphql'));
  console.log('\nmeshgraph, whole run (all scenarios and connection counts), from its /metrics:');
  if (graphqlKey) {
    const requests = httpCounts.get(graphqlKey)!;
    const statementSeconds = [...sums.values()].reduce((a, b) => a + b, 0);
    const statementCount = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `  ${requests} POST /graphql, mean ${((1000 * httpSums.get(graphqlKey)!) / requests).toFixed(1)} ms; ${statementCount} statements (${(statementCount / requests).toFixed(2)} per request), ` +
        `mean ${((1000 * statementSeconds) / statementCount).toFixed(1)} ms each; time in statements ÷ request time: ${(statementSeconds / httpSums.get(graphqlKey)!).toFixed(2)}`,
    );
  }
  console.log('  | statement | count | mean ms |');
  console.log('  | --- | ---: | ---: |');
  for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) {
    if (count === 0 || name === 'migration') continue;
    console.log(`  | ${name} | ${count} | ${((1000 * sums.get(name)!) / count).toFixed(1)} |`);
  }
}

const slug = (name: string) => name.replace(/\s+/g, '-');
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtRatio = (x: number) => x.toFixed(2);
const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export async function benchPeer(options: PeerOptions): Promise<void> {
  const scenarios = options.only.length > 0 ? SCENARIOS.filter((s) => options.only.includes(slug(s.name))) : SCENARIOS;
  if (scenarios.length === 0) throw new Error(`--only matches no scenario (known: ${SCENARIOS.map((s) => slug(s.name)).join(', ')})`);
  const logger = createLogger({ level: 'warn', format: 'pretty' }, process.stderr);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-bench-peer-'));
  const profileDir = path.join(dir, 'profiles');
  const neo4j = await startBundledNeo4j({
    boltPort: await freePort(),
    dataDir: path.join(dir, 'neo4j'),
    heapMb: options.heapMb,
    pageCacheMb: 128,
    logger,
  });
  const servers: Server[] = [];
  try {
    const graph = new Graph({ uri: neo4j.uri, user: 'neo4j', password: '', database: 'neo4j', logger });
    try {
      await migrate(graph);
      await importFiles(graph, [projectPath('data')], { intoEmptyGraph: true });
    } finally {
      await graph.close();
    }

    const cpuProf = (name: ServerName) => (options.profile === name ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    const base = { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: '', NEO4J_DATABASE: 'neo4j' };
    const meshgraphPort = await freePort();
    servers.push(
      await startServer(
        'meshgraph',
        ['src/main.ts'],
        {
          ...base,
          PORT: String(meshgraphPort),
          HOST: '127.0.0.1',
          CLIENT_COST_BUDGET: '0',
          AUTO_IMPORT: 'false',
          LOG_FORMAT: 'json',
          LOG_LEVEL: 'info',
        },
        meshgraphPort,
        cpuProf('meshgraph'),
      ),
    );
    servers.push(await startServer('peer', ['bench/peer-servers.ts', 'peer'], { ...base, PORT: '0' }, undefined, cpuProf('peer')));
    servers.push(await startServer('raw', ['bench/peer-servers.ts', 'raw'], { ...base, PORT: '0' }, undefined, cpuProf('raw')));

    const statements = await verifyAnswers(servers, scenarios);
    const _statementNames = new Map<string, string>();
    console.log(`Peer benchmark: ${scenarios.length} scenarios, the three servers give the same data for each.`);
    console.log(
      `${options.rounds} interleaved round(s) of ${options.seconds} s per server, scenario and connection count (${options.connections.join(', ')}); ` +
        `bundled dataset, Neo4j heap ${options.heapMb} MB, ${os.cpus().length} CPUs, Node ${process.version}; load average at start: ${loadavg()}`,
    );

    // The load phase on the monotonic clock, which V8's CPU profiles use too (Linux): the profile
    // summary keeps only this window, leaving out start-up.
    const loadStartedUs = process.hrtime.bigint() / 1000n;
    // Warm-up: JIT, Neo4j's plan cache, connection pools.
    for (const scenario of scenarios) for (const server of servers) await load(server, scenario, Math.max(...options.connections), 0, 200);

    const samples = new Map<string, Sample[]>(); // `${connections}|${scenario}|${server}`
    for (let round = 0; round < options.rounds; round += 1) {
      for (const connections of options.connections) {
        for (const [i, scenario] of scenarios.entries()) {
          const shift = (round + i) % SERVERS.length;
          const order = [...servers.slice(shift), ...servers.slice(0, shift)];
          for (const server of order) {
            const key = `${connections}|${scenario.name}|${server.name}`;
            samples.set(key, [...(samples.get(key) ?? []), await load(server, scenario, connections, options.seconds)]);
          }
        }
      }
      console.error(`round ${round + 1}/${options.rounds} done (load average ${loadavg()})`);
    }

    for (const connections of options.connections) {
      const m = (scenario: Scenario, server: ServerName, pick: (s: Sample) => number) =>
        median(samples.get(`${connections}|${scenario.name}|${server}`)!.map(pick));
      console.log(`\n${connections} connection${connections === 1 ? '' : 's'} (medians of ${options.rounds} rounds)\n`);
      const header = [
        'scenario',
        'meshgraph rps',
        '@neo4j/graphql rps',
        'raw Cypher rps',
        'meshgraph ÷ peer',
        'meshgraph p99 ÷ raw p99',
        'p50 ms (m / peer / raw)',
        'p99 ms (m / peer / raw)',
        'CPU ms/req (m / peer / raw)',
        'meshgraph statements',
      ];
      console.log(`| ${header.join(' | ')} |`);
      console.log(`| ${header.map((_h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
      for (const scenario of scenarios) {
        const rps = (s: ServerName) => m(scenario, s, (x) => x.rps);
        const trio = (pick: (s: Sample) => number, fmt: (x: number) => string) => SERVERS.map((s) => fmt(m(scenario, s, pick))).join(' / ');
        console.log(
          `| ${[
            scenario.name,
            rps('meshgraph').toFixed(0),
            rps('peer').toFixed(0),
            rps('raw').toFixed(0),
            fmtRatio(rps('meshgraph') / rps('peer')),
            fmtRatio(m(scenario, 'meshgraph', (x) => x.p99) / m(scenario, 'raw', (x) => x.p99)),
            trio((x) => x.p50, fmtMs),
            trio((x) => x.p99, fmtMs),
            trio(
              (x) => x.cpuMsPerRequest,
              (x) => x.toFixed(2),
            ),
            String(statements.get(scenario.name) ?? '?'),
          ].join(' | ')} |`,
        );
      }
    }
    console.log(`\nload average at the end: ${loadavg()}`);
    if (options.profile)
      console.log(`load phase (for tsx bench/profile-summary.ts --window): ${loadStartedUs}-${process.hrtime.bigint() / 1000n}`);
    await printStatementTimes(servers.find((s) => s.name === 'meshgraph')!);
  } finally {
    for (const server of servers.reverse()) await stopServer(server);
    await neo4j.stop();
    if (options.profile) {
      console.log(`CPU profile of ${options.profile}: ${profileDir} (open in Chrome DevTools or speedscope; the folder is kept)`);
      rmSync(path.join(dir, 'neo4j'), { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
