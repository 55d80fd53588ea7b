import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { schema } from '../../src/schema/index.js';

describe('schema/schema.graphql', () => {
  it('is the current printed schema (run `npm run schema:print` after changing the API)', () => {
    const committed = readFileSync(projectPath('schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });
});
