/**
 * Keyset pagination in Cypher: a page is "the rows after (sortKey, id) in this order", so a page
 * costs the same wherever it is and never skips or repeats a row while the data stays put. The
 * sort key and the filters are fragments chosen from allowlists by the stores (never user text);
 * every value travels as a parameter. The cursor encoding lives in src/schema/connections.ts.
 */
import neo4j from 'neo4j-driver';
import { LRUCache } from 'lru-cache';
import { cypher, type Graph, type Params, type Row, type Statement } from '../graph.js';
import { keepReadAhead, nodeValues, planColumns, planSignature, readAheadExpression, type ReadAheadPlan } from './readAhead.js';

export type SortDirection = 'ASC' | 'DESC';

/** A position in an ordering: the row's sort key and its id (the tie-breaker). */
export interface KeysetPosition {
  key: string | number;
  id: string;
}

export interface PageRequest {
  /** How many rows the page holds at most. */
  limit: number;
  /** The ordering the client asked for. */
  direction: SortDirection;
  /** Read backwards from `before` (last/before) rather than forwards from `after`. */
  backward: boolean;
  after: KeysetPosition | null;
  before: KeysetPosition | null;
}

export interface PageResult<T> {
  rows: Array<{ node: T; key: string | number; id: string }>;
  /** Rows exist beyond the page in the direction of reading. */
  more: boolean;
}

/** What one collection offers: how to match it, its static filter clauses and its orderings. */
export interface CollectionSpec {
  /** Statement name; the count statement is `<name>Count`. */
  name: string;
  /** The label of the collection's nodes (from the model, never from a request), bound to `n`. */
  label: string;
  /**
   * WHERE clauses over `n`, one per filter parameter (keyed by its name). A statement holds only
   * the clauses of the parameters given (not null), so a filter not in use costs Neo4j nothing per
   * row (issue 12); its text depends on which filters are in use and which cursors are given, a
   * bounded set, each with its own cached plan.
   */
  filters: Readonly<Record<string, string>>;
  /**
   * Allowed orderings: name → its sort key, or one per direction (to put rows without a value last
   * both ways: `sortYearDesc`, the year or -1, descending). A sort key is a property every node of
   * the collection stores (never null), with a range index on it and `id`
   * (cypher/008_sort_keys.cypher; `id` alone when the key is the id). A page is read from that
   * index in order and stops after `limit` rows, and a cursor seeks into it, so a page costs about
   * the same however many nodes the label has.
   */
  orderings: Readonly<Record<string, string | Readonly<Record<SortDirection, string>>>>;
}

const cache = new Map<string, Statement>();

// Read-ahead variants are shaped by clients' selections: bounded.
const readAheadStatements = new LRUCache<string, Statement>({ max: 500 });

/** What shapes a page statement's text besides the collection: the ordering, the filters in use and the cursors given. */
interface PageShape {
  ordering: string;
  direction: SortDirection;
  backward: boolean;
  /** The names of the filter parameters given (not null), in the spec's order. */
  filters: readonly string[];
  after: boolean;
  before: boolean;
}

function pageStatement(spec: CollectionSpec, shape: PageShape, readAhead: ReadAheadPlan | undefined): Statement {
  const ordered = spec.orderings[shape.ordering];
  if (!ordered) throw new Error(`${spec.name}: unknown ordering ${shape.ordering}`);
  const sortKey = typeof ordered === 'string' ? ordered : ordered[shape.direction];
  const cacheKey = `${spec.name}|${shape.ordering}|${shape.direction}|${shape.backward}|${shape.filters.join('+')}|${shape.after}|${shape.before}`;
  if (readAhead) {
    const key = `${cacheKey}|${planSignature(readAhead)}`;
    let planned = readAheadStatements.get(key);
    if (!planned) {
      const order = queryDirection(shape.direction, shape.backward);
      planned = cypher(
        `${spec.name}+readAhead`,
        // The page first (its ORDER BY and LIMIT), then the lists of its nodes only.
        `${pageText(spec, sortKey, shape, 'WITH n, sortKey, n.id AS id')}
         RETURN ${nodeValues('n', planColumns(readAhead))} AS node, sortKey, ${readAheadExpression('n', readAhead)} AS ahead
         ORDER BY sortKey ${order}, id ${order}`,
      );
      readAheadStatements.set(key, planned);
    }
    return planned;
  }
  let statement = cache.get(cacheKey);
  if (!statement) {
    statement = cypher(spec.name, pageText(spec, sortKey, shape));
    cache.set(cacheKey, statement);
  }
  return statement;
}

