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
const files = sourceFiles(projectPath('src')).map((file) => ({ file: path.relative(projectPath(), file), text: readFileSync(file, 'utf8') }));

describe('the codebase', () => {
  it('talks to Neo4j only from src/graph/: no other module imports neo4j-driver', () => {
    const offenders = files.filter((f) => /from ['"]neo4j-driver['"]/.test(f.text) && !f.file.startsWith(`src${path.sep}graph${path.sep}`));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });

  it('reads process.env only in the configuration module and the bundled-Neo4j launcher', () => {
    const allowed = new Set([path.join('src', 'config.ts'), path.join('src', 'neo4j', 'bundled.ts'), path.join('src', 'cli', 'tool.ts')]);
    const offenders = files.filter((f) => /process\.env\b/.test(f.text) && !allowed.has(f.file));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });

  it('names every Cypher statement it runs (cypher(name, text)), so logs and metrics can say which', () => {
    const offenders = files.filter((f) => /\b(graph|tx)\.(read|write|run)\(\s*['"`]/.test(f.text));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });
});

describe('the relationship allowlists', () => {
  it('agree between the importer (dataset format) and the API (relation store)', async () => {
    const { RELATIONSHIP_ENDPOINTS } = await import('../../src/ingest/dataset.js');
    const { RELATIONSHIP_TYPES, CURATED_RELATIONSHIP_TYPES } = await import('../../src/graph/stores/relationStore.js');
    for (const [type, ends] of Object.entries(RELATIONSHIP_ENDPOINTS)) {
      const api = RELATIONSHIP_TYPES[type as keyof typeof RELATIONSHIP_TYPES];
      expect(api, type).toBeDefined();
      expect([...api.from].sort(), `${type} from`).toEqual([...ends.from].sort());
      expect([...api.to].sort(), `${type} to`).toEqual([...ends.to].sort());
    }
    expect([...CURATED_RELATIONSHIP_TYPES, 'ABOUT', 'COMPARES'].sort()).toEqual(Object.keys(RELATIONSHIP_ENDPOINTS).sort());
  });
});
