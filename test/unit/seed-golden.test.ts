/**
 * The seed page, its reviewed golden record and the bundled dataset must agree.
 *
 * - test/golden/seed-category-paths.json: for every entry of the seed page, its line, id, title,
 *   category path (checked by hand against the heading-tree rule, docs/nubenetes-format.md) and
 *   its other facts.
 * - The seed page itself lives outside the repository (../shared/seeds/…, or $MESHGRAPH_SEED_FILE);
 *   the tests that read it are skipped in a clone without it. The golden-vs-dataset checks always run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DatasetFileSchema } from '../../src/ingest/dataset.js';
import { parseNubenetesList } from '../../src/ingest/nubenetes.js';
import { canonicalUrl } from '../../src/ingest/url.js';

interface GoldenEntry {
  line: number;
  id: string;
  title: string;
  categoryPath: string[];
  year: number;
  publisher?: string;
  rating: number;
  level?: string;
  stability?: string;
  contentLanguage?: string;
  kinds: string[];
  githubStars?: number;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const seedFile = resolve(repoRoot, process.env.MESHGRAPH_SEED_FILE ?? '../shared/seeds/000_8674f2582ea40267.txt');
const haveSeed = existsSync(seedFile);
const skipNote = haveSeed ? '' : ` (skipped: no seed page at ${seedFile}; a clone without ../shared — set MESHGRAPH_SEED_FILE)`;

const golden = JSON.parse(readFileSync(resolve(repoRoot, 'test/golden/seed-category-paths.json'), 'utf8')) as GoldenEntry[];
const dataset = DatasetFileSchema.parse(parse(readFileSync(resolve(repoRoot, 'data/entries.yaml'), 'utf8')));
const seed = () => parseNubenetesList(readFileSync(seedFile, 'utf8'), { file: seedFile });

/** The facts a golden record holds, taken from a parsed or dataset entry (undefined fields left out). */
function facts(e: Omit<GoldenEntry, 'line'>): Omit<GoldenEntry, 'line'> {
  const { id, title, categoryPath, year, publisher, rating, level, stability, contentLanguage, kinds, githubStars } = e;
  return JSON.parse(
    JSON.stringify({ id, title, categoryPath, year, publisher, rating, level, stability, contentLanguage, kinds, githubStars }),
  );
}

describe(`seed page against the golden file${skipNote}`, () => {
  it.skipIf(!haveSeed)('parses to exactly the golden entries, in page order', () => {
    const page = seed();
    expect(page.entries).toHaveLength(63);
    expect(page.entries.map((e) => ({ line: e.line, ...facts(e) }))).toEqual(golden.map((g) => ({ line: g.line, ...facts(g) })));
  });

  it.skipIf(!haveSeed)('has the expected page title, category count and skipped chrome', () => {
    const page = seed();
    expect(page.title).toBe('Service Mesh');
    expect(page.categories).toHaveLength(80);
    expect(page.skipped.map((s) => [s.line, s.reason])).toEqual([
      [2, 'page intro (before the first category heading)'],
      [3, 'page intro (before the first category heading)'],
      [4, 'page intro (before the first category heading)'],
      [5, 'page intro (before the first category heading)'],
      [149, 'related-pages footer'],
    ]);
  });

  it.skipIf(!haveSeed)('data/entries.yaml summaries are our own words: no 6-word run copied from the page', () => {
    const words = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9' ]+/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
    const runs = (s: string) => {
      const w = words(s);
      return new Set(w.slice(0, Math.max(0, w.length - 5)).map((_, i) => w.slice(i, i + 6).join(' ')));
    };
    const pageSummaries = new Map(seed().entries.map((e) => [e.id, runs(e.summary)]));
    const copied = dataset.entries.flatMap((e) => {
      const theirs = pageSummaries.get(e.id) ?? new Set<string>();
      return [...runs(e.summary ?? '')].filter((r) => theirs.has(r)).map((r) => `${e.id}: "${r}"`);
    });
    expect(copied).toEqual([]);
  });
});

describe('golden file against data/entries.yaml', () => {
  it('holds 63 entries with unique ids', () => {
    expect(golden).toHaveLength(63);
    expect(new Set(golden.map((g) => g.id)).size).toBe(63);
  });

  it('has the same entries, in the same order, with the same facts', () => {
    expect(dataset.entries.map((e) => facts(e as Omit<GoldenEntry, 'line'>))).toEqual(golden.map((g) => facts(g)));
  });

  it('records the URL of every entry, no two entries with the same canonical URL', () => {
    const urls = dataset.entries.map((e) => (e.url ? canonicalUrl(e.url) : null));
    expect(urls.filter((u) => u === null)).toEqual([]);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('has a short summary of our own for every entry', () => {
    const bad = dataset.entries.filter((e) => !e.summary || e.summary.length > 240 || /^TODO\b/.test(e.summary)).map((e) => e.id);
    expect(bad).toEqual([]);
  });
});
