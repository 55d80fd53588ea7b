/**
 * Where the project's own files are, whether running from src/ (tsx) or dist/src/ (compiled).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'cypher'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('meshgraph: cannot find the project root (package.json beside cypher/)');
    dir = parent;
  }
}

export const projectRoot = findRoot();
export const projectPath = (...parts: string[]): string => path.join(projectRoot, ...parts);
