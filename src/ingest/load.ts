/**
 * Reading import inputs into one validated Dataset: meshgraph dataset files (YAML, validated
 * against src/ingest/dataset.ts) and Nubenetes pages — markdown as the curators publish them
 * (src/ingest/markdown.ts) or the plain-text rendering (src/ingest/nubenetes.ts). The format
 * is recognised from the content. Folders are read recursively (.md, .txt, .yaml, .yml).
 * Every problem is reported with its file and line, all at once; nothing is written until the
 * whole input is valid.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  DatasetFileSchema,
  type EntryCategory,
  type DatasetConcept,
  type DatasetEntry,
  type DatasetEntryLink,
  type DatasetOrganization,
  type DatasetProduct,
  type DatasetRelationship,
  type DatasetSource,
} from './dataset.js';
import { parseNubenetesMarkdown } from './markdown.js';
import { NubenetesParseError, parseNubenetesList, type ResourceFields } from './nubenetes.js';
import { slugify } from './slug.js';
import { canonicalUrl } from './url.js';

/** Where an item came from, for error messages. */
export interface Origin {
  file: string;
  line: number;
}

interface Located<T> {
  value: T;
  origin: Origin;
}

/** What a page says about one resource, at one place (a list item of a page). */
export interface PageListing extends ResourceFields {
  /** The resource: its canonical URL (markdown pages) … */
  url?: string;
  /** … or, in the text rendering, which has no URLs, `entryId(title, year)`. */
  textId?: string;
  category: EntryCategory;
  /** The document (its path as given) that lists it. */
  document: string;
  /** Its line in that document, when it was read from elsewhere (a dataset's `documents`); else the origin's line. */
  pageLine?: number;
}

export type DocumentFormat = 'markdown' | 'text' | 'dataset';

/** One input file, as the import summary reports it. */
export interface DocumentReport {
  path: string;
  format: DocumentFormat | 'unknown';
  /** A page's title (its `#` heading or first line), when it has one. */
  title?: string;
  /** Distinct resources (or dataset entries) it lists. */
  entries: number;
  /** List items without a link, page chrome: lines read but not imported. */
  skipped: number;
  problems: Array<{ line: number; message: string }>;
}

/** All inputs of one import, merged. */
export interface Dataset {
  /** Curated entries (dataset files). */
  entries: Located<DatasetEntry>[];
  /** Page listings, in document order then line order. */
  listings: Located<PageListing>[];
  documents: DocumentReport[];
  products: Located<DatasetProduct>[];
  concepts: Located<DatasetConcept>[];
  organizations: Located<DatasetOrganization>[];
  sources: Located<DatasetSource>[];
  relationships: Located<DatasetRelationship>[];
  entryLinks: Located<DatasetEntryLink>[];
  /** Lines of Nubenetes pages that were neither heading nor entry (page chrome). */
  skipped: Array<Origin & { text: string; reason: string }>;
  files: string[];
}

export interface DatasetIssue extends Origin {
  message: string;
}

export class DatasetError extends Error {
  constructor(
    readonly issues: DatasetIssue[],
    /** What each input file gave, when the files were read (for the JSON summary). */
    readonly documents: DocumentReport[] = [],
  ) {
    const shown = issues.slice(0, 50).map((i) => `  ${i.file}:${i.line}: ${i.message}`);
    if (issues.length > 50) shown.push(`  … and ${issues.length - 50} more`);
    super(`The input is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was written:\n${shown.join('\n')}`);
    this.name = 'DatasetError';
  }
}

function emptyDataset(): Dataset {
  return {
    entries: [],
    listings: [],
    documents: [],
    products: [],
    concepts: [],
    organizations: [],
    sources: [],
    relationships: [],
    entryLinks: [],
    skipped: [],
    files: [],
  };
}

const SECTIONS = ['entries', 'products', 'concepts', 'organizations', 'sources', 'relationships', 'entryLinks'] as const;

const READ = /\.(?:ya?ml|md|markdown|txt)$/i;

