/**
 * Request ids, access logs and HTTP metrics: the `requestLifecycle` plugin of the yoga app, and
 * the same steps for the cached reads answered in front of yoga (src/views/fast-hits.ts), so a
 * request is identified, logged and counted alike whichever of the two answers it.
 */
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface RequestState {
  id: string;
  started: number;
  route: string;
  path: string;
}

/** A request begins: its id (the client's `x-request-id` when it is a sane one, else a new one), its route. */
export function startRequest(pathname: string, incomingId: string | null, started = performance.now()): RequestState {
  const id = incomingId && /^[\w.:-]{1,128}$/.test(incomingId) ? incomingId : randomUUID();
  return { id, started, route: routeOf(pathname), path: pathname };
}

/** A request is answered: `x-request-id` on the response, the HTTP and response-cache metrics, the access log line. */
export function finishRequest(
  state: RequestState,
  method: string,
  status: number,
  headers: Pick<Headers, 'get' | 'set'>,
  logger: Logger,
  metrics: Metrics,
): void {
  const seconds = (performance.now() - state.started) / 1000;
  headers.set('x-request-id', state.id);
  metrics.httpRequests.inc({ method, route: state.route, status: String(status) });
  metrics.httpDuration.observe({ method, route: state.route }, seconds);
  const cache = status === 304 ? 'not-modified' : headers.get('x-meshgraph-cache');
  if (cache) metrics.responseCache.inc({ route: state.route, result: cache });
  if (state.route !== '/healthz' && state.route !== '/metrics') {
    logger.info({ requestId: state.id, method, path: state.path, status, ms: Math.round(seconds * 1000) }, 'request');
  }
}

/** Request ids, access logs and HTTP metrics of the yoga app; `requests` gives the context its request's id. */
export function requestLifecycle(requests: WeakMap<Request, RequestState>, logger: Logger, metrics: Metrics): Plugin {
  return {
    onRequest({ request, url }) {
      requests.set(request, startRequest(url.pathname, request.headers.get('x-request-id')));
    },
    onResponse({ request, response }) {
      const state = requests.get(request);
      if (state) finishRequest(state, request.method, response.status, response.headers, logger, metrics);
    },
  };
}

/** Metric labels must stay few: unknown paths share one label. */
function routeOf(pathname: string): string {
  if (pathname === '/graphql' || pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return pathname;
  const first = pathname.split('/')[1];
  return first ? `/${first}` : '/';
}
