/**
 * Row shapes the stores return and small helpers to read Neo4j property maps into them. Every
 * node row carries `__typename` (its label) so interfaces and unions can tell what it is.
 */
import type { Row } from '../graph.js';

export type Props = Record<string, unknown>;

export interface ProductRow {
  __typename: 'Product';
  id: string;
  name: string;
  aliases: string[];
  status: string;
  productType: string;
  description: string;
  homepage: string | null;
  repository: string | null;
  languages: string[];
  license: string | null;
  firstRelease: string | null;
  lastRelease: string | null;
}

export interface ConceptRow {
  __typename: 'Concept';
  id: string;
  name: string;
  aliases: string[];
  definition: string;
}

export interface OrganizationRow {
  __typename: 'Organization';
  id: string;
  name: string;
  aliases: string[];
  orgType: string;
  homepage: string | null;
}

export interface EntryRow {
  __typename: 'Entry';
  id: string;
  title: string;
  /** Null when no source gives one. */
  year: number | null;
  publisher: string | null;
  url: string | null;
  /** Our own words; null for an entry known only from pages. */
  summary: string | null;
  /** The listing page's own words about it (page entries). */
  description: string | null;
  author: string | null;
  duration: string | null;
  readingMinutes: number | null;
  video: boolean;
  relatedUrls: string[];
  curated: boolean;
  level: string | null;
  stability: string | null;
  rating: number;
  contentLanguage: string | null;
  kinds: string[];
  githubStars: number | null;
  categoryPath: string[];
  categoryId: string;
}

export interface CategoryRow {
  __typename: 'Category';
  id: string;
  name: string;
  path: string[];
  depth: number;
}

export interface ExternalSourceRow {
  __typename: 'ExternalSource';
  url: string;
  title: string;
  publisher: string | null;
}

export interface StatusClaimRow {
  id: string;
  status: string;
  since: string | null;
  note: string | null;
  sources: string[];
}

export type TopicRow = ProductRow | ConceptRow | OrganizationRow;
export type NodeRow = TopicRow | EntryRow | CategoryRow;

/** The properties every curated relationship carries (see docs/graph-model.md). */
export interface RelationProps {
  id: string;
  sources: string[];
  confidence: 'high' | 'medium' | 'low';
  since: string | null;
  until: string | null;
  note: string | null;
  /** SUPERSEDES only. */
  kind: string | null;
  /** USES, DEVELOPED_BY, BASED_ON. */
  role: string | null;
  /** HOSTED_BY only. */
  maturity: string | null;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const opt = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toProduct(p: Props): ProductRow {
  return {
    __typename: 'Product',
    id: str(p.id),
    name: str(p.name),
    aliases: strings(p.aliases),
    status: str(p.status),
    productType: str(p.productType),
    description: str(p.description),
    homepage: opt(p.homepage),
    repository: opt(p.repository),
    languages: strings(p.languages),
    license: opt(p.license),
    firstRelease: opt(p.firstRelease),
    lastRelease: opt(p.lastRelease),
  };
}

export function toConcept(p: Props): ConceptRow {
  return { __typename: 'Concept', id: str(p.id), name: str(p.name), aliases: strings(p.aliases), definition: str(p.definition) };
}

export function toOrganization(p: Props): OrganizationRow {
  return {
    __typename: 'Organization',
    id: str(p.id),
    name: str(p.name),
    aliases: strings(p.aliases),
    orgType: str(p.orgType),
    homepage: opt(p.homepage),
  };
}

export function toEntry(p: Props): EntryRow {
  return {
    __typename: 'Entry',
    id: str(p.id),
    title: str(p.title),
    year: optNum(p.year),
    publisher: opt(p.publisher),
    url: opt(p.url),
    summary: opt(p.summary),
    description: opt(p.description),
    author: opt(p.author),
    duration: opt(p.duration),
    readingMinutes: optNum(p.readingMinutes),
    video: p.video === true,
    relatedUrls: strings(p.relatedUrls),
    curated: p.curated !== false,
    level: opt(p.level),
    stability: opt(p.stability),
    rating: num(p.rating),
    contentLanguage: opt(p.contentLanguage),
    kinds: strings(p.kinds),
    githubStars: optNum(p.githubStars),
    categoryPath: strings(p.categoryPath),
    categoryId: str(p.categoryId),
  };
}

export function toCategory(p: Props): CategoryRow {
  return { __typename: 'Category', id: str(p.id), name: str(p.name), path: strings(p.path), depth: num(p.depth) };
}

export function toExternalSource(p: Props): ExternalSourceRow {
  return { __typename: 'ExternalSource', url: str(p.url), title: str(p.title ?? p.url), publisher: opt(p.publisher) };
}

export function toStatusClaim(p: Props): StatusClaimRow {
  return { id: str(p.id), status: str(p.status), since: opt(p.since), note: opt(p.note), sources: strings(p.sources) };
}

export function toRelation(p: Props): RelationProps {
  const confidence = p.confidence === 'medium' || p.confidence === 'low' ? p.confidence : 'high';
  return {
    id: str(p.id),
    sources: strings(p.sources),
    confidence,
    since: opt(p.since),
    until: opt(p.until),
    note: opt(p.note),
    kind: opt(p.kind),
    role: opt(p.role),
    maturity: opt(p.maturity),
  };
}

const converters = {
  Product: toProduct,
  Concept: toConcept,
  Organization: toOrganization,
  Entry: toEntry,
  Category: toCategory,
} as const;

export type NodeLabel = keyof typeof converters;

export function toNode(label: NodeLabel, props: Props): NodeRow {
  return converters[label](props);
}

/** Puts rows (each with a `key`) into one list per requested key, in the keys' order. */
export function groupByKey<T>(keys: readonly string[], rows: Row[], map: (row: Row) => T): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(String(row.key))?.push(map(row));
  return keys.map((k) => groups.get(k) ?? []);
}

/** One value (or null) per requested key, in the keys' order. */
export function byKey<T>(keys: readonly string[], rows: Row[], map: (row: Row) => T): Array<T | null> {
  const found = new Map<string, T>();
  for (const row of rows) found.set(String(row.key), map(row));
  return keys.map((k) => found.get(k) ?? null);
}
