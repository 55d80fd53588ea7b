/**
 * Configuration, parsed once at start from the environment. Every problem is listed at once, then
 * the process exits non-zero: a typo in one variable should not hide a typo in the next.
 */
import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

const EnvShape = z.object({
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` always, `pretty` always, or `auto`: pretty in a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),

  /** An external Neo4j. When unset, meshgraph starts its bundled Neo4j. */
  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/\S+$/, 'must be a neo4j:// or bolt:// URI (optionally +s / +ssc)')
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_BOLT_PORT: port.default(7687),
  // 1 GB: an import of both whole Nubenetes sites is one transaction, which Neo4j applies in its
  // heap; it needs about 500 MB, and failed at 448 MB (docs/benchmarks.md, import).
  NEO4J_HEAP_MB: z.coerce.number().int().min(128).max(16384).default(1024),
  NEO4J_PAGECACHE_MB: z.coerce.number().int().min(16).max(16384).default(128),
  DATA_DIR: z.string().min(1).default('./.data'),
  /** How long stopping the bundled Neo4j waits for its clean shutdown before forcing it (SIGTERM, then SIGKILL 5 s later). */
  NEO4J_STOP_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** First delay before restarting a bundled Neo4j that died; doubles on each failed attempt up to NEO4J_RESTART_MAX_DELAY_MS. */
  NEO4J_RESTART_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  NEO4J_RESTART_MAX_DELAY_MS: z.coerce.number().int().min(0).default(30_000),

  /** Import the bundled dataset on start when the graph is empty. */
  AUTO_IMPORT: bool.default(true),
  DATASET_DIR: z.string().min(1).default('./data'),

  /** Comma-separated origins allowed by CORS; `*` allows any. */
  CORS_ORIGINS: z.string().default('*'),
  /** Refuse operations other than the saved views. */
  SAVED_VIEWS_ONLY: bool.default(false),
  /** Upper bound for one GraphQL request's query cost (pothos complexity). */
  MAX_QUERY_COMPLEXITY: z.coerce.number().int().min(10).default(50_000),
  /** How deep fields may nest in one request (QUERY_TOO_COMPLEX). */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(64).default(12),
  /** How many fields may stand at one level of one request (QUERY_TOO_COMPLEX). */
  MAX_QUERY_BREADTH: z.coerce.number().int().min(10).default(200),
  /** How long SIGTERM waits for in-flight work (requests, a start-up import) before cancelling it. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),

  // Limits on what one request may send (docs/limits.md). Each answers with a status and a code.
  /** Largest HTTP request body, in bytes (413 REQUEST_ENTITY_TOO_LARGE). */
  MAX_REQUEST_BYTES: z.coerce.number().int().min(1_000).default(1_000_000),
  /** Longest GraphQL query text, in bytes of UTF-8 (400 QUERY_TOO_LARGE). */
  MAX_QUERY_BYTES: z.coerce.number().int().min(100).default(100_000),
  /** Most lexical tokens in a query text (400 QUERY_TOO_LARGE); GraphiQL's introspection query has about 260. */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5_000),
  /** Deepest nesting of braces, brackets and parentheses in a query text, checked before parsing (400 QUERY_TOO_COMPLEX). */
  MAX_QUERY_NESTING: z.coerce.number().int().min(8).max(1_000).default(64),
  /** How many parsed documents (and parse errors) yoga keeps, each. */
  PARSE_CACHE_ENTRIES: z.coerce.number().int().min(0).default(1_000),
  /** The most query text, in characters, that the parse cache holds (its memory grows with the text). */
  PARSE_CACHE_TEXT_BYTES: z.coerce.number().int().min(0).default(5_000_000),

  /** The most JSON text one answer may grow to while it runs, in bytes; then the request is stopped (RESPONSE_TOO_LARGE). */
  MAX_RESPONSE_BYTES: z.coerce.number().int().min(1_000).default(10_000_000),
  /** The longest one request may execute, in milliseconds; then it is stopped with its Neo4j transaction (TIMEOUT). */
  MAX_EXECUTION_MS: z.coerce.number().int().min(10).default(30_000),

  /** How many rendered reads (saved views, GET /graphql) the response cache keeps. */
  RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(1).default(1_000),
  /** How many bytes of rendered reads the response cache keeps (one body at most a quarter of it). */
  RESPONSE_CACHE_BYTES: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(32 * 1024 * 1024),

  /** Query cost (MAX_QUERY_COMPLEXITY's units) one client may spend per minute; 0 turns the budget off (429 RATE_LIMITED). */
  CLIENT_COST_BUDGET: z.coerce.number().int().min(0).default(1_000_000),
  /** How many clients the cost budget remembers at once (least recently seen forgotten first). */
  CLIENT_TABLE_SIZE: z.coerce.number().int().min(1).default(10_000),
  /**
   * Proxies whose X-Forwarded-For is believed: comma-separated addresses, CIDRs, or `loopback`,
   * `linklocal`, `uniquelocal`. Empty: clients are told apart by the connection's address only.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine((value) => {
      try {
        proxyaddr.compile(parseList(value));
        return true;
      } catch {
        return false;
      }
    }, 'must be a comma-separated list of IP addresses, CIDRs, or loopback / linklocal / uniquelocal'),

  /** Serve the GraphiQL playground on GET /graphql from a browser. */
  GRAPHIQL: bool.default(true),
  /** Answer introspection (__schema, __type); GraphiQL's docs pane needs it. */
  INTROSPECTION: bool.default(true),
  /** Serve /metrics on this port (on HOST) instead of PORT; unset: on PORT. */
  METRICS_PORT: port.optional(),
});

/** Every environment variable meshgraph reads. */
export const CONFIG_VARIABLES = Object.keys(EnvShape.shape);

const EnvSchema = EnvShape.transform((env) => ({
  http: {
    host: env.HOST,
    port: env.PORT,
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    trustedProxies: parseList(env.TRUSTED_PROXIES),
    /** Undefined: /metrics is served on `port` with everything else. */
    metricsPort: env.METRICS_PORT === env.PORT ? undefined : env.METRICS_PORT,
    graphiql: env.GRAPHIQL,
  },
  log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
  neo4j: {
    /** `undefined` means: start and use the bundled Neo4j. */
    uri: env.NEO4J_URI,
    user: env.NEO4J_USER,
    password: env.NEO4J_PASSWORD,
    database: env.NEO4J_DATABASE,
  },
  bundled: {
    boltPort: env.NEO4J_BOLT_PORT,
    heapMb: env.NEO4J_HEAP_MB,
    pageCacheMb: env.NEO4J_PAGECACHE_MB,
    dataDir: path.resolve(env.DATA_DIR),
    stopGraceMs: env.NEO4J_STOP_GRACE_MS,
  },
  /** Restarting the bundled Neo4j when it dies (exponential backoff between attempts). */
  restart: { delayMs: env.NEO4J_RESTART_DELAY_MS, maxDelayMs: Math.max(env.NEO4J_RESTART_DELAY_MS, env.NEO4J_RESTART_MAX_DELAY_MS) },
  dataset: { autoImport: env.AUTO_IMPORT, dir: path.resolve(env.DATASET_DIR) },
  api: {
    savedViewsOnly: env.SAVED_VIEWS_ONLY,
    maxComplexity: env.MAX_QUERY_COMPLEXITY,
    maxDepth: env.MAX_QUERY_DEPTH,
    maxBreadth: env.MAX_QUERY_BREADTH,
    introspection: env.INTROSPECTION,
  },
  limits: {
    maxRequestBytes: env.MAX_REQUEST_BYTES,
    maxQueryBytes: env.MAX_QUERY_BYTES,
    maxQueryTokens: env.MAX_QUERY_TOKENS,
    maxQueryNesting: env.MAX_QUERY_NESTING,
    maxResponseBytes: env.MAX_RESPONSE_BYTES,
    maxExecutionMs: env.MAX_EXECUTION_MS,
    parseCacheEntries: env.PARSE_CACHE_ENTRIES,
    parseCacheTextBytes: env.PARSE_CACHE_TEXT_BYTES,
    responseCacheEntries: env.RESPONSE_CACHE_ENTRIES,
    responseCacheBytes: env.RESPONSE_CACHE_BYTES,
    clientCostBudget: env.CLIENT_COST_BUDGET,
    clientTableSize: env.CLIENT_TABLE_SIZE,
  },
  shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
}));

export type Config = z.output<typeof EnvSchema>;
export type BundledNeo4jConfig = Config['bundled'];

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseOrigins(value: string): '*' | string[] {
  const list = parseList(value);
  return list.length === 0 || list.includes('*') ? '*' : list;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError listing every problem. Empty strings count as unset. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  return result.data;
}
