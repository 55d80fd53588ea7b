/**
 * Reads a read-ahead plan (src/graph/stores/readAhead.ts) off a field's selection: which
 * relationship fields of the graph model (src/model.ts) are selected under the node the field
 * answers, with their response keys, caps and whether their sources are read, recursively below
 * far nodes of one label. The selection is parsed with graphql-parse-resolve-info (fragments,
 * variables and @skip/@include applied), so the plan is exactly what the response will read.
 *
 * A field the plan leaves out is read by its loader, as before: `<name>Connection` pages,
 * fields with an invalid `first` (so the field itself reports the error), anything below a node
 * field selected under several aliases (whose lists would share one row), and anything below the
 * products of a lineage chain. Lineage chains (`successors`, `predecessors`) are read ahead too.
 */
import { type FieldNode, getNamedType, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, isObjectType } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { ChainPlan, ReadAheadPlan, ReferencePlan, RelationPlan } from '../graph/stores/readAhead.js';
import {
  farLabels,
  isNodeLabel,
  LABELS,
  NODE_LABELS,
  references,
  relationshipFields,
  servedProperties,
  type NodeLabel,
  type RelationshipField,
  type RelationshipType,
} from '../model.js';
import { MAX_PAGE_SIZE } from './page-size.js';

type Field = RelationshipField & { type: RelationshipType };

const FIELDS = new Map<string, Field>(relationshipFields().map((field) => [`${field.on}.${field.name}`, field]));
const REFERENCES = new Map(NODE_LABELS.flatMap((label) => references(label).map((r) => [`${label}.${r.field}`, r] as const)));

/** The fields selected on an object type (its own and its interfaces'), by response key. */
function fieldsOn(tree: ResolveTree, type: GraphQLObjectType): Record<string, ResolveTree> {
  const fields: Record<string, ResolveTree> = {};
  for (const name of [...type.getInterfaces().map((i) => i.name), type.name]) Object.assign(fields, tree.fieldsByTypeName[name]);
  return fields;
}

function objectType(schema: GraphQLSchema, name: string): GraphQLObjectType | undefined {
  const type = schema.getType(name);
  return isObjectType(type) ? type : undefined;
}

