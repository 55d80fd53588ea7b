/**
 * Parser for Nubenetes V2 list pages saved as plain text (see docs/nubenetes-format.md).
 *
 * A page is a title heading, some page chrome, then a flat sequence of heading lines (ending in
 * `¶`, no level marks) and entry lines (`- (YEAR) [publisher: ]title [TAGS…] [rating] [STABILITY] — summary`).
 * The heading tree is rebuilt from the order of the headings alone (see `placeHeading`).
 *
 * Pages are often stored mangled (UTF-8 decoded as TIS-620 or as Windows-1252); src/ingest/text.ts
 * repairs both, and the mangled and correct forms give identical results.
 *
 * Pure: no I/O. Bad entry lines are collected and thrown together as a `NubenetesParseError`.
 */
import { INT_MAX } from './dataset.js';
import { entryId } from './slug.js';
import { BOOK, EMOJI, normalize, repairWindows1252, TIMER, tidy, VIDEO } from './text.js';

export interface ParsedEntry {
  /** 1-based line number in the page. */
  line: number;
  /** `entryId(title, year)`. */
  id: string;
  year: number;
  /** A host-like token (`infoq.com`, `dev.to/someone`) written before `: ` in the title. */
  publisher?: string;
  title: string;
  /** From `[X LEVEL]`. */
  level?: string;
  /** The maturity label (`ENTERPRISE-STABLE`, `COMMUNITY-TOOL`, `DE FACTO STANDARD`, `LEGACY`, …). */
  stability?: string;
  /** Number of rating emoji (0 when none). */
  rating: number;
  /** From `[X CONTENT]` (`GO`, `RUST`, `NONE`, …). */
  contentLanguage?: string;
  /** The other bracketed labels (`DOCUMENTATION`, `GUIDE`, …), in page order, without repeats. */
  kinds: string[];
  /** From `⭐ N`. */
  githubStars?: number;
  /** Renderer metadata of the live site's rendering: `by <author>` before a duration or reading time. */
  author?: string;
  /** `⏱️ 32:10` or `⏱️ 12 min`: the running time of a talk or video, as written. */
  duration?: string;
  /** `📖 5 min read`: the reading time in minutes. */
  readingMinutes?: number;
  /** 🎥: a recorded talk or video. */
  video?: boolean;
  /** Heading names (without `(N)` suffixes) from the top of the tree down to the entry's heading. */
  categoryPath: string[];
  /** The page's summary text, cleaned (emoji dropped, mangled punctuation repaired). */
  summary: string;
}

interface NubenetesCategory {
  /** Heading names from the top of the tree down to this heading (itself included). */
  path: string[];
  /** The heading as written (cleaned), `(N)` suffix kept, `¶` dropped. */
  heading: string;
  line: number;
}

export interface SkippedLine {
  line: number;
  /** The line, cleaned like entry text. */
  text: string;
  reason: string;
}

export interface NubenetesPage {
  /** The first heading of the page. */
  title?: string;
  entries: ParsedEntry[];
  categories: NubenetesCategory[];
  /** Page chrome: lines that are neither headings nor entries (blank lines are not listed). */
  skipped: SkippedLine[];
}

export interface NubenetesIssue {
  file: string;
  line: number;
  reason: string;
}

/** Thrown when any line of a page cannot be parsed; lists every bad line, not just the first. */
export class NubenetesParseError extends Error {
  readonly issues: NubenetesIssue[];

