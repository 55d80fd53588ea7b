/**
 * Reading import inputs into one validated Dataset: meshgraph dataset files (YAML, validated
 * against src/ingest/dataset.ts) and Nubenetes list pages (parsed by src/ingest/nubenetes.ts).
 * Every problem is reported with its file and line, all at once; nothing is written until the
 * whole input is valid.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  DatasetFileSchema,
  type DatasetConcept,
  type DatasetEntry,
  type DatasetEntryLink,
  type DatasetOrganization,
  type DatasetProduct,
  type DatasetRelationship,
  type DatasetSource,
} from './dataset.js';
import { NubenetesParseError, parseNubenetesList } from './nubenetes.js';

/** Where an item came from, for error messages. */
export interface Origin {
  file: string;
  line: number;
}

export interface Located<T> {
  value: T;
  origin: Origin;
}

/** All inputs of one import, merged. */
export interface Dataset {
  entries: Located<DatasetEntry>[];
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
  constructor(readonly issues: DatasetIssue[]) {
    const shown = issues.slice(0, 50).map((i) => `  ${i.file}:${i.line}: ${i.message}`);
    if (issues.length > 50) shown.push(`  … and ${issues.length - 50} more`);
    super(`The input is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was written:\n${shown.join('\n')}`);
    this.name = 'DatasetError';
  }
}

export function emptyDataset(): Dataset {
  return { entries: [], products: [], concepts: [], organizations: [], sources: [], relationships: [], entryLinks: [], skipped: [], files: [] };
}

const SECTIONS = ['entries', 'products', 'concepts', 'organizations', 'sources', 'relationships', 'entryLinks'] as const;

/** Expands directories to their *.yaml / *.yml / *.txt / *.md files, sorted for a stable order. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) throw new DatasetError([{ file: input, line: 0, message: 'no such file or directory' }]);
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => /\.(ya?ml)$/i.test(n)).sort();
      if (names.length === 0) throw new DatasetError([{ file: input, line: 0, message: 'the directory holds no .yaml dataset files' }]);
      files.push(...names.map((n) => path.join(input, n)));
    } else {
      files.push(input);
    }
  }
  return files;
}

/** Loads files (dataset YAML or Nubenetes pages, by extension) into one Dataset; throws DatasetError. */
export async function loadInputs(inputs: string[]): Promise<Dataset> {
  const files = await expandInputs(inputs);
  const dataset = emptyDataset();
  const issues: DatasetIssue[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const display = path.relative(process.cwd(), file) || file;
    if (/\.(ya?ml|json)$/i.test(file)) {
      mergeInto(dataset, parseDatasetText(text, display, issues));
    } else {
      mergeInto(dataset, parseNubenetesText(text, display, issues));
    }
    dataset.files.push(display);
  }
  issues.push(...checkUniqueness(dataset));
  if (issues.length > 0) throw new DatasetError(issues);
  return dataset;
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

/** Parses a Nubenetes list page: its entries (with the page's own summaries) and skipped chrome. */
export function parseNubenetesText(text: string, file: string, issues: DatasetIssue[]): Dataset {
  const result = emptyDataset();
  try {
    const page = parseNubenetesList(text, { file });
    result.entries = page.entries.map((e) => ({
      value: {
        id: e.id,
        title: e.title,
        year: e.year,
        ...(e.publisher ? { publisher: e.publisher } : {}),
        summary: e.summary,
        ...(e.level ? { level: e.level } : {}),
        ...(e.stability ? { stability: e.stability } : {}),
        rating: e.rating,
        ...(e.contentLanguage ? { contentLanguage: e.contentLanguage } : {}),
        kinds: e.kinds,
        ...(e.githubStars !== undefined ? { githubStars: e.githubStars } : {}),
        categoryPath: e.categoryPath,
      },
      origin: { file, line: e.line },
    }));
    result.skipped = page.skipped.map((s) => ({ file, line: s.line, text: s.text, reason: s.reason }));
  } catch (error) {
    if (error instanceof NubenetesParseError) {
      issues.push(...error.issues.map((i) => ({ file: i.file ?? file, line: i.line, message: i.reason })));
    } else {
      throw error;
    }
  }
  return result;
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
  for (const r of dataset.relationships) claim(`rel:${r.value.type}:${r.value.from}:${r.value.to}`, r.origin, `${r.value.type} ${r.value.from} → ${r.value.to}`);
  for (const l of dataset.entryLinks) claim(`link:${l.value.entry}`, l.origin, `entryLinks for "${l.value.entry}"`);
  return issues;
}
