/**
 * Document: a page imported (a Nubenetes page of one edition, or a page file given by path), and
 * Listing: one place where a document lists an entry. Entry point: `documents`.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { listDocuments, loadListings, type DocumentRow, type ListingRow } from '../graph/stores/documentStore.js';
import { Category } from './category.js';
import { properties } from './properties.js';

const DocumentRef = builder.objectRef<DocumentRow>('Document').implement({
  description:
    'A page the graph was imported from: a Nubenetes page of one edition ("v1/servicemesh.md"), or a page file known by its path. Importing it again makes the graph say what it says now.',
  fields: (t) => ({
    ...properties(t, 'Document', {
      path: 'Its identity: edition and file name when it sat in a folder named v1 or v2 ("v1/servicemesh.md"), else its path as given, relative to where the import ran.',
      edition: 'The Nubenetes edition ("v1", "v2"), or null for a page known by its path.',
      format: 'How it was read: "markdown" (as the curators publish pages) or "text" (a rendering of a page).',
      title: 'The page\'s title (its "#" heading or first line), when it has one.',
      lastImportedAt: 'When the last import that changed what it says ran (ISO 8601, UTC); an import that changes nothing leaves it.',
      graphVersion: 'The graph version that import made.',
    }),
    entries: t.exposeInt('entries', { description: 'How many distinct entries it lists now.' }),
  }),
});

export const ListingRef = builder.objectRef<ListingRow>('Listing').implement({
  description: 'One place where a document lists an entry, with what that page says there (which may differ from the curated entry).',
  fields: (t) => ({
    document: t.field({ type: DocumentRef, description: 'The document that lists the entry.', resolve: (l) => l.document }),
    line: t.exposeInt('line', { description: 'The 1-based line of the list item in the document.' }),
    category: t.field({ type: Category, description: 'The heading the document lists it under.', resolve: (l) => l.categoryId }),
    title: t.exposeString('title', { description: 'The title as that page writes it.' }),
    year: t.exposeInt('year', { nullable: true, description: 'The year as that page gives it (null when it gives none).' }),
    publisher: t.exposeString('publisher', { nullable: true, description: 'The publisher as that page names it.' }),
    url: t.exposeString('url', {
      nullable: true,
      description: 'The canonical URL that page links (null in a text rendering, which has none).',
    }),
    description: t.exposeString('description', { nullable: true, description: "That page's own words about it (never our summary)." }),
    graphVersion: t.exposeInt('graphVersion', { description: 'The graph version of the import that last changed this listing.' }),
    changedAt: t.exposeString('changedAt', { description: 'When that import ran (ISO 8601, UTC).' }),
  }),
});

export const listingsOf = (ids: string[], ctx: Context) => loadListings(ctx.graph, ids);

builder.queryField('documents', (t) =>
  t.field({
    type: [DocumentRef],
    description: 'Every imported document, by path.',
    resolve: (_root, _args, ctx) => listDocuments(ctx.graph),
  }),
);
