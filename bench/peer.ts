/**
 * Peer benchmark (issue 12): meshgraph side by side with the Neo4j GraphQL Library and with the
 * floor (one hand-written Cypher statement per question on a bare node:http handler), on one
 * bundled Neo4j holding the bundled dataset; and meshgraph's cached reads beside its uncached ones.
 *
 *   npm run bench -- peer [--rounds 3] [--seconds 2] [--warmup 3] [--warmup-passes 8] [--connections 10,1]
 *                         [--only lookup,path] [--profile meshgraph|peer|raw] [--heap-mb 1024]
 *   npm run bench -- peer --rounds 1 --seconds 1      a quick run while developing
 *
 * Each server runs in its own Node process (so each one's CPU time is its own, read from
 * /proc/<pid>/stat): meshgraph exactly as `npm start` runs it (src/main.ts, its defaults, JSON
 * logs at `info`) with two settings changed — CLIENT_COST_BUDGET=0 (no per-client budget) and
 * AUTO_IMPORT=false (this script imports) — and POST requests, which the response cache never
 * serves, so every request runs its statements. Before timing anything it asks each server each
 * question once and fails unless the three answers are the same data (bench/peer-scenarios.ts).
 *
 * Cached figures: meshgraph is also asked each question as `GET /graphql?query=…&variables=…`,
 * which its response cache (on at `npm start` defaults: RESPONSE_CACHE_ENTRIES=1000) serves from
 * the second request on; the check fails unless the second GET is a hit (`x-meshgraph-cache`)
 * with the same data. A bare node:http handler (`bench/peer-servers.ts bare`, its own process)
 * then returns those very bytes, the ceiling of any cached read; the issue's goal is cached GET
 * reads ≥ 0.5× the bare handler's requests/s.
 *
 * First it warms every contender up on every scenario, at the highest connection count, until
 * the servers are steady (see warmUp: passes of `--warmup` seconds per contender and scenario,
 * at most `--warmup-passes`): Node's JIT and that of Neo4j's JVM (which all three servers share),
 * plan caches, connection pools, the response cache.
 * Then, per round, per connection count, per scenario, it runs autocannon against the five
 * contenders (three servers answering POSTs, meshgraph's cached GET, the bare handler) one after
 * the other (the order rotating so none is always first), `--seconds` each, and prints per
 * connection count the medians over rounds of requests/s, p50, p99, CPU time per request (of the
 * server's Node process, and of Neo4j over the same load: which of the two bounds it), and the
 * ratios: meshgraph ÷ peer requests/s and meshgraph p99 ÷ floor p99; then a second table of the
 * cached reads: cached GET ÷ POST and cached GET ÷ bare handler requests/s.
 * `--profile <server>` starts that server with `node --cpu-prof` and says where the profile went;
 * a profiled run loads only the three servers' POSTs, so the cached reads do not swamp the profile.
 * Speed is never asserted; results and the machine's load go in docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createLogger } from '../src/logger.js';
import { ACCEPT, scenarioPath, scenarioRequest, scenariosNamed, type Scenario, type ServerName } from './peer-scenarios.js';
import {
  freePort,
  interleavedRounds,
  loadavg,
  machine,
  measureLoad,
  neo4jEnv,
  printHeader,
  printRow,
  readStatementMetrics,
  startMeshgraph,
  startDatasetNeo4j,
  startServer,
  stopServer,
  type LoadOptions,
  type LoadRequest,
  type Sample,
  type Server,
  warmUpUntilSteady,
} from './support.js';

export interface PeerOptions extends LoadOptions {
  profile: ServerName | undefined;
}

const SERVERS: ServerName[] = ['meshgraph', 'peer', 'raw'];

/**
 * What is loaded: the three servers answering POSTs; `cached`, meshgraph answering the same
 * question as a GET that its response cache serves; and `bare`, a bare node:http handler
 * returning the bytes of that cached answer (the ceiling of a cached read).
 */
