/**
 * The dashboard's static files, built by Vite into web/dist (with `base: '/dashboard/'`):
 *
 * - `GET /dashboard`, `/dashboard/` and `GET /embed/<view>` → web/dist/index.html (the page reads
 *   its path to know what to show); revalidated on every load, so a new build is picked up.
 * - `GET /dashboard/assets/*` → web/dist/assets/*, content-hashed by Vite, so cached for a year
 *   as immutable.
 * - `GET /dashboard/<file>` → other top-level files of web/dist (favicon …), revalidated.
 *
 * Text files (HTML, JS, CSS, JSON, SVG) are served brotli- or gzip-compressed as the browser
 * accepts (each compressed once per build), and every file has a strong ETag, so revalidating
 * the page is a 304.
 *
 * Nothing outside web/dist is ever read: paths with `..`, backslashes, NUL or encoded slashes are
 * refused. When web/dist has no index.html the pages answer 503 saying how to build it.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { chooseEncoding } from '../pages.js';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Types worth compressing (text); images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg\+xml)/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>meshgraph dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The dashboard is not built</h1>
<p>This meshgraph serves the dashboard from <code>web/dist</code>, which does not exist yet.
Run <code>npm run build</code> (it builds the dashboard with Vite) and reload this page.</p>
<p>The API works meanwhile: <a href="/graphql">/graphql</a>, <a href="/views">/views</a>.</p>
</body></html>
`;

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that `relativePath` (URL-encoded, `/`-separated) names, or undefined when
 * it tries to leave `root` or is otherwise not a plain relative path.
 */
function safeJoin(root: string, relativePath: string): string | undefined {
  if (/%2f|%5c|%00/i.test(relativePath)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    return undefined;
  }
  if (decoded === '' || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) return undefined;
  const base = path.resolve(root);
  const full = path.resolve(base, ...parts);
  return full.startsWith(base + path.sep) ? full : undefined;
}

/** Serves the dashboard from `distDir` (projectPath('web', 'dist') in the service). */
export function dashboardAssets(distDir: string): Plugin {
  // Compressed bodies by file and encoding, for the file's current ETag: as many as web/dist has files.
  const compressed = new Map<string, { etag: string; body: Promise<Buffer> }>();
  const respond = async (
    request: Request,
    fetchAPI: { Response: typeof Response },
    body: Buffer,
    contentType: string,
    cacheControl: string,
    file: string,
  ): Promise<Response> => {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const compressible = COMPRESSIBLE.test(contentType) && body.length > 1024;
    const headers: Record<string, string> = {
      'content-type': contentType,
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
      etag,
      ...(compressible ? { vary: 'Accept-Encoding' } : {}),
    };
    const ifNoneMatch = request.headers.get('if-none-match');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return new fetchAPI.Response(null, { status: 304, headers });
    }
    const encoding = compressible ? chooseEncoding(request.headers.get('accept-encoding')) : undefined;
    if (!encoding) return new fetchAPI.Response(new Uint8Array(body), { status: 200, headers });
    const key = `${file}\0${encoding}`;
    let entry = compressed.get(key);
    if (entry?.etag !== etag) {
      entry = {
        etag,
        body: encoding === 'br' ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }) : gzip(body, { level: 9 }),
      };
      compressed.set(key, entry);
    }
    return new fetchAPI.Response(new Uint8Array(await entry.body), { status: 200, headers: { ...headers, 'content-encoding': encoding } });
  };

  const textResponse = (fetchAPI: { Response: typeof Response }, status: number, body: string, type = 'text/plain; charset=utf-8') =>
    new fetchAPI.Response(body, { status, headers: { 'content-type': type, 'cache-control': 'no-store' } });

  const readFileOrUndefined = async (file: string): Promise<Buffer | undefined> => {
    try {
      const info = await stat(file);
      return info.isFile() ? await readFile(file) : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const pathname = url.pathname;
      const isPage = pathname === '/dashboard' || pathname === '/dashboard/' || /^\/embed\/[^/]+\/?$/.test(pathname);
      const isFile = !isPage && pathname.startsWith('/dashboard/');
      if (!isPage && !isFile) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          new fetchAPI.Response('Method not allowed', {
            status: 405,
            headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      if (isPage) {
        const html = await readFileOrUndefined(path.join(distDir, 'index.html'));
        if (!html) {
          endResponse(
            new fetchAPI.Response(NOT_BUILT, {
              status: 503,
              headers: { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-store', 'retry-after': '60' },
            }),
          );
          return;
        }
        endResponse(await respond(request, fetchAPI, html, CONTENT_TYPES['.html']!, REVALIDATE, 'index.html'));
        return;
      }
      const relativePath = pathname.slice('/dashboard/'.length);
      const file = safeJoin(distDir, relativePath);
      if (!file) {
        endResponse(textResponse(fetchAPI, 400, 'Bad path'));
        return;
      }
      const body = await readFileOrUndefined(file);
      if (!body) {
        endResponse(textResponse(fetchAPI, 404, 'Not found'));
        return;
      }
      const immutable = relativePath.startsWith('assets/');
      endResponse(await respond(request, fetchAPI, body, contentTypeOf(file), immutable ? IMMUTABLE : REVALIDATE, relativePath));
    },
  };
}
