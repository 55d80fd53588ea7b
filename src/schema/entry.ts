/**
 * Entry: an article, talk, document or project page the graph lists, with what it is about, what
 * it compares and where it sits in the category tree. Entry points: `entries` (a filtered,
 * ordered connection) — single entries are reached with `node(id:)` or from the things they are about.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { categoryLineage, findCategories } from '../graph/stores/categoryStore.js';
import {
  countEntries,
  loadEntries,
  loadEntriesByUrl,
  pageEntries,
  type EntryFilter,
  type EntryOrdering,
} from '../graph/stores/entryStore.js';
import { canonicalUrl } from '../ingest/url.js';
import type { SortDirection } from '../graph/stores/paging.js';
import type { EntryRow } from '../graph/stores/rows.js';
import { readAheadNode } from '../graph/stores/readAhead.js';
import { Category } from './category.js';
import { ListingRef, listingsOf } from './document.js';
import { hasDocument } from '../graph/stores/documentStore.js';
import { SortDirectionEnum, pageRequest, toConnection } from './connections.js';
import { lookupByName } from './node.js';
import { readAheadOfConnection } from './read-ahead.js';
import { LIST_COMPLEXITY, Source } from './provenance.js';

export const Entry = builder.loadableNodeRef('Entry', {
  id: { resolve: (entry) => entry.id },
  // One row per id in order; null for an id with no node (node(id:) then answers null).
  load: (ids: string[], ctx: Context) => loadEntries(ctx.graph, ids) as Promise<EntryRow[]>,
});

Entry.implement({
  description:
    "An article, talk, document or project page about the service-mesh field: one resource, however many Nubenetes pages list it. Curated entries carry a summary in our own words; entries known only from pages carry the page's own description. Entries are also the sources of many facts.",
  interfaces: [Source],
  fields: (t) => ({
    slug: t.exposeString('id', {
      description:
        'The stable, human-readable id of this entry: for a curated entry its title and year ("istio-2026"); for an entry known only from pages, a slug of its URL with a hash of it ("infoq-com-articles-service-mesh-ultimate-guide-1a2b3c4d5e").',
    }),
    title: t.exposeString('title', { description: "The title of the article, talk or page (the curated one, else the first listing's)." }),
    year: t.exposeInt('year', {
      nullable: true,
      description:
        'The year it was published (or last updated, for living documents); null when no source gives one. Such entries sort last and count in no year.',
    }),
    publisher: t.exposeString('publisher', { nullable: true, description: 'Who published it, e.g. "devops.com" (null when unknown).' }),
    url: t.exposeString('url', {
      nullable: true,
      description: 'Where to read it: an absolute http(s) URL (null when no source gives an address).',
    }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: 'What it says, in two or three sentences of our own words; null for an entry known only from pages (see description).',
    }),
    description: t.exposeString('description', {
      nullable: true,
      description:
        "The listing page's own words about it, as the page gives them (null when the page gives none, and for curated entries).",
    }),
    author: t.exposeString('author', {
      nullable: true,
      description: 'Who wrote or presented it, when the page names them ("by <author>").',
    }),
    duration: t.exposeString('duration', {
      nullable: true,
      description: 'The running time of a talk or video, as the page writes it ("32:10", "12 min").',
    }),
    readingMinutes: t.exposeInt('readingMinutes', {
      nullable: true,
      description: 'Reading time in minutes, when the page gives one ("5 min read").',
    }),
    video: t.exposeBoolean('video', { description: 'True when the page marks it as a recorded talk or video (🎥).' }),
    relatedUrls: t.exposeStringList('relatedUrls', {
      description: 'Other links the listing gives beside the resource itself (slides, code, a follow-up), as canonical URLs; may be empty.',
    }),
    curated: t.exposeBoolean('curated', {
      description:
        'True when the bundled dataset (or another curated dataset file) states this entry; false when it is known only from pages.',
    }),
    level: t.exposeString('level', { nullable: true, description: 'The reader level the source gives, e.g. "ADVANCED" (null when none).' }),
    stability: t.exposeString('stability', {
      nullable: true,
      description: 'How established the thing described is, per the source, e.g. "ENTERPRISE-STABLE" or "COMMUNITY-TOOL".',
    }),
    rating: t.exposeInt('rating', { description: 'Stars the source list gave it, 0 (none) to 10.' }),
    contentLanguage: t.exposeString('contentLanguage', {
      nullable: true,
      description: 'The main programming language of its content, e.g. "GO", or "NONE" for prose only (null when unknown).',
    }),
    kinds: t.exposeStringList('kinds', { description: 'What kind of material it is, e.g. "DOCUMENTATION" or "VIDEO" (may be empty).' }),
    githubStars: t.exposeInt('githubStars', {
      nullable: true,
      description: 'GitHub stars of the project it describes, when the source gave them.',
    }),
    listedIn: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: ListingRef,
      description:
        'Every place a document lists this entry (by document path, then line), with the title, year and description as that page gives them; empty for an entry only a dataset states.',
      load: listingsOf,
      resolve: (entry) => entry.id,
    }),
    category: t.field({
      type: Category,
      deprecationReason: 'An entry can be listed in several categories: use `categories`.',
      description: "One category of the entry: the curated one, or else its first listing's (document path, then line).",
      // Read ahead with the entry when the page's statement could (src/schema/read-ahead.ts), else loaded by id.
      resolve: (entry, _args, _ctx, info) => {
        const category = readAheadNode(entry, info.path.key);
        return category?.__typename === 'Category' ? category : entry.categoryId;
      },
    }),
    categoryPath: t.field({
      type: [Category],
      complexity: LIST_COMPLEXITY,
      deprecationReason: 'An entry can be listed in several categories: use `categories { path }` or `categories { parent }`.',
      description: 'The headings from the top of the tree down to `category`.',
      resolve: (entry) => categoryLineage(entry.categoryId),
    }),
    categoryNames: t.exposeStringList('categoryPath', {
      deprecationReason: 'An entry can be listed in several categories: use `categories { path }`.',
      description: 'The names of the headings of categoryPath, top first.',
    }),
  }),
});

const EntryOrderField = builder.enumType('EntryOrderField', {
  description: 'What to order entries by; entries with equal values are ordered by id, so the order is stable.',
  values: {
    YEAR: { value: 'YEAR', description: 'The publication year (default direction: newest first).' },
    TITLE: { value: 'TITLE', description: 'The title, ignoring case (default direction: A to Z).' },
    RATING: { value: 'RATING', description: 'The star rating (default direction: highest first).' },
  } as const,
});

const EntryOrder = builder.inputType('EntryOrder', {
  description: 'How to order entries.',
  fields: (t) => ({
    field: t.field({ type: EntryOrderField, required: true, description: 'What to order by.' }),
    direction: t.field({
      type: SortDirectionEnum,
      required: false,
      description: 'Which way; default DESC for YEAR and RATING, ASC for TITLE.',
    }),
  }),
});

const EntryFilterInput = builder.inputType('EntryFilter', {
  description: 'Conditions entries must all meet.',
  fields: (t) => ({
    yearFrom: t.int({ description: 'Only entries published in this year or later.' }),
    yearTo: t.int({ description: 'Only entries published in this year or earlier.' }),
    stability: t.string({ description: 'Only entries with this stability, e.g. "ENTERPRISE-STABLE" (case-insensitive).' }),
    level: t.string({ description: 'Only entries with this reader level, e.g. "ADVANCED" (case-insensitive).' }),
    contentLanguage: t.string({ description: 'Only entries with this content language, e.g. "GO" or "NONE" (case-insensitive).' }),
    category: t.string({
      description:
        'Only entries filed under this category or any category below it: a category id ("cloud-native/service-mesh") or a path of heading names ("Cloud Native > Service Mesh"), case-insensitive.',
    }),
    about: t.string({
      description: 'Only entries about (or comparing) this product or concept: its name, id or an alias, e.g. "Istio", "osm" or "mTLS".',
    }),
    document: t.string({
      description: 'Only entries this document lists now: a `Document.path`, e.g. "v1/servicemesh.md". An unknown path is NOT_FOUND.',
    }),
  }),
});

const EntryConnection = builder.connectionObject(
  {
    type: Entry,
    name: 'EntryConnection',
    description: 'A page of entries.',
  },
  { name: 'EntryEdge', description: 'One entry of a page, with its cursor.' },
);

const DEFAULT_DIRECTION: Record<EntryOrdering, SortDirection> = { YEAR: 'DESC', TITLE: 'ASC', RATING: 'DESC' };

type EntryFilterArgs = typeof EntryFilterInput.$inferInput;

async function entryFilter(input: EntryFilterArgs | null | undefined, ctx: Context): Promise<EntryFilter> {
  const upper = (v: string | null | undefined) => (v ? v.trim().toUpperCase() : null);
  let categoryIds: string[] | null = null;
  if (input?.category) {
    const found = await findCategories(ctx.graph, input.category);
    if (found.length === 0) {
      throw new NotFoundError(
        `No category is named "${input.category}". Use a category id such as "cloud-native/service-mesh" or a path of heading names.`,
        {
          argument: 'filter.category',
        },
      );
    }
    categoryIds = found.map((c) => c.id);
  }
  let document: string | null = null;
  if (input?.document) {
    if (!(await hasDocument(ctx.graph, input.document))) {
      throw new NotFoundError(`No document has the path "${input.document}". The documents query lists them.`, {
        argument: 'filter.document',
      });
    }
    document = input.document;
  }
  let aboutId: string | null = null;
  if (input?.about) aboutId = (await lookupByName(ctx, input.about, ['Product', 'Concept'])).id;
  return {
    yearFrom: input?.yearFrom ?? null,
    yearTo: input?.yearTo ?? null,
    stability: upper(input?.stability),
    level: upper(input?.level),
    contentLanguage: upper(input?.contentLanguage),
    categoryIds,
    aboutId,
    document,
  };
}

builder.queryField('entries', (t) =>
  t.connection(
    {
      type: Entry,
      description: 'Browse the entries: filter them, order them, and page through them in either direction.',
      args: {
        filter: t.arg({ type: EntryFilterInput, description: 'Conditions the entries must meet (all of them).' }),
        orderBy: t.arg({ type: EntryOrder, description: 'The order of the entries; default newest first (YEAR, DESC).' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const field: EntryOrdering = args.orderBy?.field ?? 'YEAR';
        const direction: SortDirection = args.orderBy?.direction ?? DEFAULT_DIRECTION[field];
        const request = pageRequest(args, field, direction);
        const filter = await entryFilter(args.filter, ctx);
        const page = await pageEntries(ctx.graph, filter, field, request, readAheadOfConnection(info, 'Entry') ?? undefined);
        return toConnection(page, request, field, () => countEntries(ctx.graph, filter));
      },
    },
    EntryConnection,
  ),
);

builder.queryField('entry', (t) =>
  t.field({
    type: Entry,
    nullable: true,
    description:
      'One entry by the address of the resource it lists. The URL is compared in its canonical form (scheme and host lower-cased, default port, fragment, utm_* parameters and one trailing "/" dropped), so any link a Nubenetes page gives for it finds it. Null with a NOT_FOUND error when no entry has that address; BAD_USER_INPUT when `url` is not an absolute http(s) URL.',
    args: {
      url: t.arg.string({
        required: true,
        description: 'An absolute http(s) URL, e.g. "https://www.infoq.com/articles/service-mesh-ultimate-guide/".',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const url = canonicalUrl(args.url);
      if (url === null) throw new BadInputError(`"${args.url}" is not an absolute http(s) URL.`, { argument: 'url' });
      const [found] = await loadEntriesByUrl(ctx.graph, [url]);
      if (!found) throw new NotFoundError(`No entry lists ${url}.`, { argument: 'url' });
      return found;
    },
  }),
);
