/**
 * `search`: one full-text search over entries, products, concepts and organizations, ranked
 * together, typo-tolerant and prefix-matching for typeahead. Paged with offset cursors (the
 * ranking is computed whole in one statement, so a page never costs more statements).
 */
import { builder } from '../builder.js';
import { z } from 'zod';
import { MAX_QUERY_LENGTH, search, type SearchHitRow, type SearchNode, type SearchType } from '../graph/stores/searchStore.js';
import { intBetween, rule } from './arguments.js';
import { Concept } from './concept.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.js';
import { Entry } from './entry.js';
import { Organization } from './organization.js';
import { Product } from './product.js';

const SearchTypeEnum = builder.enumType('SearchType', {
  description: 'A kind of thing `search` can find.',
  values: {
    PRODUCT: {
      value: 'Product',
      description: 'Products: meshes, proxies, specifications, controllers, components (name, aliases, description).',
    },
    CONCEPT: { value: 'Concept', description: 'Concepts such as mTLS, sidecar or xDS (name, aliases, definition).' },
    ORGANIZATION: { value: 'Organization', description: 'Companies, foundations and communities (name, aliases).' },
    ENTRY: { value: 'Entry', description: 'Articles, talks, documents and project pages (title, summary, publisher).' },
  } as const,
});

const SearchResult = builder.unionType('SearchResult', {
  description: 'Something `search` found: a Product, a Concept, an Organization or an Entry. Ask for `__typename` to tell which.',
  types: () => [Product, Concept, Organization, Entry],
  resolveType: (row: SearchNode) => row.__typename,
});

const SearchConnection = builder.connectionObject(
  {
    type: SearchResult,
    name: 'SearchConnection',
    description: 'A page of search hits, best first.',
  },
  {
    name: 'SearchEdge',
    description: 'One search hit: the thing found, how well it matches, and its cursor.',
    fields: (t) => ({
      score: t.float({
        description:
          'How well it matches: higher is better, comparable between kinds within one search (not between searches). An exact name, alias or title adds 1; a name starting with the text adds 0.25.',
        // Every search edge is built by toEdge, with its score.
        resolve: (edge) => ('score' in edge && typeof edge.score === 'number' ? edge.score : 0),
      }),
    }),
  },
);

const CURSOR_KIND = 'search';

/** The offset after a cursor; BAD_USER_INPUT for anything this field did not return. */
function decodeSearchCursor(cursor: string): number {
  return decodeCursor(cursor, 'after', '`after` is not a valid search cursor. Use a cursor returned by `search`.', ({ s, o }) =>
    s === CURSOR_KIND && typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : undefined,
  );
}

function toEdge(hit: SearchHitRow) {
  return { cursor: encodeCursor({ s: CURSOR_KIND, o: hit.offset }), node: hit.node, score: hit.score };
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description:
      'Full-text search over products, concepts, organizations and entries at once, ranked together, best first. ' +
      'Tolerates typos ("trafik" finds Traefik) and matches word starts for typeahead ("lin" finds Linkerd); exact names and aliases rank first. ' +
      'Any text is safe: punctuation and search syntax are treated as plain text, and text without letters or digits finds nothing.',
    args: {
      query: t.arg.string({
        required: true,
        // Characters, not UTF-16 units: 500 emoji are 500 characters.
        validate: rule(
          z.string(),
          (text) => [...text].length <= MAX_QUERY_LENGTH,
          () => `The search text is too long: at most ${MAX_QUERY_LENGTH} characters.`,
          { maxLength: MAX_QUERY_LENGTH },
        ),
        description: `The words to look for, as a person types them (at most ${MAX_QUERY_LENGTH} characters; only the first 10 words count).`,
      }),
      first: t.arg.int({
        required: false,
        defaultValue: DEFAULT_PAGE_SIZE,
        validate: intBetween('first', 0, MAX_PAGE_SIZE),
        description: `How many hits to return, 0 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}.`,
      }),
      after: t.arg.string({
        required: false,
        description: 'Return hits after this cursor (the `endCursor` of the previous page of the same search).',
      }),
      types: t.arg({
        type: [SearchTypeEnum],
        required: false,
        description: 'Only find these kinds of things; all kinds when omitted or empty.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      const offset = args.after ? decodeSearchCursor(args.after) + 1 : 0;
      const result = await search(ctx.graph, {
        text: args.query,
        types: (args.types ?? null) as SearchType[] | null,
        offset,
        limit: first,
      });
      const edges = result.hits.map(toEdge);
      return {
        edges,
        pageInfo: {
          hasNextPage: result.hasNextPage,
          hasPreviousPage: offset > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        totalCount: () => result.total,
      };
    },
  }),
);
