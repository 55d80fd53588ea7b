/**
 * The graph layer's core: the only module (with its siblings in src/graph/) that imports
 * neo4j-driver. One driver per process; the database named on every call; read or write access
 * explicit; every statement named (its name travels as transaction metadata, so it can be found
 * in Neo4j's query log); driver errors mapped to the service's own errors here and nowhere else.
 */
import { setMaxListeners } from 'node:events';
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
  type Session,
  Neo4jError,
  isRetriableError,
} from 'neo4j-driver';
import { MeshgraphError, ServiceUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { useTcpNoDelayForBolt } from './no-delay.js';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** A named, parameterised Cypher statement. Names are stable: metrics and logs are keyed by them. */
export interface Statement {
  name: string;
  cypher: string;
}

export function cypher(name: string, text: string): Statement {
  return { name, cypher: `/* ${name} */ ${text.trim()}` };
}

/**
 * Receives every statement's outcome: metrics per process, counts per request. `cancelled`: the
 * statement was stopped because its work was abandoned (see `Graph.scoped`'s `signal`).
 */
export interface QueryObserver {
  onQuery(event: { name: string; mode: 'read' | 'write'; ms: number; dbMs: number; ok: boolean; cancelled?: boolean }): void;
}

export interface GraphOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  logger: Logger;
  observer?: QueryObserver;
}

export interface ServerInfo {
  version: string;
  edition: string;
  address: string;
}

/**
 * The work a graph view does was abandoned (its client went away, or the service is stopping
 * past its grace period): the statement was not started, or was stopped and rolled back.
 */
export class CancelledError extends MeshgraphError {
  constructor(message = 'The request was cancelled', options?: { cause?: unknown }) {
    super('CANCELLED', message, {}, options);
    this.name = 'CancelledError';
  }
}

/** A transaction handed to write work: statements run inside one all-or-nothing unit. */
export interface WriteTx {
  run(statement: Statement, params?: Params): Promise<Row[]>;
  /** The graph version this transaction makes if it changes anything (to stamp on what it writes). */
  readonly version: number;
}

/** What a write transaction did: its work's value, whether it changed the graph, and the graph version after it. */
export interface Change<T> {
  value: T;
  changed: boolean;
  graphVersion: number;
}

/** The graph version (GraphMeta): bumped by every write transaction that changes anything. */
const graphVersionStatement = cypher(
  'graphVersion',
  "OPTIONAL MATCH (m:GraphMeta {id: 'graph'}) RETURN coalesce(m.version, 0) AS version, toString(m.updatedAt) AS updatedAt",
);
const bumpGraphVersion = cypher(
  'bumpGraphVersion',
  "MERGE (m:GraphMeta {id: 'graph'}) SET m.version = coalesce(m.version, 0) + 1, m.updatedAt = datetime() RETURN m.version AS version",
);

export interface GraphVersionRow {
  version: number;
  /** When it was made (ISO 8601), or null before the first write. */
  updatedAt: string | null;
}

export class Graph {
  readonly database: string;
  private readonly driver: Driver;
  private readonly logger: Logger;
  // Not readonly: a scoped view (Object.create of its parent) sets its own.
  private observers: QueryObserver[];

