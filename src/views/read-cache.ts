/**
 * The ETag / 304 / response cache of the saved-view routes, for `GET /graphql` reads too.
 */
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { CACHE_CONTROL, etagFor, matchesIfNoneMatch, type GraphVersion } from './cache.js';
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
 * ETag, 304 and the response cache for `GET /graphql?query=…` and `GET /graphql?documentId=…`
 * (the browser's playground page, and requests with x-meshgraph-debug, are left alone).
 */
export function graphqlReadCache({ tracker, cache, logger }: Omit<ViewHttpOptions, 'registry'>): Plugin<Context> {
  const reads = new WeakMap<Request, GraphqlRead>();
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== '/graphql') return;
      const accept = request.headers.get('accept') ?? '';
      if (accept.includes('text/html') || request.headers.get('x-meshgraph-debug') === '1') return;
      const params = url.searchParams;
      const query = params.get('query') ?? '';
      const documentId = params.get('documentId') ?? '';
      if (!query && !documentId) return;
      let variables: string;
      let extensions: string;
      try {
        variables = canonicalJson(JSON.parse(params.get('variables') || 'null'));
        extensions = canonicalJson(JSON.parse(params.get('extensions') || 'null'));
      } catch {
        return; // yoga answers the malformed JSON
      }
      let version: GraphVersion;
      try {
        version = await tracker.current();
      } catch (error) {
        logger.debug({ err: error }, 'graph version unknown: answering without cache');
        return;
      }
      cache.retain(version.id);
      const etag = etagFor(version, ['graphql', documentId, query, params.get('operationName') ?? '', variables, extensions, accept]);
      const headers = { etag, 'cache-control': CACHE_CONTROL, vary: 'Accept', 'x-meshgraph-graph-version': String(version.version) };
      if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const cached = cache.get(etag);
      if (cached) {
        endResponse(
          new fetchAPI.Response(cached.body, {
            status: cached.status,
            headers: { 'content-type': cached.contentType, ...headers, 'x-meshgraph-cache': 'hit' },
          }),
        );
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
      const body = await response.clone().text();
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
