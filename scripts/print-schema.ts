/**
 * Writes the GraphQL schema, sorted, to schema/schema.graphql. The file is committed so that
 * reviewers see every API change; test/unit/schema.test.ts fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { projectPath } from '../src/paths.js';
import { schema } from '../src/schema/index.js';

const target = projectPath('schema', 'schema.graphql');
writeFileSync(target, `${printSchema(schema)}\n`);
console.log(`wrote ${target}`);
