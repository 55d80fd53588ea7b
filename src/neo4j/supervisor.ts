/**
 * Keeps the service's bundled Neo4j running: when it dies, it is started again on the same port
 * and data folder, after a delay that doubles on each failed attempt (1 s, 2 s, 4 s … up to a
 * maximum), so the driver reconnects to the same address and the service recovers by itself.
 * Meanwhile its state is reported (for /readyz and the log), and the service answers
 * SERVICE_UNAVAILABLE. Only the first start's failure is final: that is a setup problem (no Java,
 * port or data folder taken) that retrying would not mend.
 */
import type { Logger } from '../logger.js';
import { BundledNeo4jError, startBundledNeo4j, type BundledNeo4j, type StartOptions } from './bundled.js';

export interface BundledNeo4jStatus {
  /** `running`; `restarting` after it died (waiting or starting again); `stopped` after stop(). */
  state: 'running' | 'restarting' | 'stopped';
  /** Restarts since the service started. */
  restarts: number;
  /** When the current state began (ISO time). */
  since: string;
  /** Failed attempts since it last died (0 while running). */
  failedAttempts: number;
  /** The exit code (or null: killed by a signal) of its last unexpected exit. */
  lastExitCode?: number | null;
}

export interface SupervisorOptions extends StartOptions {
  restart: { delayMs: number; maxDelayMs: number };
  /** Told of every change of state (after the first start). */
  onChange?: (status: BundledNeo4jStatus) => void;
}

export interface SupervisedNeo4j {
  uri: string;
  version: string;
  status(): BundledNeo4jStatus;
  /** Stops it for good: a restart in progress is abandoned, a running Neo4j shut down cleanly. */
  stop(): Promise<void>;
}

/** Starts the bundled Neo4j (rejecting as startBundledNeo4j does) and keeps it running. */
export async function superviseBundledNeo4j(options: SupervisorOptions): Promise<SupervisedNeo4j> {
  const { logger, restart, onChange } = options;
  const stopping = new AbortController();
  const startOptions: StartOptions = {
    ...options,
    signal: options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal,
  };
  let current: BundledNeo4j | undefined = await startBundledNeo4j(startOptions);
  let status: BundledNeo4jStatus = { state: 'running', restarts: 0, since: new Date().toISOString(), failedAttempts: 0 };
  let loop: Promise<void> | undefined;

  const change = (next: Partial<BundledNeo4jStatus>) => {
    status = { ...status, ...next, since: next.state && next.state !== status.state ? new Date().toISOString() : status.since };
    onChange?.(status);
  };

  const watch = (neo4j: BundledNeo4j) => {
    void neo4j.exited.then((code) => {
      if (stopping.signal.aborted || current !== neo4j) return;
      current = undefined;
      change({ state: 'restarting', lastExitCode: code, failedAttempts: 0 });
      loop = restartLoop(logger.child({ component: 'bundled-neo4j' }));
    });
  };

  const restartLoop = async (log: Logger): Promise<void> => {
    let delay = restart.delayMs;
    for (let attempt = 1; !stopping.signal.aborted; attempt += 1) {
      log.warn({ attempt, inMs: delay, lastExitCode: status.lastExitCode }, 'restarting the bundled Neo4j');
      if (!(await sleep(delay, stopping.signal))) return;
      try {
        const neo4j = await startBundledNeo4j(startOptions);
        current = neo4j;
        change({ state: 'running', restarts: status.restarts + 1, failedAttempts: 0 });
        log.info({ restarts: status.restarts, pid: neo4j.pid }, 'the bundled Neo4j was restarted');
        watch(neo4j);
        return;
      } catch (error) {
        if (stopping.signal.aborted) return;
        const reason = error instanceof BundledNeo4jError ? error.reason : 'START_FAILED';
        log.error({ attempt, reason, err: error }, 'the bundled Neo4j did not restart; trying again');
        change({ failedAttempts: attempt });
        delay = Math.min(Math.max(delay * 2, 1), restart.maxDelayMs);
      }
    }
  };

  watch(current);
  return {
    uri: current.uri,
    version: current.version,
    status: () => status,
    async stop() {
      if (!stopping.signal.aborted) stopping.abort();
      await loop;
      await current?.stop();
      if (status.state !== 'stopped') change({ state: 'stopped' });
    },
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