  constructor(issues: NubenetesIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}: ${i.reason}`).join('\n'));
    this.name = 'NubenetesParseError';
    this.issues = issues;
  }
}

/** Maturity labels. The first one in an entry's tags is its stability; any further ones are kept in `kinds`. */
const STABILITY_LABELS: readonly string[] = ['DE FACTO STANDARD', 'ENTERPRISE-STABLE', 'COMMUNITY-TOOL', 'LEGACY'];

/**
 * Labels known to be kinds, never a stability. A bracket that is none of CONTENT, LEVEL, a
 * stability label or a known kind is an unknown label: when an entry has no known stability
 * label, its last unknown label is taken as the stability.
 */
const KIND_LABELS: readonly string[] = [
  'DOCUMENTATION',
  'GUIDE',
  'CASE STUDY',
  'EMERGING',
  'TUTORIAL',
  'VIDEO',
  'BOOK',
  'COURSE',
  'PODCAST',
  'REFERENCE',
  'WHITEPAPER',
  'CHEATSHEET',
  'SLIDES',
];

// ---------------------------------------------------------------------------------------------
// Headings

const HEADING_END = /¶\s*$/;
const DISAMBIGUATION = /^(.*\S)\s*\((\d+)\)$/;

/** Code-point order (not UTF-16 unit order): negative when a < b. */
function compareCodePoints(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

interface OpenHeading {
  name: string;
}

/**
 * The heading-tree rule. `stack` is the path of open headings (top → deepest).
 * - directly after a heading (only chrome or blank lines between): the new heading is its child;
 * - after an entry: the new heading becomes the sibling of the deepest open heading whose name it
 *   sorts strictly after (code-point order, names without `(N)`), closing the deeper levels;
 *   if it sorts after none of them, it starts a new top-level branch.
 */
function placeHeading(stack: OpenHeading[], name: string, afterEntry: boolean): OpenHeading[] {
  if (!afterEntry) return [...stack, { name }];
  for (let depth = stack.length - 1; depth >= 0; depth--) {
    if (compareCodePoints(name, stack[depth]!.name) > 0) return [...stack.slice(0, depth), { name }];
  }
  return [{ name }];
}

// ---------------------------------------------------------------------------------------------
// Entries

type Token = { type: 'bracket'; text: string } | { type: 'emoji'; count: number } | { type: 'stars'; count: number };

/** A list item of the text rendering: any bullet (`-`, `*`, `+`, `•`) or a number (`1.`, `1)`). */
const ENTRY_START = /^(?:[-*+•]|\d{1,3}[.)])(?:\s|\()/;
const YEAR = /^(?:[-*+•]|\d{1,3}[.)])\s*\(\s*(\d{4})\s*\)\s*(.*)$/;
const BRACKET_AT_END = /\[([A-Z][A-Z0-9 +#-]*)\]$/;
const EMOJI_RUN_AT_END = new RegExp(`${EMOJI}+$`);
const STARS_PATTERN = '⭐\\s*(\\d[\\d,]*(?:\\.\\d+)?)\\s*([kK])?';
const STARS_AT_END = new RegExp(`${STARS_PATTERN}$`);
const STARS_ANYWHERE = new RegExp(`${STARS_PATTERN}(?![\\d\\p{L}])`, 'u');
const LABEL = /^[A-Z][A-Z0-9 -]*$/;
const LANGUAGE = /^[A-Z][A-Z0-9+#-]*$/;
/**
 * A publisher: a host (at least one dot, a lower-case alphabetic top-level label) with an optional
 * path, then `: ` (or the end of the title: a title that is only a host names the site itself).
 * File names (`Node.js:`) are not hosts.
 */
const PUBLISHER = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.([a-z]{2,}))((?:\/[^\s/:]+)*)\/?(?::(?:\s+|$)|$)/;
const NOT_TLDS = new Set(['js', 'ts', 'jsx', 'tsx', 'mjs', 'py', 'rb', 'md', 'json', 'yaml', 'yml', 'txt', 'html', 'exe']);

function parseStars(digits: string, k: string | undefined): number {
  const n = Number(digits.replace(/,/g, ''));
  return Math.round(k ? n * 1000 : n);
}

/** Index of the ` — ` that separates head and summary, or -1. */
function findSeparator(rest: string): { index: number; length: number } | null {
  const seps = [...rest.matchAll(/\s[—–](?:\s|$)/g)];
  if (seps.length === 0) return null;
  const before = (m: RegExpMatchArray) => rest.slice(0, m.index).trimEnd();
  const pick = seps.find((m) => before(m).endsWith(']')) ?? seps.find((m) => before(m).endsWith(EMOJI)) ?? seps[0]!;
  return { index: pick.index!, length: pick[0].length };
}

type EntryFields = Omit<ParsedEntry, 'line' | 'categoryPath'>;

export interface RendererFields {
  author?: string;
  duration?: string;
  readingMinutes?: number;
  video?: boolean;
}

/** What a page says about one resource in one list item, whatever the page's form. */
export interface ResourceFields extends RendererFields {
  title: string;
  /** From the `Publisher: Title` convention (`infoq.com: …`). */
  publisher?: string;
  /** A year the item gives, `(2021)` or `**(2021)**`. */
  year?: number;
  /** The page's own words about it (never our summary). */
  description?: string;
  /** Rating emoji (🌟): 0 to 10. */
  rating: number;
  level?: string;
  stability?: string;
  contentLanguage?: string;
  kinds: string[];
  githubStars?: number;
  /** Canonical URLs of the item's other absolute links, in order. */
  relatedUrls: string[];
}

const MARK = `[${EMOJI}${TIMER}${BOOK}]`;
const READING = new RegExp(`[${EMOJI}${BOOK}]\\s*(\\d{1,3})\\s*min(?:ute)?s?\\.?\\s+read\\b`, 'u');
const DURATION = new RegExp(
  `[${EMOJI}${TIMER}]\\s*(\\d{1,2}:\\d{2}(?::\\d{2})?|\\d{1,3}\\s*(?:min|mins|minutes|h|hrs?)\\b)(?!\\.?\\s*read)`,
  'u',
);
const AUTHOR = new RegExp(`(?:^|\\s)by\\s+(\\p{Lu}[\\p{L}\\p{N}.'’ -]{0,80}?)\\s*(?=${MARK}\\s*\\d|${TIMER}|${BOOK})`, 'u');

/**
 * Takes the renderer metadata of the live site's newer rendering out of `text` (marked by
 * `normalize`): `by <author>` directly before a duration or reading time, `⏱️ 32:10` /
 * `⏱️ 12 min`, `📖 5 min read`, 🎥. What is left has none of them, so they never reach a title.
 */
export function takeRendererFields(text: string): { rest: string; fields: RendererFields } {
  const fields: RendererFields = {};
  let rest = text;
  const author = AUTHOR.exec(rest);
  if (author) {
    fields.author = author[1]!.trim();
    rest = `${rest.slice(0, author.index)} ${rest.slice(author.index + author[0].length)}`;
  }
  const reading = READING.exec(rest);
  if (reading) {
    fields.readingMinutes = Number(reading[1]);
    rest = `${rest.slice(0, reading.index)} ${rest.slice(reading.index + reading[0].length)}`;
  }
  const duration = DURATION.exec(rest);
  if (duration) {
    fields.duration = duration[1]!.replace(/\s+/g, ' ');
    rest = `${rest.slice(0, duration.index)} ${rest.slice(duration.index + duration[0].length)}`;
  }
  if (rest.includes(VIDEO)) {
    fields.video = true;
    rest = rest.replaceAll(VIDEO, ' ');
  }
  return { rest: rest.replace(/\s+/g, ' ').trim(), fields };
}

/**
 * Sorts bracketed labels into content language, level, stability and kinds
 * (docs/nubenetes-format.md). `null` stands for a token that is not a bracket; it keeps the
 * positions `stabilityIndex` counts in.
 */
export function classifyLabels(brackets: Array<string | null>): {
  contentLanguage?: string;
  level?: string;
  stability?: string;
  kinds: string[];
  errors: string[];
  stabilityIndex: number;
} {
  const errors: string[] = [];
  let contentLanguage: string | undefined;
  let level: string | undefined;
  const labels: { index: number; text: string }[] = [];
  brackets.forEach((text, index) => {
    if (text === null) return;
    const content = /^(.+) CONTENT$/.exec(text);
    const lvl = /^(.+) LEVEL$/.exec(text);
    if (content) {
      if (contentLanguage !== undefined) errors.push(`entry has more than one [… CONTENT] tag`);
      else if (!LANGUAGE.test(content[1]!)) errors.push(`content language "${content[1]}" is not a single upper-case word`);
      else contentLanguage = content[1]!;
    } else if (lvl) {
      if (level !== undefined) errors.push(`entry has more than one [… LEVEL] tag`);
      else level = lvl[1]!;
    } else if (!LABEL.test(text)) {
      errors.push(`tag [${text}] is not a CONTENT, LEVEL, stability or kind label`);
    } else {
      labels.push({ index, text });
    }
  });
  const known = labels.find((l) => STABILITY_LABELS.includes(l.text));
  const unknown = labels.filter((l) => !STABILITY_LABELS.includes(l.text) && !KIND_LABELS.includes(l.text));
  const stabilityLabel = known ?? unknown[unknown.length - 1];
  const kinds = [...new Set(labels.filter((l) => l !== stabilityLabel).map((l) => l.text))];
  const out: ReturnType<typeof classifyLabels> = { kinds, errors, stabilityIndex: stabilityLabel?.index ?? -1 };
  if (contentLanguage !== undefined) out.contentLanguage = contentLanguage;
  if (level !== undefined) out.level = level;
  if (stabilityLabel) out.stability = stabilityLabel.text;
  return out;
}

/**
 * Splits `publisher: Title` (docs/nubenetes-format.md, "Publisher"). A title that is only a host
 * names the site itself: title and publisher are then both the host.
 */
export function splitPublisher(text: string): { title: string; publisher?: string } {
  let title = text;
  let publisher: string | undefined;
  const p = PUBLISHER.exec(title);
  if (p && !NOT_TLDS.has(p[2]!)) {
    const host = p[1]!.toLowerCase();
    const after = title
      .slice(p[0].length)
      .replace(/\s*:+$/, '')
      .trim();
    if (after) {
      publisher = host + p[3]!; // "infoq.com: Service Mesh Ultimate Guide:" → infoq.com
      title = after;
    } else {
      publisher = host; // "envoyproxy.io", "Meshery.io:" — the site itself: title and publisher are the host
      title = title.replace(/\s*:+$/, '');
    }
  }
  title = title.replace(/\s*:+$/, '').trim();
  return publisher === undefined ? { title } : { title, publisher };
}

function parseEntry(text: string): EntryFields | { error: string } {
  const m = YEAR.exec(text);
  if (!m) return { error: 'entry has no year in parentheses, expected "- (YYYY) title …"' };
  const year = Number(m[1]);
  if (year < 1970 || year > 2100) return { error: `entry year ${year} is outside 1970–2100` };
  const rest = m[2]!;

  const sep = findSeparator(rest);
  if (!sep) return { error: 'entry has no " — " before its summary' };
  const summary = tidy(rest.slice(sep.index + sep.length));
  if (!summary) return { error: 'entry has an empty summary' };

  // Renderer metadata first, then tags, emoji runs and the star count at the end of the head, read right to left.
  const renderer = takeRendererFields(rest.slice(0, sep.index));
  let head = renderer.rest;
  const tokens: Token[] = [];
  for (;;) {
    let t: RegExpExecArray | null;
    if ((t = BRACKET_AT_END.exec(head))) tokens.unshift({ type: 'bracket', text: t[1]!.replace(/\s+/g, ' ').trim() });
    else if ((t = EMOJI_RUN_AT_END.exec(head))) tokens.unshift({ type: 'emoji', count: t[0].length });
    else if ((t = STARS_AT_END.exec(head))) tokens.unshift({ type: 'stars', count: parseStars(t[1]!, t[2]) });
    else break;
    head = head.slice(0, t.index).trimEnd();
  }

  const errors: string[] = [];

  // GitHub stars: in the tag zone, or (rarely) left inside the title.
  const stars = tokens.flatMap((t) => (t.type === 'stars' ? [t.count] : []));
  const inTitle = STARS_ANYWHERE.exec(head);
  if (inTitle) {
    stars.push(parseStars(inTitle[1]!, inTitle[2]));
    head = `${head.slice(0, inTitle.index)} ${head.slice(inTitle.index + inTitle[0].length)}`;
  }
  if (stars.length > 1) errors.push('entry has more than one "⭐ N" star count');
  const githubStars = stars[0];
  if (githubStars !== undefined && githubStars > INT_MAX)
    errors.push(`star count ${githubStars} is above ${INT_MAX}, the largest GraphQL Int`);

  // Brackets: CONTENT, LEVEL, stability, kinds.
  const classified = classifyLabels(tokens.map((t) => (t.type === 'bracket' ? t.text : null)));
  errors.push(...classified.errors);
  const { contentLanguage, level, kinds } = classified;
  const stabilityIndex = classified.stabilityIndex;
  const stabilityLabel = classified.stability === undefined ? undefined : { text: classified.stability };

  // Rating: see docs/nubenetes-format.md ("Star rating").
  const firstBracket = tokens.findIndex((t) => t.type === 'bracket');
  const runs = tokens.map((t, index) => ({ t, index })).filter((x) => x.t.type === 'emoji');
  const tagRuns = firstBracket < 0 ? [] : runs.filter((r) => r.index > firstBracket);
  let rating = 0;
  if (tagRuns.length > 1) {
    errors.push(
      `entry has more than one star-rating run among its tags (${tagRuns.map((r) => (r.t as { count: number }).count).join(' and ')})`,
    );
  } else if (tagRuns.length === 1) {
    rating = (tagRuns[0]!.t as { count: number }).count;
  } else if (stabilityIndex >= 0 && stabilityIndex === firstBracket) {
    const direct = tokens[stabilityIndex - 1];
    if (direct?.type === 'emoji') rating = direct.count;
  }
  if (rating > 10) errors.push(`entry has a rating of ${rating} emoji, more than 10`);

  // Title and publisher.
  const { title, publisher } = splitPublisher(tidy(head));
  if (!title) errors.push('entry has no title');

  if (errors.length > 0) return { error: errors.join('; ') };
  const fields: EntryFields = { id: entryId(title, year), year, title, rating, kinds, summary };
  if (publisher !== undefined) fields.publisher = publisher;
  if (level !== undefined) fields.level = level;
  if (stabilityLabel) fields.stability = stabilityLabel.text;
  if (contentLanguage !== undefined) fields.contentLanguage = contentLanguage;
  if (githubStars !== undefined) fields.githubStars = githubStars;
  return { ...fields, ...renderer.fields };
}

// ---------------------------------------------------------------------------------------------
// Page

const FOOTER = /^(?:\u{1F4A1}|\u0E50\u0E01)/u; // 💡 (or its mangled form ๐ก) "Explore Related: …"

/**
 * Parses a page of the text rendering. Entries are returned once per line that lists them, in
 * page order: the same resource listed twice (same id) is merged by the loader, not refused here.
 * Entries before the first category heading, and every entry of a page without `¶` headings,
 * sit in a category named by the page title (its first line).
 */
export function parseNubenetesList(text: string, opts: { file?: string } = {}): NubenetesPage {
  const file = opts.file ?? '<input>';
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const issues: NubenetesIssue[] = [];
  const page: NubenetesPage = { entries: [], categories: [], skipped: [] };
  let stack: OpenHeading[] = [];
  let lastWasEntry = false;
  const hasHeadings = lines.some((l) => HEADING_END.test(normalize(l.trim())));

  lines.forEach((raw, i) => {
    const line = i + 1;
    const repaired = repairWindows1252(raw.trim());
    if ('error' in repaired) {
      issues.push({ file, line, reason: repaired.error });
      return;
    }
    const trimmed = repaired.text;
    if (!trimmed) return;
    const norm = normalize(trimmed);

    if (ENTRY_START.test(norm)) {
      if (page.title === undefined) {
        issues.push({ file, line, reason: 'entry comes before the page title (the first line)' });
        return;
      }
      const parsed = parseEntry(norm);
      if ('error' in parsed) {
        issues.push({ file, line, reason: parsed.error });
        return;
      }
      const categoryPath = stack.length > 0 ? stack.map((h) => h.name) : [page.title];
      if (stack.length === 0 && !page.categories.some((c) => c.path.length === 1 && c.path[0] === page.title)) {
        page.categories.push({ path: [page.title], heading: page.title, line: 1 });
      }
      page.entries.push({ line, categoryPath, ...parsed });
      lastWasEntry = true;
      return;
    }

    if (HEADING_END.test(norm) || (!hasHeadings && page.title === undefined)) {
      const heading = tidy(norm.replace(HEADING_END, ''));
      if (!heading) {
        issues.push({ file, line, reason: 'heading has no text before "¶"' });
        return;
      }
      if (page.title === undefined) {
        page.title = heading;
        return;
      }
      const name = DISAMBIGUATION.exec(heading)?.[1] ?? heading;
      stack = placeHeading(stack, name, lastWasEntry);
      lastWasEntry = false;
      page.categories.push({ path: stack.map((h) => h.name), heading, line });
      return;
    }

    const reason = FOOTER.test(trimmed)
      ? 'related-pages footer'
      : stack.length === 0
        ? 'page intro (before the first category heading)'
        : 'neither a heading nor an entry';
    page.skipped.push({ line, text: tidy(norm), reason });
  });

  if (issues.length > 0) throw new NubenetesParseError(issues);
  return page;
}