/** Expands folders (recursively) to their .md, .txt and .yaml files, sorted for a stable order. */
async function expandInputs(inputs: string[]): Promise<Array<{ file: string; named: boolean }>> {
  const files: Array<{ file: string; named: boolean }> = [];
  const walk = async (dir: string): Promise<string[]> => {
    const out: string[] = [];
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) out.push(...(await walk(full)));
      else if (READ.test(entry.name)) out.push(full);
    }
    return out;
  };
  const issues: DatasetIssue[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) {
      issues.push({ file: input, line: 0, message: 'no such file or directory' });
    } else if (info.isDirectory()) {
      const found = await walk(input);
      if (found.length === 0) issues.push({ file: input, line: 0, message: 'the folder holds no .md, .txt or .yaml file' });
      files.push(...found.map((file) => ({ file, named: false })));
    } else {
      files.push({ file: input, named: true });
    }
  }
  if (issues.length > 0) throw new DatasetError(issues);
  return files;
}

/** What a file holds, from its content: a dataset, a markdown or text page, or something we do not read. */
export function detectFormat(text: string): DocumentFormat | { refused: string } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { refused: 'the file is empty' };
  if (/^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body)) {
    return {
      refused:
        "this is an HTML page, which the importer does not read: import the page's markdown source (.md) or its text rendering (.txt)",
    };
  }
  if (/^meshgraph\s*:/m.test(body)) return 'dataset';
  const lines = body.split(/\r\n|\n|\r/);
  const pilcrows = lines.some((l) => /\u00B6\s*$|\u0E22\u0E16\s*$/.test(l));
  const markdownLinks = /\]\(\s*<?https?:\/\//i.test(body);
  const textEntries = lines.some((l) => /^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s*\(\s*\d{4}\s*\)/.test(l));
  if (pilcrows || (!markdownLinks && textEntries)) return 'text';
  return 'markdown';
}

/**
 * The document key: edition and file name when the file sits in a folder named v1 or v2
 * (`v1/servicemesh.md`), else the path as given, relative to the current directory.
 */
export function documentPath(file: string): string {
  const folder = path.basename(path.dirname(path.resolve(file)));
  if (/^v\d+$/.test(folder)) return `${folder}/${path.basename(file)}`;
  return path.relative(process.cwd(), file) || file;
}

/** Loads files (dataset YAML or Nubenetes pages, by content) into one Dataset; throws DatasetError. */
export async function loadInputs(inputs: string[]): Promise<Dataset> {
  const files = await expandInputs(inputs);
  const dataset = emptyDataset();
  const issues: DatasetIssue[] = [];
  const pages: ParsedPage[] = [];
  for (const { file, named } of files) {
    // NFC: one Unicode form in the graph, so the full-text indexes (which fold composed letters
    // only) fold an accented name however its file spelt it.
    const text = (await readFile(file, 'utf8')).normalize('NFC');
    const display = path.relative(process.cwd(), file) || file;
    const report: DocumentReport = { path: documentPath(file), format: 'unknown', entries: 0, skipped: 0, problems: [] };
    dataset.documents.push(report);
    dataset.files.push(display);
    const before = issues.length;
    const format = detectFormat(text);
    if (typeof format !== 'string') {
      // A file named on the command line must hold something to import; inside a folder, say so and go on.
      if (named) issues.push({ file: display, line: 0, message: format.refused });
      report.problems.push({ line: 0, message: format.refused });
    } else {
      report.format = format;
      if (format === 'dataset') {
        const part = parseDatasetText(text, display, issues);
        mergeInto(dataset, part);
        report.entries = part.entries.length;
        // Pages given as facts: each is a document of its own in the summary.
        dataset.listings.push(...part.listings);
        dataset.documents.push(...part.documents);
      } else {
        const page = parsePage(text, display, format, issues);
        if (page) {
          pages.push({ ...page, document: report.path, report, named, display });
          report.skipped = page.skipped.length;
          if (page.title) report.title = page.title;
          for (const s of page.skipped) dataset.skipped.push({ file: display, line: s.line, text: s.text, reason: s.reason });
        }
      }
    }
    for (const issue of issues.slice(before)) report.problems.push({ line: issue.line, message: issue.message });
  }
  addListings(dataset, pages, issues);
  issues.push(...checkUniqueness(dataset));
  if (issues.length > 0) throw new DatasetError(issues, dataset.documents);
  return dataset;
}

