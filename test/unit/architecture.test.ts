/**
 * Rules of the codebase that keep it easy to change, checked so they stay true.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.ts$/.test(name) ? [full] : [];
  });
}
const files = sourceFiles(projectPath('src')).map((file) => ({
  file: path.relative(projectPath(), file),
  text: readFileSync(file, 'utf8'),
}));

describe('the codebase', () => {
  it('talks to Neo4j only from src/graph/: no other module imports neo4j-driver', () => {
    const offenders = files.filter((f) => /from ['"]neo4j-driver['"]/.test(f.text) && !f.file.startsWith(`src${path.sep}graph${path.sep}`));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });

  it('reads process.env only in the configuration module and the bundled-Neo4j launcher', () => {
    // src/production.ts sets NODE_ENV for the libraries (graphql-js reads it when loaded); meshgraph never reads it.
    const allowed = new Set([
      path.join('src', 'config.ts'),
      path.join('src', 'neo4j', 'bundled.ts'),
      path.join('src', 'cli', 'tool.ts'),
      path.join('src', 'production.ts'),
    ]);
    const offenders = files.filter((f) => /process\.env\b/.test(f.text) && !allowed.has(f.file));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });

  it('names every Cypher statement it runs (cypher(name, text)), so logs and metrics can say which', () => {
    const offenders = files.filter((f) => /\b(graph|tx)\.(read|write|run)\(\s*['"`]/.test(f.text));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });
});

describe('the module graph', () => {
  it('has no import cycles in src/ (type-only imports aside)', () => {
    const imports = new Map(
      files.map((f) => [
        f.file,
        [...f.text.matchAll(/^import (?!type )[^;]*?from '(\.{1,2}\/[^']+)\.js';/gms)].map((m) =>
          path.join(path.dirname(f.file), `${m[1]}.ts`),
        ),
      ]),
    );
    // The scan sees real imports (a check that reads nothing would pass vacuously).
    expect(imports.get(path.join('src', 'schema', 'relations.ts'))).toContain(path.join('src', 'schema', 'product.ts'));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of imports.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of imports.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('the graph model (src/model.ts)', () => {
  const migrations = readdirSync(projectPath('cypher'))
    .filter((f) => f.endsWith('.cypher'))
    .map((f) => readFileSync(projectPath('cypher', f), 'utf8'))
    .join('\n');
  const nodeKeys = new Set([...migrations.matchAll(/FOR \(\w+:(\w+)\) REQUIRE \w+\.(\w+) IS UNIQUE/g)].map((m) => `${m[1]}.${m[2]}`));
  const relationshipIds = new Set([...migrations.matchAll(/FOR \(\)-\[\w+:(\w+)\]-\(\) REQUIRE \w+\.id IS UNIQUE/g)].map((m) => m[1]));

  it('has a uniqueness constraint in cypher/ for the key of every label', async () => {
    const { LABELS } = await import('../../src/model.js');
    const missing = Object.entries(LABELS)
      .map(([label, spec]) => `${label}.${spec.key}`)
      .filter((key) => !nodeKeys.has(key));
    expect(missing).toEqual([]);
  });

  it('has a uniqueness constraint in cypher/ for the id of every relationship type', async () => {
    const { RELATIONSHIP_TYPES } = await import('../../src/model.js');
    expect(RELATIONSHIP_TYPES.filter((type) => !relationshipIds.has(type))).toEqual([]);
  });

  it('is what dataset files may state: the dataset format accepts every curated property of every label it holds', async () => {
    const { curatedProperties } = await import('../../src/model.js');
    const { DatasetFileSchema } = await import('../../src/ingest/dataset.js');
    const sections = {
      entries: 'Entry',
      products: 'Product',
      concepts: 'Concept',
      organizations: 'Organization',
      sources: 'Source',
    } as const;
    const refused: string[] = [];
    for (const [section, label] of Object.entries(sections)) {
      const record = Object.fromEntries(curatedProperties(label).map((name) => [name, null]));
      const result = DatasetFileSchema.safeParse({ meshgraph: 1, [section]: [record] });
      for (const issue of result.error?.issues ?? [])
        if (issue.code === 'unrecognized_keys') refused.push(`${label}: ${issue.keys.join(', ')}`);
    }
    expect(refused).toEqual([]);
  });

  it('declares every label a relationship type connects, and every API field once per type it is on', async () => {
    const { LABELS, RELATIONSHIPS, relationshipFields } = await import('../../src/model.js');
    for (const [type, spec] of Object.entries(RELATIONSHIPS)) {
      for (const label of [...spec.from, ...spec.to]) expect(Object.keys(LABELS), `${type} ends`).toContain(label);
    }
    const names = relationshipFields().map((f) => `${f.on}.${f.name}`);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
