/**
 * Database schema migrations: the `cypher/NNN_name.cypher` files, applied in order, each once.
 * Applied migrations are recorded as (:Migration {id, checksum, appliedAt}); a recorded migration
 * whose file has since changed is an error (edit by adding a new file, never by rewriting one).
 * Statements are DDL and idempotent (`IF NOT EXISTS`), so a crash half-way is repaired by the
 * next start re-running the unrecorded file.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectPath } from '../paths.js';
import { cypher, type Graph } from './graph.js';

export interface Migration {
  id: string;
  file: string;
  checksum: string;
  statements: string[];
}

/** The project's cypher/ folder. */
function migrationsDir(): string {
  return projectPath('cypher');
}

/** Splits a .cypher file into statements: `;` at the end of a line ends one; `//` lines are comments. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) continue;
    current.push(line);
    if (line.endsWith(';')) {
      statements.push(current.join(' ').replace(/;$/, ''));
      current = [];
    }
  }
  if (current.length > 0) statements.push(current.join(' '));
  return statements;
}

export async function loadMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.cypher$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      return {
        id: file.replace(/\.cypher$/, ''),
        file,
        checksum: createHash('sha256').update(text).digest('hex').slice(0, 16),
        statements: splitStatements(text),
      };
    }),
  );
}

const appliedMigrations = cypher('appliedMigrations', 'MATCH (m:Migration) RETURN m.id AS id, m.checksum AS checksum ORDER BY m.id');
const recordMigration = cypher('recordMigration', 'MERGE (m:Migration {id: $id}) SET m.checksum = $checksum, m.appliedAt = datetime()');

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

/** Applies every migration not yet recorded, in order. Safe to call on every start. */
export async function migrate(graph: Graph, migrations?: Migration[]): Promise<MigrationReport> {
  const all = migrations ?? (await loadMigrations());
  const rows = await graph.read(appliedMigrations);
  const recorded = new Map(rows.map((r) => [String(r.id), String(r.checksum)]));
  const report: MigrationReport = { applied: [], alreadyApplied: [] };
  for (const migration of all) {
    const checksum = recorded.get(migration.id);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new MigrationError(
          `cypher/${migration.file} was changed after it was applied (checksum ${checksum} → ${migration.checksum}); add a new migration instead`,
        );
      }
      report.alreadyApplied.push(migration.id);
      continue;
    }
    for (const [index, statement] of migration.statements.entries()) {
      await graph.runSchema(cypher(`migration:${migration.id}#${index + 1}`, statement));
    }
    await graph.write(recordMigration, { id: migration.id, checksum: migration.checksum });
    report.applied.push(migration.id);
  }
  return report;
}

/** True when every migration on disk is recorded in the database. */
export async function pendingMigrations(graph: Graph, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  const rows = await graph.read(appliedMigrations);
  const recorded = new Set(rows.map((r) => String(r.id)));
  return all.filter((m) => !recorded.has(m.id)).map((m) => m.id);
}
