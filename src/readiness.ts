/**
 * Whether the service can answer: Neo4j reachable and every migration applied. Checked in the
 * background until ready (and re-checked on demand), so the service starts even while Neo4j is
 * down and recovers by itself when Neo4j comes up.
 */
import type { Graph, ServerInfo } from './graph/graph.js';
import { migrate } from './graph/migrations.js';
import { storeMissingKeys } from './ingest/stored-keys.js';
import type { Logger } from './logger.js';
import type { BundledNeo4jStatus } from './neo4j/supervisor.js';

export type ReadinessState = { ready: true; neo4j: ServerInfo; since: string } | { ready: false; reason: string; since: string };

export interface ReadinessOptions {
  graph: Graph;
  logger: Logger;
  /** Runs once, the first time the graph is reachable and migrated (e.g. the first-start import). */
  onFirstReady?: () => Promise<void>;
  retryMs?: number;
  watchMs?: number;
  /** How long one check waits for Neo4j to answer (default 10 s). */
  answerTimeoutMs?: number;
  /** The state of the bundled Neo4j this service runs and restarts (reported by /readyz). */
  bundledNeo4j?: () => BundledNeo4jStatus;
}

export class Readiness {
  private state: ReadinessState = { ready: false, reason: 'starting', since: new Date().toISOString() };
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<ReadinessState> | undefined;
  private firstReadyDone = false;
  private stopped = false;

  constructor(private readonly options: ReadinessOptions) {}

  get current(): ReadinessState {
    return this.state;
  }

  /** The bundled Neo4j's state, when this service runs one. */
  get bundledNeo4j(): BundledNeo4jStatus | undefined {
    return this.options.bundledNeo4j?.();
  }

  /**
   * Neo4j is known to be gone (the bundled one died): not ready from now on, so requests are
   * refused at once, and checked again every `retryMs` until it is back.
   */
  markUnavailable(reason: string): void {
    if (this.stopped) return;
    if (this.state.ready || this.state.reason !== reason) this.options.logger.warn({ reason }, 'graph is not ready');
    this.state = { ready: false, reason, since: this.state.ready ? new Date().toISOString() : this.state.since };
    this.schedule(this.options.retryMs ?? 2000);
  }

  /** Resolves when no check (with its migrations or first-start import) is running. */
  async idle(): Promise<void> {
    await this.checking?.catch(() => undefined);
  }

  /** Starts checking in the background until ready. */
  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Checks now (one check at a time); used by /readyz and by the retry loop. */
  check(): Promise<ReadinessState> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** Resolves when ready, or rejects with the last reason after `timeoutMs`. */
  async waitUntilReady(timeoutMs: number): Promise<ServerInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.check();
      if (state.ready) return state.neo4j;
      if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${state.reason}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Checks every `retryMs` while not ready, and every `watchMs` once ready, to notice Neo4j going away. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    const state = await this.check();
    if (this.stopped) return;
    this.schedule(state.ready ? (this.options.watchMs ?? 10_000) : (this.options.retryMs ?? 2000));
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async runCheck(): Promise<ReadinessState> {
    const { graph, logger } = this.options;
    const wasReady = this.state.ready;
    try {
      // Something that accepts connections but never answers (a frozen Neo4j, another program on
      // its port) must not hold the check, which every later check and /readyz share, forever.
      const neo4j = await answerWithin(graph.serverInfo(), this.options.answerTimeoutMs ?? 10_000);
      if (!wasReady) {
        const report = await migrate(graph);
        if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrations applied');
        const stored = await storeMissingKeys(graph);
        if (stored > 0) logger.info({ nodes: stored }, 'stored the keys (folded names, sort keys) of nodes imported before they were kept');
        if (!this.firstReadyDone && this.options.onFirstReady) {
          await this.options.onFirstReady();
        }
        this.firstReadyDone = true;
        logger.info({ neo4j: neo4j.version, edition: neo4j.edition, address: neo4j.address }, 'graph is ready');
      }
      this.state = wasReady && this.state.ready ? { ...this.state, neo4j } : { ready: true, neo4j, since: new Date().toISOString() };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (wasReady || this.state.reason !== reason) logger.warn({ reason }, 'graph is not ready');
      this.state = { ready: false, reason, since: wasReady ? new Date().toISOString() : this.state.since };
    }
    return this.state;
  }
}

function answerWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Neo4j did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
