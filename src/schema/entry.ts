/**
 * Entry: an article, talk, document or project page the graph lists, with what it is about, what
 * it compares and where it sits in the category tree. Entry points: `entries` (a filtered,
 * ordered connection) — single entries are reached with `node(id:)` or from the things they are about.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { categoryLineage, findCategories } from '../graph/stores/categoryStore.js';
import { countEntries, loadEntries, pageEntries, type EntryFilter, type EntryOrdering } from '../graph/stores/entryStore.js';
import type { SortDirection } from '../graph/stores/paging.js';
import { loadRelations } from '../graph/stores/relationStore.js';
import type { EntryRow, TopicRow } from '../graph/stores/rows.js';
import { Category } from './category.js';
import { SortDirectionEnum, pageRequest, toConnection, totalCountDescription, type Connection } from './connections.js';
import { Topic, lookupByName } from './node.js';
import { Fact, LIST_COMPLEXITY, Source, type FactShape } from './provenance.js';

export const Entry = builder.loadableNodeRef('Entry', {
  id: { resolve: (entry) => entry.id },
  // One row per id in order; null for an id with no node (node(id:) then answers null).
  load: (ids: string[], ctx: Context) => loadEntries(ctx.graph, ids) as Promise<EntryRow[]>,
});

const topicsOf = (type: 'ABOUT' | 'COMPARES') => async (ids: string[], ctx: Context) =>
  (await loadRelations(ctx.graph, 'Entry', type, 'out', ids)).map((rows) => rows.map((row) => row.node as TopicRow));

/** An entry's ABOUT or COMPARES link, with the topic at its other end. */
interface TopicRelationShape extends FactShape {
  node: TopicRow;
}

const TopicRelation = builder.objectRef<TopicRelationShape>('TopicRelation').implement({
  description:
    "An entry's link to a product, concept or organization it is about or compares, with how sure the graph is of it: HIGH when curated by hand, MEDIUM when the importer matched the name in the entry's title or summary. Its source is the entry itself.",
  interfaces: [Fact],
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The product, concept or organization.', resolve: (fact) => fact.node }),
  }),
});

const linksOf = (type: 'ABOUT' | 'COMPARES') => async (ids: string[], ctx: Context) =>
  (await loadRelations(ctx.graph, 'Entry', type, 'out', ids)) as TopicRelationShape[][];

Entry.implement({
  description:
    'An article, talk, document or project page about the service-mesh field, as listed on the Nubenetes "Service Mesh" page, with a summary in our own words. Entries are also the sources of many facts.',
  interfaces: [Source],
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'The stable, human-readable id of this entry, e.g. "istio-2026".' }),
    title: t.exposeString('title', { description: 'The title of the article, talk or page.' }),
    year: t.exposeInt('year', { description: 'The year it was published (or last updated, for living documents).' }),
    publisher: t.exposeString('publisher', { nullable: true, description: 'Who published it, e.g. "devops.com" (null when unknown).' }),
    url: t.exposeString('url', { nullable: true, description: 'Where to read it (null when the dataset has no address).' }),
    summary: t.exposeString('summary', { description: 'What it says, in two or three sentences of our own words.' }),
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
    githubStars: t.exposeInt('githubStars', { nullable: true, description: 'GitHub stars of the project it describes, when the source gave them.' }),
    category: t.field({
      type: Category,
      description: "The entry's own heading in the category tree (the last element of categoryPath).",
      resolve: (entry) => entry.categoryId,
    }),
    categoryPath: t.field({
      type: [Category],
      complexity: LIST_COMPLEXITY,
      description: "The headings from the top of the category tree down to the entry's own heading.",
      resolve: (entry) => categoryLineage(entry.categoryId),
    }),
    categoryNames: t.exposeStringList('categoryPath', { description: 'The names of the headings of categoryPath, top first.' }),
    about: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: Topic,
      description: 'The products, concepts and organizations this entry is about, by name.',
      load: topicsOf('ABOUT'),
      resolve: (entry) => entry.id,
    }),
    compares: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: Topic,
      description: 'The products or concepts this entry compares with each other (empty unless it is a comparison).',
      load: topicsOf('COMPARES'),
      resolve: (entry) => entry.id,
    }),
    aboutLinks: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: TopicRelation,
      description: 'The same as `about`, as facts: each topic with the confidence of the link (curated or matched by name).',
      load: linksOf('ABOUT'),
      resolve: (entry) => entry.id,
    }),
    comparesLinks: t.loadableList({
      complexity: LIST_COMPLEXITY,
      type: TopicRelation,
      description: 'The same as `compares`, as facts: each topic with the confidence of the link.',
      load: linksOf('COMPARES'),
      resolve: (entry) => entry.id,
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
  }),
});

const EntryConnection = builder.connectionObject(
  {
    type: Entry,
    name: 'EntryConnection',
    description: 'A page of entries.',
    edgesNullable: { list: false, items: false },
    fields: (t) => ({
      totalCount: t.int({
        description: totalCountDescription('entries'),
        resolve: (connection) => (connection as unknown as Connection<unknown>).totalCount(),
      }),
    }),
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
      throw new NotFoundError(`No category is named "${input.category}". Use a category id such as "cloud-native/service-mesh" or a path of heading names.`, {
        argument: 'filter.category',
      });
    }
    categoryIds = found.map((c) => c.id);
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
      resolve: async (_root, args, ctx) => {
        const field: EntryOrdering = args.orderBy?.field ?? 'YEAR';
        const direction: SortDirection = args.orderBy?.direction ?? DEFAULT_DIRECTION[field];
        const request = pageRequest(args, field, direction);
        const filter = await entryFilter(args.filter, ctx);
        const page = await pageEntries(ctx.graph, filter, field, request);
        return toConnection(page, request, field, () => countEntries(ctx.graph, filter)) as never;
      },
    },
    EntryConnection,
  ),
);


