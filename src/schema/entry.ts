/**
 * Entry: an article, talk, document or project page the graph lists, with what it is about, what
 * it compares and where it sits in the category tree. Entry points: `entries` (a filtered,
 * ordered connection) — single entries are reached with `node(id:)` or from the things they are about.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { categoryLineage } from '../graph/stores/categoryStore.js';
import { entryStore, loadEntriesByUrl, type EntryFilter } from '../graph/stores/entryStore.js';
import { canonicalUrl } from '../ingest/url.js';
import { Category, categoriesNamed } from './category.js';
import { ListingRef, listingsOf } from './document.js';
import { hasDocument } from '../graph/stores/documentStore.js';
import { collection, loadableNode, type FilterValues } from './collection.js';
import { properties, reads } from './properties.js';
import { lookupByName } from './node.js';
import { LIST_COMPLEXITY, Source } from './provenance.js';
import { readAheadNode } from '../graph/stores/readAhead.js';

export const Entry = loadableNode('Entry', entryStore.load);

Entry.implement({
  description:
    "An article, talk, document or project page about the service-mesh field: one resource, however many Nubenetes pages list it. Curated entries carry a summary in our own words; entries known only from pages carry the page's own description. Entries are also the sources of many facts.",
  interfaces: [Source],
  fields: (t) => ({
    slug: t.exposeString('id', {
      description:
        'The stable, human-readable id of this entry: for a curated entry its title and year ("istio-2026"); for an entry known only from pages, a slug of its URL with a hash of it ("infoq-com-articles-service-mesh-ultimate-guide-1a2b3c4d5e").',
    }),
    ...properties(t, 'Entry', {
      title: "The title of the article, talk or page (the curated one, else the first listing's).",
      year: 'The year it was published (or last updated, for living documents); null when no source gives one. Such entries sort last and count in no year.',
      publisher: 'Who published it, e.g. "devops.com" (null when unknown).',
      url: 'Where to read it: an absolute http(s) URL (null when no source gives an address).',
      summary: 'What it says, in two or three sentences of our own words; null for an entry known only from pages (see description).',
      description:
        "The listing page's own words about it, as the page gives them (null when the page gives none, and for curated entries).",
      author: 'Who wrote or presented it, when the page names them ("by <author>").',
      duration: 'The running time of a talk or video, as the page writes it ("32:10", "12 min").',
      readingMinutes: 'Reading time in minutes, when the page gives one ("5 min read").',
      video: 'True when the page marks it as a recorded talk or video (🎥).',
      relatedUrls: 'Other links the listing gives beside the resource itself (slides, code, a follow-up), as canonical URLs; may be empty.',
      curated: 'True when the bundled dataset (or another curated dataset file) states this entry; false when it is known only from pages.',
      level: 'The reader level the source gives, e.g. "ADVANCED" (null when none).',
      stability: 'How established the thing described is, per the source, e.g. "ENTERPRISE-STABLE" or "COMMUNITY-TOOL".',
      rating: 'Stars the source list gave it, 0 (none) to 10.',
      contentLanguage: 'The main programming language of its content, e.g. "GO", or "NONE" for prose only (null when unknown).',
      kinds: 'What kind of material it is, e.g. "DOCUMENTATION" or "VIDEO" (may be empty).',
      githubStars: 'GitHub stars of the project it describes, when the source gave them.',
    }),
    listedIn: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: ListingRef,
      description:
        'Every place a document lists this entry (by document path, then line), with the title, year and description as that page gives them; empty for an entry only a dataset states.',
      load: listingsOf,
      resolve: (entry) => entry.id,
      extensions: reads(),
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
      extensions: reads('categoryId'),
    }),
    categoryNames: t.exposeStringList('categoryPath', {
      deprecationReason: 'An entry can be listed in several categories: use `categories { path }`.',
      description: 'The names of the headings of categoryPath, top first.',
    }),
  }),
});

const ENTRY_FILTER = {
  description: 'Conditions entries must all meet.',
  argument: 'Conditions the entries must meet (all of them).',
  fields: {
    yearFrom: { type: 'int', description: 'Only entries published in this year or later.' },
    yearTo: { type: 'int', description: 'Only entries published in this year or earlier.' },
    stability: { type: 'string', description: 'Only entries with this stability, e.g. "ENTERPRISE-STABLE" (case-insensitive).' },
    level: { type: 'string', description: 'Only entries with this reader level, e.g. "ADVANCED" (case-insensitive).' },
    contentLanguage: { type: 'string', description: 'Only entries with this content language, e.g. "GO" or "NONE" (case-insensitive).' },
    category: {
      type: 'string',
      description:
        'Only entries filed under this category or any category below it: a category id ("cloud-native/service-mesh") or a path of heading names ("Cloud Native > Service Mesh"), case-insensitive.',
    },
    about: {
      type: 'string',
      description: 'Only entries about (or comparing) this product or concept: its name, id or an alias, e.g. "Istio", "osm" or "mTLS".',
    },
    document: {
      type: 'string',
      description: 'Only entries this document lists now: a `Document.path`, e.g. "v1/servicemesh.md". An unknown path is NOT_FOUND.',
    },
  },
} as const;

async function entryFilter(values: FilterValues<keyof typeof ENTRY_FILTER.fields>, ctx: Context): Promise<EntryFilter> {
  const upper = (name: 'stability' | 'level' | 'contentLanguage') => values.string(name)?.trim().toUpperCase() || null;
  // Checked in this order, so the first unknown name is the one reported.
  const category = values.string('category');
  const categoryIds = category ? (await categoriesNamed(ctx, category, 'filter.category')).map((c) => c.id) : null;
  const document = values.string('document');
  if (document && !(await hasDocument(ctx.graph, document))) {
    throw new NotFoundError(`No document has the path "${document}". The documents query lists them.`, { argument: 'filter.document' });
  }
  const about = values.string('about');
  return {
    yearFrom: values.int('yearFrom'),
    yearTo: values.int('yearTo'),
    stability: upper('stability'),
    level: upper('level'),
    contentLanguage: upper('contentLanguage'),
    categoryIds,
    aboutId: about ? (await lookupByName(ctx, about, ['Product', 'Concept'])).id : null,
    document: document || null,
  };
}

collection({
  type: Entry,
  field: 'entries',
  noun: 'entry',
  description: 'Browse the entries: filter them, order them, and page through them in either direction.',
  store: entryStore,
  ordering: 'YEAR',
  orderBy: {
    fields: {
      YEAR: { description: 'The publication year (default direction: newest first).', direction: 'DESC' },
      TITLE: { description: 'The title, ignoring case (default direction: A to Z).', direction: 'ASC' },
      RATING: { description: 'The star rating (default direction: highest first).', direction: 'DESC' },
    },
    direction: 'Which way; default DESC for YEAR and RATING, ASC for TITLE.',
    description: 'The order of the entries; default newest first (YEAR, DESC).',
  },
  filter: { input: ENTRY_FILTER, parse: entryFilter },
});

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
