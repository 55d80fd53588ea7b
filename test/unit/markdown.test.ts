/**
 * Markdown pages as the curators publish them (src/ingest/markdown.ts), on fixtures in our own
 * words: test/fixtures/nubenetes/site/ holds two editions of a made-up page and two more pages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNubenetesMarkdown, type MarkdownListing } from '../../src/ingest/markdown.js';
import { NubenetesParseError } from '../../src/ingest/nubenetes.js';
import { mangleTis620 } from '../support/mangle.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/nubenetes/${name}`, import.meta.url), 'utf8');
const v1 = () => parseNubenetesMarkdown(fixture('site/v1/meshes.md'), { file: 'v1/meshes.md' });
const byUrl = (listings: MarkdownListing[], url: string) => listings.filter((l) => l.url === url);

describe('what is an entry', () => {
  it('takes every list item with an absolute link, whatever its marker and depth, in page order', () => {
    expect(v1().listings.map((l) => [l.line, l.url])).toEqual([
      [9, 'https://example.org/articles/gentle-start'],
      [10, 'https://blog.example.net/why-meshes'],
      [11, 'https://medium.example.com/@someone/three-myths'],
      [13, 'https://bare.example.com/mesh-notes'],
      [16, 'https://bench.example.com/results'],
      [30, 'https://proxy.example.com/internals'],
      [31, 'https://proxy.example.com/nested'],
      [32, 'https://proxy.example.com/deeper'],
      [36, 'https://example.org/articles/gentle-start'],
      [37, 'https://video.example.com/watch?v=abc123'],
    ]);
  });

  it('never takes links in prose, tables or HTML blocks, nor relative links and #anchors', () => {
    const urls = v1().listings.flatMap((l) => [l.url, ...l.relatedUrls]);
    for (const ignored of ['prose.example.com', 'table.example.com', 'html.example.com', 'other.md', '#proxies']) {
      expect(urls.some((u) => u.includes(ignored))).toBe(false);
    }
  });

  it('counts items without an absolute link (remarks, the numbered table of contents) as skipped, not as errors', () => {
    expect(v1().skipped.map((s) => s.line)).toEqual([3, 4, 5, 12, 14, 15]);
    expect(v1().skipped.find((s) => s.line === 12)?.text).toBe('Remarks like this one carry no link and are only counted.');
  });

  it('keeps the other links of an item as related links', () => {
    const [bench] = byUrl(v1().listings, 'https://bench.example.com/results');
    expect(bench?.relatedUrls).toEqual(['https://bench.example.com/raw', 'https://code.example.com/bench']);
  });

  it('gives a bare URL its address as title', () => {
    expect(byUrl(v1().listings, 'https://bare.example.com/mesh-notes')[0]?.title).toBe('bare.example.com/mesh-notes');
  });
});

describe("the category tree is the page's own", () => {
  it("nests headings by their level under the page title, and keeps nested items in their parent's category", () => {
    const page = v1();
    expect(page.title).toBe('Mesh Reading');
    expect(page.categories.map((c) => c.path.join(' > '))).toEqual([
      'Mesh Reading > Basics',
      'Mesh Reading > Proxies',
      'Mesh Reading > Proxies > Sidecars',
    ]);
    expect(byUrl(page.listings, 'https://proxy.example.com/deeper')[0]?.categoryPath).toEqual(['Mesh Reading', 'Proxies']);
    expect(byUrl(page.listings, 'https://example.org/articles/gentle-start').map((l) => l.categoryPath.at(-1))).toEqual([
      'Basics',
      'Sidecars',
    ]);
  });

  it('reads "Table of Contents" as navigation: its items belong to the page root', () => {
    const page = parseNubenetesMarkdown(fixture('site/v2/meshes.md'));
    expect(page.categories).toEqual([]);
    expect(page.listings.map((l) => l.categoryPath)).toEqual([['Meshes'], ['Meshes']]);
  });

  it('names the root by the file when the page has no # title', () => {
    const page = parseNubenetesMarkdown('## Section\n\n- [A](https://a.example.com)\n', { rootName: 'untitled' });
    expect(page.listings[0]?.categoryPath).toEqual(['untitled', 'Section']);
  });
});

describe('every field in its place', () => {
  it('splits publisher and title, strips ==highlight== marks, and reads trailing rating emoji', () => {
    const [gentle, why, myths] = v1().listings;
    expect([gentle?.publisher, gentle?.title, gentle?.rating]).toEqual(['example.org', 'A Gentle Start With Meshes', 0]);
    expect([why?.publisher, why?.title, why?.rating]).toEqual([undefined, 'Why Meshes Exist', 2]);
    expect([myths?.publisher, myths?.title]).toEqual(['medium', 'Three Mesh Myths']);
  });

  it('reads a year written (2021) in the title or **(2022)** after the link', () => {
    const page = v1();
    expect(byUrl(page.listings, 'https://medium.example.com/@someone/three-myths')[0]?.year).toBe(2021);
    const bench = byUrl(page.listings, 'https://bench.example.com/results')[0];
    expect([bench?.year, bench?.description]).toEqual([2022, 'numbers from a lab, see also the raw data and code.']);
  });

  it("keeps the page's own description apart from the title", () => {
    expect(v1().listings[0]?.description).toBe('Written as a first read for newcomers.');
    expect(byUrl(v1().listings, 'https://proxy.example.com/deeper')[0]?.description).toBeUndefined();
  });

  it('reads renderer metadata and tags as fields, never into the title', () => {
    const [talk] = byUrl(v1().listings, 'https://video.example.com/watch?v=abc123');
    expect(talk).toMatchObject({
      title: 'Sidecar Costs',
      author: 'Some Speaker',
      duration: '24:30',
      video: true,
      stability: 'COMMUNITY-TOOL',
      level: 'ADVANCED',
    });
  });

  it('reads <span class="md-tag"> tags of the second edition as stability and kinds', () => {
    const [, second] = parseNubenetesMarkdown(fixture('site/v2/meshes.md')).listings;
    expect(second).toMatchObject({
      publisher: 'example.org',
      title: 'Only In The Second Edition',
      stability: 'ENTERPRISE-STABLE',
      kinds: ['GUIDE'],
    });
  });

  it('gives canonical URLs: host lower-cased, utm_* parameters, fragment and trailing slash dropped', () => {
    expect(v1().listings[0]?.url).toBe('https://example.org/articles/gentle-start');
  });
});

describe('mangled text', () => {
  it('repairs a page saved as Windows-1252 to exactly what the correct page gives', () => {
    const mangled = parseNubenetesMarkdown(fixture('meshes.mangled-1252.md'), { file: 'v1/meshes.md' });
    expect(fixture('meshes.mangled-1252.md')).toContain('ðŸŒŸ');
    expect(mangled).toEqual(v1());
  });

  it('reads a page saved as TIS-620 like the correct one, but for what its lost bytes cannot tell (🎥 is any emoji)', () => {
    const mangled = parseNubenetesMarkdown(mangleTis620(fixture('site/v1/meshes.md')), { file: 'v1/meshes.md' });
    const withoutVideo = (page: ReturnType<typeof v1>) => page.listings.map(({ video: _video, ...rest }) => rest);
    expect(withoutVideo(mangled)).toEqual(withoutVideo(v1()));
    expect(mangled.categories).toEqual(v1().categories);
  });

  it('refuses text whose mangling cannot be undone, with file and line', () => {
    const broken = '# P\n\n## S\n\n- [Fine](https://a.example.com)\n- [Half â€ repaired](https://b.example.com)\n';
    expect(() => parseNubenetesMarkdown(broken, { file: 'p.md' })).toThrow(NubenetesParseError);
    expect(() => parseNubenetesMarkdown(broken, { file: 'p.md' })).toThrow(/^p\.md:6: mangled text/);
  });
});
