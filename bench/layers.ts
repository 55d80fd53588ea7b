/**
 * `npm run bench -- layers`: where meshgraph's time per request goes, layer by layer, on the peer
 * benchmark's scenarios (bench/peer-scenarios.ts). One bundled Neo4j with the bundled dataset
 * serves four servers, each in its own process, loaded in turn (interleaved rounds, medians):
 *
 * - `meshgraph`: the service as `npm start` runs it (bench/support.ts startMeshgraph);
 * - `yoga`: the same schema, resolvers and context on graphql-yoga without meshgraph's plugins;
 * - `node:http`: the same schema, resolvers and context on a bare node:http handler with
 *   graphql-js (bench/layer-servers.ts);
 * - `raw`: one hand-written Cypher statement per scenario on a bare node:http handler, the floor
 *   (bench/peer-servers.ts).
 *
 * Before timing, every server answers every question once and the benchmark fails unless the
 * three GraphQL servers give the same `data` and the floor the same facts. It prints, per
 * scenario, requests/s, Node CPU and Neo4j CPU per request for each, and what each layer adds to
 * a request's Node CPU: yoga over node:http, meshgraph's plugins over yoga. Speed is never
 * asserted; results go in docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createLogger } from '../src/logger.js';
import { scenarioRequest, scenariosNamed, type Scenario } from './peer-scenarios.js';
import {
  freePort,
  interleavedRounds,
  loadavg,
  machine,
  measureLoad,
  neo4jEnv,
  printHeader,
  printRow,
  type LoadOptions,
  type LoadRequest,
  type Sample,
  type Server,
  startCommand,
  startDatasetNeo4j,
  startMeshgraph,
  startServer,
  stopServer,
  warmUpUntilSteady,
} from './support.js';

const LAYERS = ['meshgraph', 'yoga', 'node:http', 'raw'] as const;
type Layer = (typeof LAYERS)[number];

/** Every layer but the floor is asked meshgraph's query. */
const requestFor = (layer: Layer, scenario: Scenario): LoadRequest => scenarioRequest(scenario, layer === 'raw' ? 'raw' : 'meshgraph');

