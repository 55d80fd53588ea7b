/**
 * What one request may send, checked before anything recursive runs (docs/limits.md):
 *
 * - the HTTP body (MAX_REQUEST_BYTES): 413 `REQUEST_ENTITY_TOO_LARGE` for a Content-Length over
 *   it, or a body without one that grows past it; 400 `BAD_REQUEST` for a Content-Length that is
 *   not one number. A body that came over node:http with a Content-Length is checked by the
 *   header alone, because Node's HTTP parser delivers exactly that many bytes; any other body is
 *   counted as it streams. (yoga's `maxRequestBodySize` counts every body through a stream
 *   transform: 4 % of the CPU of a small POST, issue 12; app.ts turns it off.)
 * - malformed JSON in `variables` / `extensions` of a GET (or a form-encoded POST): 400
 *   `BAD_REQUEST`, like yoga answers a POST whose body is not JSON; a body of a type yoga does not
 *   read: 415 `UNSUPPORTED_MEDIA_TYPE` (yoga's own 415 has no body);
 * - the query text: its length (MAX_QUERY_BYTES), the nesting of its brackets (MAX_QUERY_NESTING,
 *   a flat scan, so a query nested 5,000 levels deep never reaches the recursive parser) and its
 *   tokens (MAX_QUERY_TOKENS, counted by graphql-js's own lexer, which is a loop): 400
 *   `QUERY_TOO_LARGE` or `QUERY_TOO_COMPLEX`;
 * - yoga's parse cache: bounded in entries and in the total length of the cached query texts.
 */
import { IncomingMessage } from 'node:http';
import { Lexer, Source, TokenKind, type DocumentNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Config } from './config.js';

type Limits = Config['limits'];

const refusal = (message: string, code: string, status: number, details: Record<string, unknown> = {}) =>
  createGraphQLError(message, { extensions: { ...details, code, http: { status } } });

/** The deepest nesting of `{`, `[` and `(` outside strings and comments, or `limit + 1` as soon as it is passed. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        // Block string: ends at the next unescaped """.
        i += 3;
        while (i < n && !(text.startsWith('"""', i) && !text.startsWith('\\"""', i - 1))) i++;
        i += 2;
      } else {
        i++;
        while (i < n && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x0a) {
          if (text.charCodeAt(i) === 0x5c /* \ */) i++;
          i++;
        }
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      depth--;
    }
  }
  return max;
}

/** The number of tokens graphql-js's parser would read, or `limit + 1` as soon as it is passed; undefined when the text does not lex. */
export function tokenCount(text: string, limit: number): number | undefined {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++count > limit) return count;
    }
  } catch {
    return undefined; // a syntax error: the parser reports it with its location
  }
  return count;
}

const tooLarge = (maxRequestBytes: number) =>
  refusal(`The request body is larger than ${maxRequestBytes} bytes (MAX_REQUEST_BYTES).`, 'REQUEST_ENTITY_TOO_LARGE', 413, {
    maxRequestBytes,
  });

/**
 * Checks the body's size before anything reads it: by its Content-Length when node:http
 * received it (`trusted`), else by counting it as it streams. Returns the request to parse: the
 * same one, or one whose body fails with 413 once it passes the limit.
 */
function limitBody(
  request: Request,
  trusted: boolean,
  maxRequestBytes: number,
  fetchAPI: Pick<typeof globalThis, 'Request' | 'TransformStream'>,
): Request {
  const length = request.headers.get('content-length');
  if (length !== null) {
    if (!/^\d+$/.test(length)) throw refusal('The Content-Length header is not one number of bytes.', 'BAD_REQUEST', 400);
    if (Number(length) > maxRequestBytes) throw tooLarge(maxRequestBytes);
    if (trusted) return request;
  }
  const body = request.body;
  if (!body) return request;
  let bytes = 0;
  // The ponyfill's TransformStream cannot take a native stream (yoga's own limit does the same).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > maxRequestBytes) controller.error(tooLarge(maxRequestBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    duplex: 'half',
  } as RequestInit);
}

/** Refuses oversized bodies and query texts, overly nested ones before they are parsed, and malformed JSON parameters. */
export function requestLimits(limits: Limits): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI, serverContext }) {
      const trusted = (serverContext as { req?: unknown } | undefined)?.req instanceof IncomingMessage;
      const limited = request.body ? limitBody(request, trusted, limits.maxRequestBytes, fetchAPI) : request;
      if (!requestParser) {
        // yoga would answer an empty 415: say what is accepted, with a code.
        const body = {
          errors: [
            {
              message: `A GraphQL request is a GET with parameters, or a POST of application/json (also application/graphql+json, application/graphql, application/x-www-form-urlencoded or multipart/form-data), not ${request.headers.get('content-type') ?? 'a body without Content-Type'}.`,
              extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' },
            },
          ],
        };
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status: 415,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
        return;
      }
      const parse = requestParser;
      setRequestParser(async (req) => {
        try {
          return await parse(req === request ? limited : limitBody(req, false, limits.maxRequestBytes, fetchAPI));
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw refusal(`${malformedParameter(request)} is not valid JSON: ${error.message}.`, 'BAD_REQUEST', 400);
        }
      });
    },
    onParse({ params }) {
      const text = typeof params.source === 'string' ? params.source : (params.source as Source).body;
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > limits.maxQueryBytes) {
        throw refusal(
          `The query text is too large: ${bytes} bytes, at most ${limits.maxQueryBytes} (MAX_QUERY_BYTES).`,
          'QUERY_TOO_LARGE',
          400,
          { bytes, maxQueryBytes: limits.maxQueryBytes },
        );
      }
      if (nestingDepth(text, limits.maxQueryNesting) > limits.maxQueryNesting) {
        throw refusal(
          `The query is too deep: it nests brackets more than ${limits.maxQueryNesting} levels (MAX_QUERY_NESTING).`,
          'QUERY_TOO_COMPLEX',
          400,
          { maxNesting: limits.maxQueryNesting },
        );
      }
      const tokens = tokenCount(text, limits.maxQueryTokens);
      if (tokens !== undefined && tokens > limits.maxQueryTokens) {
        throw refusal(
          `The query text has too many tokens: more than ${limits.maxQueryTokens} (MAX_QUERY_TOKENS).`,
          'QUERY_TOO_LARGE',
          400,
          { maxQueryTokens: limits.maxQueryTokens },
        );
      }
    },
  };
}

function malformedParameter(request: Request): string {
  if (request.method !== 'GET') return 'The request body';
  const params = new URL(request.url).searchParams;
  for (const name of ['variables', 'extensions']) {
    const value = params.get(name);
    if (!value) continue;
    try {
      JSON.parse(value);
    } catch {
      return `\`${name}\``;
    }
  }
  return 'A parameter';
}

/** yoga's parse caches, bounded by entries and by the total length of the query texts they hold. */
export function parseCaches(limits: Limits) {
  const options = {
    max: Math.max(1, limits.parseCacheEntries),
    maxSize: Math.max(1, limits.parseCacheTextBytes),
    sizeCalculation: (_value: unknown, key: string) => Math.max(1, key.length),
  };
  if (limits.parseCacheEntries === 0 || limits.parseCacheTextBytes === 0) return false as const;
  return {
    documentCache: new LRUCache<string, DocumentNode>(options),
    errorCache: new LRUCache<string, Error>(options),
  };
}