/** The one selection of the field named `name` among `fields`, or undefined when it is absent or selected under several aliases. */
function only(fields: Record<string, ResolveTree>, name: string): ResolveTree | undefined {
  const found = Object.values(fields).filter((f) => f.name === name);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The properties a selected field of a node of `label` reads from the node's row, besides its key:
 * a property field's own (`reads` in its extensions, src/schema/properties.ts), an exposed
 * property (Pothos's `expose*`), the property a reference holds (an entry's `categoryId`), none for
 * relationship fields of the model, `__typename` and the global `id`. Undefined for any other
 * field: its resolver may read anything, so the node is read whole.
 */
function readsOf(label: NodeLabel, type: GraphQLObjectType, name: string): readonly string[] | undefined {
  if (name === '__typename' || name === 'id') return [];
  if (FIELDS.has(`${label}.${name}`) || (name.endsWith('Connection') && FIELDS.has(`${label}.${name.slice(0, -'Connection'.length)}`)))
    return [];
  const reference = REFERENCES.get(`${label}.${name}`);
  if (reference) return [reference.property];
  const extensions = type.getFields()[name]?.extensions;
  const declared = extensions?.reads;
  if (Array.isArray(declared) && declared.every((p) => typeof p === 'string')) return declared;
  const exposed = extensions?.pothosExposedField;
  return typeof exposed === 'string' ? [exposed] : undefined;
}

/**
 * The fields of the node types that do not say which properties of their node's row they read
 * (`Label.field`): selecting any of them makes read-ahead read the node's every short property.
 * A field that reads only its node's key declares `reads()` (src/schema/properties.ts).
 */
export function fieldsReadingWhole(schema: GraphQLSchema): string[] {
  return NODE_LABELS.flatMap((label) => {
    const type = objectType(schema, label);
    if (!type) return [];
    return Object.keys(type.getFields())
      .filter((name) => readsOf(label, type, name) === undefined)
      .map((name) => `${label}.${name}`);
  });
}

/**
 * The properties to read of nodes of `labels`, given the fields `selected` on each label's type:
 * their keys and what those fields read; when a field may read anything, every short property
 * too (long ones, src/model.ts `long`, only when their field is selected).
 */
function propertiesRead(
  schema: GraphQLSchema,
  labels: readonly NodeLabel[],
  selected: (type: GraphQLObjectType) => readonly ResolveTree[],
): string[] {
  const read = new Set<string>();
  let whole = false;
  for (const label of labels) {
    const type = objectType(schema, label);
    if (!type) continue;
    read.add(LABELS[label].key);
    for (const field of selected(type)) {
      const reads = readsOf(label, type, field.name);
      if (reads) for (const property of reads) read.add(property);
      else whole = true;
    }
  }
  const served = labels.flatMap((label) => servedProperties(label));
  return [...new Set(served.filter(([name, spec]) => read.has(name) || (whole && !spec.long)).map(([name]) => name))];
}

/** The fields of a lineage step that read neither its relationship's properties nor its products' (`sources` is resolved by the statement when read ahead). */
const STEP_FIELDS_WITHOUT_REL = new Set(['__typename', 'depth', 'product', 'previous', 'relationshipType', 'sources']);

/**
 * The plan for a product's chain selected as `selected` under the response key `key`: whether
 * its steps' sources and relationship properties are read, and which properties of the products
 * at both ends of each step (`product`, `previous`). Fields below those products are not read
 * ahead: their loaders read them.
 */
function chainPlan(schema: GraphQLSchema, key: string, towards: 'successors' | 'predecessors', selected: ResolveTree): ChainPlan | null {
  const stepType = objectType(schema, 'LineageStep');
  if (!stepType) return null;
  const stepFields = Object.values(fieldsOn(selected, stepType));
  const productTrees = stepFields.filter((f) => f.name === 'product' || f.name === 'previous');
  return {
    key,
    towards,
    sources: stepFields.some((f) => f.name === 'sources'),
    rel: stepFields.some((f) => !STEP_FIELDS_WITHOUT_REL.has(f.name)),
    properties: propertiesRead(schema, ['Product'], (type) => productTrees.flatMap((tree) => Object.values(fieldsOn(tree, type)))),
  };
}

/** The plan for a node of `label` whose selection is `fields`; null when nothing is worth reading ahead. */
function planFor(schema: GraphQLSchema, label: NodeLabel, fields: Record<string, ResolveTree>): ReadAheadPlan | null {
  const relations: RelationPlan[] = [];
  const references: ReferencePlan[] = [];
  const chains: ChainPlan[] = [];
  const parent = objectType(schema, label);
  if (!parent) return null;
  for (const [key, selected] of Object.entries(fields)) {
    if (label === 'Product' && (selected.name === 'successors' || selected.name === 'predecessors')) {
      const chain = chainPlan(schema, key, selected.name, selected);
      if (chain) chains.push(chain);
      continue;
    }
    const reference = REFERENCES.get(`${label}.${selected.name}`);
    if (reference)
      references.push({
        key,
        property: reference.property,
        label: reference.label,
        properties: propertiesRead(schema, [reference.label], (type) => Object.values(fieldsOn(selected, type))),
      });
    const field = FIELDS.get(`${label}.${selected.name}`);
    if (!field) continue;
    let limit: number | null = null;
    if (field.grows) {
      const first = selected.args.first ?? MAX_PAGE_SIZE;
      if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) continue;
      limit = first;
    }
    const far = farLabels(field.type, field.direction).filter(isNodeLabel);
    const [one] = far;
    let sources = false;
    let rel = false;
    let farFields: Record<string, ResolveTree> | undefined;
    let farTrees: ResolveTree[] = [selected];
    const farType = one && far.length === 1 ? objectType(schema, one) : undefined;
    if (field.shape === 'facts') {
      // Each item is a relation object (ProductRelation …): its sources, and the far node under
      // its field of the far node's type (`product`, `concept` …).
      const itemType = objectType(schema, getNamedType(parent.getFields()[selected.name]?.type)?.name ?? '');
      if (!itemType) continue;
      const itemFields = fieldsOn(selected, itemType);
      sources = Object.values(itemFields).some((f) => f.name === 'sources');
      const nodeFields = new Set(
        Object.values(itemType.getFields())
          .filter((f) => [...far, 'Topic'].includes(getNamedType(f.type).name))
          .map((f) => f.name),
      );
      farTrees = Object.values(itemFields).filter((f) => nodeFields.has(f.name));
      // The relationship's own properties, only when a field of the item other than its node reads them.
      rel = Object.values(itemFields).some((f) => !nodeFields.has(f.name) && f.name !== '__typename');
      const nodeField = farType && Object.values(itemType.getFields()).find((f) => getNamedType(f.type).name === farType.name);
      const nodeSelection = nodeField ? only(itemFields, nodeField.name) : undefined;
      farFields = nodeSelection && farType ? fieldsOn(nodeSelection, farType) : undefined;
    } else if (farType) {
      farFields = fieldsOn(selected, farType);
    }
    relations.push({
      key,
      type: field.type,
      direction: field.direction,
      limit,
      sources,
      rel,
      properties: propertiesRead(schema, far, (type) => farTrees.flatMap((tree) => Object.values(fieldsOn(tree, type)))),
      far: farFields && one ? planFor(schema, one, farFields) : null,
    });
  }
  if (relations.length === 0 && references.length === 0 && chains.length === 0) return null;
  return {
    label,
    properties: propertiesRead(schema, [label], () => Object.values(fields)),
    relations,
    references,
    chains,
  };
}

