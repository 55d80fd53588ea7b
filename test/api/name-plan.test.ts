/**
 * Name resolution's plan (src/graph/stores/names.ts), read with PROFILE on the test Neo4j: when a
 * node has the text as its name, the branches that grow with the graph — the alias scan (no index
 * can serve membership in a list property) and the full-text queries — do not run at all. The
 * lineage-scale benchmark found the alias scan running, and filtered only after, on every lookup.
 */
import neo4j, { type ProfiledPlan } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameItem, resolveStatement } from '../../src/graph/stores/names.js';
import { testNeo4j } from '../support/graph.js';

const driver = (() => {
  const n = testNeo4j();
  return { n, driver: neo4j.driver(n.uri, neo4j.auth.basic(n.user, n.password)) };
})();
afterAll(async () => {
  await driver.driver.close();
});

/** Rows each operator of a profiled plan produced, by operator type (summed). */
async function rowsByOperator(text: string): Promise<Map<string, number> & { hits?: Array<{ name: string; stage: string }> }> {
  const session = driver.driver.session({ database: driver.n.database });
  try {
    const result = await session.run(`PROFILE ${resolveStatement(['Product']).cypher}`, { items: [nameItem(0, text, ['Product'])] });
    const rows: Map<string, number> & { hits?: Array<{ name: string; stage: string }> } = new Map<string, number>();
    rows.hits = result.records[0]?.get('hits');
    const visit = (op: ProfiledPlan) => {
      const type = op.operatorType.split('@')[0]!;
      rows.set(type, (rows.get(type) ?? 0) + Number(op.rows));
      for (const child of op.children) visit(child);
    };
    if (result.summary.profile) visit(result.summary.profile);
    return rows;
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  // Warm the plan cache, so the profile is of the plan every lookup runs.
  await rowsByOperator('Istio');
});

describe('resolving a name', () => {
  it('a name match scans no label and queries no full-text index', async () => {
    const rows = await rowsByOperator('Istio');
    expect(rows.get('NodeIndexSeek')).toBe(1);
    expect(rows.get('NodeByLabelScan') ?? 0).toBe(0);
    expect(rows.get('ProcedureCall') ?? 0).toBe(0);
  });

  it('a node whose name and id both are the text is one hit, by name: what is read with it is read once', async () => {
    // "istio" is Istio's id and, folded, its name: the id branch leaves a node the name branch found.
    const rows = await rowsByOperator('istio');
    expect(rows.hits).toEqual([expect.objectContaining({ name: 'Istio', stage: 'name' })]);
  });

  it('an id that is not the name is still found by its id', async () => {
    const rows = await rowsByOperator('traefik-mesh');
    expect(rows.hits).toContainEqual(expect.objectContaining({ name: 'Traefik Mesh', stage: 'id' }));
  });

  it('text that is no name runs the alias and full-text branches (and so finds aliases and near misses)', async () => {
    const rows = await rowsByOperator('Maesch');
    expect(rows.get('NodeByLabelScan')).toBeGreaterThan(0);
    expect(rows.hits).toContainEqual(expect.objectContaining({ name: 'Maesh', stage: 'fuzzy' }));
  });
});
