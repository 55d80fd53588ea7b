/**
 * Saved views: named, reviewed GraphQL operations, one per file `views/<name>.graphql`, loaded
 * once at start and validated against the schema. A view that does not validate stops start-up
 * with its file and line, so a schema change that breaks a dashboard is found before it ships.
 *
 * A view file starts with a comment header, then holds exactly one query:
 *
 *   # Product lineage                               ← the first line is the title
 *   #
 *   # What a product replaced and what replaced it.  ← other untagged lines: the description
 *   #
 *   # @param name A product's name, id or alias.     ← one per variable, required
 *   # @csv data.product.successors                   ← tabular: this list becomes the CSV rows
 *   # @cytoscape data.subgraph                       ← graph-shaped: this Subgraph as Cytoscape JSON
 *   # @example name=Maesh                            ← a query string the tests run (required when
 *   query ProductLineage($name: String!) { … }          a variable is required)
 *
 * CSV columns come from the selection set under the `@csv` path (leaf fields in the order they
 * are selected, nested objects as `a.b`), so they are known even when there are no rows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  parse,
  print,
  typeFromAST,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { projectRoot } from '../paths.js';

const VIEW_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ViewVariable {
  name: string;
  /** The declared GraphQL type, e.g. `String!` or `[String!]`. */
  type: string;
  /** Must be given (non-null and no default). */
  required: boolean;
  /** The default value from the operation, when it declares one. */
  defaultValue?: unknown;
  description: string;
  /** The schema type, for coercing values given as strings. */
  inputType: GraphQLInputType;
}

export interface CsvSpec {
  /** The path of the list in the response, e.g. ['data', 'stats', 'entriesByYear']. */
  path: string[];
  /** Column names: dotted response keys relative to a row, e.g. `product.name`. */
  columns: string[];
}

export interface SavedView {
  name: string;
  /** The file, relative to the project root (for messages). */
  file: string;
  title: string;
  description: string;
  /** The whole file, header included. */
  source: string;
  document: DocumentNode;
  operationName: string | undefined;
  variables: ViewVariable[];
  csv?: CsvSpec;
  /** The path of a `Subgraph` in the response, for `format=cytoscape`. */
  cytoscape?: { path: string[] };
  /** Query strings (without `?`) that the view answers without error; the tests run them. */
  examples: string[];
}

export interface ViewIssue {
  file: string;
  line: number;
  column?: number;
  message: string;
}

export class ViewError extends Error {
  constructor(readonly issues: ViewIssue[]) {
    super(
      `Invalid saved view${issues.length === 1 ? '' : 's'} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  ${i.file}:${i.line}${i.column ? `:${i.column}` : ''}: ${i.message}`).join('\n'),
    );
    this.name = 'ViewError';
  }
}

export class ViewRegistry {
  private readonly byName: Map<string, SavedView>;

  constructor(views: readonly SavedView[]) {
    this.byName = new Map([...views].sort((a, b) => a.name.localeCompare(b.name)).map((v) => [v.name, v]));
  }

  get(name: string): SavedView | undefined {
    return this.byName.get(name);
  }

  list(): SavedView[] {
    return [...this.byName.values()];
  }
}

/** Loads and validates every `*.graphql` file of `dir`; throws a ViewError listing every problem. */
export function loadViews(dir: string, schema: GraphQLSchema): ViewRegistry {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .sort();
  } catch (error) {
    throw new ViewError([{ file: relative(dir), line: 0, message: `cannot read the views folder: ${(error as Error).message}` }]);
  }
  const issues: ViewIssue[] = [];
  const views: SavedView[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    const result = parseView(path.basename(file, '.graphql'), relative(full), readFileSync(full, 'utf8'), schema);
    if ('issues' in result) issues.push(...result.issues);
    else views.push(result.view);
  }
  if (issues.length > 0) throw new ViewError(issues);
  return new ViewRegistry(views);
}

function relative(file: string): string {
  const rel = path.relative(projectRoot, file);
  return rel.startsWith('..') ? file : rel;
}

interface Header {
  title: string;
  description: string;
  params: Map<string, { text: string; line: number }>;
  csv?: { path: string; line: number };
  cytoscape?: { path: string; line: number };
  examples: Array<{ query: string; line: number }>;
}

