/**
 * Reading inputs as a user gives them (src/ingest/load.ts) and planning one entry per resource
 * (src/ingest/plan.ts): formats recognised from content, folders, several paths, documents in the
 * summary, duplicates within and across pages, curated entries that pages also list.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetError, detectFormat, documentPath, loadInputs, parseDatasetText, type Dataset } from '../../src/ingest/load.js';
import { planImport } from '../../src/ingest/plan.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/nubenetes/${name}`, import.meta.url));
const refusal = async (inputs: string[]) => {
  try {
    await loadInputs(inputs);
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
};
const entriesOf = (dataset: Dataset) => planImport(dataset).nodes.get('Entry')!;
const categoriesOf = (dataset: Dataset, id: string) =>
  planImport(dataset)
    .relationships.filter((r) => r.type === 'IN_CATEGORY' && r.from === id)
    .map((r) => r.to);

describe('formats, recognised from the content', () => {
  it.each([
    ['meshgraph: 1\nentries: []\n', 'dataset'],
    ['Title¶\nHeading¶\n- (2020) A [LEGACY] — b.\n', 'text'],
    ['Title\n- (2020) A [LEGACY] — b.\n', 'text'],
    ['# Title\n\n- [A](https://a.example.com)\n', 'markdown'],
    ['# Only prose here.\n', 'markdown'],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });

  it.each([
    ['', 'empty'],
    ['  \n\n', 'empty'],
    ['<!DOCTYPE html>\n<html><body></body></html>', 'HTML'],
    ['<html lang="en">\n<body></body></html>', 'HTML'],
  ])('refuses %j (%s)', (text, why) => {
    expect(detectFormat(text)).toEqual({ refused: expect.stringContaining(why === 'empty' ? 'empty' : 'HTML') });
  });
});

describe('documents', () => {
  it('are keyed by edition and file name in a v1/v2 folder, else by the path as given', () => {
    expect(documentPath(fixture('site/v1/meshes.md'))).toBe('v1/meshes.md');
    expect(documentPath('test/fixtures/nubenetes/text-bullets.txt')).toBe('test/fixtures/nubenetes/text-bullets.txt');
  });

  it('a folder is read recursively; a page with no entry is reported with entries: 0 and a problem, without failing the import', async () => {
    const dataset = await loadInputs([fixture('site')]);
    expect(dataset.documents).toEqual([
      { path: 'v1/meshes.md', format: 'markdown', title: 'Mesh Reading', entries: 9, skipped: 6, problems: [] },
      { path: 'v1/other.md', format: 'markdown', title: 'Other Things', entries: 3, skipped: 0, problems: [] },
      {
        path: 'v1/prose.md',
        format: 'markdown',
        title: 'About This Site',
        entries: 0,
        skipped: 0,
        problems: [{ line: 0, message: 'the page lists no entry (no list item with an absolute link)' }],
      },
      { path: 'v2/meshes.md', format: 'markdown', title: 'Meshes', entries: 2, skipped: 0, problems: [] },
    ]);
  });

  it('several paths are read in one call, files and folders alike', async () => {
    const dataset = await loadInputs([fixture('site/v2'), fixture('text-bullets.txt')]);
    expect(dataset.documents.map((d) => [d.path, d.format])).toEqual([
      ['v2/meshes.md', 'markdown'],
      [expect.stringMatching(/text-bullets\.txt$/), 'text'],
    ]);
  });

  it.each([
    ['site/v1/prose.md', 'the page lists no entry'],
    ['refused/saved-page.html', 'HTML page'],
    ['refused/empty.md', 'the file is empty'],
    ['no/such/file.md', 'no such file or directory'],
  ])('a file named on the command line that gives no entry is an error naming it: %s', async (name, message) => {
    const error = await refusal([fixture(name)]);
    expect(error.issues).toEqual([
      expect.objectContaining({ file: expect.stringContaining(name.split('/').pop()!), message: expect.stringContaining(message) }),
    ]);
  });

  it('reports every problem of every file in one pass', async () => {
    const error = await refusal([fixture('bad-lines.txt'), fixture('refused/empty.md')]);
    expect(error.issues.map((i) => [i.file.split('/').pop(), i.line])).toEqual([
      ['bad-lines.txt', 2],
      ['bad-lines.txt', 4],
      ['bad-lines.txt', 5],
      ['bad-lines.txt', 7],
      ['bad-lines.txt', 8],
      ['bad-lines.txt', 10],
      ['bad-lines.txt', 11],
      ['bad-lines.txt', 12],
      ['empty.md', 0],
    ]);
  });
});

describe('the text rendering', () => {
  it('takes any bullet and reads renderer metadata as fields', async () => {
    const listings = (await loadInputs([fixture('text-bullets.txt')])).listings.map((l) => l.value);
    expect(listings.map((l) => l.title)).toEqual([
      'Dash Bullet',
      'Star Bullet',
      'Plus Bullet',
      'Dot Bullet',
      'Numbered Item',
      'An example talk',
      'A Long Read',
    ]);
    expect(listings[5]).toMatchObject({
      author: 'Some Author',
      duration: '32:10',
      video: true,
      rating: 3,
      stability: 'COMMUNITY-TOOL',
      kinds: ['GUIDE'],
      year: 2023,
    });
    expect(listings[6]).toMatchObject({ readingMinutes: 12, stability: 'LEGACY' });
  });

  it('files the entries of a page without ¶ headings under the page title', async () => {
    const listings = (await loadInputs([fixture('text-no-pilcrow.txt')])).listings.map((l) => l.value);
    expect(listings.map((l) => [l.title, l.category])).toEqual([
      ['First Thing', { id: 'headings-without-pilcrows', path: ['Headings Without Pilcrows'] }],
      ['Second Thing', { id: 'headings-without-pilcrows', path: ['Headings Without Pilcrows'] }],
    ]);
  });
});

describe('one entry per resource', () => {
  it('merges a resource listed twice on a page and on several pages into one entry in every category that lists it', async () => {
    const dataset = await loadInputs([fixture('site')]);
    const entries = entriesOf(dataset);
    expect(entries).toHaveLength(12); // 9 on v1/meshes.md, 2 more on other.md, 1 more on v2/meshes.md
    expect(new Set(entries.map((e) => e.props.url)).size).toBe(12);
    const gentle = entries.find((e) => e.props.url === 'https://example.org/articles/gentle-start')!;
    expect(categoriesOf(dataset, gentle.key)).toEqual(['meshes/basics', 'meshes/proxies/sidecars']);
    const why = entries.find((e) => e.props.url === 'https://blog.example.net/why-meshes')!;
    expect(categoriesOf(dataset, why.key)).toEqual(['meshes/basics', 'other/cross-listed']);
    // Fields come from the first listing (document order, then line).
    expect(why.props).toMatchObject({ title: 'Why Meshes Exist', rating: 2, description: 'A short essay.', categoryId: 'meshes/basics' });
  });

  it('gives both editions of a page one root, named by the v1 page title', async () => {
    const dataset = await loadInputs([fixture('site')]);
    const internals = entriesOf(dataset).find((e) => e.props.url === 'https://proxy.example.com/internals')!;
    expect(categoriesOf(dataset, internals.key)).toEqual(['meshes/proxies', 'meshes']);
    const root = planImport(dataset)
      .nodes.get('Category')!
      .find((c) => c.key === 'meshes')!;
    expect(root.props).toMatchObject({ name: 'Mesh Reading', path: ['Mesh Reading'], depth: 1 });
  });

  it('keeps headings whose slugs collide apart ("C++ Meshes" and "C Meshes")', async () => {
    const categories = planImport(await loadInputs([fixture('site/v1/other.md')])).nodes.get('Category')!;
    expect(categories.map((c) => [c.key, c.props.name])).toEqual([
      ['other', 'Other Things'],
      ['other/c-meshes', 'C++ Meshes'],
      ['other/c-meshes-2', 'C Meshes'],
      ['other/cross-listed', 'Cross Listed'],
    ]);
  });

  it('keeps headings of the text rendering whose slugs collide apart too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-collide-'));
    const page = path.join(dir, 'collide.txt');
    writeFileSync(
      page,
      [
        'Languages¶',
        'C++ Meshes¶',
        '- (2020) One [LEGACY] — a.',
        'C Meshes¶',
        '- (2021) Two [LEGACY] — b.',
        '@Field QA¶',
        '- (2022) Three [LEGACY] — c.',
        'Field QA¶',
        '- (2023) Four [LEGACY] — d.',
      ].join('\n'),
    );
    const listings = (await loadInputs([page])).listings.map((l) => [l.value.title, l.value.category.id]);
    expect(listings).toEqual([
      ['One', 'c-meshes'],
      ['Two', 'c-meshes-2'],
      ['Three', 'field-qa'],
      ['Four', 'field-qa-2'],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses curated entries whose different heading paths would become one category, with file and line', () => {
    const issues: Parameters<typeof parseDatasetText>[2] = [];
    const curated = parseDatasetText(
      [
        'meshgraph: 1',
        'entries:',
        '  - { id: one-2020, title: One, year: 2020, summary: Ours., categoryPath: [Meshes, C++ Meshes] }',
        '  - { id: two-2021, title: Two, year: 2021, summary: Ours., categoryPath: [Meshes, C Meshes] }',
      ].join('\n'),
      'collide.yaml',
      issues,
    );
    expect(() => planImport({ ...curated, files: ['collide.yaml'] })).toThrow(
      /collide\.yaml:4: the heading path "Meshes > C Meshes" gets the category id "meshes\/c-meshes" of "Meshes > C\+\+ Meshes" \(collide\.yaml:3\)/,
    );
  });

  it('a curated entry and the page listings of its URL are one entry: its id and curated fields stay, the page adds categories', async () => {
    const pages = await loadInputs([fixture('site/v1/meshes.md')]);
    const curated = parseDatasetText(
      [
        'meshgraph: 1',
        'entries:',
        '  - id: gentle-start-2020',
        '    title: A Gentle Start',
        '    year: 2020',
        '    url: https://example.org/articles/gentle-start/',
        '    summary: Our own words about it.',
        '    categoryPath: [Curated Reading]',
      ].join('\n'),
      'curated.yaml',
      [],
    );
    const dataset: Dataset = { ...pages, entries: curated.entries };
    const entries = entriesOf(dataset);
    const gentle = entries.filter(
      (e) => e.props.url === 'https://example.org/articles/gentle-start/' || e.props.url === 'https://example.org/articles/gentle-start',
    );
    expect(gentle.map((e) => e.key)).toEqual(['gentle-start-2020']);
    expect(gentle[0]!.props).toMatchObject({
      title: 'A Gentle Start',
      year: 2020,
      summary: 'Our own words about it.',
      curated: true,
      categoryId: 'curated-reading',
    });
    expect(gentle[0]!.props.description).toBeUndefined();
    expect(categoriesOf(dataset, 'gentle-start-2020')).toEqual(['curated-reading', 'meshes/basics', 'meshes/proxies/sidecars']);
  });
});

describe('integers the API serves as Int', () => {
  it('are refused above 2,147,483,647 at import, with file and line, for every numeric property', async () => {
    const issues: Parameters<typeof parseDatasetText>[2] = [];
    parseDatasetText(
      [
        'meshgraph: 1',
        'entries:',
        '  - { id: big-2020, title: Big, year: 2020, summary: Ours., categoryPath: [Meshes], githubStars: 3000000000 }',
        '  - { id: long-2020, title: Long, year: 2020, summary: Ours., categoryPath: [Meshes], readingMinutes: 3000000000 }',
        'documents:',
        '  - path: v1/page.md',
        '    format: markdown',
        '    listings:',
        '      - { line: 3000000000, url: "https://a.example.com", title: A, category: { id: page, path: [Page] } }',
      ].join('\n'),
      'big.yaml',
      issues,
    );
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [3, expect.stringMatching(/githubStars: must be at most 2147483647/)],
      [4, expect.stringMatching(/readingMinutes: must be at most 2147483647/)],
      [9, expect.stringMatching(/line: must be at most 2147483647/)],
    ]);
  });

  it('a text-rendering star count above it is an error with its line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshgraph-big-'));
    const page = path.join(dir, 'big.txt');
    writeFileSync(page, ['Page¶', 'Things¶', '- (2020) Huge ⭐ 3,000,000k [LEGACY] — far too many stars.'].join('\n'));
    const error = await refusal([page]);
    expect(error.issues).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/star count 3000000000 is above 2147483647/) }),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
