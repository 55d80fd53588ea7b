/**
 * Builds the dashboard (web/dist) only when it is missing or older than one of its sources:
 * `npm start` and the browser tests call this, so a start with nothing changed rebuilds nothing.
 *
 *   tsx scripts/build-web.ts          build when stale
 *   tsx scripts/build-web.ts --force  build anyway
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../src/paths.js';

const WEB_SOURCES = [
  projectPath('web', 'src'),
  projectPath('web', 'index.html'),
  projectPath('web', 'vite.config.ts'),
  projectPath('web', 'tsconfig.json'),
  // The dashboard words relationships from the graph model.
  projectPath('src', 'model.ts'),
  projectPath('package-lock.json'),
];
const WEB_BUILT = projectPath('web', 'dist', 'index.html');

function newestMtime(file: string): number {
  const info = statSync(file);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

/** True when web/dist is missing or older than any source of the page. */
export function webBuildIsStale(): boolean {
  if (!existsSync(WEB_BUILT)) return true;
  const built = statSync(WEB_BUILT).mtimeMs;
  return WEB_SOURCES.filter((f) => existsSync(f)).some((f) => newestMtime(f) > built);
}

/** Type-checks and builds the dashboard when web/dist is missing or stale (or always, with `force`). */
export function ensureWebBuild(force = false): boolean {
  if (!force && !webBuildIsStale()) return false;
  const run = (script: string, args: string[]) =>
    execFileSync(process.execPath, [projectPath('node_modules', ...script.split('/')), ...args], {
      cwd: projectPath(),
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 120_000,
    });
  run('typescript/bin/tsc', ['-p', projectPath('web', 'tsconfig.json')]);
  run('vite/bin/vite.js', ['build', '--config', projectPath('web', 'vite.config.ts')]);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = ensureWebBuild(process.argv.includes('--force'));
  console.log(built ? 'dashboard built (web/dist)' : 'dashboard up to date (web/dist)');
}