/** Parses one view file (exported for unit tests): the view, or every problem with its line. */
function parseView(name: string, file: string, source: string, schema: GraphQLSchema): { view: SavedView } | { issues: ViewIssue[] } {
  const issues: ViewIssue[] = [];
  const problem = (line: number, message: string, column?: number) => issues.push({ file, line, message, ...(column ? { column } : {}) });

  if (!VIEW_NAME.test(name))
    problem(1, `"${name}" is not a view name: use lower-case letters, digits and dashes (the file name is the view name)`);
  const header = parseHeader(source, problem);

  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    const e = error as GraphQLError;
    problem(e.locations?.[0]?.line ?? 1, e.message, e.locations?.[0]?.column);
    return { issues };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  if (operations.length !== 1) {
    problem(lineOf(operations[1] ?? document), `a view holds exactly one operation, found ${operations.length}`);
    return { issues };
  }
  const operation = operations[0]!;
  if (operation.operation !== 'query') {
    problem(lineOf(operation), `a view is a query (it is read with GET and cached), not a ${operation.operation}`);
    return { issues };
  }
  for (const error of validate(schema, document)) {
    problem(error.locations?.[0]?.line ?? lineOf(operation), error.message, error.locations?.[0]?.column);
  }
  if (issues.length > 0) return { issues };

  const variables: ViewVariable[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const variableName = def.variable.name.value;
    const inputType = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    const doc = header.params.get(variableName);
    if (!doc) problem(lineOf(def), `the variable $${variableName} has no "# @param ${variableName} <description>" line in the header`);
    if (!inputType) continue; // validate() reported it
    variables.push({
      name: variableName,
      type: print(def.type),
      required: def.type.kind === Kind.NON_NULL_TYPE && !def.defaultValue,
      ...(def.defaultValue ? { defaultValue: valueFromASTUntyped(def.defaultValue) } : {}),
      description: doc?.text ?? '',
      inputType,
    });
  }
  for (const [param, { line }] of header.params) {
    if (!variables.some((v) => v.name === param)) problem(line, `@param ${param}: the operation declares no variable $${param}`);
  }
  if (variables.some((v) => v.required) && header.examples.length === 0) {
    problem(1, 'a view with required variables needs an "# @example <name>=<value>&…" line (the tests run it)');
  }
  for (const v of variables) {
    if (RESERVED_PARAMS.has(v.name))
      problem(lineOf(operation), `$${v.name} cannot be a variable of a view: "${v.name}" is a reserved query parameter`);
  }

  let csv: CsvSpec | undefined;
  if (header.csv) {
    const located = locate(schema, operation, fragments, header.csv.path);
    if (typeof located === 'string') problem(header.csv.line, `@csv ${header.csv.path}: ${located}`);
    else if (!located.list)
      problem(header.csv.line, `@csv ${header.csv.path}: ${located.typeName} is not a list; @csv names the list whose items become rows`);
    else csv = { path: located.path, columns: columnsOf(schema, located.type, located.selectionSet, fragments) };
  }
  let cytoscape: { path: string[] } | undefined;
  if (header.cytoscape) {
    const located = locate(schema, operation, fragments, header.cytoscape.path);
    if (typeof located === 'string') problem(header.cytoscape.line, `@cytoscape ${header.cytoscape.path}: ${located}`);
    else if (located.list || located.typeName !== 'Subgraph') {
      problem(
        header.cytoscape.line,
        `@cytoscape ${header.cytoscape.path}: must name one Subgraph (the result of \`subgraph\`), found ${located.typeName}${located.list ? ' list' : ''}`,
      );
    } else {
      const columns = new Set(columnsOf(schema, located.type, located.selectionSet, fragments));
      const missing = ['nodes.id', 'edges.id', 'edges.source', 'edges.target'].filter((c) => !columns.has(c));
      if (missing.length > 0)
        problem(header.cytoscape.line, `@cytoscape ${header.cytoscape.path}: Cytoscape needs ${missing.join(', ')} selected`);
      else cytoscape = { path: located.path };
    }
  }
  if (issues.length > 0) return { issues };

  const view: SavedView = {
    name,
    file,
    title: header.title || name,
    description: header.description,
    source,
    document,
    operationName: operation.name?.value,
    variables,
    ...(csv ? { csv } : {}),
    ...(cytoscape ? { cytoscape } : {}),
    examples: header.examples.map((e) => e.query),
  };
  return { view };
}

/** Query parameters of GET /views/<name> that are not variables. */
export const RESERVED_PARAMS = new Set(['format']);

function lineOf(node: { loc?: { startToken: { line: number } } } | undefined): number {
  return node?.loc?.startToken.line ?? 1;
}

/** One header line: `@tag value`, or text (the title, a description line, or empty between paragraphs). */
const TAG = /^@(\w+)(?:\s+(.*))?$/;

/**
 * Reads the header (the `#` lines before the operation, described at the top of this file),
 * reporting each bad tag with its line. Hand-written on purpose: JSDoc tag parsers such as
 * comment-parser read `/** … *\/` blocks; wrapping these `#` lines into one saved 6 of 49 lines
 * but changed the format (a line after a tag joins the tag, `##` is not a comment, a line right
 * after the title joins the title).
 */
