/**
 * The one cursor codec: a cursor is base64url of a small JSON object, opaque to clients. The
 * keyset connections (connections.ts) write `{o, k, i}` (ordering, sort key, id) and `search`
 * writes `{s, o}` (its kind and an offset); each reads its own fields back and refuses anything
 * else as BAD_USER_INPUT naming the argument.
 */
import { BadInputError } from '../errors.js';

type CursorFields = Readonly<Record<string, string | number>>;

export function encodeCursor(fields: CursorFields): string {
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

/**
 * What `read` finds in the fields of `cursor`; a cursor that does not decode to an object, or
 * whose fields `read` refuses (undefined), is BAD_USER_INPUT with `message`, naming `argument`.
 */
export function decodeCursor<T>(
  cursor: string,
  argument: 'after' | 'before',
  message: string,
  read: (fields: Readonly<Record<string, unknown>>) => T | undefined,
): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const value = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? read({ ...parsed }) : undefined;
  if (value === undefined) throw new BadInputError(message, { argument });
  return value;
}
