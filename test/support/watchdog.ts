/**
 * A long graph operation in a spec (an import of both whole sites), watched for stalls. It runs
 * on a view of the graph that the watchdog can abort. A stall is `stallMs` in which no statement
 * finished: a slow machine still finishes statements, a wait on a lock or a lost answer does not.
 * On a stall the operation is stopped (its transaction rolled back) and fails with what Neo4j was
 * doing, instead of a bare hook timeout that leaves nothing to read:
 * - every transaction Neo4j runs (SHOW TRANSACTIONS): its statement's name, status ("Blocked by"
 *   names the holder of a lock it waits for), elapsed, CPU and wait time, memory and locks held;
 * - the statements the operation finished, the last ones with their times;
 * - the JVM's stop-the-world pauses Neo4j logged meanwhile (bundled Neo4j only).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { testNeo4j } from './graph.js';

export interface WatchOptions {
  /** How long with no statement finished counts as a stall (ms). */
  stallMs?: number;
}

const showTransactions = cypher(
  'testShowTransactions',
  `SHOW TRANSACTIONS YIELD transactionId, metaData, currentQuery, status, elapsedTime, cpuTime, waitTime, estimatedUsedHeapMemory, activeLockCount
   RETURN transactionId AS id, metaData.name AS name, left(currentQuery, 160) AS statement, status,
     elapsedTime.milliseconds AS elapsedMs, cpuTime.milliseconds AS cpuMs, waitTime.milliseconds AS waitMs,
     estimatedUsedHeapMemory AS heapBytes, activeLockCount AS locks
   ORDER BY elapsedMs DESC`,
);

/** Runs `work` on a watched view of `graph`; see the module's comment. */
export async function watched<T>(graph: Graph, what: string, work: (graph: Graph) => Promise<T>, options: WatchOptions = {}): Promise<T> {
  const stallMs = options.stallMs ?? 120_000;
  const started = Date.now();
  const startedAt = new Date(started).toISOString().replace('T', ' ').slice(0, 19);
  const finished: Array<{ name: string; ms: number; ok: boolean }> = [];
  let count = 0;
  let lastFinished = started;
  const controller = new AbortController();
  const view = graph.scoped({
    observer: {
      onQuery(event) {
        count += 1;
        lastFinished = Date.now();
        finished.push({ name: event.name, ms: Math.round(event.ms), ok: event.ok });
        if (finished.length > 12) finished.shift();
      },
    },
    signals: [controller.signal],
  });

  let stallReport: string | undefined;
  const timer = setInterval(() => {
    if (stallReport !== undefined || Date.now() - lastFinished < stallMs) return;
    stallReport = '';
    void describeStall(graph, startedAt)
      .catch((error: unknown) => `(could not ask Neo4j what it was doing: ${String(error)})`)
      .then((neo4jSide) => {
        stallReport = [
          `${what} stalled: no statement finished for ${Math.round((Date.now() - lastFinished) / 1000)} s, ${Math.round((Date.now() - started) / 1000)} s after it began; ${count} statements finished before.`,
          `The last ones (name, ms, ok): ${finished.map((f) => `${f.name} ${f.ms} ${f.ok}`).join('; ') || 'none'}`,
          neo4jSide,
        ].join('\n');
        controller.abort();
      });
  }, 1_000);
  try {
    return await work(view);
  } catch (error) {
    if (stallReport) throw new Error(stallReport, { cause: error });
    throw error;
  } finally {
    clearInterval(timer);
  }
}

async function describeStall(graph: Graph, since: string): Promise<string> {
  const transactions = await graph.read(showTransactions);
  const lines = transactions.map(
    (t) =>
      `  ${t.id} ${t.name ?? '-'}: ${t.status}, ${t.elapsedMs} ms elapsed, ${t.cpuMs ?? '?'} ms CPU, ${t.waitMs ?? '?'} ms waiting, ` +
      `${t.heapBytes ?? '?'} bytes of heap, ${t.locks} locks; ${String(t.statement).replace(/\s+/g, ' ')}`,
  );
  return [`Neo4j's transactions now:`, ...lines, ...vmPauses(since)].join('\n');
}

/** Neo4j's "stop-the-world pause" lines since `since` (the bundled test Neo4j's debug.log). */
function vmPauses(since: string): string[] {
  const { dataDir } = testNeo4j();
  const log = dataDir ? path.join(dataDir, 'neo4j', 'logs', 'debug.log') : undefined;
  if (!log || !existsSync(log)) return [];
  const pauses = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes('stop-the-world') && line.slice(0, 19) >= since);
  return [`JVM pauses Neo4j logged since it began: ${pauses.length}`, ...pauses.slice(-10).map((line) => `  ${line}`)];
}
