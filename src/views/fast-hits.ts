/**
 * Cached reads answered in front of yoga. A hit of the response cache (or a 304) costs a few
 * microseconds of work, but through yoga it also pays for the fetch API's Request and Response
 * objects and every plugin's hooks, several times the work itself. So the node:http listener
 * answers a read here when — and only when — the answer is fully known without yoga:
 *
 * - it is a GET that the read cache or the saved-view routes would cache (same checks, same key:
 *   `graphqlReadKey`, `viewRead`);
 * - the graph version is fresh in the tracker (`fresh()`: never a read here);
 * - its ETag is named by If-None-Match (304), or its body is in the response cache.
 *
 * The answer is the same one yoga gives (`cachedAnswer`), decorated by the same steps as yoga's
 * plugins (`finishRequest`: request id, metrics, access log; `corsResponseHeaders`). Anything
 * else — a stale version, a miss, debug, HTML, other methods — goes to yoga unchanged. The ETag
 * of a repeated request is remembered for the current graph version (ReadMemo), so a hit does
 * not parse and hash the same URL again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { HeaderRecord, headerOf } from '../node-http.js';
import { finishRequest, startRequest } from '../request-lifecycle.js';
import { cachedAnswer, etagFor, type GraphVersion, type GraphVersionTracker, type RequestHead, type ResponseCache } from './cache.js';
import { corsResponseHeaders } from './cors.js';
import { graphqlReadKey } from './read-cache.js';
import type { ViewRegistry } from './registry.js';
import { viewRead } from './routes.js';

export interface FastHitOptions {
  tracker: GraphVersionTracker;
  cache: ResponseCache;
  registry: ViewRegistry;
  corsOrigins: '*' | string[];
  logger: Logger;
  metrics: Metrics;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => unknown;

/** A node:http listener that answers cached hits itself and hands every other request to `fallback` (the yoga app). */
export function answerCachedHits(options: FastHitOptions, fallback: Listener): Listener {
  const { tracker, cache, registry, corsOrigins, logger, metrics } = options;
  const reads = new ReadMemo();
  return (request, response) => {
    const started = performance.now();
    const target = request.url ?? '';
    // Only origin-form targets ("/path?query"): yoga reads any other form as a path of its own.
    if (request.method !== 'GET' || target.charCodeAt(0) !== 0x2f || target.charCodeAt(1) === 0x2f) return fallback(request, response);
    const version = tracker.fresh();
    if (!version) return fallback(request, response);
    const accept = headerOf(request, 'accept');
    const debug = headerOf(request, 'x-meshgraph-debug');
    const memoKey = JSON.stringify([accept, debug, target]);
    let read = reads.get(version, memoKey);
    if (read === undefined) {
      // The key functions may read only the headers the memo is keyed by; reading any other one
      // leaves this request out of the memo.
      let memoizable = true;
      const url = new URL(target, 'http://localhost');
      const head: RequestHead = {
        method: 'GET',
        url,
        header: (name) => {
          if (name === 'accept') return accept;
          if (name === 'x-meshgraph-debug') return debug;
          memoizable = false;
          return headerOf(request, name);
        },
      };
      const key = cacheKey(head, registry);
      read = key ? { etag: etagFor(version, key), path: url.pathname } : null;
      if (memoizable) reads.set(memoKey, read);
    }
    if (read === null) return fallback(request, response);
    const answer = cachedAnswer(cache, version, read.etag, headerOf(request, 'if-none-match'), { useBody: true, countMiss: false });
    // HTML gets its security headers from a plugin (htmlSecurityHeaders); cached reads are never HTML.
    if (!answer || answer.headers['content-type']?.startsWith('text/html')) return fallback(request, response);
    const headers = new HeaderRecord(answer.headers);
    finishRequest(startRequest(read.path, headerOf(request, 'x-request-id'), started), 'GET', answer.status, headers, logger, metrics);
    corsResponseHeaders(corsOrigins, headerOf(request, 'origin'), headers);
    // As yoga's Response of the same bytes: their length, not chunked.
    if (answer.body !== null) headers.set('content-length', String(answer.body.byteLength));
    response.writeHead(answer.status, headers.values);
    response.end(answer.body ?? undefined);
  };
}

/** What a request reads, as far as the fast path needs it: its ETag and path; null when it is no cacheable read. */
type Read = { etag: string; path: string } | null;

/**
 * The reads of recent requests at the current graph version, by target, Accept and
 * x-meshgraph-debug (all that a read's key depends on): a repeated hit then costs a map lookup
 * instead of parsing the URL and its JSON and a SHA-256 digest. Bounded; emptied when the
 * version changes or it is full.
 */
class ReadMemo {
  private version: string | undefined;
  private readonly reads = new Map<string, Read>();

  constructor(private readonly maxEntries = 2000) {}

  get(version: GraphVersion, key: string): Read | undefined {
    if (version.id !== this.version) {
      this.reads.clear();
      this.version = version.id;
    }
    return this.reads.get(key);
  }

  set(key: string, read: Read): void {
    if (this.reads.size >= this.maxEntries) this.reads.clear();
    this.reads.set(key, read);
  }
}

/** The cache key of a GET that yoga's read cache or saved-view routes would answer from the cache. */
function cacheKey(head: RequestHead, registry: ViewRegistry): string[] | undefined {
  const path = head.url.pathname;
  if (path === '/graphql') return graphqlReadKey(head);
  if (!path.startsWith('/views/') || path === '/views/') return undefined;
  const read = viewRead(registry, head);
  return 'key' in read && !read.debug ? read.key : undefined;
}
