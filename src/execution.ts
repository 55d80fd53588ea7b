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
 * typing) would pay for nothing. The compiled query is kept with the document that yoga's parse
 * cache holds, and dropped with it. With the parse cache off (PARSE_CACHE_ENTRIES=0), every
 * request has a new document and nothing is compiled. Introspection is never compiled (below).
 *
 * Clients see the same answers either way (test/api/compiled-execution.test.ts runs every
 * document twice and compares). Two things are evened out here:
 * - **variables**: graphql-jit refuses a variable that does not fit its type with a message of
 *   its own ("Expected type X"). When it refuses them, the executor's coercion tells what is
 *   wrong instead, with the path into the value and, when allowed, a suggestion, as in the first
 *   run.
 * - **errors**: graphql-jit's errors carry locations but not the AST nodes they come from. Yoga
 *   and the error policy (src/app.ts) rebuild errors from their nodes, which would drop the
 *   locations; each error gets the field nodes at its locations back.
 */
import {
  BREAK,
  type DocumentNode,
  type FieldNode,
  GraphQLError,
  getLocation,
  getOperationAST,
  type ExecutionArgs,
  type ExecutionResult,
  visit,
} from 'graphql';
import { getVariableValues } from '@graphql-tools/executor';
// Before graphql-jit: its memoized helpers must hold what a compilation made weakly (src/jit-memory.ts).
import './jit-memory.js';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import type { Logger } from './logger.js';

/** What is known of one operation of a document: how often it ran, or its compiled form. */
type Tier = { runs: number } | { compiled: CompiledQuery } | { interpreted: true };

/** Runs an operation interpreted until it has run this many times, then compiles it. */
const RUNS_BEFORE_COMPILING = 1;

/**
 * The yoga plugin: from an operation's second run, its execution is the compiled query's.
 * A document graphql-jit cannot compile (none is known) stays interpreted, and is logged once.
 */
export function compiledExecution(logger: Logger): Plugin<Context> {
  const tiers = new WeakMap<DocumentNode, Map<string, Tier>>();
  return {
    onExecute({ args, setExecuteFn }) {
      let operations = tiers.get(args.document);
      if (!operations) tiers.set(args.document, (operations = new Map()));
      const key = args.operationName ?? '';
      let tier = operations.get(key);
      if (tier === undefined) {
        // Only the document's own operations are counted, so a document keeps at most one entry
        // per operation (and one without a name). Yoga refuses an operation name the document
        // does not have before execution; this holds should one ever get this far.
        if (getOperationAST(args.document, args.operationName)) operations.set(key, { runs: 1 });
        return;
      }
      if ('runs' in tier) {
        if (tier.runs < RUNS_BEFORE_COMPILING) {
          operations.set(key, { runs: tier.runs + 1 });
          return;
        }
        tier = compile(args, logger);
        operations.set(key, tier);
      }
      if ('compiled' in tier) {
        args.contextValue.execution = 'compiled';
        setExecuteFn((execution) => runCompiled(tier.compiled, execution as ExecutionArgs));
      }
    },
  };
}

function compile(args: ExecutionArgs, logger: Logger): Tier {
  if (asksForSchema(args.document)) return { interpreted: true };
  const compiled = compileQuery(args.schema, args.document, args.operationName ?? undefined);
  if (isCompiledQuery(compiled)) return { compiled };
  logger.warn(
    { errors: compiled.errors?.map((error) => error.message) },
    'graphql-jit could not compile an operation: it stays interpreted',
  );
  return { interpreted: true };
}

function runCompiled(compiled: CompiledQuery, args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> {
  const result = compiled.query(args.rootValue, args.contextValue, args.variableValues);
  return result instanceof Promise ? result.then((done) => evenedOut(done, args)) : evenedOut(result, args);
}

function evenedOut(result: ExecutionResult, args: ExecutionArgs): ExecutionResult {
  if (!result.errors?.length) return result;
  // graphql-jit answers `{ errors }` without data only when the variables do not fit.
  if (!('data' in result)) {
    const variableErrors = executorVariableErrors(args);
    if (variableErrors.length > 0) return { errors: variableErrors };
  }
  const fields = fieldsByLocation(args.document);
  return { ...result, errors: result.errors.map((error) => withNodes(error, fields)) };
}

/** What is wrong with the variables, in the words of yoga's executor (the first run's), or nothing. */
function executorVariableErrors(args: ExecutionArgs): readonly GraphQLError[] {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return [];
  // Set by noSchemaSuggestions (src/app.ts) when introspection is off; ExecutionArgs does not list it yet.
  const { hideSuggestions } = args as { hideSuggestions?: boolean };
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, {
    maxErrors: 50, // as the executor
    hideSuggestions,
  });
  return coerced.errors ?? [];
}

function withNodes(error: GraphQLError, fields: Map<string, FieldNode>): GraphQLError {
  if (error.nodes || !error.locations) return error;
  const nodes = error.locations.map((location) => fields.get(`${location.line}:${location.column}`));
  if (nodes.some((node) => node === undefined)) return error;
  return new GraphQLError(error.message, {
    nodes: nodes as FieldNode[],
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/**
 * Introspection stays interpreted: compiling GraphiQL's introspection query took 28 ms, against
 * 0.2–0.9 ms for the peer benchmark's documents, and a playground asks it once per page load.
 */
function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
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
