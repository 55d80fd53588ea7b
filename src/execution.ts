/**
 * Operations that run again are executed by graphql-jit: compiled into JavaScript once per
 * document and operation, the second time they run. The first run is interpreted by yoga's
 * executor as before.
 *
 * Why: resolving a dashboard page (50 entries, about 600 fields) cost more Node CPU in the
 * executor than in everything else. Compiled, the page took 2.92 ms of Node CPU against 3.60 ms
 * (issue 12, docs/benchmarks.md). Most requests repeat a document: the dashboard's views, the
 * playground's examples, a client's own queries.
 *
 * Why only from the second run: compiling a document costs about as much as validating it
 * (0.2–0.9 ms for the peer benchmark's documents), which a document seen once (a playground user
 * typing) would pay for nothing. Runs are counted per document that yoga's parse cache holds (or
 * per saved view); with the parse cache off (PARSE_CACHE_ENTRIES=0), every request has a new
 * document and only saved views are compiled. What stays interpreted, and how much is kept:
 * `compiledExecution`.
 *
 * Clients see the same answers either way (test/api/compiled-execution.test.ts runs every
 * document twice and compares):
 * - **variables**: graphql-jit words a variable that does not fit its type its own way
 *   ("Expected type X"), but it never sees one: such an operation's cost cannot be worked out, so
 *   it is never compiled, and the executor refuses it with the path into the value.
 * - **errors**: graphql-jit's errors carry locations but not the AST nodes they come from. Yoga
 *   and the error policy (src/app.ts) rebuild errors from their nodes, which would drop the
 *   locations; each error gets the field nodes at its locations back. Its own errors (a null for
 *   a non-null field) are masked and logged like the executor's (`asExecutorError`).
 */
import {
  BREAK,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getLocation,
  getOperationAST,
  Kind,
  parse,
  type SelectionSetNode,
  visit,
} from 'graphql';
// Before graphql-jit: its memoized helpers must hold what a compilation made weakly (src/jit-memory.ts).
import './jit-memory.js';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Context } from './context.js';
import type { Logger } from './logger.js';

/** An operation of a document that ran once, interpreted, or that stays interpreted. */
type Seen = 'once' | 'stays interpreted';

/**
 * The most fields (after fragments are expanded) an operation may have to be compiled.
 * Compiling costs about 0.16 ms and keeps 5–7 KB per field: this bounds one compilation to
 * about 40 ms and 2 MB. The dashboard's operation has 11.
 */
const MAX_COMPILED_FIELDS = 250;

/** The most fields all compiled operations together may have: about 100 MB at most. */
const MAX_COMPILED_FIELDS_KEPT = 15_000;

/**
 * The yoga plugin: from an operation's second run, its execution is the compiled query's.
 *
 * An operation stays interpreted when its cost is not known to be within the limits (it is
 * refused while executing, and is not worth compiling), when it is larger than
 * MAX_COMPILED_FIELDS, when it asks for the schema (introspection) or uses `@skip`/`@include`
 * (graphql-jit 0.8.7 applies such a condition on one fragment spread to the fragment's fields
 * wherever else it is spread), or when graphql-jit cannot compile it (logged). Compiled queries are
 * kept in an LRU bounded by their fields (MAX_COMPILED_FIELDS_KEPT).
 */
export function compiledExecution(logger: Logger): Plugin<Context> {
  const seen = new WeakMap<DocumentNode, Map<string, Seen>>();
  const compiled = new LRUCache<DocumentNode, Map<string, { query: CompiledQuery; fields: number }>>({
    maxSize: MAX_COMPILED_FIELDS_KEPT,
    sizeCalculation: (operations) =>
      Math.max(
        1,
        [...operations.values()].reduce((sum, { fields }) => sum + fields, 0),
      ),
  });
  return {
    onExecute({ args, setExecuteFn }) {
      if (!args.contextValue.costChecked) return;
      const key = args.operationName ?? '';
      const found = compiled.get(args.document)?.get(key);
      if (found) {
        args.contextValue.execution = 'compiled';
        setExecuteFn((execution) => runCompiled(found.query, execution as ExecutionArgs));
        return;
      }
      let operations = seen.get(args.document);
      if (!operations) seen.set(args.document, (operations = new Map()));
      const before = operations.get(key);
      if (before === undefined) {
        // Only the document's own operations are counted, so a document keeps at most one entry
        // per operation (and one without a name). Yoga refuses an operation name the document
        // does not have before execution; this holds should one ever get this far.
        if (getOperationAST(args.document, args.operationName)) operations.set(key, 'once');
        return;
      }
      if (before === 'stays interpreted') return;
      const made = compile(args, logger);
      if (!made) {
        operations.set(key, 'stays interpreted');
        return;
      }
      operations.delete(key);
      const kept = new Map(compiled.get(args.document));
      kept.set(key, made);
      compiled.set(args.document, kept);
      args.contextValue.execution = 'compiled';
      setExecuteFn((execution) => runCompiled(made.query, execution as ExecutionArgs));
    },
  };
}

