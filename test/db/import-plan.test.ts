/**
 * The importer's lookups by key, as Neo4j plans them (EXPLAIN on the test Neo4j): every statement
 * that finds nodes or relationships by their key seeks the key's index for each key, and none
 * scans a label or a relationship type (a write's two ends are two seeks, joined row by row). A re-import of both Nubenetes sites once spent minutes
 * in one of them, running, not waiting: a plan that scanned every LISTED_IN relationship for each
 * of a batch's 20,000 ids. The statements name their indexes, so no statistics can choose that.
 */
import neo4j, { type Plan } from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { keyLookupStatements } from '../../src/ingest/importer.js';
import { testNeo4j } from '../support/graph.js';

const server = testNeo4j();
const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password));
afterAll(async () => {
  await driver.close();
});

/** Every operator of a plan, as "OperatorType details". */
function operators(plan: Plan): string[] {
  const details = (plan.arguments as { Details?: string }).Details ?? '';
  return [`${plan.operatorType.replace(/@.*$/, '')} ${details}`, ...plan.children.flatMap(operators)];
}

async function explain(text: string): Promise<string[]> {
  const session = driver.session({ database: server.database, defaultAccessMode: neo4j.session.READ });
  try {
    // Parameters of a batch's shape (the importer sends up to 20,000 keys; the plans do not depend on how many).
    const keys = Array.from({ length: 1_000 }, (_, i) => `key-${i}`);
    const rows = keys.map((key) => ({ key, id: key, from: key, to: key, props: {} }));
    const result = await session.run(`EXPLAIN ${text}`, { keys, ids: keys, paths: keys, rows, version: 1, now: 'now' });
    return operators(result.summary.plan as Plan);
  } finally {
    await session.close();
  }
}

const statements = keyLookupStatements();

describe("the importer's lookups by key", () => {
  it('cover every label, every relationship type and every pair of ends the model allows', () => {
    const names = statements.map((s) => s.name);
    expect(names).toContain('import:existingEntry');
    expect(names).toContain('import:existingLISTED_IN');
    expect(names).toContain('import:removeLISTED_IN');
    expect(names).toContain('import:createLISTED_IN:Entry:Document');
    expect(names).toContain('import:reviveEntries');
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(statements.map((s) => [s.name, s.cypher] as const))('%s seeks an index for each key and scans nothing', async (_, text) => {
    const plan = await explain(text);
    expect(
      plan.filter((op) => /IndexSeek/.test(op)),
      plan.join('\n'),
    ).not.toEqual([]);
    expect(
      plan.filter((op) => /Scan/.test(op)),
      plan.join('\n'),
    ).toEqual([]);
  });
});