function parseHeader(source: string, problem: (line: number, message: string) => void): Header {
  const header: Header = { title: '', description: '', params: new Map(), examples: [] };
  const paragraphs: string[][] = [[]];
  for (const [index, raw] of source.split(/\r?\n/).entries()) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) break;
    const text = trimmed.replace(/^#+\s?/, '').trim();
    const [, name, rest = ''] = TAG.exec(text) ?? [];
    if (name === undefined) {
      if (text === '') paragraphs.push([]);
      else if (!header.title) header.title = text;
      else paragraphs.at(-1)!.push(text);
      continue;
    }
    const value = rest.trim();
    const line = index + 1;
    switch (name) {
      case 'param':
      case 'variable': {
        const m = /^\$?(\w+)\s+(.+)$/.exec(value);
        if (!m) problem(line, `@${name} needs a variable name and a description: "# @param name The product's name"`);
        else if (header.params.has(m[1]!)) problem(line, `@param ${m[1]} is given twice`);
        else header.params.set(m[1]!, { text: m[2]!.trim(), line });
        break;
      }
      case 'csv':
      case 'cytoscape':
        if (!/^data(\.[_A-Za-z]\w*)+$/.test(value))
          problem(line, `@${name} needs a path into the response such as "data.stats.entriesByYear"`);
        else if (header[name]) problem(line, `@${name} is given twice`);
        else header[name] = { path: value, line };
        break;
      case 'example':
        header.examples.push({ query: value.replace(/^\?/, ''), line });
        break;
      default:
        problem(line, `unknown header tag @${name}; use @param, @csv, @cytoscape or @example`);
    }
  }
  header.description = paragraphs
    .map((p) => p.join(' '))
    .filter(Boolean)
    .join('\n\n');
  return header;
}

interface Located {
  path: string[];
  type: GraphQLCompositeType;
  typeName: string;
  list: boolean;
  selectionSet: SelectionSetNode;
}

/** Follows a response path (`data.a.b`) through the operation's selections and the schema. */
function locate(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  dotted: string,
): Located | string {
  const keys = dotted.split('.').slice(1);
  let parent: GraphQLCompositeType = schema.getQueryType()!;
  let selectionSet = operation.selectionSet;
  let list = false;
  for (const [index, key] of keys.entries()) {
    if (list) return `${keys.slice(0, index).join('.')} is a list; only the last step of the path may be a list`;
    const found = findField(schema, parent, selectionSet, key, fragments);
    if (!found) return `the operation selects no field "${key}" there`;
    const nullable = getNullableType(found.type) as GraphQLOutputType;
    list = isListType(nullable);
    if (list && isListType(getNullableType((nullable as { ofType: GraphQLOutputType }).ofType))) return `${key} is a list of lists`;
    const named = getNamedType(found.type);
    if (!isCompositeType(named) || !found.selectionSet) return `${key} is a ${named.name}, not an object`;
    parent = named;
    selectionSet = found.selectionSet;
  }
  return { path: ['data', ...keys], type: parent, typeName: parent.name, list, selectionSet };
}

function findField(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  key: string,
  fragments: Map<string, FragmentDefinitionNode>,
): { type: GraphQLOutputType; selectionSet: SelectionSetNode | undefined } | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias?.value ?? selection.name.value) !== key) continue;
      const field = fieldDef(parent, selection.name.value);
      if (field) return { type: field, selectionSet: selection.selectionSet };
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!inner) continue;
      const condition = inner.typeCondition ? (schema.getType(inner.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
      if (!condition) continue;
      const found = findField(schema, condition, inner.selectionSet, key, fragments);
      if (found) return found;
    }
  }
  return undefined;
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLOutputType | undefined {
  if (name === '__typename') return undefined;
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name]?.type;
  return undefined;
}

/** The leaf fields under a selection set, as dotted response keys, in selection order. */
function columnsOf(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  prefix = '',
  out: string[] = [],
): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (selection.name.value === '__typename') {
        if (!out.includes(prefix + key)) out.push(prefix + key);
        continue;
      }
      const type = fieldDef(parent, selection.name.value);
      if (!type) continue;
      const named = getNamedType(type);
      if (isLeafType(named) || !selection.selectionSet) {
        if (!out.includes(prefix + key)) out.push(prefix + key);
      } else if (isCompositeType(named)) {
        columnsOf(schema, named, selection.selectionSet, fragments, `${prefix}${key}.`, out);
      }
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!inner) continue;
      const condition = inner.typeCondition ? (schema.getType(inner.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
      if (condition) columnsOf(schema, condition, inner.selectionSet, fragments, prefix, out);
    }
  }
  return out;
}
