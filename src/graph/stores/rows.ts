/**
 * Row shapes the stores return and small helpers to read Neo4j property maps into them. Every
 * node row carries `__typename` (its label) so interfaces and unions can tell what it is.
 */
import { LRUCache } from 'lru-cache';
import { isNodeLabel, servedProperties, type LABELS, type Label, type NodeLabel, type PropertySpec } from '../../model.js';
import type { Row } from '../graph.js';

type Props = Record<string, unknown>;

type PropertiesOf<L extends Label> = (typeof LABELS)[L]['properties'];
type ValueOf<S> = S extends { type: 'string' }
  ? string
  : S extends { type: 'int' | 'float' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : string[];
type Nullable<S, V> = S extends { optional: true } ? V | null : V;

/**
 * A node of `label` as the stores return it: its served properties (every property of the graph
 * model but internal ones) with their types, and `__typename`.
 */
export type RowOf<L extends Label> = { __typename: L } & {
  -readonly [K in keyof PropertiesOf<L> as PropertiesOf<L>[K] extends { origin: 'internal' } ? never : K]: Nullable<
    PropertiesOf<L>[K],
    ValueOf<PropertiesOf<L>[K]>
  >;
};

export type ProductRow = RowOf<'Product'>;
export type ConceptRow = RowOf<'Concept'>;
export type OrganizationRow = RowOf<'Organization'>;
export type EntryRow = RowOf<'Entry'>;
export type CategoryRow = RowOf<'Category'>;

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

/** A row that does not have the shape the graph model declares: a fault of the data, never of the request. */
export class RowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowError';
  }
}

function record(value: unknown, what: string): Props {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new RowError(`${what}: expected a map of properties, got ${value === null ? 'null' : typeof value}`);
  return value as Props;
}

/** `value` checked against `spec`; `what` (and `name`, a property of it) name it in the error, joined only then: rows are read on every request. */
function check(what: string, spec: PropertySpec, value: unknown, name?: string): unknown {
  if (value === null || value === undefined) {
    if (spec.type === 'strings') return [];
    if (spec.default !== undefined) return spec.default;
    if (spec.optional) return null;
    throw new RowError(`${name === undefined ? what : `${what}.${name}`} is missing`);
  }
  const ok =
    spec.type === 'string'
      ? typeof value === 'string'
      : spec.type === 'int'
        ? Number.isSafeInteger(value)
        : spec.type === 'float'
          ? typeof value === 'number'
          : spec.type === 'boolean'
            ? typeof value === 'boolean'
            : Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (!ok) throw new RowError(`${name === undefined ? what : `${what}.${name}`}: expected ${spec.type}, got ${JSON.stringify(value)}`);
  return value;
}

/** Reads `specs` from a property map, each checked against its declared type; `what` names it in errors. */
export function parseProperties<T>(what: string, specs: ReadonlyArray<[string, PropertySpec]>, value: unknown): T {
  const props = record(value, what);
  const row: Record<string, unknown> = {};
  for (const [name, spec] of specs) row[name] = check(what, spec, props[name], name);
  // Safe by contract: the caller's T declares exactly `specs` with their types.
  return row as T;
}

/** One parser per label, compiled once from the graph model: reads the served properties, checks their types, fails loudly. */
export function rowParser<L extends Label>(label: L): (props: unknown) => RowOf<L> {
  const properties = servedProperties(label);
  return (value) => ({ ...parseProperties<Omit<RowOf<L>, '__typename'>>(label, properties, value), __typename: label }) as RowOf<L>;
}

/**
 * A parser for rows read without some long properties (`unread`, from a read-ahead projection):
 * the row reads every other served property as rowParser does, and reading an unread one throws,
 * so a field that needs it fails loudly instead of answering a wrong value.
 */
export function partialRowParser<L extends Label>(label: L, unread: readonly string[]): (props: unknown) => RowOf<L> {
  if (unread.length === 0) return rowParser(label);
  const properties = servedProperties(label).filter(([name]) => !unread.includes(name));
  const prototype = unreadPrototype(label, unread);
  return (value) =>
    Object.assign(Object.create(prototype), parseProperties<object>(label, properties, value), { __typename: label }) as RowOf<L>;
}

