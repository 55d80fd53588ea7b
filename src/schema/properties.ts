/**
 * Fields that serve a label's properties as the graph model declares them: the GraphQL type and
 * nullability come from the property's type and `optional` in src/model.ts, the description from
 * the schema file that exposes it. The rows were parsed against the same model (rows.ts), so a
 * value of another type is a fault of the data and fails loudly.
 */
import type { BuilderTypes } from '../builder.js';
import type { RowOf } from '../graph/stores/rows.js';
import { servedProperties, type Label, type PropertySpec } from '../model.js';

/** The properties of `L` a schema file may expose under their own names. */
type PropertyName<L extends Label> = Exclude<keyof RowOf<L>, '__typename'> & string;

type FieldBuilder<P> = PothosSchemaTypes.FieldBuilder<BuilderTypes, P, 'Object' | 'Interface'>;

function misfit(label: Label, name: string, spec: PropertySpec, value: unknown): Error {
  return new Error(`${label}.${name}: expected ${spec.optional ? `${spec.type} or null` : spec.type}, got ${JSON.stringify(value)}`);
}

/** One field per property described, named after the property, typed and nullable as the model declares it. */
export function properties<P extends object, L extends Label>(
  t: FieldBuilder<P>,
  label: L,
  descriptions: Partial<Record<PropertyName<L>, string>>,
) {
  const described: Readonly<Record<string, string | undefined>> = descriptions;
  return Object.fromEntries(
    servedProperties(label).flatMap(([name, spec]) => {
      const description = described[name];
      return description === undefined ? [] : [[name, field(t, label, name, spec, description)]];
    }),
  );
}

/**
 * The `extensions` of a field that reads exactly these properties of its node's row (and its key):
 * read-ahead projects only what the selected fields read (src/schema/read-ahead.ts). A field of a
 * node type that declares nothing (and is not a property, relationship or reference of the model)
 * makes read-ahead read the node whole.
 */
export const reads = (...properties: string[]) => ({ reads: properties });

function field<P extends object>(t: FieldBuilder<P>, label: Label, name: string, spec: PropertySpec, description: string) {
  const extensions = reads(name);
  const read = <V>(row: P, is: (value: unknown) => value is V): V | null => {
    const value: unknown = Reflect.get(row, name);
    if (value === null || value === undefined) {
      if (spec.optional) return null;
    } else if (is(value)) {
      return value;
    }
    throw misfit(label, name, spec, value);
  };
  const need = <V>(value: V | null): V => {
    if (value === null) throw misfit(label, name, spec, value);
    return value;
  };
  const isString = (value: unknown): value is string => typeof value === 'string';
  const isNumber = (value: unknown): value is number => typeof value === 'number';
  switch (spec.type) {
    case 'string':
      return spec.optional
        ? t.string({ nullable: true, description, extensions, resolve: (row) => read(row, isString) })
        : t.string({ description, extensions, resolve: (row) => need(read(row, isString)) });
    case 'int':
      return spec.optional
        ? t.int({ nullable: true, description, extensions, resolve: (row) => read(row, isNumber) })
        : t.int({ description, extensions, resolve: (row) => need(read(row, isNumber)) });
    case 'float':
      return spec.optional
        ? t.float({ nullable: true, description, extensions, resolve: (row) => read(row, isNumber) })
        : t.float({ description, extensions, resolve: (row) => need(read(row, isNumber)) });
    case 'boolean':
      return t.boolean({
        description,
        extensions,
        resolve: (row) => need(read(row, (value): value is boolean => typeof value === 'boolean')),
      });
    case 'strings':
      return t.stringList({
        description,
        extensions,
        resolve: (row) => need(read(row, (value): value is string[] => Array.isArray(value) && value.every(isString))),
      });
  }
}