type Contender = ServerName | 'cached' | 'bare';
const CONTENDERS: Contender[] = ['meshgraph', 'peer', 'raw', 'cached', 'bare'];

type Process = Server<ServerName | 'bare'>;

/** meshgraph's question as `GET /graphql?query=…&variables=…`: cacheable (no debug header, no text/html). */
function cachedPath(scenario: Scenario): string {
  const { query, variables } = scenario.meshgraph;
  return `/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables ?? {}) })}`;
}

function requestFor(contender: Contender, scenario: Scenario): LoadRequest {
  if (contender === 'bare') return { method: 'GET', path: scenarioPath(scenario), headers: { accept: ACCEPT } };
  if (contender === 'cached') return { method: 'GET', path: cachedPath(scenario), headers: { accept: ACCEPT } };
  return scenarioRequest(scenario, contender);
}

/** The process that answers a contender's requests. */
function processOf(processes: Process[], contender: Contender): Process {
  const name = contender === 'cached' ? 'meshgraph' : contender;
  return processes.find((p) => p.name === name)!;
}
/** JSON with object keys sorted, for comparing canonical answers. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

interface Answer {
  answer: unknown;
  body: any;
  /** The response's bytes and headers, as received. */
  text: string;
  headers: Headers;
}

/** Asks `contender` the scenario's question once; throws on anything but a 200 answer with data of the expected shape. */
async function ask(
  processes: Process[],
  contender: Contender,
  scenario: Scenario,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const request = requestFor(contender, scenario);
  const server = processOf(processes, contender);
  const response = await fetch(`http://127.0.0.1:${server.port}${request.path}`, {
    method: request.method,
    headers: { ...request.headers, ...extraHeaders },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${scenario.name}: ${contender} answered HTTP ${response.status}: ${text.slice(0, 1000)}`);
  const parsed = JSON.parse(text) as any;
  if (parsed.errors?.length)
    throw new Error(`${scenario.name}: ${contender} answered errors: ${JSON.stringify(parsed.errors).slice(0, 1000)}`);
  const shape: ServerName = contender === 'raw' ? 'raw' : contender === 'peer' ? 'peer' : 'meshgraph';
  let answer: unknown;
  try {
    answer = scenario.canonical[shape](shape === 'raw' ? parsed.rows : parsed.data);
  } catch (error) {
    throw new Error(`${scenario.name}: ${contender}'s answer does not have the expected shape (${String(error)}): ${text.slice(0, 1000)}`);
  }
  return { answer, body: parsed, text, headers: response.headers };
}

function sameData(scenario: Scenario, name: string, answer: unknown, reference: unknown): void {
  if (!isDeepStrictEqual(JSON.parse(stableJson(answer)), JSON.parse(stableJson(reference)))) {
    throw new Error(
      `${scenario.name}: ${name} and raw Cypher give different data.\n${name}: ${stableJson(answer).slice(0, 2000)}\nraw:  ${stableJson(reference).slice(0, 2000)}`,
    );
  }
}

/**
 * Asks every server every question once; throws unless all three give the same data. Then asks
 * meshgraph the question as a GET twice: the first answer must be a cache miss with the same data,
 * the second a hit (`x-meshgraph-cache: hit`) with the same bytes. Returns meshgraph's statement
 * count per scenario and the cached answers (their bytes and content type), which the bare
 * handler will serve.
 */
async function verifyAnswers(
  processes: Process[],
  scenarios: Scenario[],
): Promise<{ statements: Map<string, number | undefined>; cached: Map<string, { contentType: string; body: string }> }> {
  const statements = new Map<string, number | undefined>();
  const cached = new Map<string, { contentType: string; body: string }>();
  for (const scenario of scenarios) {
    const answers = new Map<ServerName, unknown>();
    for (const server of SERVERS) answers.set(server, (await ask(processes, server, scenario)).answer);
    const reference = answers.get('raw');
    const empty = reference === undefined || (Array.isArray(reference) && reference.length === 0);
    if (empty) throw new Error(`${scenario.name}: the floor's answer is empty; the scenario would measure nothing`);
    for (const [name, answer] of answers) sameData(scenario, name, answer, reference);

    const first = await ask(processes, 'cached', scenario);
    const second = await ask(processes, 'cached', scenario);
    sameData(scenario, 'meshgraph (GET)', first.answer, reference);
    const cacheStates = [first, second].map((a) => a.headers.get('x-meshgraph-cache'));
    if (cacheStates[1] !== 'hit' || second.text !== first.text) {
      throw new Error(
        `${scenario.name}: meshgraph's response cache does not serve the GET (x-meshgraph-cache: ${cacheStates.join(', then ')}; same bytes: ${second.text === first.text})`,
      );
    }
    cached.set(scenario.name, { contentType: second.headers.get('content-type') ?? 'application/json', body: second.text });

    const debug = await ask(processes, 'meshgraph', scenario, { 'x-meshgraph-debug': '1' });
    const neo4jStats = debug.body.extensions?.neo4j as { queries?: number; statements?: Record<string, number> } | undefined;
    statements.set(scenario.name, neo4jStats?.queries);
    console.log(
      `${scenario.name}: meshgraph runs ${neo4jStats?.queries ?? '?'} statement(s): ${Object.entries(neo4jStats?.statements ?? {})
        .map(([n, c]) => (c > 1 ? `${n} ×${c}` : n))
        .join(', ')}; its cached GET answer is ${Buffer.byteLength(second.text)} bytes`,
    );
  }
  return { statements, cached };
}

/** Load for `seconds` (the measured rounds and the warm-up alike). */
function load(
  processes: Process[],
  neo4jPid: number,
  contender: Contender,
  scenario: Scenario,
  connections: number,
  seconds: number,
): Promise<Sample> {
  const request = requestFor(contender, scenario);
  const server = processOf(processes, contender);
  return measureLoad(server, neo4jPid, request, connections, seconds, `${scenario.name} on ${contender}`);
}

/**
 * Warms every contender up on every scenario, in passes of `warmupSeconds` each, until the
 * servers are steady (warmUpUntilSteady), at most `warmupPasses` passes. Neo4j's JVM compiles for
 * minutes under a new statement's load (on two cores, its JIT competes with the load itself):
 * on a fresh Neo4j, meshgraph's lineage ran at 78 requests/s in its first 3 s and at 1,200 a
 * minute later. A fixed short warm-up measures that climb, whichever server is loaded first.
 * The cached GETs and the bare handler never reach Neo4j: one pass warms them.
 */
function warmUp(
  processes: Process[],
  neo4jPid: number,
  scenarios: Scenario[],
  contenders: Contender[],
  connections: number,
  options: PeerOptions,
): Promise<void> {
  const warming = contenders.filter((c) => c !== 'cached' && c !== 'bare');
  return warmUpUntilSteady(options.warmupPasses, async (pass) => {
    const logs = new Map<string, number[]>();
    for (const scenario of scenarios)
      for (const contender of pass === 1 ? contenders : warming) {
        const { rps } = await load(processes, neo4jPid, contender, scenario, connections, options.warmupSeconds);
        if (contender !== 'cached' && contender !== 'bare') logs.set(contender, [...(logs.get(contender) ?? []), rps]);
      }
    return logs;
  });
}

/**
 * From meshgraph's /metrics after the run: the mean driver-side duration of each Cypher statement
 * (session, transaction, round trips and waiting for CPU included) and the mean POST /graphql
 * duration, so the share of a request spent waiting on Neo4j can be read off.
 */
async function printStatementTimes(meshgraph: Server): Promise<void> {
  const { statements, http } = await readStatementMetrics(meshgraph);
  const graphqlKey = [...http.keys()].find((k) => k.startsWith('POST') && k.includes('graphql'));
  console.log('\nmeshgraph, whole run (all scenarios and connection counts), from its /metrics:');
  if (graphqlKey) {
    const requests = http.get(graphqlKey)!;
    const statementSeconds = [...statements.values()].reduce((a, b) => a + b.seconds, 0);
    const statementCount = [...statements.values()].reduce((a, b) => a + b.count, 0);
    console.log(
      `  ${requests.count} POST /graphql, mean ${((1000 * requests.seconds) / requests.count).toFixed(1)} ms; ${statementCount} statements (${(statementCount / requests.count).toFixed(2)} per request), ` +
        `mean ${((1000 * statementSeconds) / statementCount).toFixed(1)} ms each; time in statements ÷ request time: ${(statementSeconds / requests.seconds).toFixed(2)}`,
    );
  }
  console.log('  | statement | count | mean ms |');
  console.log('  | --- | ---: | ---: |');
  for (const [name, { count, seconds }] of [...statements].sort((a, b) => b[1].count - a[1].count)) {
    if (count === 0 || name === 'migration') continue;
    console.log(`  | ${name} | ${count} | ${((1000 * seconds) / count).toFixed(1)} |`);
  }
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtRatio = (x: number) => x.toFixed(2);

export async function benchPeer(options: PeerOptions): Promise<void> {
  const scenarios = scenariosNamed(options.only);
  const logger = createLogger({ level: 'warn', format: 'pretty' }, process.stderr);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-bench-peer-'));
  const profileDir = path.join(dir, 'profiles');
  const neo4j = await startDatasetNeo4j(dir, options.heapMb, logger);
  const processes: Process[] = [];
  try {
    const cpuProf = (name: ServerName) => (options.profile === name ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    // The contenders in production mode, as meshgraph's `npm start` runs (src/production.ts).
    const base = { ...neo4jEnv(neo4j), NODE_ENV: 'production' };
    processes.push(await startMeshgraph(neo4j, await freePort(), cpuProf('meshgraph')));
    processes.push(await startServer('peer', ['bench/peer-servers.ts', 'peer'], { ...base, PORT: '0' }, undefined, cpuProf('peer')));
    processes.push(await startServer('raw', ['bench/peer-servers.ts', 'raw'], { ...base, PORT: '0' }, undefined, cpuProf('raw')));

    const { statements, cached } = await verifyAnswers(processes, scenarios);
    // The bare handler serves, per scenario, the very bytes meshgraph's cache answered.
    const bareFile = path.join(dir, 'bare-responses.json');
    writeFileSync(bareFile, JSON.stringify(Object.fromEntries([...cached].map(([name, r]) => [`/${encodeURIComponent(name)}`, r]))));
    processes.push(
      await startServer('bare', ['bench/peer-servers.ts', 'bare'], { ...base, PORT: '0', BARE_RESPONSES: bareFile }, undefined),
    );
    for (const scenario of scenarios) {
      const bare = await ask(processes, 'bare', scenario);
      if (bare.text !== cached.get(scenario.name)!.body)
        throw new Error(`${scenario.name}: the bare handler does not return meshgraph's bytes`);
    }

    console.log(`Peer benchmark: ${scenarios.length} scenarios, the three servers give the same data for each.`);
    console.log(
      `warm-up until steady (passes of ${options.warmupSeconds} s, at most ${options.warmupPasses}), then ${options.rounds} interleaved round(s) of ${options.seconds} s per contender, scenario and connection count (${options.connections.join(', ')}); ` +
        `bundled dataset, Neo4j heap ${options.heapMb} MB, page cache 128 MB; ${machine()}; load average at start: ${loadavg()}`,
    );

    // The load phase on the monotonic clock, which V8's CPU profiles use too (Linux): the profile
    // summary keeps only this window, leaving out start-up.
    const loadStartedUs = process.hrtime.bigint() / 1000n;
    // Warm-up: Node's and Neo4j's JIT, Neo4j's plan cache, connection pools, the response cache.
    // A profile is of the uncached path: the cached GETs (thousands a second) would swamp it.
    const contenders = options.profile ? CONTENDERS.filter((c) => c !== 'cached' && c !== 'bare') : CONTENDERS;
    await warmUp(processes, neo4j.pid, scenarios, contenders, Math.max(...options.connections), options);

    const medianOf = await interleavedRounds(options, scenarios, contenders, (contender, i, connections, seconds) =>
      load(processes, neo4j.pid, contender, scenarios[i]!, connections, seconds),
    );

    for (const connections of options.connections) {
      const m = (scenario: Scenario, contender: Contender, pick: (s: Sample) => number) =>
        medianOf(connections, scenario.name, contender, pick);
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
        'Neo4j CPU ms/req (m / peer / raw)',
        'meshgraph statements',
      ];
      printHeader(header);
      for (const scenario of scenarios) {
        const rps = (s: Contender) => m(scenario, s, (x) => x.rps);
        const trio = (pick: (s: Sample) => number, fmt: (x: number) => string) => SERVERS.map((s) => fmt(m(scenario, s, pick))).join(' / ');
        printRow([
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
          trio(
            (x) => x.neo4jCpuMsPerRequest,
            (x) => x.toFixed(2),
          ),
          String(statements.get(scenario.name) ?? '?'),
        ]);
      }

      // Cached figures beside the uncached ones: the same question as a GET meshgraph's response
      // cache serves, and a bare node:http handler returning the same bytes (issue 12: cached
      // GET reads at least 0.5× the bare handler).
      if (options.profile) continue;
      console.log(`\nCached GET reads, ${connections} connection${connections === 1 ? '' : 's'} (medians of ${options.rounds} rounds)\n`);
      const cachedHeader = [
        'scenario',
        'meshgraph POST rps',
        'meshgraph cached GET rps',
        'bare node:http rps',
        'cached ÷ POST',
        'cached ÷ bare (goal ≥ 0.5)',
        'p50 ms (cached / bare)',
        'p99 ms (cached / bare)',
        'CPU ms/req (cached / bare)',
        'bytes',
      ];
      printHeader(cachedHeader);
      for (const scenario of scenarios) {
        const rps = (s: Contender) => m(scenario, s, (x) => x.rps);
        const pair = (pick: (s: Sample) => number, fmt: (x: number) => string) =>
          (['cached', 'bare'] as const).map((s) => fmt(m(scenario, s, pick))).join(' / ');
        const ratio = rps('cached') / rps('bare');
        printRow([
          scenario.name,
          rps('meshgraph').toFixed(0),
          rps('cached').toFixed(0),
          rps('bare').toFixed(0),
          fmtRatio(rps('cached') / rps('meshgraph')),
          `${fmtRatio(ratio)} ${ratio >= 0.5 ? 'met' : 'missed'}`,
          pair((x) => x.p50, fmtMs),
          pair((x) => x.p99, fmtMs),
          pair(
            (x) => x.cpuMsPerRequest,
            (x) => x.toFixed(3),
          ),
          String(Buffer.byteLength(cached.get(scenario.name)!.body)),
        ]);
      }
    }
    console.log(`\nload average at the end: ${loadavg()}`);
    if (options.profile)
      console.log(`load phase (for tsx bench/profile-summary.ts --window): ${loadStartedUs}-${process.hrtime.bigint() / 1000n}`);
    await printStatementTimes(processOf(processes, 'meshgraph'));
  } finally {
    for (const server of processes.reverse()) await stopServer(server);
    await neo4j.stop();
    if (options.profile) {
      console.log(`CPU profile of ${options.profile}: ${profileDir} (open in Chrome DevTools or speedscope; the folder is kept)`);
      rmSync(path.join(dir, 'neo4j'), { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