/** The filters of `spec` whose parameters are given (not null), and those parameters. */
function filtersInUse(spec: CollectionSpec, params: Params): { names: string[]; params: Params } {
  const names = Object.keys(spec.filters).filter((name) => params[name] != null);
  return { names, params: Object.fromEntries(names.map((name) => [name, params[name]])) };
}

/** `WHERE` with `predicates` and the clauses of the filters in use, or nothing. */
function whereClause(spec: CollectionSpec, filters: readonly string[], predicates: readonly string[] = []): string {
  const clauses = [...predicates, ...filters.map((name) => `(${spec.filters[name]})`)];
  return clauses.length > 0 ? `WHERE ${clauses.join('\n   AND ')}` : '';
}

/** The order a page is read in: the ordering's, reversed when reading backwards. */
function queryDirection(direction: SortDirection, backward: boolean): SortDirection {
  return (direction === 'ASC') !== backward ? 'ASC' : 'DESC';
}

/** The page's rows in order, then `tail` (the RETURN, or a WITH to read more per row), ordered and limited. */
function pageText(
  spec: CollectionSpec,
  sortKey: string,
  shape: PageShape,
  tail = 'RETURN properties(n) AS node, sortKey, n.id AS id',
): string {
  const asc = shape.direction === 'ASC';
  const gt = asc ? '>' : '<';
  const lt = asc ? '<' : '>';
  const order = queryDirection(shape.direction, shape.backward);
  const keyset = [
    ...(shape.after ? [`(sortKey ${gt} $afterKey OR (sortKey = $afterKey AND n.id ${gt} $afterId))`] : []),
    ...(shape.before ? [`(sortKey ${lt} $beforeKey OR (sortKey = $beforeKey AND n.id ${lt} $beforeId))`] : []),
  ];
  return `${indexedRows(spec, sortKey, shape, order)}
       WITH n, n.${sortKey} AS sortKey
       ${keyset.length > 0 ? `WHERE ${keyset.join('\n   AND ')}` : ''}
       ${tail}
       ORDER BY sortKey ${order}, id ${order}
       LIMIT $limit`;
}

/**
 * The nodes of a page (bound to `n`), read from the (key, id) index in the order
 * the page is read (`order`), so that Neo4j stops after the page:
 * - from the start of the index (a scan) when the page is read from its start;
 * - from the cursor it is read from (`after` forwards, `before` backwards) when it has one: the
 *   cursor's key past its id, then the keys past the cursor's, each an exact seek. A single seek on
 *   the key would read every node of the cursor's key before the cursor: with most entries of a
 *   page without a year, that is most entries.
 * The other cursor, and the exact order, are the caller's (its keyset filter, ORDER BY and LIMIT).
 *
 * Without a filter, hints keep that plan whatever the statistics say (on a small graph Neo4j would
 * sort, or scan the index from its start). With one, Neo4j chooses: reading in order until enough
 * nodes pass the filter, or starting from the filter's own index (a year range, say) and sorting.
 */
function indexedRows(spec: CollectionSpec, property: string, shape: PageShape, order: SortDirection): string {
  const key = `n.${property}`;
  const index = `n:${spec.label}(${property === 'id' ? 'id' : `${property}, id`})`;
  const hint = (kind: string) => (shape.filters.length === 0 ? ` USING ${kind} ${index}` : '');
  const from = shape.backward ? (shape.before ? 'before' : null) : shape.after ? 'after' : null;
  if (from === null) {
    return `MATCH (n:${spec.label})${hint('INDEX')}
       ${whereClause(spec, shape.filters, [`${key} IS NOT NULL`, ...(property === 'id' ? [] : ['n.id IS NOT NULL'])])}`;
  }
  const past = order === 'ASC' ? '>' : '<';
  if (property === 'id') {
    return `MATCH (n:${spec.label})${hint('INDEX SEEK')}
       ${whereClause(spec, shape.filters, [`n.id ${past} $${from}Id`])}`;
  }
  const seek = (predicates: string[]) =>
    `MATCH (n:${spec.label})${hint('INDEX SEEK')}
         ${whereClause(spec, shape.filters, predicates)}
         RETURN n ORDER BY ${key} ${order}, n.id ${order} LIMIT $limit`;
  return `CALL () {
         ${seek([`${key} = $${from}Key`, `n.id ${past} $${from}Id`])}
         UNION ALL
         ${seek([`${key} ${past} $${from}Key`, 'n.id IS NOT NULL'])}
       }`;
}

