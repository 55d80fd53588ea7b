/**
 * Beyond one machine (issue 12): meshgraph replicas are stateless. Two service processes against one
 * Neo4j give the same answers and the same ETags for the same graph version, and after an
 * `npm run import` against that Neo4j both serve the new version (a new ETag, the new data) once
 * their version poll has run. Nothing is timed: the wait has a generous deadline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/graph.js';
import { prepareTestDatabase } from '../support/dataset.js';
import { testGraph, testNeo4j } from '../support/graph.js';
import { freePort, runTs, waitForHttp, type RunningProcess } from '../support/process.js';

const VIEWS = [
  '/views/landscape-stats',
  '/views/product-lineage?name=Maesh',
  '/views/search?query=ambient',
  '/views/recent-entries?first=10',
];

const neo4j = testNeo4j();
const neo4jEnv = { NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, NEO4J_DATABASE: neo4j.database };
const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-scale-out-'));

let graph: Graph;
const replicas: Array<{ service: RunningProcess; baseUrl: string }> = [];

async function startReplica() {
  const port = await freePort();
  const service = runTs('src/main.ts', { ...neo4jEnv, PORT: String(port), HOST: '127.0.0.1', AUTO_IMPORT: 'false' });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/readyz`, (r) => r.status === 200, 120_000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- service output ---\n${service.output()}`);
  });
  return { service, baseUrl };
}

async function read(baseUrl: string, url: string) {
  const response = await fetch(`${baseUrl}${url}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return { etag: response.headers.get('etag'), body: (await response.json()) as { data: Record<string, any> } };
}

async function readAll(url: string) {
  return Promise.all(replicas.map((r) => read(r.baseUrl, url)));
}

beforeAll(async () => {
  graph = testGraph();
  await prepareTestDatabase(graph);
  replicas.push(...(await Promise.all([startReplica(), startReplica()])));
}, 240_000);

afterAll(async () => {
  for (const { service } of replicas) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  // Leave the curated dataset for the files that run after this one.
  await prepareTestDatabase(graph);
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
}, 240_000);

describe('two meshgraph processes on one Neo4j', () => {
  it('give the same answers and ETags, and both serve the new graph version after an import', async () => {
    const before = new Map<string, { etag: string | null; body: unknown }>();
    for (const url of VIEWS) {
      const [a, b] = await readAll(url);
      expect(a!.etag).toMatch(/^"v\d+-[\w-]+"$/);
      expect(b!.etag, url).toBe(a!.etag);
      expect(b!.body, url).toEqual(a!.body);
      before.set(url, a!);
    }
    const entriesBefore = (before.get('/views/landscape-stats')!.body as { data: { stats: { entryCount: number } } }).data.stats.entryCount;

    // One new entry, imported by the CLI (its own process) into the shared Neo4j.
    const page = path.join(dir, 'scale-out-probe.md');
    writeFileSync(
      page,
      '# Scale-out probe\n\n## Reading\n\n- [A scale-out probe article about Istio](https://scale-out-probe.example.org/article) - Written for this test.\n',
    );
    const importer = runTs('src/cli/import.ts', neo4jEnv, [page]);
    const exit = await importer.exited;
    expect(exit.code, importer.output()).toBe(0);

    // Each replica notices the new version when its version poll runs (≤ 1 s by design).
    const stale = before.get('/views/landscape-stats')!.etag;
    for (const { baseUrl } of replicas) {
      await waitForHttp(`${baseUrl}/views/landscape-stats`, (r) => r.status === 200 && r.headers.get('etag') !== stale, 60_000);
    }
    for (const url of VIEWS) {
      const [a, b] = await readAll(url);
      expect(a!.etag, url).not.toBe(before.get(url)!.etag);
      expect(b!.etag, url).toBe(a!.etag);
      expect(b!.body, url).toEqual(a!.body);
    }
    const [stats] = await readAll('/views/landscape-stats');
    expect(stats!.body.data.stats.entryCount).toBe(entriesBefore + 1);
  });
});