/** parseResolveInfo answers the field's tree (not a map of trees) unless asked to keep the root. */
function isTree(parsed: ReturnType<typeof parseResolveInfo>): parsed is ResolveTree {
  return parsed != null && 'args' in parsed && 'fieldsByTypeName' in parsed;
}

/**
 * A plan depends only on the field's selection — its nodes in the parsed document, which the
 * parse cache hands every request of the same text — and on the variables' values (`@include`,
 * `first`). So plans are kept per field node, for a few sets of variables each, and shared by
 * the requests that ask the same: they are never changed once made.
 */
const plans = new WeakMap<FieldNode, Map<string, ReadAheadPlan | null>>();
const VARIABLE_SETS_PER_FIELD = 16;

function remembered(info: GraphQLResolveInfo, kind: string, make: () => ReadAheadPlan | null): ReadAheadPlan | null {
  const [node] = info.fieldNodes;
  if (!node || info.fieldNodes.length !== 1) return make();
  let byVariables = plans.get(node);
  if (!byVariables) {
    byVariables = new Map();
    plans.set(node, byVariables);
  }
  const key = `${kind}|${JSON.stringify(info.variableValues)}`;
  const known = byVariables.get(key);
  if (known !== undefined) return known;
  const plan = make();
  if (byVariables.size >= VARIABLE_SETS_PER_FIELD) byVariables.delete(byVariables.keys().next().value ?? '');
  byVariables.set(key, plan);
  return plan;
}

/** The plan for the node a root field answers (`product(name:)` …); null when it selects no relationship field. */
export function readAheadOfNode(info: GraphQLResolveInfo, label: NodeLabel): ReadAheadPlan | null {
  return remembered(info, `node:${label}`, () => planOfNode(info, label));
}

function planOfNode(info: GraphQLResolveInfo, label: NodeLabel): ReadAheadPlan | null {
  const tree = parseResolveInfo(info);
  const type = objectType(info.schema, label);
  if (!isTree(tree) || !type) return null;
  return planFor(info.schema, label, fieldsOn(tree, type));
}

/** The plan for the nodes of a connection of `label` (`entries` …): what `edges { node { … } } }` selects. */
export function readAheadOfConnection(info: GraphQLResolveInfo, label: NodeLabel): ReadAheadPlan | null {
  return remembered(info, `connection:${label}`, () => planOfConnection(info, label));
}

function planOfConnection(info: GraphQLResolveInfo, label: NodeLabel): ReadAheadPlan | null {
  const tree = parseResolveInfo(info);
  const type = objectType(info.schema, label);
  const connection = objectType(info.schema, getNamedType(info.returnType).name);
  if (!isTree(tree) || !type || !connection) return null;
  const edges = only(fieldsOn(tree, connection), 'edges');
  const edgeType = objectType(info.schema, getNamedType(connection.getFields().edges?.type)?.name ?? '');
  const node = edges && edgeType ? only(fieldsOn(edges, edgeType), 'node') : undefined;
  return node ? planFor(info.schema, label, fieldsOn(node, type)) : null;
}
