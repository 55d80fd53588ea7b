/**
 * A root collection, declared once: the node type with its loader, and the `<plural>` connection
 * field with its `<Type>Filter` input, `<Type>OrderField` enum, `<Type>Order` input,
 * `<Type>Connection` and `<Type>Edge` types, plus (for topics) the `<noun>(name:)` lookup. Each
 * type file states only what differs: its filter fields and how they become the store's filter,
 * its orderings, and its descriptions.
 *
 * Every collection reads through its store (src/graph/stores/nodeStore.ts) in one place, the
 * resolver below: `store.page(ctx.graph, filter, ordering, request, readAhead)` and, only when `totalCount`
 * is selected, `store.count(ctx.graph, filter)`.
 */
import type { ArgumentRef, ObjectRef } from '@pothos/core';
import type { ImplementableLoadableNodeRef } from '@pothos/plugin-dataloader';
import { builder, type BuilderTypes } from '../builder.js';
import type { Context } from '../context.js';
import type { Graph } from '../graph/graph.js';
import type { NameKind } from '../graph/stores/names.js';
import { isNodeLabel } from '../model.js';
import type { PageRequest, PageResult, SortDirection } from '../graph/stores/paging.js';
import type { ReadAheadPlan } from '../graph/stores/readAhead.js';
import { SortDirectionEnum, pageRequest, toConnection } from './connections.js';
import { lookupNodeByName } from './node.js';
import { readAheadOfConnection } from './read-ahead.js';

type Types = BuilderTypes;
type NodeRef<T> = ImplementableLoadableNodeRef<Types, string | T, T>;

/** The node type `name`, loaded in batches by id through `load`. */
export function loadableNode<T extends { id: string }>(
  name: string,
  load: (graph: Graph, ids: readonly string[]) => Promise<Array<T | null>>,
): NodeRef<T> {
  return builder.loadableNodeRef(name, {
    id: { resolve: (row) => row.id },
    // One row per id in order; null for an id with no node (node(id:) then answers null).
    load: (ids: string[], ctx: Context) => load(ctx.graph, ids) as Promise<T[]>,
  });
}

/** What a collection's store offers the schema (see NodeStore). */
interface CollectionStore<T, F, O extends string> {
  page(graph: Graph, filter: F, ordering: O, request: PageRequest, readAhead?: ReadAheadPlan): Promise<PageResult<T>>;
  count(graph: Graph, filter: F): Promise<number>;
}

/** The values a client gave in `filter`, each read with its declared type (null when not given). */
export interface FilterValues<K extends string> {
  string(name: K): string | null;
  int(name: K): number | null;
}

interface Filter<K extends string, F> {
  /** The `<Type>Filter` input and the `filter` argument; absent when the collection has no filter. */
  input?: {
    /** Describes `<Type>Filter`. */
    description: string;
    /** Describes the `filter` argument. */
    argument: string;
    fields: Readonly<Record<K, { type: 'string' | 'int'; description: string }>>;
  };
  /** The store's filter from the values given (names looked up, text normalised); may refuse them. */
  parse: (values: FilterValues<K>, ctx: Context) => F | Promise<F>;
}

interface OrderBy<O extends string> {
  /** The values of `<Type>OrderField`: what each orders by, and which way it runs unless told. */
  fields: Readonly<Record<O, { description: string; direction: SortDirection }>>;
  /** Describes `<Type>Order.direction`: the default direction of each field. */
  direction: string;
  /** Describes the `orderBy` argument. */
  description: string;
}

interface CollectionOptions<T, F, O extends string, K extends string> {
  type: NodeRef<T>;
  /** The connection field, the plural of the type's noun: `products`. */
  field: string;
  /** The type's noun in descriptions and the lookup's name: `product`. */
  noun: string;
  description: string;
  /** Describes `<Type>Connection`; default "A page of <plural>." */
  connectionDescription?: string;
  store: CollectionStore<T, F, O>;
  /** The ordering without `orderBy`. */
  ordering: O;
  /** The `orderBy` argument; a collection without it always reads in `ordering`, ascending. */
  orderBy?: OrderBy<O>;
  filter: Filter<K, F>;
  /** The `<noun>(name:)` lookup by name, id or alias. */
  lookup?: {
    kind: NameKind;
    description: string;
    /** The node's row from all its served properties. */
    parse: (props: Record<string, unknown>) => T;
    /** The node's row from the properties a selection reads (src/graph/stores/rows.ts readingParsers). */
    reading: (read: readonly string[]) => (props: unknown) => T;
  };
}

/** `orderBy` for a collection ordered by name only. */
export function byName(plural: string): OrderBy<'NAME'> {
  return {
    fields: { NAME: { description: 'The name, ignoring case.', direction: 'ASC' } },
    direction: 'Which way; default ASC (A to Z).',
    description: `The order of the ${plural}; default by name, A to Z.`,
  };
}

