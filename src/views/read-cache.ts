/**
 * The ETag / 304 / response cache of the saved-view routes, for `GET /graphql` reads too.
 */
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { CACHE_CONTROL, cachedAnswer, etagFor, fetchRequestHead, toFetchResponse, type GraphVersion, type RequestHead } from './cache.js';
import { CONTENT_TYPES } from './formats.js';
import { canonicalJson } from './variables.js';
import { appendVary } from './cors.js';
import { isSingleResult, type ViewHttpOptions } from './routes.js';

interface GraphqlRead {
  etag: string;
  version: GraphVersion;
  clean: boolean;
}

/**
 * What a `GET /graphql?query=…` or `GET /graphql?documentId=…` read is cached by (its ETag's
 * parts), or undefined when it is not cached: another method or path, the browser's playground
 * page (Accept: text/html), x-meshgraph-debug, no operation, or malformed JSON in `variables` or
 * `extensions` (yoga answers that).
 */
export function graphqlReadKey(head: RequestHead): string[] | undefined {
  if (head.method !== 'GET' || head.url.pathname !== '/graphql') return undefined;
  const accept = head.header('accept') ?? '';
  if (accept.includes('text/html') || head.header('x-meshgraph-debug') === '1') return undefined;
  const params = head.url.searchParams;
  const query = params.get('query') ?? '';
  const documentId = params.get('documentId') ?? '';
  if (!query && !documentId) return undefined;
  try {
    const variables = canonicalJson(JSON.parse(params.get('variables') || 'null'));
    const extensions = canonicalJson(JSON.parse(params.get('extensions') || 'null'));
    return ['graphql', documentId, query, params.get('operationName') ?? '', variables, extensions, accept];
  } catch {
    return undefined;
  }
}

/**
 * ETag, 304 and the response cache for `GET /graphql?query=…` and `GET /graphql?documentId=…`
 * (the browser's playground page, and requests with x-meshgraph-debug, are left alone).
 */
export function graphqlReadCache({ tracker, cache, logger }: Omit<ViewHttpOptions, 'registry'>): Plugin<Context> {
  const reads = new WeakMap<Request, GraphqlRead>();
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const key = graphqlReadKey(fetchRequestHead(request, url));
      if (!key) return;
      let version: GraphVersion;
      try {
        version = await tracker.current();
      } catch (error) {
        logger.debug({ err: error }, 'graph version unknown: answering without cache');
        return;
      }
      const etag = etagFor(version, key);
      const answer = cachedAnswer(cache, version, etag, request.headers.get('if-none-match'), { useBody: true, countMiss: true });
      if (answer) {
        endResponse(toFetchResponse(fetchAPI, answer));
        return;
      }
      reads.set(request, { etag, version, clean: false });
    },
    onExecutionResult({ request, result }) {
      const read = reads.get(request);
      if (read && isSingleResult(result) && !result.errors?.length) read.clean = true;
    },
    async onResponse({ request, response }) {
      const read = reads.get(request);
      if (!read) return;
      if (!read.clean || response.status !== 200) {
        response.headers.set('cache-control', 'no-store');
        return;
      }
      const body = new Uint8Array(await response.clone().arrayBuffer());
      cache.set(read.etag, {
        version: read.version.id,
        status: 200,
        contentType: response.headers.get('content-type') ?? CONTENT_TYPES.json,
        body,
      });
      response.headers.set('etag', read.etag);
      response.headers.set('cache-control', CACHE_CONTROL);
      response.headers.set('x-meshgraph-graph-version', String(read.version.version));
      response.headers.set('x-meshgraph-cache', 'miss');
      appendVary(response.headers, 'Accept');
    },
  };
}