function compile(args: ExecutionArgs, logger: Logger): { query: CompiledQuery; fields: number } | undefined {
  const source = args.document.loc?.source;
  const operation = getOperationAST(args.document, args.operationName);
  if (!source || !operation || hasSchemaFieldsOrConditions(args.document)) return undefined;
  const fields = countFields(args.document, operation.selectionSet, MAX_COMPILED_FIELDS);
  if (fields > MAX_COMPILED_FIELDS) return undefined;
  // graphql-jit marks the AST it compiles; a copy of its own keeps the cached document as it was.
  const query = compileQuery(args.schema, parse(source), args.operationName ?? undefined);
  if (isCompiledQuery(query)) return { query, fields };
  logger.warn({ errors: query.errors?.map((error) => error.message) }, 'graphql-jit could not compile an operation: it stays interpreted');
  return undefined;
}

/** The fields of a selection with its fragments expanded, counted up to just past `limit`. */
function countFields(document: DocumentNode, selectionSet: SelectionSetNode, limit: number): number {
  let count = 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (count > limit) return;
      if (selection.kind === Kind.FIELD) {
        count++;
        if (selection.selectionSet) walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return count;
}

function runCompiled(compiled: CompiledQuery, args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> {
  const result = compiled.query(args.rootValue, args.contextValue, args.variableValues);
  return result instanceof Promise ? result.then((done) => evenedOut(done, args)) : evenedOut(result, args);
}

function evenedOut(result: ExecutionResult, args: ExecutionArgs): ExecutionResult {
  if (!result.errors?.length) return result;
  const fields = fieldsByLocation(args.document);
  // The executor's key order, errors first (as the GraphQL spec suggests): the same bytes either way.
  const { errors, ...rest } = result;
  return { errors: errors.map((error) => asExecutorError(error, fields)), ...rest };
}

/**
 * A graphql-jit error as the executor would have made it: with the field nodes at its locations
 * (yoga and the error policy rebuild errors from their nodes). graphql-jit's own errors (a null
 * for a non-null field, a value a scalar cannot serialize) have no original error, where the
 * executor's are thrown Errors that the error policy logs and masks as INTERNAL_SERVER_ERROR; they
 * get one, so they are treated alike.
 */
function asExecutorError(error: GraphQLError, fields: Map<string, FieldNode>): GraphQLError {
  if (error.nodes) return error; // already the executor's (its variable errors)
  const nodes = error.locations?.map((location) => fields.get(`${location.line}:${location.column}`));
  return new GraphQLError(error.message, {
    nodes: nodes?.every((node) => node !== undefined) ? nodes : undefined,
    path: error.path,
    originalError: error.originalError ?? new Error(error.message),
    extensions: error.extensions,
  });
}

/**
 * Introspection (compiling GraphiQL's introspection query took 28 ms, and a playground asks it
 * once per page load) and `@skip`/`@include` (see compiledExecution) stay interpreted.
 */
function hasSchemaFieldsOrConditions(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
    Directive(node) {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

const fieldsOf = new WeakMap<DocumentNode, Map<string, FieldNode>>();

/** The document's fields by where they start (`line:column`), worked out once per document. */
function fieldsByLocation(document: DocumentNode): Map<string, FieldNode> {
  let fields = fieldsOf.get(document);
  if (fields) return fields;
  fields = new Map();
  const found = fields;
  visit(document, {
    Field(node) {
      if (!node.loc) return;
      const { line, column } = getLocation(node.loc.source, node.loc.start);
      found.set(`${line}:${column}`, node);
    },
  });
  fieldsOf.set(document, fields);
  return fields;
}
