/**
 * The Cypher every root collection of one label needs, written once: its nodes loaded by id in
 * batches, a keyset page with the collection's filters, and the count behind `totalCount`. A
 * store declares only what differs: the label, its name in statements, its filter clauses (one
 * per parameter) and its orderings. Rows are parsed against the graph model (rows.ts).
 */
import { cypher, type Graph, type Params } from '../graph.js';
import type { NodeLabel } from '../../model.js';
import type { ReadAheadPlan } from './readAhead.js';
import { countRows, readPage, type CollectionSpec, type PageRequest, type PageResult, type SortDirection } from './paging.js';
import { byKey, rowParser, valuesParsers, type RowOf } from './rows.js';

export interface NodeStoreSpec<F, O extends string> {
  /** The collection's name in statements: `<plural>ByIds`, `<plural>Page` and `<plural>PageCount`. */
  plural: string;
  /**
   * One WHERE clause over `n` per filter parameter, used only when that parameter is given (not
   * null); the filter's values travel as those parameters.
   */
  filters: { readonly [K in keyof F]-?: string };
  /** Allowed orderings (see CollectionSpec.orderings). */
  orderings: Readonly<Record<O, string | Readonly<Record<SortDirection, string>>>>;
}

export interface NodeStore<L extends NodeLabel, F, O extends string> {
  /** One node (or null) per id, in the ids' order. */
  load(graph: Graph, ids: readonly string[]): Promise<Array<RowOf<L> | null>>;
  /** One keyset page of the nodes the filter lets through. */
  page(graph: Graph, filter: F, ordering: O, request: PageRequest, readAhead?: ReadAheadPlan): Promise<PageResult<RowOf<L>>>;
  /** How many nodes the filter lets through (run only when a client asks for totalCount). */
  count(graph: Graph, filter: F): Promise<number>;
}

/** The store of one label's root collection; `F` is its filter (no filter: `{}`), `O` its orderings. */
export function nodeStore<L extends NodeLabel, F extends object, O extends string>(
  label: L,
  spec: NodeStoreSpec<F, O>,
): NodeStore<L, F, O> {
  const parse = rowParser(label);
  const parsers = { props: parse, values: valuesParsers(label) };
  // The label comes from the model's allowlist, never from a request.
  const byIds = cypher(`${spec.plural}ByIds`, `UNWIND $ids AS key MATCH (n:${label} {id: key}) RETURN key, properties(n) AS node`);
  // The keys of `filters` are exactly F's: its type requires one clause per filter parameter.
  const names = Object.keys(spec.filters) as Array<keyof F & string>;
  const collection: CollectionSpec = {
    name: `${spec.plural}Page`,
    label,
    filters: spec.filters,
    orderings: spec.orderings,
  };
  // Exactly the parameters the clauses name, whatever else the filter object carries.
  const params = (filter: F): Params => Object.fromEntries(names.map((name) => [name, filter[name]]));
  return {
    async load(graph, ids) {
      if (ids.length === 0) return [];
      const rows = await graph.read(byIds, { ids: [...ids] });
      return byKey(ids, rows, (row) => parse(row.node));
    },
    page: (graph, filter, ordering, request, readAhead) =>
      // A page that reads ahead reads only the properties its selection reads (readAhead.properties).
      readPage(graph, collection, ordering, request, params(filter), parsers, readAhead),
    count: (graph, filter) => countRows(graph, collection, params(filter)),
  };
}