/** An object whose `unread` properties of `what` (a label, or "relationship") throw when read: the prototype of rows read without them. */
function unreadPrototype(what: string, unread: readonly string[]): object {
  return Object.create(
    Object.prototype,
    Object.fromEntries(
      unread.map((name) => [
        name,
        {
          get: () => {
            throw new RowError(`${what}.${name} was not read for this selection`);
          },
        },
      ]),
    ),
  );
}

/**
 * A parser for a node read as a list of property values (`[n.id, n.name]`, a read-ahead
 * projection: src/graph/stores/readAhead.ts), `columns` naming the values in order. The served
 * properties of `label` among the columns are checked as rowParser checks them; the others throw
 * when read, as partialRowParser's unread ones do. Columns of other labels (a list whose far
 * nodes may have several) are skipped.
 *
 * A list rather than a map because a map repeats its keys in every row: Neo4j writes them and
 * the driver decodes each as a new string (a dashboard page's result is 28 % smaller without
 * them; docs/benchmarks.md).
 */
function valuesParser<L extends Label>(label: L, columns: readonly string[]): (values: unknown) => RowOf<L> {
  const read = servedProperties(label)
    .filter(([name]) => columns.includes(name))
    .map(([name, spec]) => ({ name, spec, at: columns.indexOf(name) }));
  const unread = servedProperties(label)
    .filter(([name]) => !columns.includes(name))
    .map(([name]) => name);
  const prototype = unread.length > 0 ? unreadPrototype(label, unread) : Object.prototype;
  return (values) => {
    if (!Array.isArray(values) || values.length !== columns.length)
      throw new RowError(
        `${label}: expected a list of ${columns.length} property values (${columns.join(', ')}), got ${JSON.stringify(values)}`,
      );
    const row: Record<string, unknown> = Object.create(prototype);
    for (const { name, spec, at } of read) row[name] = check(label, spec, values[at], name);
    row.__typename = label;
    // Safe by construction: the row holds every served property of `label`, read or throwing.
    return row as RowOf<L>;
  };
}

export const toProduct = rowParser('Product');
export const toConcept = rowParser('Concept');
export const toOrganization = rowParser('Organization');
export const toEntry = rowParser('Entry');
export const toCategory = rowParser('Category');
export const toDocument = rowParser('Document');
export type DocumentNodeRow = RowOf<'Document'>;

const str = (v: unknown, what: string): string => check(what, { type: 'string' }, v) as string;
const opt = (v: unknown, what: string): string | null => check(what, { type: 'string', optional: true }, v) as string | null;
const strings = (v: unknown, what: string): string[] => check(what, { type: 'strings' }, v) as string[];

export function toExternalSource(value: unknown): ExternalSourceRow {
  const p = record(value, 'Source');
  return {
    __typename: 'ExternalSource',
    url: str(p.url, 'Source.url'),
    title: str(p.title ?? p.url, 'Source.title'),
    publisher: opt(p.publisher, 'Source.publisher'),
  };
}

export function toStatusClaim(value: unknown): StatusClaimRow {
  const p = record(value, 'StatusClaim');
  return {
    id: str(p.id, 'StatusClaim.id'),
    status: str(p.status, 'StatusClaim.status'),
    since: opt(p.since, 'StatusClaim.since'),
    note: opt(p.note, 'StatusClaim.note'),
    sources: strings(p.sources, 'StatusClaim.sources'),
  };
}

const CONFIDENCES = ['high', 'medium', 'low'] as const;

