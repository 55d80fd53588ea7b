/**
 * Entries of an import, one per resource, and their listings: what the graph should say about
 * every entry the import touches, given what the graph holds now (the scope). Pure: the importer
 * reads the scope (importer.ts, `readScope`) and writes the difference.
 *
 * - A curated entry (from a dataset file) keeps its id and every curated field; page listings of
 *   the same resource (its canonical URL, or in the text rendering its title and year) are
 *   listings of it: they add the categories that list it and nothing else.
 * - Listings of a resource no dataset curates are one page entry: id from its URL
 *   (src/ingest/url.ts), fields from its first listing over every document that lists it
 *   (document path, then line), categories from all of them.
 * - A document imported again is restated in full: its listings that are gone are removed, an
 *   entry moved between its sections moves, and a page entry that no document lists any more
 *   is retired (kept as history, no longer an Entry).
 */
import type { Dataset, DatasetIssue, Origin, PageListing } from './load.js';
import type { ResourceFields } from './nubenetes.js';
import { categoryId } from './slug.js';
import { canonicalUrl, urlEntryId } from './url.js';

/** A listing as the graph stores it (on its LISTED_IN relationship): where, and what the page says. */
export interface ListingFacts extends ResourceFields {
  document: string;
  line: number;
  categoryId: string;
  categoryPath: string[];
  url?: string;
}

/** Optional listing properties by type; plan.ts stores only those a page gives. */
const LISTING_TEXT = ['url', 'publisher', 'description', 'level', 'stability', 'contentLanguage', 'author', 'duration'] as const;
const LISTING_NUMBERS = ['year', 'githubStars', 'readingMinutes'] as const;
/** Every property a listing read back may carry (besides bookkeeping the caller drops first). */
const LISTING_KEYS: ReadonlySet<string> = new Set([
  ...['document', 'line', 'categoryId', 'categoryPath', 'title', 'rating', 'kinds', 'relatedUrls', 'video'],
  ...LISTING_TEXT,
  ...LISTING_NUMBERS,
]);

/**
 * A listing as plan.ts stored it (lean: defaults left out), read back from the graph with its
 * category's path and its entry's URL: every property checked against ListingFacts, defaults
 * restored. A property of the wrong type, or one ListingFacts does not know, fails the import.
 */
export function listingFactsFromGraph(id: string, props: Readonly<Record<string, unknown>>): ListingFacts {
  const fail = (key: string, expected: string) =>
    new Error(`Listing ${id} in the graph: ${key} should be ${expected}, got ${JSON.stringify(props[key])}`);
  const text = (key: string): string => {
    const value = props[key];
    if (typeof value !== 'string') throw fail(key, 'text');
    return value;
  };
  const int = (key: string): number => {
    const value = props[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail(key, 'an integer');
    return value;
  };
  const texts = (key: string): string[] => {
    const value = props[key] ?? [];
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) throw fail(key, 'a list of text');
    return value;
  };
  for (const key of Object.keys(props)) if (!LISTING_KEYS.has(key)) throw fail(key, 'absent (not a listing property)');
  const facts: ListingFacts = {
    document: text('document'),
    line: int('line'),
    categoryId: text('categoryId'),
    categoryPath: texts('categoryPath'),
    title: text('title'),
    rating: props.rating == null ? 0 : int('rating'),
    kinds: texts('kinds'),
    relatedUrls: texts('relatedUrls'),
  };
  for (const key of LISTING_TEXT) if (props[key] != null) facts[key] = text(key);
  for (const key of LISTING_NUMBERS) if (props[key] != null) facts[key] = int(key);
  if (props.video != null) {
    if (typeof props.video !== 'boolean') throw fail('video', 'true or false');
    facts.video = props.video;
  }
  return facts;
}

/** What the graph holds now of the entries and documents an import touches. */
export interface Scope {
  /** LISTED_IN relationships of the affected entries (from any document) and of the imported documents. */
  listings: Array<{ id: string; entryId: string; facts: ListingFacts }>;
  /** The affected entries as the graph holds them. */
  entries: Map<string, ScopeEntry>;
}

export interface ScopeEntry {
  curated: boolean;
  /** For a curated entry: its own category. */
  categoryId: string | null;
  categoryPath: string[] | null;
  /** Ids of its IN_CATEGORY relationships. */
  inCategory: string[];
  /** Ids of its ABOUT / COMPARES relationships matched by name (confidence medium). */
  derivedLinks: Array<{ id: string; type: 'ABOUT' | 'COMPARES' }>;
}

export const emptyScope = (): Scope => ({ listings: [], entries: new Map() });

/** One entry as the import leaves it. */
interface PlannedEntry {
  id: string;
  /** The node's properties; null for a curated entry the import does not restate (its node stays as it is). */
  props: Record<string, unknown> | null;
  /** Every category that lists it: its own first, then its listings', without repeats. */
  categories: Array<{ id: string; path: string[] }>;
  /** Text for the linker (title and our summary, or the page's description); null: leave its links alone. */
  linkable: { title: string; summary: string; description: string | null; url: string | null } | null;
  /** Its listings from the imported documents (LISTED_IN rows to write). */
  listings: Array<{ id: string; facts: ListingFacts }>;
}

