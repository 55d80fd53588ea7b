/**
 * The real Nubenetes pages (../shared/corpus/nubenetes/, both editions, as the curators publish
 * them; see its README). Skipped with a reason in a clone without that folder. Parsing only:
 * importing both sites into Neo4j is test/db/corpus.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNubenetesMarkdown } from '../../src/ingest/markdown.js';
import { loadInputs } from '../../src/ingest/load.js';
import { planImport } from '../../src/ingest/plan.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(repoRoot, process.env.MESHGRAPH_CORPUS_DIR ?? '../shared/corpus/nubenetes');
const haveCorpus = existsSync(resolve(corpus, 'v1'));
const skipNote = haveCorpus ? '' : ` (skipped: no corpus at ${corpus}; a clone without ../shared — set MESHGRAPH_CORPUS_DIR)`;
const pages = (edition: string) =>
  haveCorpus
    ? readdirSync(resolve(corpus, edition))
        .filter((n) => n.endsWith('.md'))
        .sort()
    : [];
const read = (page: string) => readFileSync(resolve(corpus, page), 'utf8');

describe.skipIf(!haveCorpus)(`every real page parses${skipNote}`, () => {
  it.each([...pages('v1').map((p) => `v1/${p}`), ...pages('v2').map((p) => `v2/${p}`)])('%s', (page) => {
    const parsed = parseNubenetesMarkdown(read(page), { file: page });
    for (const listing of parsed.listings) {
      expect(listing.url).toMatch(/^https?:\/\/[^\s]+$/);
      expect(listing.title).not.toBe('');
      // Renderer fields and emoji never end up inside a title.
      expect(listing.title).not.toMatch(/[⏱📖🎥🌟⭐\uFFFC\uE000-\uE002]/u);
      expect(listing.categoryPath.length).toBeGreaterThan(0);
    }
  });
});

/**
 * An independent count of the resources a page lists: lines that start a list item, outside code
 * fences, whose first absolute link (markdown or bare) is taken as written, with the same
 * canonical form spelled out here again (host lower-cased, fragment, utm_* and a trailing "/" dropped).
 */
function countListedUrls(text: string): number {
  const urls = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (!item) continue;
    const link = /\]\((https?:\/\/[^)\s]+)\)|(?<![([])(https?:\/\/[^\s<>)\]]+)/i.exec(item[1]!);
    if (!link) continue;
    const url = new URL(link[1] ?? link[2]!);
    url.hash = '';
    const query = url.search
      .slice(1)
      .split('&')
      .filter((p) => p && !/^utm_/i.test(p));
    let out = `${url.protocol}//${url.host}${url.pathname}`;
    if (query.length === 0 && out.endsWith('/')) out = out.slice(0, -1);
    else if (query.length > 0) out = `${out.replace(/(.)\/$/, '$1')}?${query.join('&')}`;
    urls.add(out);
  }
  return urls.size;
}

describe.skipIf(!haveCorpus)(`the entries of a page are the distinct list-item URLs it gives${skipNote}`, () => {
  it.each(['v1/servicemesh.md', 'v1/istio.md', 'v1/kubernetes-networking.md', 'v2/servicemesh.md', 'v2/api.md'])('%s', async (page) => {
    const dataset = await loadInputs([resolve(corpus, page)]);
    expect(dataset.documents[0]!.entries).toBe(countListedUrls(read(page)));
    expect(planImport(dataset).nodes.get('Entry')!.length).toBe(dataset.documents[0]!.entries);
  });
});