function countStatement(spec: CollectionSpec, filters: readonly string[]): Statement {
  const cacheKey = `${spec.name}|count|${filters.join('+')}`;
  let statement = cache.get(cacheKey);
  if (!statement) {
    statement = cypher(`${spec.name}Count`, `MATCH (n:${spec.label})\n ${whereClause(spec, filters)}\n RETURN count(n) AS total`);
    cache.set(cacheKey, statement);
  }
  return statement;
}

/** Reads one page: limit + 1 rows tell whether more exist; backward pages come back in reading order. */
export async function readPage<T extends object>(
  graph: Graph,
  spec: CollectionSpec,
  ordering: string,
  request: PageRequest,
  filterParams: Params,
  parse: {
    /** A node from its property map (a page read without read-ahead). */
    props: (props: unknown) => T;
    /** The parser of a node read as the values of `columns` (a page that reads ahead: `planColumns(readAhead)`). */
    values: (columns: readonly string[]) => (values: unknown) => T;
  },
  /** Relationship lists to read with every node of the page, in the page's statement (src/graph/stores/readAhead.ts). */
  readAhead?: ReadAheadPlan,
): Promise<PageResult<T>> {
  const filters = filtersInUse(spec, filterParams);
  const shape = {
    ordering,
    direction: request.direction,
    backward: request.backward,
    filters: filters.names,
    after: request.after !== null,
    before: request.before !== null,
  };
  const rows = await graph.read(pageStatement(spec, shape, readAhead), { ...filters.params, ...keysetParams(request) });
  if (!readAhead) return toPage(rows, request, (row) => parse.props(row.node));
  const columns = planColumns(readAhead);
  const toNode = parse.values(columns);
  // A read-ahead row carries its id in its node's values only (a plan's columns always hold the key).
  const idAt = columns.indexOf('id');
  if (idAt < 0) throw new Error(`${spec.name}: the read-ahead plan does not read the id`);
  const idOf = (row: Row) => String((row.node as unknown[])[idAt]);
  return toPage(
    rows,
    request,
    (row) => {
      const node = toNode(row.node);
      keepReadAhead(node, idOf(row), row.ahead, readAhead);
      return node;
    },
    idOf,
  );
}

/** Counts every row the filters let through (run only when a client asks for totalCount). */
export async function countRows(graph: Graph, spec: CollectionSpec, filterParams: Params): Promise<number> {
  const filters = filtersInUse(spec, filterParams);
  const rows = await graph.read(countStatement(spec, filters.names), filters.params);
  return Number(rows[0]?.total ?? 0);
}

/** The Cypher parameters of a keyset page: the cursors' positions and one row more than the page, to know whether more follow. */
export function keysetParams(request: PageRequest): Params {
  return {
    hasAfter: request.after !== null,
    afterKey: request.after?.key ?? null,
    afterId: request.after?.id ?? null,
    hasBefore: request.before !== null,
    beforeKey: request.before?.key ?? null,
    beforeId: request.before?.id ?? null,
    limit: neo4j.int(request.limit + 1),
  };
}

/** A page from the rows a keyset statement returned (`sortKey`, the row's id, and what `map` reads), in the list's order. */
export function toPage<T>(
  rows: Row[],
  request: PageRequest,
  map: (row: Row) => T,
  idOf: (row: Row) => string = (row) => String(row.id),
): PageResult<T> {
  const more = rows.length > request.limit;
  const page = rows.slice(0, request.limit).map((row) => ({ node: map(row), key: row.sortKey as string | number, id: idOf(row) }));
  if (request.backward) page.reverse();
  return { rows: page, more };
}