export interface EntryPlan {
  entries: PlannedEntry[];
  /** Page entries no document lists any more: retired. */
  retired: string[];
  /** Relationship ids the graph holds in scope that the import no longer wants, by type. */
  removed: { LISTED_IN: string[]; IN_CATEGORY: string[]; derivedLinks: Array<{ id: string; type: 'ABOUT' | 'COMPARES' }> };
  /** The page documents the import restates in full. */
  documents: string[];
}

/** Curated entries known to the import: the dataset's and the graph's. */
export interface CuratedIndex {
  ids: Set<string>;
  byUrl: Map<string, string>;
}

function listingId(entryId: string, facts: Pick<ListingFacts, 'document' | 'categoryId'>): string {
  return `LISTED_IN:${entryId}:${facts.document}#${facts.categoryId}`;
}

const byDocumentThenLine = (a: ListingFacts, b: ListingFacts) =>
  a.document < b.document ? -1 : a.document > b.document ? 1 : a.line - b.line;

function factsOf(listing: PageListing, originLine: number): ListingFacts {
  const { category, document, textId: _textId, pageLine, ...fields } = listing;
  return { ...fields, document, line: pageLine ?? originLine, categoryId: category.id, categoryPath: category.path };
}

/** The curated entries of the dataset and the graph; reports two dataset entries with one URL. */
export function curatedIndex(
  dataset: Dataset,
  known: { curatedEntryIds: Set<string>; curatedEntryIdsByUrl: Map<string, string> },
  issues: DatasetIssue[],
): CuratedIndex {
  const ids = new Set(known.curatedEntryIds);
  const byUrl = new Map(known.curatedEntryIdsByUrl);
  const urlOrigin = new Map<string, Origin>();
  for (const { value: e, origin } of dataset.entries) {
    const url = e.url === undefined ? null : canonicalUrl(e.url);
    if (url !== null) {
      const first = urlOrigin.get(url);
      if (first)
        issues.push({
          ...origin,
          message: `entry "${e.id}" has the URL of the entry at ${first.file}:${first.line} (${url}): one resource, one entry`,
        });
      urlOrigin.set(url, origin);
    }
    if (!e.curated) continue;
    ids.add(e.id);
    if (url !== null) byUrl.set(url, e.id);
  }
  return { ids, byUrl };
}

/** The entry id of every page listing, in the dataset's order; collisions of derived ids are reported. */
export function listingEntryIds(dataset: Dataset, curated: CuratedIndex, issues: DatasetIssue[]): Array<string | null> {
  const byDerivedId = new Map<string, string>();
  return dataset.listings.map(({ value, origin }) => {
    const curatedId =
      (value.url !== undefined ? curated.byUrl.get(value.url) : undefined) ??
      (value.textId !== undefined && curated.ids.has(value.textId) ? value.textId : undefined);
    if (curatedId !== undefined) return curatedId;
    const key = value.url ?? `text:${value.textId}`;
    const id = value.url !== undefined ? urlEntryId(value.url) : value.textId!;
    const other = byDerivedId.get(id);
    if (other !== undefined && other !== key) {
      issues.push({ ...origin, message: `the entry id "${id}" derived from ${key} is already taken by ${other}` });
      return null;
    }
    byDerivedId.set(id, key);
    return id;
  });
}

/** The page documents an import restates: every page it read, even one that now lists nothing. */
export function importedDocuments(dataset: Dataset): string[] {
  return dataset.documents.filter((d) => d.format === 'markdown' || d.format === 'text').map((d) => d.path);
}