interface RawListing extends Omit<PageListing, 'category' | 'document'> {
  line: number;
  categoryPath: string[];
}

interface ParsedPage {
  format: 'markdown' | 'text';
  title?: string;
  listings: RawListing[];
  skipped: Array<{ line: number; text: string; reason: string }>;
  document: string;
  report: DocumentReport;
  named: boolean;
  display: string;
}

function parsePage(
  text: string,
  file: string,
  format: 'markdown' | 'text',
  issues: DatasetIssue[],
): Omit<ParsedPage, 'document' | 'report' | 'named' | 'display'> | null {
  try {
    if (format === 'markdown') {
      const page = parseNubenetesMarkdown(text, { file, rootName: path.basename(file).replace(/\.[^.]+$/, '') });
      return { format, ...(page.title ? { title: page.title } : {}), listings: page.listings, skipped: page.skipped };
    }
    const page = parseNubenetesList(text, { file });
    return {
      format,
      ...(page.title ? { title: page.title } : {}),
      skipped: page.skipped,
      listings: page.entries.map(({ id, summary, ...e }) => ({ ...e, textId: id, description: summary, relatedUrls: [] })),
    };
  } catch (error) {
    if (error instanceof NubenetesParseError) {
      issues.push(...error.issues.map((i) => ({ file: i.file ?? file, line: i.line, message: i.reason })));
      return null;
    }
    throw error;
  }
}

/**
 * Gives every listing its category id and adds the listings to the dataset. Markdown pages are
 * each the root of their own subtree, keyed by file name: both editions of a page share the
 * root, named by the v1 page's `#` title where there is one. The text rendering keeps the tree
 * of its headings (ids: the slugs of the path). Sibling headings whose slugs collide get
 * distinct ids (`-2`, `-3` …), so two headings are never merged into one category.
 */
function addListings(dataset: Dataset, pages: ParsedPage[], issues: DatasetIssue[]): void {
  const rootNames = new Map<string, string>();
  const stem = (p: ParsedPage) => slugify(path.basename(p.document).replace(/\.[^.]+$/, '')) || 'page';
  for (const page of [...pages].sort((a, b) => Number(b.document.startsWith('v1/')) - Number(a.document.startsWith('v1/')))) {
    if (page.format === 'markdown' && page.title && !rootNames.has(stem(page))) rootNames.set(stem(page), page.title);
  }
  /** parent id → (heading name → id), and the slugs taken under each parent. */
  const children = new Map<string, Map<string, string>>();
  const taken = new Map<string, Set<string>>();
  const childId = (parentId: string, name: string): string => {
    const byName = children.get(parentId) ?? new Map<string, string>();
    children.set(parentId, byName);
    const known = byName.get(name);
    if (known) return known;
    const used = taken.get(parentId) ?? new Set<string>();
    taken.set(parentId, used);
    const base = slugify(name) || 'x';
    let slug = base;
    for (let n = 2; used.has(slug); n += 1) slug = `${base}-${n}`;
    used.add(slug);
    const id = parentId ? `${parentId}/${slug}` : slug;
    byName.set(name, id);
    return id;
  };

  // Page roots are top-level ids too: a text rendering's top heading never lands on one.
  taken.set('', new Set(pages.filter((p) => p.format === 'markdown').map(stem)));
  for (const page of pages) {
    const before = dataset.listings.length;
    const root = page.format === 'markdown' ? stem(page) : null;
    const rootName = root ? (rootNames.get(root) ?? page.title ?? root) : null;
    for (const { line, categoryPath, ...fields } of page.listings) {
      let category: EntryCategory;
      if (root && rootName) {
        let id = root;
        for (const name of categoryPath.slice(1)) id = childId(id, name);
        category = { id, path: [rootName, ...categoryPath.slice(1)] };
      } else {
        let id = '';
        for (const name of categoryPath) id = childId(id, name);
        category = { id, path: categoryPath };
      }
      dataset.listings.push({ value: { ...fields, category, document: page.document }, origin: { file: page.display, line } });
    }
    const keys = new Set(dataset.listings.slice(before).map((l) => l.value.url ?? l.value.textId));
    page.report.entries = keys.size;
    if (keys.size === 0) {
      const message = 'the page lists no entry (no list item with an absolute link)';
      page.report.problems.push({ line: 0, message });
      if (page.named) issues.push({ file: page.display, line: 0, message });
    }
  }
}