/** What `<Type>Order` holds: a value of `<Type>OrderField` and an optional direction. */
interface OrderArg {
  field: string;
  direction?: SortDirection | null;
}

function orderInput(typeName: string, plural: string, orderBy: OrderBy<string>) {
  const fields = builder.enumType(`${typeName}OrderField`, {
    description: `What to order ${plural} by; ${plural} with equal values are ordered by id, so the order is stable.`,
    values: Object.fromEntries(Object.entries(orderBy.fields).map(([name, { description }]) => [name, { value: name, description }])),
  });
  return builder.inputRef<OrderArg>(`${typeName}Order`).implement({
    description: `How to order ${plural}.`,
    fields: (t) => ({
      field: t.field({ type: fields, required: true, description: 'What to order by.' }),
      direction: t.field({ type: SortDirectionEnum, required: false, description: orderBy.direction }),
    }),
  });
}

/** What `<Type>Filter` holds: each declared field, a string or an int, when given. */
type FilterArg = Readonly<Record<string, string | number | null | undefined>>;

function filterInput(typeName: string, input: NonNullable<Filter<string, unknown>['input']>) {
  return builder.inputRef<FilterArg>(`${typeName}Filter`).implement({
    description: input.description,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(input.fields).map(([name, field]) => [
          name,
          field.type === 'int' ? t.int({ description: field.description }) : t.string({ description: field.description }),
        ]),
      ),
  });
}

/** Reads the given filter values, checking each has the type its field declares (GraphQL has coerced them already). */
function filterValues<K extends string>(given: FilterArg | null | undefined): FilterValues<K> {
  const read = <V>(name: K, type: 'string' | 'number', is: (value: unknown) => value is V): V | null => {
    const value = given?.[name];
    if (value === null || value === undefined) return null;
    if (!is(value)) throw new Error(`filter.${name}: expected a ${type}, got ${JSON.stringify(value)}`);
    return value;
  };
  return {
    string: (name) => read(name, 'string', (value): value is string => typeof value === 'string'),
    int: (name) => read(name, 'number', (value): value is number => typeof value === 'number'),
  };
}

/** Declares the root collection `options.field` of `options.type`, and its lookup by name. */
export function collection<T, F, O extends string, K extends string = never>(options: CollectionOptions<T, F, O, K>): void {
  const { field, noun, store, orderBy, lookup } = options;
  // Pothos checks resolvers against the type's shape; the store returns rows of that shape (T),
  // which this generic code cannot show Pothos, so its calls see the type as an output of any shape.
  const type: ObjectRef<Types, unknown> = options.type;
  const order = orderBy && orderInput(type.name, field, orderBy);
  const filter = options.filter.input && filterInput(type.name, options.filter.input);
  // GraphQL lets only the enum's values through, and they are the keys of `orderBy.fields`.
  const isOrdering = (value: string): value is O => orderBy !== undefined && Object.hasOwn(orderBy.fields, value);

  builder.queryField(field, (t) => {
    // Only the arguments this collection has: a filter, an order, both or neither.
    const args: { filter?: ArgumentRef<Types, FilterArg | null | undefined>; orderBy?: ArgumentRef<Types, OrderArg | null | undefined> } =
      {};
    if (filter && options.filter.input) args.filter = t.arg({ type: filter, description: options.filter.input.argument });
    if (order && orderBy) args.orderBy = t.arg({ type: order, description: orderBy.description });
    return t.connection(
      {
        type,
        description: options.description,
        args,
        resolve: async (_root, args, ctx, info) => {
          const asked = args.orderBy?.field;
          const ordering = asked !== undefined && isOrdering(asked) ? asked : options.ordering;
          const direction = args.orderBy?.direction ?? orderBy?.fields[ordering].direction ?? 'ASC';
          const request = pageRequest(args, ordering, direction);
          const filter = await options.filter.parse(filterValues(args.filter), ctx);
          // The relationship lists selected under the page's nodes are read by the page's statement.
          const readAhead = isNodeLabel(type.name) ? readAheadOfConnection(info, type.name) : null;
          const page = await store.page(ctx.graph, filter, ordering, request, readAhead ?? undefined);
          return toConnection(page, request, ordering, () => store.count(ctx.graph, filter));
        },
      },
      { name: `${type.name}Connection`, description: options.connectionDescription ?? `A page of ${field}.` },
      { name: `${type.name}Edge`, description: `One ${noun} of a page, with its cursor.` },
    );
  });

  if (lookup) {
    builder.queryField(noun, (t) =>
      t.field({
        type,
        nullable: true,
        description: lookup.description,
        args: { name: t.arg.string({ required: true, description: `The name, id or an alias of the ${noun}.` }) },
        resolve: (_root, args, ctx, info) =>
          lookupNodeByName(ctx, info, args.name, lookup.kind, options.type.getDataloader(ctx), {
            whole: lookup.parse,
            reading: lookup.reading,
          }),
      }),
    );
  }
}
