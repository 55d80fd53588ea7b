/**
 * CORS for the service: CORS_ORIGINS, never with credentials, so saved views and GraphQL reads
 * can be made from any allowed page (dashboards, notebooks, embeds).
 */
import type { Plugin } from 'graphql-yoga';

const RESPONSE_HEADERS_EXPOSED = ['ETag', 'x-request-id', 'x-meshgraph-cache', 'x-meshgraph-graph-version', 'Content-Disposition'];

/**
 * CORS for browsers on other origins: `*` (the default) answers `Access-Control-Allow-Origin: *`,
 * a list answers the request's origin when it is listed (and nothing otherwise). Credentials are
 * never allowed: the API is public reads, and `*` stays cacheable by shared caches.
 */
export function corsPolicy(origins: '*' | string[]): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      const headers: Record<string, string> = { 'content-length': '0', vary: 'Origin, Access-Control-Request-Headers' };
      const origin = allowedOrigin(origins, request.headers.get('origin'));
      if (origin) {
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
        headers['access-control-allow-headers'] =
          request.headers.get('access-control-request-headers') ?? 'content-type, accept, if-none-match, x-request-id, x-meshgraph-debug';
        headers['access-control-max-age'] = '600';
      }
      endResponse(new fetchAPI.Response(null, { status: 204, headers }));
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      corsResponseHeaders(origins, request.headers.get('origin'), response.headers);
    },
  };
}

/** What Access-Control-Allow-Origin answers a request from `origin` (nothing when it is not allowed). */
function allowedOrigin(origins: '*' | string[], origin: string | null): string | undefined {
  if (!origin) return undefined;
  if (origins === '*') return '*';
  return origins.includes(origin) ? origin : undefined;
}

/** Response headers as the plugins change them: a fetch API Headers, or a plain record in front of yoga. */
export type HeaderSink = Pick<Headers, 'get' | 'set'>;

/**
 * The CORS headers of a response (not a preflight) to a request from `origin`; used by
 * corsPolicy and by the hits answered in front of yoga (src/views/fast-hits.ts).
 */
export function corsResponseHeaders(origins: '*' | string[], origin: string | null, headers: HeaderSink): void {
  if (origins !== '*') appendVary(headers, 'Origin');
  // With `*` every response says so, with or without an Origin header: a shared cache may
  // then hand any stored response to any page, and needs no Vary: Origin.
  const allowed = origins === '*' ? '*' : allowedOrigin(origins, origin);
  if (!allowed) return;
  headers.set('access-control-allow-origin', allowed);
  headers.set('access-control-expose-headers', RESPONSE_HEADERS_EXPOSED.join(', '));
}

export function appendVary(headers: HeaderSink, value: string): void {
  const current = headers.get('vary');
  if (!current) headers.set('vary', value);
  else if (!current.split(',').some((v) => v.trim().toLowerCase() === value.toLowerCase())) headers.set('vary', `${current}, ${value}`);
}
