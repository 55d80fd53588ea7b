/**
 * What the listeners in front of yoga (src/views/fast-hits.ts, src/graphql-posts.ts) share for
 * reading node:http requests and writing their responses the way yoga's plugins read and write
 * the fetch API's.
 */
import type { IncomingMessage } from 'node:http';

/** A header as the fetch API's Headers reads it from node:http (repeated ones joined by node:http). */
export function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Response headers as a plain record (lower-case names), changed through the fetch API's get/set. */
export class HeaderRecord {
  constructor(readonly values: Record<string, string>) {}
  get(name: string): string | null {
    return this.values[name] ?? null;
  }
  set(name: string, value: string): void {
    this.values[name] = value;
  }
}