/** What `layer` answers to the scenario's question: its `data` (its `rows` for the floor); throws on anything but a 200 without errors. */
async function ask(server: Server, layer: Layer, scenario: Scenario): Promise<unknown> {
  const request = requestFor(layer, scenario);
  const response = await fetch(`http://127.0.0.1:${server.port}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: unknown; rows?: unknown; errors?: unknown[] };
  if (response.status !== 200 || parsed.errors?.length)
    throw new Error(`${scenario.name}: ${layer} answered HTTP ${response.status}: ${text.slice(0, 1000)}`);
  return layer === 'raw' ? parsed.rows : parsed.data;
}

/** Throws unless the GraphQL layers answer the same data as meshgraph, and the floor the same facts. */
async function verifyAnswers(servers: Map<Layer, Server>, scenarios: Scenario[]): Promise<void> {
  for (const scenario of scenarios) {
    const reference = await ask(servers.get('meshgraph')!, 'meshgraph', scenario);
    for (const layer of ['yoga', 'node:http'] as const) {
      const data = await ask(servers.get(layer)!, layer, scenario);
      if (!isDeepStrictEqual(data, reference))
        throw new Error(`${scenario.name}: ${layer} and meshgraph answer different data:\n${JSON.stringify(data).slice(0, 2000)}`);
    }
    const facts = scenario.canonical.raw(await ask(servers.get('raw')!, 'raw', scenario));
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(facts)), JSON.parse(JSON.stringify(scenario.canonical.meshgraph(reference)))))
      throw new Error(`${scenario.name}: raw Cypher and meshgraph give different facts`);
  }
}

export async function benchLayers(options: LoadOptions): Promise<void> {
  const scenarios = scenariosNamed(options.only);
  const logger = createLogger({ level: 'warn', format: 'pretty' }, process.stderr);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-bench-layers-'));
  const neo4j = await startDatasetNeo4j(dir, options.heapMb, logger);
  const servers = new Map<Layer, Server>();
  try {
    const env = { ...neo4jEnv(neo4j), NODE_ENV: 'production', PORT: '0' };
    servers.set('meshgraph', await startMeshgraph(neo4j, await freePort()));
    // With the Node options `npm start` gives meshgraph (a larger young generation): the garbage
    // collector is a tenth of a dashboard page's Node CPU, and the layers must differ in nothing else.
    const { nodeOptions } = startCommand();
    servers.set('yoga', await startServer('yoga', ['bench/layer-servers.ts', 'yoga'], env, undefined, nodeOptions));
    servers.set('node:http', await startServer('node:http', ['bench/layer-servers.ts', 'node'], env, undefined, nodeOptions));
    servers.set('raw', await startServer('raw', ['bench/peer-servers.ts', 'raw'], env, undefined));
    await verifyAnswers(servers, scenarios);

    const load = (layer: Layer, scenario: Scenario, connections: number, seconds: number) =>
      measureLoad(servers.get(layer)!, neo4j.pid, requestFor(layer, scenario), connections, seconds, `${scenario.name} on ${layer}`);
    console.log(
      `Layers benchmark: ${scenarios.length} scenarios, the four servers give the same data for each. Warm-up until steady (passes of ${options.warmupSeconds} s, at most ${options.warmupPasses}), ` +
        `then ${options.rounds} interleaved round(s) of ${options.seconds} s per server, scenario and connection count (${options.connections.join(', ')}); ` +
        `bundled dataset, Neo4j heap ${options.heapMb} MB, page cache 128 MB; ${machine()}; load average at start: ${loadavg()}`,
    );
    await warmUpUntilSteady(options.warmupPasses, async () => {
      const logs = new Map<string, number[]>();
      for (const scenario of scenarios)
        for (const layer of LAYERS) {
          const { rps } = await load(layer, scenario, Math.max(...options.connections), options.warmupSeconds);
          logs.set(layer, [...(logs.get(layer) ?? []), rps]);
        }
      return logs;
    });

    const medianOf = await interleavedRounds(options, scenarios, LAYERS, (layer, i, connections, seconds) =>
      load(layer, scenarios[i]!, connections, seconds),
    );

    for (const connections of options.connections) {
      const m = (scenario: Scenario, layer: Layer, pick: (s: Sample) => number) => medianOf(connections, scenario.name, layer, pick);
      const all = (scenario: Scenario, pick: (s: Sample) => number, digits: number) =>
        LAYERS.map((layer) => m(scenario, layer, pick).toFixed(digits)).join(' / ');
      console.log(`\n${connections} connection${connections === 1 ? '' : 's'} (medians of ${options.rounds} rounds)\n`);
      const header = [
        'scenario',
        'rps (meshgraph / yoga / node:http / raw)',
        'Node CPU ms/req (same order)',
        'Neo4j CPU ms/req (same order)',
        'p99 ms (same order)',
        'meshgraph ÷ node:http rps',
        'Node CPU ms/req: yoga adds / meshgraph’s plugins add',
      ];
      printHeader(header);
      for (const scenario of scenarios) {
        const cpu = (layer: Layer) => m(scenario, layer, (s) => s.cpuMsPerRequest);
        printRow([
          scenario.name,
          all(scenario, (s) => s.rps, 0),
          all(scenario, (s) => s.cpuMsPerRequest, 2),
          all(scenario, (s) => s.neo4jCpuMsPerRequest, 2),
          all(scenario, (s) => s.p99, 0),
          (m(scenario, 'meshgraph', (s) => s.rps) / m(scenario, 'node:http', (s) => s.rps)).toFixed(2),
          `${(cpu('yoga') - cpu('node:http')).toFixed(2)} / ${(cpu('meshgraph') - cpu('yoga')).toFixed(2)}`,
        ]);
      }
    }
    console.log(`\nload average at the end: ${loadavg()}`);
  } finally {
    for (const server of [...servers.values()].reverse()) await stopServer(server);
    await neo4j.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