export function planEntries(dataset: Dataset, curated: CuratedIndex, scope: Scope, issues: DatasetIssue[]): EntryPlan {
  const documents = importedDocuments(dataset);
  const restated = new Set(documents);
  const planned = new Map<string, PlannedEntry>();

  // Two different headings must not become one category: curated paths whose slugs collide are refused.
  const pathOfId = new Map<string, { path: string[]; origin: Origin }>();
  for (const { value: e, origin } of dataset.entries) {
    if (e.categories && e.categories.length > 0) continue;
    for (let depth = 1; depth <= e.categoryPath.length; depth += 1) {
      const path = e.categoryPath.slice(0, depth);
      const id = categoryId(path);
      const seen = pathOfId.get(id);
      if (!seen) pathOfId.set(id, { path, origin });
      else if (seen.path.join('\u0000') !== path.join('\u0000')) {
        issues.push({
          ...origin,
          message: `the heading path "${path.join(' > ')}" gets the category id "${id}" of "${seen.path.join(' > ')}" (${seen.origin.file}:${seen.origin.line}): rename one of the headings`,
        });
        break;
      }
    }
  }
  for (const { value: e } of dataset.entries) {
    const own = e.categories && e.categories.length > 0 ? e.categories : [{ id: categoryId(e.categoryPath), path: e.categoryPath }];
    planned.set(e.id, {
      id: e.id,
      props: {
        id: e.id,
        title: e.title,
        year: e.year,
        publisher: e.publisher,
        url: e.url,
        urlKey: e.url === undefined ? undefined : canonicalUrl(e.url),
        summary: e.summary,
        description: e.description,
        level: e.level,
        stability: e.stability,
        rating: e.rating,
        contentLanguage: e.contentLanguage,
        kinds: e.kinds,
        githubStars: e.githubStars,
        author: e.author,
        duration: e.duration,
        readingMinutes: e.readingMinutes,
        video: e.video,
        relatedUrls: e.relatedUrls && e.relatedUrls.length > 0 ? e.relatedUrls : undefined,
        categoryPath: own[0]!.path,
        categoryId: own[0]!.id,
        curated: e.curated,
      },
      categories: [...own],
      linkable: { title: e.title, summary: e.summary ?? '', description: e.description ?? null, url: e.url ?? null },
      listings: [],
    });
  }

  // The listings every affected entry has after the import: the restated documents' new ones,
  // and those of other documents, kept as the graph holds them.
  const listingsOf = new Map<string, Map<string, ListingFacts>>();
  const add = (entryId: string, id: string, facts: ListingFacts) => {
    const list = listingsOf.get(entryId) ?? new Map<string, ListingFacts>();
    listingsOf.set(entryId, list);
    if (!list.has(id)) list.set(id, facts); // the same entry twice in one category of a page: its first line
  };
  const ids = listingEntryIds(dataset, curated, issues);
  const fresh = new Map<string, Set<string>>();
  dataset.listings.forEach((listing, index) => {
    const entryId = ids[index];
    if (!entryId) return;
    const facts = factsOf(listing.value, listing.origin.line);
    const id = listingId(entryId, facts);
    add(entryId, id, facts);
    const set = fresh.get(entryId) ?? new Set<string>();
    set.add(id);
    fresh.set(entryId, set);
  });
  const removedListings: string[] = [];
  for (const old of scope.listings) {
    if (restated.has(old.facts.document)) {
      if (!listingsOf.get(old.entryId)?.has(old.id)) removedListings.push(old.id);
      if (!listingsOf.has(old.entryId)) listingsOf.set(old.entryId, new Map());
    } else {
      add(old.entryId, old.id, old.facts);
    }
  }

  const retired: string[] = [];
  for (const [entryId, byId] of listingsOf) {
    const all = [...byId.entries()].sort(([, a], [, b]) => byDocumentThenLine(a, b));
    const isCurated = curated.ids.has(entryId);
    let entry = planned.get(entryId);
    if (!entry && isCurated) {
      // Curated in the graph, not restated by this import: its node and links stay as they are.
      const held = scope.entries.get(entryId);
      entry = {
        id: entryId,
        props: null,
        categories: held?.categoryId && held.categoryPath ? [{ id: held.categoryId, path: held.categoryPath }] : [],
        linkable: null,
        listings: [],
      };
      planned.set(entryId, entry);
    }
    if (!entry) {
      if (all.length === 0) {
        if (scope.entries.has(entryId)) retired.push(entryId);
        continue;
      }
      const [, first] = all[0]!;
      const relatedUrls = [...new Set(all.flatMap(([, f]) => f.relatedUrls))].filter((u) => u !== first.url);
      entry = {
        id: entryId,
        props: {
          id: entryId,
          title: first.title,
          year: first.year,
          publisher: first.publisher,
          url: first.url,
          urlKey: first.url,
          description: first.description,
          level: first.level,
          stability: first.stability,
          rating: first.rating,
          contentLanguage: first.contentLanguage,
          kinds: first.kinds,
          githubStars: first.githubStars,
          author: first.author,
          duration: first.duration,
          readingMinutes: first.readingMinutes,
          video: first.video,
          relatedUrls: relatedUrls.length > 0 ? relatedUrls : undefined,
          categoryPath: first.categoryPath,
          categoryId: first.categoryId,
          curated: false,
        },
        categories: [],
        linkable: { title: first.title, summary: '', description: first.description ?? null, url: first.url ?? null },
        listings: [],
      };
      planned.set(entryId, entry);
    }
    for (const [, facts] of all) {
      if (!entry.categories.some((c) => c.id === facts.categoryId))
        entry.categories.push({ id: facts.categoryId, path: facts.categoryPath });
    }
    const mine = fresh.get(entryId);
    entry.listings = all.filter(([id]) => mine?.has(id)).map(([id, facts]) => ({ id, facts }));
  }
  return { entries: [...planned.values()], retired, removed: { LISTED_IN: removedListings, IN_CATEGORY: [], derivedLinks: [] }, documents };
}
