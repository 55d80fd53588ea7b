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
    if (this.value !== undefined && this.now() - this.readAt < this.maxAgeMs) return Promise.resolve(this.value);
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** The last version read, without reading (undefined before the first read). */
  peek(): GraphVersion | undefined {
    return this.value;
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

/** A strong ETag for one read of the graph at one version. */
export function etagFor(version: GraphVersion, parts: readonly string[]): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([version.id, ...parts]))
    .digest('base64url')
    .slice(0, 22);
  return `"v${version.version}-${hash}"`;
}

/** Whether an If-None-Match header names this ETag (or is `*`). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export interface CachedResponse {
  /** The GraphVersion id the body was computed at. */
  version: string;
  status: number;
  contentType: string;
  body: string;
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
      sizeCalculation: (value, key) => Buffer.byteLength(value.body) + key.length,
    });
  }

  get size(): number {
    return this.entries.size;
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
