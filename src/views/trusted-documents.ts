/**
 * Trusted documents on /graphql: `GET /graphql?documentId=<view>&variables=…` or
 * `POST {documentId, variables}` runs a saved view without its text; with SAVED_VIEWS_ONLY any
 * other operation is refused (`extensions.code: SAVED_VIEWS_ONLY`).
 */
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ViewRegistry } from './registry.js';

const documentIdOf = (params: Record<string, unknown>, request: Request): string | null => {
  if (typeof params.documentId === 'string' && params.documentId !== '') return params.documentId;
  if (request.method === 'GET') return new URL(request.url).searchParams.get('documentId') || null;
  return null;
};

/**
 * `documentId` (the name of a saved view) instead of `query`, on GET and POST; arbitrary
 * operations keep working unless `savedViewsOnly`.
 */
export function savedViewOperations(registry: ViewRegistry, savedViewsOnly: boolean): Plugin[] {
  const refusal = (message: string, code: string, status: number, extra: Record<string, unknown> = {}) =>
    createGraphQLError(message, { extensions: { code, ...extra, http: { status } } });
  return [
    {
      onParams({ params, request }) {
        if (params.query && documentIdOf(params as Record<string, unknown>, request)) {
          throw refusal('Send either `query` or `documentId` (the name of a saved view), not both.', 'BAD_REQUEST', 400);
        }
      },
    },
    usePersistedOperations({
      allowArbitraryOperations: !savedViewsOnly,
      extractPersistedOperationId: (params, request) => documentIdOf(params as Record<string, unknown>, request),
      getPersistedOperation: (id) => registry.get(id)?.document ?? null,
      customErrors: {
        persistedQueryOnly: () =>
          refusal(
            'This server answers saved views only (SAVED_VIEWS_ONLY=true): send `documentId` with the name of a saved view instead of a query. GET /views lists them.',
            'SAVED_VIEWS_ONLY',
            403,
          ),
        keyNotFound: () =>
          refusal(
            savedViewsOnly
              ? 'Must provide `documentId`: the name of a saved view (GET /views lists them).'
              : 'Must provide a `query`, or a `documentId` naming a saved view (GET /views lists them).',
            'BAD_REQUEST',
            400,
          ),
        notFound: ({ params, request }) => {
          const id = documentIdOf(params as Record<string, unknown>, request);
          return refusal(`No saved view is named "${id}". GET /views lists them.`, 'NOT_FOUND', 404, { documentId: id });
        },
      },
    }),
  ];
}
