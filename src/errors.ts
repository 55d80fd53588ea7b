/**
 * The service's own errors. Each carries a stable `code` that clients may rely on; the GraphQL
 * layer turns them into `extensions.code`. Anything else is an internal error: masked for clients
 * and logged with the request id.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'AMBIGUOUS_NAME'
  | 'BAD_USER_INPUT'
  | 'SERVICE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'CONFLICT'
  | 'SAVED_VIEWS_ONLY'
  | 'QUERY_TOO_COMPLEX'
  | 'RESOURCE_LIMIT'
  | 'RESPONSE_TOO_LARGE'
  | 'CANCELLED';

export class MeshgraphError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MeshgraphError';
  }
}

export class NotFoundError extends MeshgraphError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('NOT_FOUND', message, details);
    this.name = 'NotFoundError';
  }
}

export class BadInputError extends MeshgraphError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, details);
    this.name = 'BadInputError';
  }
}

/** Neo4j cannot be reached (down, starting, or the connection dropped). Retrying later may work. */
export class ServiceUnavailableError extends MeshgraphError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SERVICE_UNAVAILABLE', message, {}, options);
    this.name = 'ServiceUnavailableError';
  }
}

/**
 * The HTTP status of each client-facing error code: the one table of it. Routes that answer with
 * their own status (GET /views/<name>) take it from here; on /graphql, errors that HTTP cares
 * about carry it as `extensions.http.status` (GraphQL over HTTP answers 200 otherwise).
 */
const HTTP_STATUS: Readonly<Record<string, number>> = {
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  AMBIGUOUS_NAME: 400,
  QUERY_TOO_COMPLEX: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  BAD_REQUEST: 400,
  QUERY_TOO_LARGE: 400,
  RESPONSE_TOO_LARGE: 400,
  OPERATION_NOT_SUPPORTED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  SAVED_VIEWS_ONLY: 403,
  REQUEST_ENTITY_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/** The HTTP status of a client-facing error code (500 for a code the table does not hold). */
export function httpStatusOf(code: string): number {
  return HTTP_STATUS[code] ?? 500;
}

/** The HTTP status for an answer with errors, from the first error's code (or its own `extensions.http.status`). */
export function httpStatusForErrors(errors: readonly { extensions?: Record<string, unknown> }[], hasData: boolean): number {
  const extensions = errors[0]?.extensions;
  const http = extensions?.http;
  if (http && typeof http === 'object' && 'status' in http && typeof http.status === 'number') return http.status;
  const code = extensions?.code;
  if (code === undefined) return hasData ? 500 : 400; // graphql-js refusing the variables has no code
  return typeof code === 'string' ? httpStatusOf(code) : 500;
}

export function isMeshgraphError(error: unknown): error is MeshgraphError {
  return error instanceof MeshgraphError;
}
