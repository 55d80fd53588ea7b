import { describe, expect, it } from 'vitest';
import { loadMigrations, splitStatements } from '../../src/graph/migrations.js';

describe('cypher migrations', () => {
  it('split into statements at a semicolon ending a line, skipping // comments', () => {
    expect(
      splitStatements('// why\nCREATE INDEX a IF NOT EXISTS\n  FOR (n:A) ON (n.x);\n\nCREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y);\n'),
    ).toEqual(['CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)', 'CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y)']);
  });

  it('are numbered, ordered, and idempotent (every statement says IF NOT EXISTS)', async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThanOrEqual(3);
    expect(migrations.map((m) => m.id)).toEqual([...migrations.map((m) => m.id)].sort());
    for (const migration of migrations) {
      for (const statement of migration.statements) {
        if (/^\s*(CREATE|DROP)\s/i.test(statement)) expect(statement, `${migration.file}: ${statement}`).toMatch(/IF (NOT )?EXISTS/i);
      }
    }
  });

  it('give every searchable label a full-text index and every id a uniqueness constraint', async () => {
    const text = (await loadMigrations()).flatMap((m) => m.statements).join('\n');
    for (const label of ['Entry', 'Product', 'Concept', 'Organization', 'Category']) {
      expect(text).toMatch(new RegExp(`FOR \\(n:${label}\\) REQUIRE n\\.id IS UNIQUE`));
    }
    for (const index of ['entry_search', 'product_search', 'concept_search', 'organization_search']) {
      expect(text).toMatch(new RegExp(`CREATE FULLTEXT INDEX ${index}`));
    }
  });
});
