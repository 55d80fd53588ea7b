/**
 * HTTP caching of reads. Every answer is a function of the graph's data, which changes only when
 * the graph version (`(:GraphMeta {id:'graph'}).version`, bumped by every write, imports run by
 * another process included) changes. So:
 *
 * - the GraphVersionTracker knows the current version, at most `maxAgeMs` (1 s) old, with one
 *   cheap read shared by every request arriving in that second;
 * - an ETag is a hash of (graph version, what was asked, its variables, the format): a client's
 *   `If-None-Match` is answered 304 knowing only the version;
 * - the ResponseCache keeps recent bodies by ETag, so a repeated read costs no Cypher, and an
 *   entry of an older version can never be served (its key no longer matches).
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Graph } from '../graph/graph.js';

/** Seconds browsers and proxies may reuse a read, and then serve it stale while revalidating. */
export const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/** The graph's version as read: the counter, and when it was bumped (tells a reset graph apart). */
export interface GraphVersion {
  version: number;
  updatedAt: string | null;
  /** Both, as one string: what ETags and cache entries are tied to. */
  id: string;
}

export class GraphVersionTracker {
  private value: GraphVersion | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<GraphVersion> | undefined;

  constructor(
    private readonly graph: Pick<Graph, 'version'>,
    /** How old a known version may be before it is read again. */
    readonly maxAgeMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The graph version, read at most `maxAgeMs` ago; concurrent callers share one read. */
  current(): Promise<GraphVersion> {
    const fresh = this.fresh();
    if (fresh) return Promise.resolve(fresh);
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** The last version read, without reading (undefined before the first read). */
  peek(): GraphVersion | undefined {
    return this.value;
  }

  /** The last version read when it is at most `maxAgeMs` old, without reading; undefined otherwise. */
  fresh(): GraphVersion | undefined {
    return this.value !== undefined && this.now() - this.readAt < this.maxAgeMs ? this.value : undefined;
  }

  /** Forgets the version, so the next call reads it (after a write by this process). */
  invalidate(): void {
    this.readAt = Number.NEGATIVE_INFINITY;
  }

  private async read(): Promise<GraphVersion> {
    const started = this.now();
    const { version, updatedAt } = await this.graph.version();
    this.value = { version, updatedAt, id: `${version}@${updatedAt ?? '-'}` };
    // Measured from when the read started: the value is at least that fresh.
    this.readAt = started;
    return this.value;
  }
}

/**
 * What a cacheable read is known by before any work: its method, URL and headers. Yoga's
 * requests and node:http's (src/views/fast-hits.ts) are both read through it, so the two agree
 * on which reads are cacheable and on their keys.
 */
export interface RequestHead {
  method: string;
  url: URL;
  header(name: string): string | null;
}

/** A yoga (fetch API) request as a RequestHead. */
export function fetchRequestHead(request: Request, url: URL): RequestHead {
  return { method: request.method, url, header: (name) => request.headers.get(name) };
}

/** A strong ETag for one read of the graph at one version. */
export function etagFor(version: GraphVersion, parts: readonly string[]): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([version.id, ...parts]))
    .digest('base64url')
    .slice(0, 22);
  return `"v${version.version}-${hash}"`;
}

/** Whether an If-None-Match header names this ETag (or is `*`). */
function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export interface CachedResponse {
  /** The GraphVersion id the body was computed at. */
  version: string;
  status: number;
  contentType: string;
  /** The body's bytes, encoded once: every hit sends them as they are. */
  body: Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

/** A bounded LRU of response bodies by ETag (entries and bytes both bounded, by lru-cache). */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse>;
  private version: string | undefined;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries = 1000,
    readonly maxBytes = 32 * 1024 * 1024,
  ) {
    this.entries = new LRUCache<string, CachedResponse>({
      max: maxEntries,
      maxSize: maxBytes,
      // One huge body would evict everything else: bodies over a quarter of the budget are not kept.
      maxEntrySize: maxBytes / 4,
      sizeCalculation: (value, key) => value.body.byteLength + key.length,
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether a body is kept for `key`, without counting a hit or a miss or making it recent. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) this.hits += 1;
    else this.misses += 1;
    return entry;
  }

  /** Stores a body computed at `value.version`; ignored when a newer version was seen meanwhile. */
  set(key: string, value: CachedResponse): void {
    if (this.version !== undefined && value.version !== this.version) return;
    this.version = value.version;
    this.entries.set(key, value);
  }

  /**
   * The graph version is now `version` (callers tell it as soon as they learn it, before working):
   * entries of any other version are dropped, as they can never be asked for again.
   */
  retain(version: string): void {
    if (this.version === version) return;
    this.version = version;
    for (const [key, entry] of this.entries.entries()) if (entry.version !== version) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The headers every cacheable read at `version` carries. */
export function cacheHeaders(etag: string, version: GraphVersion): Record<string, string> {
  return { etag, 'cache-control': CACHE_CONTROL, vary: 'Accept', 'x-meshgraph-graph-version': String(version.version) };
}

/** An answer known from a read's ETag alone. */
export interface CachedAnswer {
  status: number;
  headers: Record<string, string>;
  /** null for a 304. */
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * What a read of `etag` at `version` is answered from its ETag alone: 304 when If-None-Match
 * names it, the kept body when `cache` has it (and `useBody`), otherwise undefined (it must be
 * computed). Every cached answer is made here: the views' routes, GET /graphql, and the hits
 * answered in front of yoga (src/views/fast-hits.ts, which asks with `countMiss: false`, since
 * a miss there is counted again by the route it falls through to).
 */
export function cachedAnswer(
  cache: ResponseCache,
  version: GraphVersion,
  etag: string,
  ifNoneMatch: string | null,
  options: { useBody: boolean; countMiss: boolean },
): CachedAnswer | undefined {
  cache.retain(version.id);
  if (matchesIfNoneMatch(ifNoneMatch, etag)) return { status: 304, headers: cacheHeaders(etag, version), body: null };
  if (!options.useBody || (!options.countMiss && !cache.has(etag))) return undefined;
  const cached = cache.get(etag);
  if (!cached) return undefined;
  return {
    status: cached.status,
    headers: { 'content-type': cached.contentType, ...cached.headers, ...cacheHeaders(etag, version), 'x-meshgraph-cache': 'hit' },
    body: cached.body,
  };
}

/** A CachedAnswer as a fetch API response (yoga's plugins answer with these). */
export function toFetchResponse(fetchAPI: { Response: typeof Response }, answer: CachedAnswer): Response {
  return new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers });
}
