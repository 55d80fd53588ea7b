/**
 * The bundled Neo4j: builds the small Maven module in neo4j-embedded/ (once; the resolved
 * classpath is cached in its target/ folder) and runs it as a child process that serves Bolt on
 * 127.0.0.1 only. The child shuts down when we close its stdin, so it never outlives us, even when
 * we are killed with SIGKILL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import type { BundledNeo4jConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { projectPath } from '../paths.js';

const NEO4J_VERSION = '5.26.30';

const moduleDir = projectPath('neo4j-embedded');
const targetDir = path.join(moduleDir, 'target');
const jarPath = path.join(targetDir, 'meshgraph-neo4j-embedded-1.0.0.jar');
const classpathFile = path.join(targetDir, 'classpath.txt');
const stampFile = path.join(targetDir, 'build.stamp');

/** The JVM flags Neo4j's own launcher passes on Java 17+ (see its neo4j.conf `server.jvm.additional`). */
const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.tls.ephemeralDHKeySize=2048',
  '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
];

export class BundledNeo4jError extends Error {
  constructor(
    readonly reason: 'JAVA_MISSING' | 'BUILD_FAILED' | 'PORT_IN_USE' | 'DATA_LOCKED' | 'START_FAILED' | 'TIMEOUT' | 'STOPPED',
    message: string,
  ) {
    super(message);
    this.name = 'BundledNeo4jError';
  }
}

export interface BundledNeo4j {
  uri: string;
  port: number;
  version: string;
  dataDir: string;
  pid: number;
  /** Resolves when the process has exited (after stop() or on its own). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

function javaMajorVersion(java: string): number | undefined {
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr || probe.stdout);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function sourceStamp(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(moduleDir, 'pom.xml')));
  hash.update(readFileSync(path.join(moduleDir, 'src/main/java/dev/meshgraph/neo4j/Launcher.java')));
  return hash.digest('hex');
}

/**
 * Builds the launcher jar and resolves Neo4j's classpath with Maven, unless a build of the same
 * sources is cached. The first run downloads Neo4j (about 100 MB) into the local Maven repository.
 */
function ensureBundledNeo4jBuilt(logger: Logger): { classpath: string } {
  const stamp = sourceStamp();
  if (existsSync(jarPath) && existsSync(classpathFile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { classpath: `${jarPath}${path.delimiter}${readFileSync(classpathFile, 'utf8').trim()}` };
  }
  logger.info(
    { module: 'neo4j-embedded' },
    `building the bundled Neo4j ${NEO4J_VERSION} with Maven (first run downloads it; this can take a few minutes)`,
  );
  const started = Date.now();
  const mvn = spawnSync('mvn', ['-q', '-B', 'package', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`, '-DskipTests'], {
    cwd: moduleDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (mvn.error) {
    throw new BundledNeo4jError(
      'BUILD_FAILED',
      `cannot run Maven (mvn) to build the bundled Neo4j: ${mvn.error.message}. Install Maven, or set NEO4J_URI to use an external Neo4j.`,
    );
  }
  if (mvn.status !== 0) {
    const output = `${mvn.stdout}\n${mvn.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new BundledNeo4jError('BUILD_FAILED', `Maven failed to build the bundled Neo4j (exit ${mvn.status}):\n${output}`);
  }
  writeFileSync(stampFile, stamp);
  logger.info({ ms: Date.now() - started }, 'bundled Neo4j built');
  return { classpath: `${jarPath}${path.delimiter}${readFileSync(classpathFile, 'utf8').trim()}` };
}

/** Resolves true when something already listens on 127.0.0.1:port. */
function isPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.once('listening', () => server.close(() => resolve(false)));
    server.listen(port, '127.0.0.1');
  });
}

/** A port on 127.0.0.1 that was free a moment ago (for tests, benchmarks and tools). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export interface StartOptions extends Omit<BundledNeo4jConfig, 'stopGraceMs'> {
  logger: Logger;
  /** How long to wait for Bolt to accept connections. */
  timeoutMs?: number;
  /** How long stop() waits for a clean shutdown before it forces one (NEO4J_STOP_GRACE_MS); default 30 s. */
  stopGraceMs?: number;
  /** Aborting it while Neo4j is still starting stops it at once; the start rejects with reason STOPPED. */
  signal?: AbortSignal;
}

/** The file a running bundled Neo4j leaves in its data folder, so tools can find and reuse it. */
export function runtimeFile(dataDir: string): string {
  return path.join(dataDir, 'neo4j.runtime.json');
}

export interface RuntimeInfo {
  pid: number;
  port: number;
  uri: string;
  version: string;
  startedAt: string;
}

