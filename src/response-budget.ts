/**
 * The response-size and time budget of one request (MAX_RESPONSE_BYTES, MAX_EXECUTION_MS;
 * docs/limits.md). The cost estimate bounds what a request may ask for before it runs; this
 * bounds what it actually makes while it runs, whatever the data holds.
 *
 * - Every field a request resolves adds its share of the answer's JSON text (its response key,
 *   and for scalars and enums the value's JSON) to the request's budget, through a Pothos plugin
 *   that wraps every resolver.
 * - When the text passes MAX_RESPONSE_BYTES, or the execution MAX_EXECUTION_MS, the budget
 *   aborts: the request's graph view (scoped with the budget's signal) stops its running Cypher
 *   statement and rolls its transaction back, no further statement starts, every further field
 *   fails at once, and the answer is one error, RESPONSE_TOO_LARGE or TIMEOUT, without the
 *   partial data.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { GraphQLError, type ExecutionResult, type GraphQLFieldResolver } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { httpStatusOf, MeshgraphError } from './errors.js';

export interface ResponseBudgetLimits {
  maxResponseBytes: number;
  maxExecutionMs: number;
}

export class ResponseBudget {
  private readonly controller = new AbortController();
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  // Asked before every field: a plain field, not the signal's (a native getter, 1 % of a request).
  private spentWith: MeshgraphError | undefined;

  constructor(private readonly limits: ResponseBudgetLimits) {}

  /** Aborts when the budget is spent; its reason is the error to answer with. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The error the request ends with, once the budget is spent. */
  get spent(): MeshgraphError | undefined {
    return this.spentWith;
  }

  /** Starts the clock (at execution; parsing and validation are bounded by the query-text limits). */
  start(): void {
    if (this.timer || this.limits.maxExecutionMs <= 0) return;
    this.timer = setTimeout(() => {
      this.end(
        new MeshgraphError(
          'TIMEOUT',
          `The request took longer than ${this.limits.maxExecutionMs} ms (MAX_EXECUTION_MS) and was stopped. Ask for fewer fields or smaller pages.`,
          { maxExecutionMs: this.limits.maxExecutionMs },
        ),
      );
    }, this.limits.maxExecutionMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Counts `bytes` more of the answer; throws (and aborts the request's work) once over the limit. */
  add(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxResponseBytes && !this.spentWith) {
      this.end(
        new MeshgraphError(
          'RESPONSE_TOO_LARGE',
          `The answer would be larger than ${this.limits.maxResponseBytes} bytes (MAX_RESPONSE_BYTES), so the request was stopped. Ask for fewer fields or smaller pages (first), and page with the connections.`,
          { maxResponseBytes: this.limits.maxResponseBytes },
        ),
      );
    }
    this.throwIfSpent();
  }

  throwIfSpent(): void {
    const spent = this.spent;
    if (spent) throw spent;
  }

  private end(error: MeshgraphError): void {
    if (this.spentWith) return; // the first reason stands
    this.stop();
    this.spentWith = error;
    this.controller.abort(error);
  }
}

function budgetOf(context: unknown): ResponseBudget | undefined {
  if (typeof context !== 'object' || context === null || !('budget' in context)) return undefined;
  return context.budget instanceof ResponseBudget ? context.budget : undefined;
}

/**
 * The JSON text a resolved value adds to the answer, in UTF-16 units as `JSON.stringify` counts
 * (for objects and lists, their own fields count as they resolve). Exported for unit tests.
 */
export function sizeOf(value: unknown, leaf: boolean): number {
  if (!leaf || value === undefined || value === null) return 4; // the brackets, a separator, or null
  // Most leaves are strings with nothing to escape, and numbers: sized without serialising them.
  if (typeof value === 'string' && !NEEDS_ESCAPE.test(value)) return value.length + 2;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).length;
  return (JSON.stringify(value) ?? 'null').length;
}

/** Characters JSON escapes: quotes, backslashes, controls and lone surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Wraps every resolver: a spent budget fails the field at once; a resolved field counts towards it. */
class ResponseBudgetPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const type = fieldConfig.type.kind === 'List' ? fieldConfig.type.type : fieldConfig.type;
    const leaf = type.kind === 'Scalar' || type.kind === 'Enum';
    return (parent, args, context, info) => {
      const budget = budgetOf(context);
      if (!budget) return resolver(parent, args, context, info);
      // A spent budget fails the field with a rejected promise, never a synchronous throw: the
      // executor leaves the promises of list items before a synchronous throw unhandled.
      const spent = budget.spent;
      if (spent) return Promise.reject(spent);
      const key = String(info.path.key).length + 4; // "key": and a comma
      const value = resolver(parent, args, context, info);
      if (isPromise(value)) {
        return value.then((resolved) => {
          budget.add(key + sizeOf(resolved, leaf));
          return resolved;
        });
      }
      try {
        budget.add(key + sizeOf(value, leaf));
      } catch (error) {
        return Promise.reject(error);
      }
      return value;
    };
  }
}

export const responseBudgetPluginName = 'responseBudget';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      responseBudget: ResponseBudgetPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(responseBudgetPluginName, ResponseBudgetPlugin);

/** Starts each request's clock at execution and, when its budget was spent, answers with that one error and no partial data. */
export function responseBudget(): Plugin<{ budget: ResponseBudget }> {
  return {
    onExecute({ args }) {
      const budget = args.contextValue.budget;
      budget.start();
      return {
        onExecuteDone({ result, setResult }) {
          budget.stop();
          const spent = budget.spent;
          if (!spent || !isSingleResult(result)) return;
          const status = httpStatusOf(spent.code);
          setResult({
            data: null,
            errors: [new GraphQLError(spent.message, { extensions: { ...spent.details, code: spent.code, http: { status } } })],
          });
        },
      };
    },
  };
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}
