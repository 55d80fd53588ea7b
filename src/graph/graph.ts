/**
 * The graph layer's core: the only module (with its siblings in src/graph/) that imports
 * neo4j-driver. One driver per process; the database named on every call; read or write access
 * explicit; every statement named (its name travels as transaction metadata, so it can be found
 * in Neo4j's query log); driver errors mapped to the service's own errors here and nowhere else.
 */
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
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

/** Receives every statement's outcome: metrics per process, counts per request. */
export interface QueryObserver {
  onQuery(event: { name: string; mode: 'read' | 'write'; ms: number; dbMs: number; ok: boolean }): void;
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
  private readonly observers: QueryObserver[];

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
   */
  scoped(options: { observer?: QueryObserver; gate?: () => string | undefined }): Graph {
    const view = Object.create(this) as Graph;
    const internals = view as unknown as { observers: QueryObserver[]; gate?: () => string | undefined };
    internals.observers = options.observer ? [...this.observers, options.observer] : this.observers;
    if (options.gate) internals.gate = options.gate;
    return view;
  }

  private gate?: () => string | undefined;

  private checkGate(): void {
    const reason = this.gate?.();
    if (reason !== undefined) throw new ServiceUnavailableError(`The graph is not available right now: ${reason}`);
  }

  /** Runs a read statement in a read transaction (routed to a follower in a cluster). */
  async read(statement: Statement, params: Params = {}): Promise<Row[]> {
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
    try {
      const run = (statement: Statement, params: Params = {}) => this.timed('write', statement, () => tx.run(statement.cypher, params));
      const current = Number((await run(graphVersionStatement))[0]?.version ?? 0);
      let changed = false;
      const value = await work({
        version: current + 1,
        run: (statement, params = {}) =>
          this.timed('write', statement, async () => {
            const result = await tx.run(statement.cypher, params);
            if (result.summary.counters.containsUpdates()) changed = true;
            return result;
          }),
      });
      const graphVersion = changed ? Number((await run(bumpGraphVersion))[0]?.version ?? current + 1) : current;
      await tx.commit();
      return { value, changed, graphVersion };
    } catch (error) {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      throw mapDriverError(error);
    } finally {
      await session.close();
    }
  }

  /** Runs schema statements (DDL), each in its own auto-commit transaction, as Neo4j requires. */
  async runSchema(statement: Statement): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await this.timed('write', statement, () => session.run(statement.cypher, {}, { metadata: { app: 'meshgraph', name: statement.name } }));
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await session.close();
    }
  }

  /** Connects and reports the server's version; throws ServiceUnavailableError when it cannot. */
  async serverInfo(): Promise<ServerInfo> {
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
    try {
      const result = await this.timed(mode, statement, () =>
        mode === 'read' ? session.executeRead(work, config) : session.executeWrite(work, config),
      );
      return result;
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await session.close();
    }
  }

  private async timed(
    mode: 'read' | 'write',
    statement: Statement,
    run: () => Promise<QueryResult<RecordShape>> | PromiseLike<QueryResult<RecordShape>>,
  ): Promise<Row[]> {
    const started = performance.now();
    let ok = false;
    let dbMs = 0;
    try {
      const result = await run();
      dbMs = Number(result.summary.resultAvailableAfter ?? 0) + Number(result.summary.resultConsumedAfter ?? 0);
      ok = true;
      return result.records.map((record) => record.toObject() as Row);
    } finally {
      const ms = performance.now() - started;
      for (const observer of this.observers) observer.onQuery({ name: statement.name, mode, ms, dbMs, ok });
    }
  }
}

/** The single place where driver errors become the service's errors. */
export function mapDriverError(error: unknown): Error {
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
    return new GraphQueryError(error.code, error.message, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A statement Neo4j refused: a bug in our Cypher or data, never the user's fault. */
export class GraphQueryError extends Error {
  constructor(
    readonly neo4jCode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${neo4jCode}: ${message}`, options);
    this.name = 'GraphQueryError';
  }
}
