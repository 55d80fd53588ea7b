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

export function isMeshgraphError(error: unknown): error is MeshgraphError {
  return error instanceof MeshgraphError;
}
