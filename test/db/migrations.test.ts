import { afterAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph/graph.js';
import { loadMigrations, migrate, MigrationError, pendingMigrations } from '../../src/graph/migrations.js';
import { testGraph } from '../support/graph.js';

const graph = testGraph();
afterAll(() => graph.close());

describe('migrate', () => {
  it('has applied every migration once and records each with its checksum', async () => {
    expect(await pendingMigrations(graph)).toEqual([]);
    const rows = await graph.read(
      cypher('testMigrationRecords', 'MATCH (m:Migration) RETURN m.id AS id, m.checksum AS checksum ORDER BY id'),
    );
    const migrations = await loadMigrations();
    expect(rows).toEqual(migrations.map((m) => ({ id: m.id, checksum: m.checksum })));
  });

  it('does nothing on a second run', async () => {
    const report = await migrate(graph);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied.length).toBe((await loadMigrations()).length);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const [first, ...rest] = await loadMigrations();
    const edited = { ...first!, checksum: 'ffffffffffffffff' };
    await expect(migrate(graph, [edited, ...rest])).rejects.toThrow(MigrationError);
    await expect(migrate(graph, [edited, ...rest])).rejects.toThrow(/was changed after it was applied/);
  });

  it('leaves the constraints in force: a duplicate Product id is refused with CONFLICT', async () => {
    const create = cypher('testCreateProduct', 'CREATE (:Product {id: $id, name: $id})');
    try {
      await graph.write(create, { id: 'test-duplicate-product' });
      await expect(graph.write(create, { id: 'test-duplicate-product' })).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await graph.write(cypher('testDeleteProduct', 'MATCH (p:Product {id: $id}) DETACH DELETE p'), { id: 'test-duplicate-product' });
    }
  });
});