export function toRelation(value: unknown): RelationProps {
  const p = record(value, 'relationship');
  // Structural relationships (IN_CATEGORY, SUBCATEGORY_OF) carry no confidence: they are what the pages say.
  const confidence = p.confidence == null ? 'high' : CONFIDENCES.find((c) => c === p.confidence);
  if (!confidence)
    throw new RowError(`relationship ${String(p.id)}: confidence must be high, medium or low, got ${JSON.stringify(p.confidence)}`);
  return {
    id: str(p.id, 'relationship.id'),
    sources: strings(p.sources, 'relationship.sources'),
    confidence,
    since: opt(p.since, 'relationship.since'),
    until: opt(p.until, 'relationship.until'),
    note: opt(p.note, 'relationship.note'),
    kind: opt(p.kind, 'relationship.kind'),
    role: opt(p.role, 'relationship.role'),
    maturity: opt(p.maturity, 'relationship.maturity'),
  };
}

/** Every property of RelationProps (`satisfies`: neither one missing nor one too many compiles). */
const RELATION_PROPERTIES = Object.keys({
  id: 0,
  sources: 0,
  confidence: 0,
  since: 0,
  until: 0,
  note: 0,
  kind: 0,
  role: 0,
  maturity: 0,
} satisfies Record<keyof RelationProps, 0>);

/**
 * The properties of a relationship read ahead without them, because no selected field reads
 * them (src/schema/read-ahead.ts): reading any of them throws, so a field that needs them fails
 * loudly instead of answering a wrong value.
 */
export const UNREAD_RELATION: RelationProps = Object.freeze(unreadPrototype('relationship', RELATION_PROPERTIES) as RelationProps);

const converters = {
  Product: toProduct,
  Concept: toConcept,
  Organization: toOrganization,
  Entry: toEntry,
  Category: toCategory,
} as const;

export type { NodeLabel };

/** `valuesParser` of `label` for each plan's columns, compiled once per plan. */
export function valuesParsers<L extends Label>(label: L): (columns: readonly string[]) => (values: unknown) => RowOf<L> {
  const parsers = new WeakMap<readonly string[], (values: unknown) => RowOf<L>>();
  return (columns) => {
    let parse = parsers.get(columns);
    if (!parse) {
      parse = valuesParser(label, columns);
      parsers.set(columns, parse);
    }
    return parse;
  };
}

const valuesConverters = {
  Product: valuesParsers('Product'),
  Concept: valuesParsers('Concept'),
  Organization: valuesParsers('Organization'),
  Entry: valuesParsers('Entry'),
  Category: valuesParsers('Category'),
} as const;

/**
 * The node of `label` read as a list of values in `columns`' order (valuesParser). `columns` is
 * a plan's (src/graph/stores/readAhead.ts planColumns), the same list for every row the plan
 * reads, so each label's parser is compiled once per plan.
 */
export function toNodeFromValues(label: unknown, values: unknown, columns: readonly string[]): NodeRow {
  if (typeof label !== 'string' || !isNodeLabel(label)) throw new RowError(`expected a node label, got ${JSON.stringify(label)}`);
  const parse: (values: unknown) => NodeRow = valuesConverters[label](columns);
  return parse(values);
}

/**
 * The parsers of rows of `label` read with only the properties in `read` (partialRowParser):
 * one per set of unread properties, kept in a bounded LRU, since clients choose the sets.
 */
export function readingParsers<L extends Label>(label: L): (read: readonly string[]) => (props: unknown) => RowOf<L> {
  const parsers = new LRUCache<string, (props: unknown) => RowOf<L>>({ max: 200 });
  return (read) => {
    const unread = unreadProperties(label, read);
    const key = unread.join(',');
    let parse = parsers.get(key);
    if (!parse) {
      parse = partialRowParser(label, unread);
      parsers.set(key, parse);
    }
    return parse;
  };
}

/** The served properties of `label` not in `read`. */
function unreadProperties(label: Label, read: readonly string[]): string[] {
  return servedProperties(label)
    .filter(([name]) => !read.includes(name))
    .map(([name]) => name);
}

export function toNode(label: unknown, props: unknown): NodeRow {
  if (typeof label !== 'string' || !isNodeLabel(label)) throw new RowError(`expected a node label, got ${JSON.stringify(label)}`);
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