function mergeInto(target: Dataset, part: Dataset): void {
  for (const section of SECTIONS) {
    const into = target[section] as Located<unknown>[];
    for (const item of part[section] as Located<unknown>[]) into.push(item);
  }
  for (const line of part.skipped) target.skipped.push(line);
}

/** Parses one dataset YAML text; problems are appended to `issues` with line numbers. */
export function parseDatasetText(text: string, file: string, issues: DatasetIssue[]): Dataset {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const result = emptyDataset();
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
      issues.push({ file, line, message: `YAML syntax: ${error.message.split('\n')[0]}` });
    }
    return result;
  }
  const lineOf = (p: ReadonlyArray<PropertyKey>): number => lineAt(doc, lineCounter, p);
  const parsed = DatasetFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ file, line: lineOf(issue.path), message: describeIssue(issue) });
    return result;
  }
  for (const section of SECTIONS) {
    const items = parsed.data[section] as unknown[];
    (result[section] as Located<unknown>[]) = items.map((value, index) => ({ value, origin: { file, line: lineOf([section, index]) } }));
  }
  parsed.data.documents.forEach((document, d) => {
    const keys = new Set<string>();
    document.listings.forEach(({ line, category, ...facts }, index) => {
      keys.add(facts.url);
      const value: PageListing = { ...facts, url: canonicalUrl(facts.url) ?? facts.url, category, document: document.path, pageLine: line };
      result.listings.push({ value, origin: { file, line: lineOf(['documents', d, 'listings', index]) } });
    });
    result.documents.push({
      path: document.path,
      format: document.format,
      ...(document.title ? { title: document.title } : {}),
      entries: keys.size,
      skipped: 0,
      problems: [],
    });
  });
  return result;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** The 1-based line of the YAML node at `p`, or of its nearest existing parent. */
function lineAt(doc: Document, counter: LineCounter, p: ReadonlyArray<PropertyKey>): number {
  for (let depth = p.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(p.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
    if (depth > 0) {
      const parent = doc.getIn(p.slice(0, depth - 1) as unknown[], true);
      if (isMap(parent) || isSeq(parent)) {
        const key = p[depth - 1];
        const pair = isMap(parent) ? parent.items.find((it) => (it.key as { value?: unknown })?.value === key) : undefined;
        const keyNode = pair?.key as { range?: [number, number, number] } | undefined;
        if (keyNode?.range) return counter.linePos(keyNode.range[0]).line;
      }
    }
  }
  return 1;
}

/** Ids unique per section (across products, concepts and organizations), relationships once each. */
function checkUniqueness(dataset: Dataset): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  const seen = new Map<string, Origin>();
  const claim = (key: string, origin: Origin, what: string) => {
    const first = seen.get(key);
    if (first) issues.push({ ...origin, message: `${what} is already defined at ${first.file}:${first.line}` });
    else seen.set(key, origin);
  };
  for (const e of dataset.entries) claim(`entry:${e.value.id}`, e.origin, `entry id "${e.value.id}"`);
  for (const section of ['products', 'concepts', 'organizations'] as const) {
    for (const item of dataset[section]) claim(`node:${item.value.id}`, item.origin, `id "${item.value.id}"`);
  }
  for (const s of dataset.sources) claim(`source:${s.value.url}`, s.origin, `source ${s.value.url}`);
  for (const r of dataset.relationships)
    claim(`rel:${r.value.type}:${r.value.from}:${r.value.to}`, r.origin, `${r.value.type} ${r.value.from} → ${r.value.to}`);
  for (const l of dataset.entryLinks) claim(`link:${l.value.entry}`, l.origin, `entryLinks for "${l.value.entry}"`);
  return issues;
}
