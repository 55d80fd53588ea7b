/**
 * The playground's example operations all run without errors against the bundled dataset, and
 * the first one answers the Maesh question. Also: every type, field, argument and enum value of
 * the schema has a description a newcomer can read in the docs pane.
 */
import {
  Kind,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundQuery } from '../../src/playground.js';
import { schema } from '../../src/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';

const operations = parse(playgroundQuery)
  .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  .map((d) => d.name!.value);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the playground', () => {
  it('opens with the Maesh question', () => {
    expect(operations[0]).toBe('WhatReplacedMaesh');
  });

  it.each(operations)('%s runs without errors', async (operationName) => {
    const response = await t.app.fetch('http://meshgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: playgroundQuery, operationName }),
    });
    const result = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data ?? {}).every((v) => v !== null)).toBe(true);
    if (operationName === 'WhatReplacedMaesh') {
      const product = result.data!.product as { supersededBy: Array<{ product: { name: string }; kind: string }> };
      expect(product.supersededBy[0]).toMatchObject({ product: { name: 'Traefik Mesh' }, kind: 'RENAMED' });
    }
  });
});

describe('the schema documents itself', () => {
  it('every type, field, argument and enum value has a description', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      } else if (isUnionType(type)) {
        // members are object types, checked on their own
      }
    }
    expect(missing).toEqual([]);
  });
});
