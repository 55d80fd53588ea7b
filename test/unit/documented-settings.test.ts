/**
 * Every setting is documented: each variable meshgraph reads has a row in the README's
 * configuration table, and each limit setting has one in docs/limits.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { projectPath } from '../../src/paths.js';

const readme = readFileSync(projectPath('README.md'), 'utf8');
const limits = readFileSync(projectPath('docs', 'limits.md'), 'utf8');
const rowsOf = (markdown: string) => new Set([...markdown.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

describe('the settings are documented', () => {
  it("every variable has a row in the README's configuration table, and every row is a variable", () => {
    const rows = rowsOf(readme);
    expect(CONFIG_VARIABLES.filter((name) => !rows.has(name))).toEqual([]);
    expect([...rows].filter((name) => !CONFIG_VARIABLES.includes(name!))).toEqual([]);
  });

  it('every limit setting is in docs/limits.md with its default', () => {
    const limitSettings = CONFIG_VARIABLES.filter((name) => /^(MAX_|PARSE_CACHE_|RESPONSE_CACHE_|CLIENT_)/.test(name));
    expect(limitSettings.length).toBeGreaterThanOrEqual(10);
    for (const name of limitSettings) expect(limits, name).toMatch(new RegExp(`\\| \`${name}\``));
  });
});
