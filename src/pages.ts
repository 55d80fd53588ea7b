/**
 * The HTML side of the service:
 *
 * - `playgroundPage`: GraphiQL on `GET /graphql` from a browser (GRAPHIQL=false turns it off).
 *   The page inlines all of GraphiQL (about 9 MB, so it works offline), so it is rendered once,
 *   served gzip- or brotli-compressed as the browser accepts, with a strong ETag: a reload is a
 *   304. Its Content-Security-Policy allows exactly its own inline script (by hash).
 * - `htmlSecurityHeaders`: every HTML response gets X-Content-Type-Options, Referrer-Policy and a
 *   Content-Security-Policy (the dashboard's: its own scripts only); `/embed/<view>` may be
 *   framed by any page (that is what it is for), the other pages only by this origin.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Plugin } from 'graphql-yoga';
import { playgroundQuery } from './playground.js';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

const HTML = 'text/html; charset=utf-8';
const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/**
 * A Content-Security-Policy for our HTML: everything from this origin only, plus the given script
 * sources (hashes of inline scripts) and worker sources; framing by any site only when `frameable`.
 */
function contentPolicy(options: { scripts?: string[]; workers?: string[]; frameable?: boolean } = {}): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...(options.scripts ?? [])].join(' '),
    ...(options.workers ? [["worker-src 'self'", ...options.workers].join(' ')] : []),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${options.frameable ? '*' : "'self'"}`,
  ].join('; ');
}

/** The dashboard's policy (and any other HTML page's): scripts only from this origin. */
function pagePolicy(frameable: boolean): string {
  return contentPolicy({ frameable });
}

/** The sha256 sources of the inline `<script>` elements of a page (their text runs to the first `</script>`). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  const open = /<script(\s[^>]*)?>/gi;
  let match: RegExpExecArray | null;
  while ((match = open.exec(html))) {
    if (match[1] && /\ssrc\s*=/.test(match[1])) continue;
    const start = match.index + match[0].length;
    const end = html.indexOf('</script>', start);
    if (end < 0) break;
    hashes.push(`'sha256-${createHash('sha256').update(html.slice(start, end), 'utf8').digest('base64')}'`);
    open.lastIndex = end + '</script>'.length;
  }
  return hashes;
}

interface RenderedPage {
  html: Buffer;
  etag: string;
  policy: string;
  encoded: Map<'br' | 'gzip', Promise<Buffer>>;
}

let rendered: RenderedPage | undefined;

/** GraphiQL's page, rendered once per process (it depends on nothing but the code). */
function playground(): RenderedPage {
  if (rendered) return rendered;
  const text = renderGraphiQL({
    title: 'meshgraph — the service-mesh knowledge graph',
    defaultQuery: playgroundQuery,
    shouldPersistHeaders: false,
  }) as string;
  const html = Buffer.from(text, 'utf8');
  const policy = contentPolicy({ scripts: inlineScriptHashes(text), workers: ['blob:'] });
  rendered = { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`, policy, encoded: new Map() };
  return rendered;
}

function encodedAs(page: RenderedPage, encoding: 'br' | 'gzip'): Promise<Buffer> {
  let pending = page.encoded.get(encoding);
  if (!pending) {
    pending =
      encoding === 'br'
        ? brotli(page.html, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: page.html.length },
          })
        : gzip(page.html, { level: 6 });
    page.encoded.set(encoding, pending);
  }
  return pending;
}

/** The best encoding the client accepts: br, then gzip, else none. */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

const matchesEtag = (ifNoneMatch: string | null, etag: string) =>
  !!ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');

/** GraphiQL on GET /graphql for browsers (Accept: text/html), compressed and with an ETag. */
export function playgroundPage(enabled: boolean): Plugin {
  if (!enabled) return {};
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || (url.pathname !== '/graphql' && url.pathname !== '/graphql/')) return;
      if (!request.headers.get('accept')?.includes('text/html')) return;
      const page = playground();
      const headers: Record<string, string> = {
        'content-type': HTML,
        'cache-control': 'no-cache',
        etag: page.etag,
        vary: 'Accept, Accept-Encoding',
        'content-security-policy': page.policy,
      };
      if (matchesEtag(request.headers.get('if-none-match'), page.etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      const body = encoding ? await encodedAs(page, encoding) : page.html;
      if (encoding) headers['content-encoding'] = encoding;
      endResponse(new fetchAPI.Response(new Uint8Array(body), { status: 200, headers }));
    },
  };
}

/** X-Content-Type-Options, Referrer-Policy and a Content-Security-Policy on every HTML response. */
export function htmlSecurityHeaders(): Plugin {
  return {
    onResponse({ request, response }) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      const embed = new URL(request.url).pathname.startsWith('/embed/');
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', REFERRER_POLICY);
      if (!response.headers.has('content-security-policy')) response.headers.set('content-security-policy', pagePolicy(embed));
      if (!embed) response.headers.set('x-frame-options', 'SAMEORIGIN');
    },
  };
}