/** The running bundled Neo4j of this data folder, if its owner left a runtime file and is alive. */
export function findRunningBundledNeo4j(dataDir: string): RuntimeInfo | undefined {
  const file = runtimeFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

export async function startBundledNeo4j(options: StartOptions): Promise<BundledNeo4j> {
  const { logger, boltPort: port, signal } = options;
  const stopGraceMs = options.stopGraceMs ?? 30_000;
  const stoppedWhileStarting = () => new BundledNeo4jError('STOPPED', 'the bundled Neo4j was stopped while it was starting');
  if (signal?.aborted) throw stoppedWhileStarting();
  const java = javaBinary();
  const major = javaMajorVersion(java);
  if (major === undefined) {
    throw new BundledNeo4jError(
      'JAVA_MISSING',
      `no Java found (${java}); the bundled Neo4j needs a JDK 17 or newer. Install one, set JAVA_HOME, or set NEO4J_URI to use an external Neo4j.`,
    );
  }
  if (major < 17) {
    throw new BundledNeo4jError(
      'JAVA_MISSING',
      `Java ${major} found at ${java}; the bundled Neo4j ${NEO4J_VERSION} needs Java 17 or newer (set JAVA_HOME).`,
    );
  }
  if (await isPortTaken(port)) {
    const owner = findRunningBundledNeo4j(options.dataDir);
    const hint =
      owner && owner.port === port
        ? ` It is the bundled Neo4j of ${options.dataDir} (pid ${owner.pid}), started by another meshgraph process; stop that process first.`
        : ' Stop the process that holds it, or choose another port with NEO4J_BOLT_PORT.';
    throw new BundledNeo4jError('PORT_IN_USE', `cannot start the bundled Neo4j: 127.0.0.1:${port} is already in use.${hint}`);
  }
  const { classpath } = ensureBundledNeo4jBuilt(logger);
  const dbDir = path.join(options.dataDir, 'neo4j');
  mkdirSync(dbDir, { recursive: true });

  const args = [
    `-Xms${options.heapMb}m`,
    `-Xmx${options.heapMb}m`,
    '-XX:MaxDirectMemorySize=256m',
    ...JVM_FLAGS,
    '-cp',
    classpath,
    'dev.meshgraph.neo4j.Launcher',
    '--data-dir',
    dbDir,
    '--port',
    String(port),
    '--pagecache-mb',
    String(options.pageCacheMb),
  ];
  if (signal?.aborted) throw stoppedWhileStarting();
  const started = Date.now();
  const child = spawn(java, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  logger.info(
    { port, dataDir: dbDir, heapMb: options.heapMb, pageCacheMb: options.pageCacheMb, pid: child.pid },
    `starting the bundled Neo4j ${NEO4J_VERSION}`,
  );
  let ready = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdin?.on('error', () => undefined);

  const stderrTail: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
    logger.debug({ neo4j: 'stderr' }, line);
  });

  let onAbort: (() => void) | undefined;
  const readiness = await new Promise<{ version: string }>((resolve, reject) => {
    // Stopped while starting: stopChild() below sends SIGTERM (Neo4j does not watch stdin yet).
    onAbort = () => reject(stoppedWhileStarting());
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      reject(
        new BundledNeo4jError(
          'TIMEOUT',
          `the bundled Neo4j did not accept Bolt connections within ${(options.timeoutMs ?? 120_000) / 1000} s`,
        ),
      );
    }, options.timeoutMs ?? 120_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const readyMatch = /^MESHGRAPH-NEO4J READY (\d+) (\S+)/.exec(line);
      const errorMatch = /^MESHGRAPH-NEO4J ERROR (\S+) (.*)$/.exec(line);
      if (readyMatch) {
        clearTimeout(timer);
        resolve({ version: readyMatch[2]! });
      } else if (errorMatch) {
        clearTimeout(timer);
        const reason = errorMatch[1] === 'PORT_IN_USE' || errorMatch[1] === 'DATA_LOCKED' ? errorMatch[1] : 'START_FAILED';
        reject(new BundledNeo4jError(reason, `the bundled Neo4j could not start: ${errorMatch[2]}`));
      } else if (line.trim()) {
        logger.debug({ neo4j: 'stdout' }, line);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new BundledNeo4jError(
          'START_FAILED',
          `the bundled Neo4j exited (code ${code}) before it was ready:\n${stderrTail.slice(-15).join('\n')}`,
        ),
      );
    });
  })
    .catch(async (error: unknown) => {
      await stopChild(child, exited, false, stopGraceMs);
      throw error;
    })
    .finally(() => signal?.removeEventListener('abort', onAbort!));
  ready = true;

  const uri = `bolt://127.0.0.1:${port}`;
  const info: RuntimeInfo = { pid: child.pid!, port, uri, version: readiness.version, startedAt: new Date().toISOString() };
  writeFileSync(runtimeFile(options.dataDir), JSON.stringify(info, null, 2));
  logger.info({ uri, version: readiness.version, pid: child.pid, ms: Date.now() - started }, 'bundled Neo4j is ready');

  let stopping: Promise<void> | undefined;
  void exited.then((code) => {
    rmSync(runtimeFile(options.dataDir), { force: true });
    if (!stopping) logger.error({ code, pid: child.pid }, 'the bundled Neo4j exited unexpectedly');
  });
  return {
    uri,
    port,
    version: readiness.version,
    dataDir: dbDir,
    pid: child.pid!,
    exited,
    stop: () => {
      stopping ??= (async () => {
        logger.info('stopping the bundled Neo4j');
        await stopChild(child, exited, ready, stopGraceMs);
        logger.info('bundled Neo4j stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Asks the child to shut down — a ready Neo4j by closing its stdin, one still starting (which does
 * not watch stdin yet) with SIGTERM — and escalates: SIGTERM after `graceMs`, SIGKILL 5 s later.
 */
async function stopChild(child: ChildProcess, exited: Promise<number | null>, ready: boolean, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (ready) child.stdin?.end();
  else child.kill('SIGTERM');
  const waitFor = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  if (await waitFor(graceMs)) return;
  child.kill('SIGTERM');
  if (await waitFor(5_000)) return;
  child.kill('SIGKILL');
  await exited;
}