  constructor(private readonly options: GraphOptions) {
    this.database = options.database;
    this.logger = options.logger;
    this.observers = options.observer ? [options.observer] : [];
    useTcpNoDelayForBolt();
    this.driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      // Integers come back as JS numbers: every count and year we store fits in 2^53.
      disableLosslessIntegers: true,
      maxConnectionPoolSize: 50,
      connectionAcquisitionTimeout: 10_000,
      connectionTimeout: 5_000,
      maxTransactionRetryTime: 5_000,
      userAgent: 'meshgraph/0.1',
      logging: {
        level: 'warn',
        logger: (level, message) => this.logger.warn({ neo4jDriver: level }, message),
      },
    });
  }

  get uri(): string {
    return this.options.uri;
  }

  /**
   * A view of this graph for one unit of work (a request): its statements are also reported to
   * `observer`, and `gate` is asked first, so a request fails at once with SERVICE_UNAVAILABLE
   * while the graph is known to be down instead of waiting for connection timeouts.
   *
   * `signals` end the work when any of them aborts (the client went away, the response budget
   * is spent, the service is stopping): no further statement starts, and a running one is stopped
   * in Neo4j (its transaction rolled back) and fails at once with the signal's reason when that is
   * one of our errors, CancelledError otherwise. A view of a view keeps its parent's signals too.
   * (A list rather than one `AbortSignal.any`: combining signals cost a request 1 % of its CPU.)
   */
  scoped(options: { observer?: QueryObserver; gate?: () => string | undefined; signals?: readonly AbortSignal[] }): Graph {
    const view = Object.create(this) as Graph;
    view.observers = options.observer ? [...this.observers, options.observer] : this.observers;
    if (options.gate) view.gate = options.gate;
    if (options.signals?.length) {
      view.signals = [...this.signals, ...options.signals];
      // Each running statement listens while it runs (and stops listening after): a request or
      // the service may run many at once, which is no leak.
      for (const signal of options.signals) setMaxListeners(0, signal);
    }
    return view;
  }

  private gate?: () => string | undefined;
  private signals: readonly AbortSignal[] = [];

  private checkGate(): void {
    this.throwIfAborted();
    const reason = this.gate?.();
    if (reason !== undefined) throw new ServiceUnavailableError(`The graph is not available right now: ${reason}`);
  }

  private throwIfAborted(): void {
    const signal = this.signals.find((s) => s.aborted);
    if (signal) throw cancellation(signal);
  }

  /**
   * Runs `work` (which holds `session`) until it settles or a signal of this view aborts; on abort
   * the session is closed at once, which makes the driver send RESET: Neo4j stops the running
   * statement and rolls its transaction back. The caller does not wait for that to finish.
   */
  private async cancellable<T>(session: Session, work: Promise<T>): Promise<T> {
    if (this.signals.length === 0) return work;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        const signal = this.signals.find((s) => s.aborted)!;
        session.close().catch(() => undefined);
        reject(cancellation(signal));
      };
      for (const signal of this.signals) signal.addEventListener('abort', onAbort, { once: true });
    });
    work.catch(() => undefined); // settles after RESET; its error is not the one to report
    try {
      return await Promise.race([work, aborted]);
    } finally {
      for (const signal of this.signals) signal.removeEventListener('abort', onAbort!);
    }
  }

  /**
   * Runs a read statement as one auto-commit read transaction (routed to a follower in a
   * cluster): RUN and PULL go out together and the answer comes back in one round trip, with no
   * BEGIN or COMMIT around it (issue 12: a managed transaction's two extra messages cost more than
   * the statement on a small read). Neo4j reads at read-committed isolation either way, so an
   * explicit transaction would add no consistency. A failure Neo4j calls transient (a leader
   * switch, a connection lost) is run again in a managed transaction, which retries it for up to
   * `maxTransactionRetryTime`.
   */
  async read(statement: Statement, params: Params = {}): Promise<Row[]> {
    this.checkGate();
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    const config = { metadata: { app: 'meshgraph', name: statement.name }, timeout: 30_000 };
    let cancelled = false;
    try {
      return await this.timed('read', statement, () =>
        this.cancellable(session, Promise.resolve(withoutCallerStack(() => session.run(statement.cypher, params, config)))),
      );
    } catch (error) {
      cancelled = error instanceof CancelledError || this.signals.some((s) => s.aborted);
      if (cancelled || !isRetriableError(error)) throw mapDriverError(error, statement);
    } finally {
      if (!cancelled) await session.close();
    }
    return this.execute('read', statement, params);
  }

  /** Runs one write statement in its own transaction. */
  async write(statement: Statement, params: Params = {}): Promise<Row[]> {
    return this.execute('write', statement, params);
  }

  /** The graph version and when it was made. */
  async version(): Promise<GraphVersionRow> {
    const [row] = await this.read(graphVersionStatement);
    return { version: Number(row?.version ?? 0), updatedAt: row?.updatedAt == null ? null : String(row.updatedAt) };
  }

  /**
   * Runs `work` in one write transaction: all of its statements commit together or not at all.
   * When any statement changed the graph (Neo4j's update counters say so), the graph version is
   * bumped in the same transaction, so every writer keeps the version-keyed caches and ETags right
   * by construction. Not retried automatically: an import is not idempotent half-way, so a failure
   * is reported.
   */
  async writeTransaction<T>(name: string, work: (tx: WriteTx) => Promise<T>, timeoutMs = 600_000): Promise<Change<T>> {
    this.checkGate();
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    const tx = session.beginTransaction({ metadata: { app: 'meshgraph', name }, timeout: timeoutMs });
    let cancelled = false;
    try {
      const run = (statement: Statement, params: Params = {}) => {
        this.throwIfAborted();
        return this.timed('write', statement, () => this.cancellable(session, Promise.resolve(tx.run(statement.cypher, params))));
      };
      const current = Number((await run(graphVersionStatement))[0]?.version ?? 0);
      let changed = false;
      const value = await work({
        version: current + 1,
        run: (statement, params = {}) => {
          this.throwIfAborted();
          return this.timed('write', statement, async () => {
            const result = await this.cancellable(session, Promise.resolve(tx.run(statement.cypher, params)));
            if (result.summary.counters.containsUpdates()) changed = true;
            return result;
          });
        },
      });
      const graphVersion = changed ? Number((await run(bumpGraphVersion))[0]?.version ?? current + 1) : current;
      this.throwIfAborted();
      await this.cancellable(session, Promise.resolve(tx.commit()));
      return { value, changed, graphVersion };
    } catch (error) {
      cancelled = error instanceof CancelledError || this.signals.some((s) => s.aborted);
      // A cancelled transaction is rolled back by the RESET that closing the session sends.
      if (!cancelled && tx.isOpen()) await tx.rollback().catch(() => undefined);
      throw mapDriverError(error);
    } finally {
      if (cancelled) session.close().catch(() => undefined);
      else await session.close();
    }
  }

  /** Runs schema statements (DDL), each in its own auto-commit transaction, as Neo4j requires. */
  async runSchema(statement: Statement): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await this.timed('write', statement, () =>
        session.run(statement.cypher, {}, { metadata: { app: 'meshgraph', name: statement.name } }),
      );
    } catch (error) {
      throw mapDriverError(error, statement);
    } finally {
      await session.close();
    }
  }

  /** Connects and reports the server's version; throws ServiceUnavailableError when it cannot. */
  async serverInfo(): Promise<ServerInfo> {
    this.checkGate(); // a request's view: refused at once while the graph is known to be down
    try {
      const info = await this.driver.getServerInfo({ database: this.database });
      const rows = await this.read(
        cypher('serverComponents', 'CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition'),
      );
      return {
        version: String(rows[0]?.version ?? info.agent ?? 'unknown'),
        edition: String(rows[0]?.edition ?? 'unknown'),
        address: info.address ?? this.options.uri,
      };
    } catch (error) {
      throw mapDriverError(error);
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async execute(mode: 'read' | 'write', statement: Statement, params: Params): Promise<Row[]> {
    this.checkGate();
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const config = { metadata: { app: 'meshgraph', name: statement.name }, timeout: 30_000 };
    const work = (tx: ManagedTransaction) => tx.run(statement.cypher, params);
    let cancelled = false;
    try {
      const result = await this.timed(mode, statement, () =>
        this.cancellable(session, mode === 'read' ? session.executeRead(work, config) : session.executeWrite(work, config)),
      );
      return result;
    } catch (error) {
      cancelled = error instanceof CancelledError;
      throw mapDriverError(error, statement);
    } finally {
      // After a cancellation the session is already closing (RESET sent); do not wait for Neo4j.
      if (!cancelled) await session.close();
    }
  }

  private async timed(
    mode: 'read' | 'write',
    statement: Statement,
    run: () => Promise<QueryResult<RecordShape>> | PromiseLike<QueryResult<RecordShape>>,
  ): Promise<Row[]> {
    const started = performance.now();
    let ok = false;
    let cancelled = false;
    let dbMs = 0;
    try {
      const result = await run();
      dbMs = Number(result.summary.resultAvailableAfter ?? 0) + Number(result.summary.resultConsumedAfter ?? 0);
      ok = true;
      return result.records.map((record) => record.toObject() as Row);
    } catch (error) {
      cancelled = error instanceof CancelledError;
      throw error;
    } finally {
      const ms = performance.now() - started;
      for (const observer of this.observers)
        observer.onQuery({ name: statement.name, mode, ms, dbMs, ok, ...(cancelled ? { cancelled } : {}) });
    }
  }
}

/** The error a cancelled statement fails with: the signal's reason when it is one of ours. */
function cancellation(signal: AbortSignal): MeshgraphError {
  const reason: unknown = signal.reason;
  if (reason instanceof MeshgraphError) return reason;
  return new CancelledError(undefined, { cause: reason });
}

/**
 * Starts a statement without the stack trace neo4j-driver captures for each one (`new
 * Error().stack`, formatted: 2 % of a request's CPU, issue 12), which it would only paste onto
 * that statement's error. Ours name the statement instead (GraphQueryError).
 */
function withoutCallerStack<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The single place where driver errors become the service's errors; `statement`: the one that failed, when known. */
function mapDriverError(error: unknown, statement?: Statement): Error {
  if (error instanceof MeshgraphError) return error;
  if (error instanceof Neo4jError) {
    if (
      error.code === 'ServiceUnavailable' ||
      error.code === 'SessionExpired' ||
      error.code === 'Neo.TransientError.General.DatabaseUnavailable' ||
      error.code === 'Neo.ClientError.Database.DatabaseNotFound'
    ) {
      return new ServiceUnavailableError(`Neo4j is not available: ${error.message}`, { cause: error });
    }
    if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new MeshgraphError('CONFLICT', error.message, {}, { cause: error });
    }
    if (error.code === 'Neo.ClientError.Transaction.TransactionTimedOut' || error.code?.includes('TransactionTimedOut')) {
      return new MeshgraphError('TIMEOUT', 'The database query took too long and was stopped', {}, { cause: error });
    }
    if (error.code?.includes('MemoryPoolOutOfMemoryError') || error.code?.includes('TransactionMemoryLimit')) {
      return new MeshgraphError(
        'RESOURCE_LIMIT',
        `The transaction needs more memory than Neo4j allows (${error.message}). For a very large import, give the bundled Neo4j more heap (NEO4J_HEAP_MB) or raise dbms.memory.transaction.total.max on your server.`,
        {},
        { cause: error },
      );
    }
    if (isRetriableError(error)) {
      return new ServiceUnavailableError(`Neo4j is busy: ${error.message}`, { cause: error });
    }
    return new GraphQueryError(error.code, statement ? `${error.message} (statement ${statement.name})` : error.message, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A statement Neo4j refused: a bug in our Cypher or data, never the user's fault. */
class GraphQueryError extends Error {
  constructor(
    readonly neo4jCode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${neo4jCode}: ${message}`, options);
    this.name = 'GraphQueryError';
  }
}
