/**
 * Variables of a saved view given as query-string parameters (`/views/neighbourhood?name=Maesh&depth=2`),
 * coerced from strings by the types the view declares: Int and Float parsed strictly, Boolean
 * from true/false (or 1/0, yes/no), lists from repeated parameters (`?around=Istio&around=Envoy`)
 * or one JSON array, input objects from JSON. Then checked by graphql-js itself, so an enum
 * value that does not exist is refused here, with the view's own words, before any work.
 */
import {
  type GraphQLError,
  coerceInputValue,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { BadInputError } from '../errors.js';
import { RESERVED_PARAMS, type SavedView, type ViewVariable } from './registry.js';

export type Variables = Record<string, unknown>;

/**
 * The variables for one call of `view`: every given parameter coerced, every default filled in
 * (so `?depth=1` and no depth are the same call). Throws BAD_USER_INPUT naming the variable.
 */
export function coerceViewVariables(view: SavedView, params: URLSearchParams): Variables {
  const problems: string[] = [];
  const variables: Variables = {};
  const known = new Set(view.variables.map((v) => v.name));
  for (const key of new Set(params.keys())) {
    if (!known.has(key) && !RESERVED_PARAMS.has(key)) {
      const expected = view.variables.length > 0 ? `it takes ${view.variables.map((v) => `\`${v.name}\``).join(', ')}` : 'it takes none';
      problems.push(`\`${key}\` is not a variable of the view "${view.name}" (${expected}).`);
    }
  }
  for (const variable of view.variables) {
    const given = params.getAll(variable.name);
    if (given.length === 0) {
      if (variable.defaultValue !== undefined) variables[variable.name] = variable.defaultValue;
      else if (variable.required)
        problems.push(`The view "${view.name}" needs \`${variable.name}\` (${variable.type}): ${variable.description}`);
      continue;
    }
    try {
      const value = fromStrings(variable, variable.inputType, given);
      checkValue(variable, value);
      variables[variable.name] = value;
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new BadInputError(problems.join(' '), {
      view: view.name,
      variables: view.variables.map((v) => ({ name: v.name, type: v.type })),
    });
  }
  return variables;
}

function fromStrings(variable: ViewVariable, type: GraphQLInputType, given: string[]): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (given.length === 1 && given[0]!.trim().startsWith('[')) {
      const parsed = parseJson(variable, given[0]!);
      if (!Array.isArray(parsed)) throw bad(variable, 'expects a list: repeat the parameter or give a JSON array');
      return parsed.map((item) => (typeof item === 'string' ? scalarFromString(variable, inner.ofType, item) : item));
    }
    return given.map((item) => scalarFromString(variable, inner.ofType, item));
  }
  if (given.length > 1) throw bad(variable, 'is given more than once but takes one value');
  return scalarFromString(variable, inner, given[0]!);
}

function scalarFromString(variable: ViewVariable, type: GraphQLInputType, text: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isInputObjectType(inner) || isListType(inner)) return parseJson(variable, text);
  if (isEnumType(inner)) return text;
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'Int':
        if (!/^[+-]?\d+$/.test(text.trim())) throw bad(variable, `expects a whole number, got "${text}"`);
        return Number(text);
      case 'Float': {
        const n = Number(text);
        if (text.trim() === '' || !Number.isFinite(n)) throw bad(variable, `expects a number, got "${text}"`);
        return n;
      }
      case 'Boolean': {
        const v = text.trim().toLowerCase();
        if (['true', '1', 'yes'].includes(v)) return true;
        if (['false', '0', 'no'].includes(v)) return false;
        throw bad(variable, `expects true or false, got "${text}"`);
      }
      default:
        return text;
    }
  }
  return text;
}

function parseJson(variable: ViewVariable, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw bad(variable, 'is not valid JSON');
  }
}

/** graphql-js's own coercion, for what the strings above cannot tell (enum values, ranges). */
function checkValue(variable: ViewVariable, value: unknown): void {
  coerceInputValue(value, variable.inputType, (path, _invalid, error: GraphQLError) => {
    const where = path.length > 0 ? ` (at ${path.join('.')})` : '';
    const named = getNamedType(variable.inputType);
    const hint = isEnumType(named)
      ? ` It is one of: ${named
          .getValues()
          .map((v) => v.name)
          .join(', ')}.`
      : '';
    throw bad(variable, `is not valid${where}: ${error.message}${hint}`);
  });
}

function bad(variable: ViewVariable, message: string): Error {
  return new Error(`\`${variable.name}\` (${variable.type}) ${message}`);
}

/** Variables as stable text (keys sorted at every level), for cache keys and ETags. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
