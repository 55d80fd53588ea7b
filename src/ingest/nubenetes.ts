/**
 * Parser for Nubenetes V2 list pages saved as plain text (see docs/nubenetes-format.md).
 *
 * A page is a title heading, some page chrome, then a flat sequence of heading lines (ending in
 * `¶`, no level marks) and entry lines (`- (YEAR) [publisher: ]title [TAGS…] [rating] [STABILITY] — summary`).
 * The heading tree is rebuilt from the order of the headings alone (see `placeHeading`).
 *
 * Pages are often stored with their UTF-8 bytes decoded as TIS-620 / Windows-874 ("mangled"):
 * `๐` starts every 4-byte emoji, `โ` is the em dash, the apostrophe and other 3-byte symbols,
 * `โญ` is ⭐. Both the mangled and the correct forms are accepted and give identical results.
 *
 * Pure: no I/O. Bad entry lines are collected and thrown together as a `NubenetesParseError`.
 */
import { entryId } from './slug.js';

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
  /** Heading names (without `(N)` suffixes) from the top of the tree down to the entry's heading. */
  categoryPath: string[];
  /** The page's summary text, cleaned (emoji dropped, mangled punctuation repaired). */
  summary: string;
}

export interface NubenetesCategory {
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
export const STABILITY_LABELS: readonly string[] = ['DE FACTO STANDARD', 'ENTERPRISE-STABLE', 'COMMUNITY-TOOL', 'LEGACY'];

/**
 * Labels known to be kinds, never a stability. A bracket that is none of CONTENT, LEVEL, a
 * stability label or a known kind is an unknown label: when an entry has no known stability
 * label, its last unknown label is taken as the stability.
 */
export const KIND_LABELS: readonly string[] = [
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
// Text repair

/** Stands for one emoji (mangled or not) while a line is being parsed; never appears in results. */
const EMOJI = '\uFFFC';
const STAR = '⭐';
/** Thai letters that stand for a surviving UTF-8 continuation byte 0xA1–0xBF. */
const CONT = '[\\u0E01-\\u0E1F]';

const MANGLED_4BYTE = new RegExp(`\\u0E50${CONT}{0,3}`, 'g'); // ๐…: any 4-byte emoji
const MANGLED_STAR = /\u0E42\u0E0D/g; // โญ: ⭐ (E2 AD 90, last byte lost)
const MANGLED_3BYTE_SYMBOL = new RegExp(`\\u0E42${CONT}{1,2}`, 'g'); // โ + survivors: some other U+2xxx symbol
const MANGLED_VS16 = /\u0E4F\u0E18/g; // ๏ธ: U+FE0F variation selector (EF B8 8F)
const MANGLED_2BYTE = new RegExp(`[\\u0E22-\\u0E3A]${CONT}`, 'g'); // ย¶ → ¶, รฉ → é …
/** Correctly encoded emoji: a flag, or an emoji-presentation character with modifiers / ZWJ parts. */
const REAL_EMOJI =
  /\p{Regional_Indicator}{2}|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*/gu;
/** A word ending that follows an apostrophe (Linkerd's, don't, they're, we'll, I've, I'd, I'm). */
const CONTRACTION = /^(?:s|t|re|ll|ve|d|m)(?![\p{L}\p{N}])/u;

function decode2Byte(pair: string): string {
  const lead = pair.codePointAt(0)! - 0x0e00 + 0xa0; // TIS-620 byte of the lead
  const cont = pair.codePointAt(1)! - 0x0e00 + 0xa0;
  return String.fromCodePoint(((lead & 0x1f) << 6) | (cont & 0x3f));
}

/**
 * `โ` with no surviving continuation byte stands for any of — ’ ‘ “ ” (all E2 80 xx). Decided per
 * occurrence, first rule that applies:
 * 1. whitespace (or the line's edge) on both sides → em dash (`Mesh โ What` → `Mesh — What`);
 * 2. after a letter/digit, before a contraction ending (s, t, re, ll, ve, d, m) that ends the
 *    word → apostrophe (`Linkerdโs` → `Linkerd's`, `donโt` → `don't`);
 * 3. an opening one (after whitespace, `(` or `[`, before a letter/digit) paired with a later
 *    closing one (after a non-space, before whitespace, punctuation or the end) → `"` … `"`;
 * 4. after an `s`, before whitespace or punctuation → apostrophe (plural possessive `meshesโ`);
 * 5. anything else → em dash (`gRPCโproxyless` → `gRPC—proxyless`).
 */
function repairBareE2(text: string): string {
  const chars = [...text];
  const at = (i: number) => chars[i] ?? '';
  const isSpace = (c: string) => c === '' || /\s/.test(c);
  const isAlnum = (c: string) => /[\p{L}\p{N}]/u.test(c);
  const isPunct = (c: string) => /[.,;:!?)\]]/.test(c);
  const out = new Map<number, string>();
  const positions = chars.flatMap((c, i) => (c === '\u0E42' ? [i] : []));
  for (const [k, i] of positions.entries()) {
    if (out.has(i)) continue;
    const prev = at(i - 1);
    const next = at(i + 1);
    if (isSpace(prev) && isSpace(next)) out.set(i, '—');
    else if (isAlnum(prev) && CONTRACTION.test(chars.slice(i + 1).join(''))) out.set(i, "'");
    else if ((isSpace(prev) || prev === '(' || prev === '[') && isAlnum(next)) {
      const close = positions
        .slice(k + 1)
        .find((j) => !out.has(j) && !isSpace(at(j - 1)) && (isSpace(at(j + 1)) || isPunct(at(j + 1))));
      if (close !== undefined) {
        out.set(i, '"');
        out.set(close, '"');
      } else out.set(i, '—');
    } else if (prev === 's' && (isSpace(next) || isPunct(next))) out.set(i, "'");
    else out.set(i, '—');
  }
  return chars.map((c, i) => out.get(i) ?? c).join('');
}

/**
 * Repairs mangled text and marks every emoji with the EMOJI placeholder. `⭐` followed by a number
 * (a GitHub star count) is kept as `⭐`. Curly quotes become straight ones (`'`, `"`).
 */
function normalize(raw: string): string {
  let s = raw
    .replace(MANGLED_4BYTE, EMOJI)
    .replace(MANGLED_STAR, STAR)
    .replace(MANGLED_VS16, '')
    .replace(MANGLED_3BYTE_SYMBOL, EMOJI)
    .replace(new RegExp(`${EMOJI}\\u0E42(?=${EMOJI})`, 'g'), '') // emoji ZWJ emoji (ZWJ is E2 80 8D): one emoji
    .replace(MANGLED_2BYTE, decode2Byte);
  s = repairBareE2(s);
  s = s.replace(REAL_EMOJI, (m) => (m.startsWith(STAR) ? m : EMOJI));
  // ⭐ is kept only as the marker of a star count; anywhere else it is an emoji like any other.
  s = s.replace(/⭐\uFE0F/g, STAR).replace(/⭐(?!\s*\d)/g, EMOJI);
  return s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
}

/** Drops emoji placeholders and tidies whitespace. */
function tidy(text: string): string {
  return text
    .replace(new RegExp(`\\s*${EMOJI}+(?=[,.;:!?)])`, 'g'), '')
    .replace(new RegExp(`${EMOJI}+`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Headings

const HEADING_END = /¶\s*$/;
const DISAMBIGUATION = /^(.*\S)\s*\((\d+)\)$/;

/** Code-point order (not UTF-16 unit order): negative when a < b. */
export function compareCodePoints(a: string, b: string): number {
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

type Token =
  | { type: 'bracket'; text: string }
  | { type: 'emoji'; count: number }
  | { type: 'stars'; count: number };

const ENTRY_START = /^-(?:\s|\()/;
const YEAR = /^-\s*\(\s*(\d{4})\s*\)\s*(.*)$/;
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
  const pick =
    seps.find((m) => before(m).endsWith(']')) ??
    seps.find((m) => before(m).endsWith(EMOJI)) ??
    seps[0]!;
  return { index: pick.index!, length: pick[0].length };
}

type EntryFields = Omit<ParsedEntry, 'line' | 'categoryPath'>;

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

  // Tags, emoji runs and the star count at the end of the head, read right to left.
  let head = rest.slice(0, sep.index).trimEnd();
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

  // Brackets: CONTENT, LEVEL, stability, kinds.
  let contentLanguage: string | undefined;
  let level: string | undefined;
  let stabilityIndex = -1;
  const labels: { index: number; text: string }[] = [];
  tokens.forEach((t, index) => {
    if (t.type !== 'bracket') return;
    const content = /^(.+) CONTENT$/.exec(t.text);
    const lvl = /^(.+) LEVEL$/.exec(t.text);
    if (content) {
      if (contentLanguage !== undefined) errors.push(`entry has more than one [… CONTENT] tag`);
      else if (!LANGUAGE.test(content[1]!)) errors.push(`content language "${content[1]}" is not a single upper-case word`);
      else contentLanguage = content[1]!;
    } else if (lvl) {
      if (level !== undefined) errors.push(`entry has more than one [… LEVEL] tag`);
      else level = lvl[1]!;
    } else if (!LABEL.test(t.text)) {
      errors.push(`tag [${t.text}] is not a CONTENT, LEVEL, stability or kind label`);
    } else {
      labels.push({ index, text: t.text });
    }
  });
  const known = labels.find((l) => STABILITY_LABELS.includes(l.text));
  const unknown = labels.filter((l) => !STABILITY_LABELS.includes(l.text) && !KIND_LABELS.includes(l.text));
  const stabilityLabel = known ?? unknown[unknown.length - 1];
  if (stabilityLabel) stabilityIndex = stabilityLabel.index;
  const kinds = [...new Set(labels.filter((l) => l !== stabilityLabel).map((l) => l.text))];

  // Rating: see docs/nubenetes-format.md ("Star rating").
  const firstBracket = tokens.findIndex((t) => t.type === 'bracket');
  const runs = tokens.map((t, index) => ({ t, index })).filter((x) => x.t.type === 'emoji');
  const tagRuns = firstBracket < 0 ? [] : runs.filter((r) => r.index > firstBracket);
  let rating = 0;
  if (tagRuns.length > 1) {
    errors.push(`entry has more than one star-rating run among its tags (${tagRuns.map((r) => (r.t as { count: number }).count).join(' and ')})`);
  } else if (tagRuns.length === 1) {
    rating = (tagRuns[0]!.t as { count: number }).count;
  } else if (stabilityIndex >= 0 && stabilityIndex === firstBracket) {
    const direct = tokens[stabilityIndex - 1];
    if (direct?.type === 'emoji') rating = direct.count;
  }
  if (rating > 10) errors.push(`entry has a rating of ${rating} emoji, more than 10`);

  // Title and publisher.
  let title = tidy(head);
  let publisher: string | undefined;
  const p = PUBLISHER.exec(title);
  if (p && !NOT_TLDS.has(p[2]!)) {
    const host = p[1]!.toLowerCase();
    const after = title.slice(p[0].length).replace(/\s*:+$/, '').trim();
    if (after) {
      publisher = host + p[3]!; // "infoq.com: Service Mesh Ultimate Guide:" → infoq.com
      title = after;
    } else {
      publisher = host; // "envoyproxy.io", "Meshery.io:" — the site itself: title and publisher are the host
      title = title.replace(/\s*:+$/, '');
    }
  }
  title = title.replace(/\s*:+$/, '').trim();
  if (!title) errors.push('entry has no title');

  if (errors.length > 0) return { error: errors.join('; ') };
  const fields: EntryFields = { id: entryId(title, year), year, title, rating, kinds, summary };
  if (publisher !== undefined) fields.publisher = publisher;
  if (level !== undefined) fields.level = level;
  if (stabilityLabel) fields.stability = stabilityLabel.text;
  if (contentLanguage !== undefined) fields.contentLanguage = contentLanguage;
  if (githubStars !== undefined) fields.githubStars = githubStars;
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Page

const FOOTER = /^(?:\u{1F4A1}|\u0E50\u0E01)/u; // 💡 (or its mangled form ๐ก) "Explore Related: …"

export function parseNubenetesList(text: string, opts: { file?: string } = {}): NubenetesPage {
  const file = opts.file ?? '<input>';
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const issues: NubenetesIssue[] = [];
  const page: NubenetesPage = { entries: [], categories: [], skipped: [] };
  let stack: OpenHeading[] = [];
  let lastWasEntry = false;
  const seenIds = new Map<string, number>();

  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed) return;
    const norm = normalize(trimmed);

    if (ENTRY_START.test(norm)) {
      if (page.title === undefined || stack.length === 0) {
        issues.push({ file, line, reason: 'entry comes before any category heading' });
        return;
      }
      const parsed = parseEntry(norm);
      if ('error' in parsed) {
        issues.push({ file, line, reason: parsed.error });
        return;
      }
      const first = seenIds.get(parsed.id);
      if (first !== undefined) {
        issues.push({ file, line, reason: `duplicate entry id "${parsed.id}" (also on line ${first})` });
        return;
      }
      seenIds.set(parsed.id, line);
      const { id, year, publisher, title, level, stability, rating, contentLanguage, kinds, githubStars, summary } = parsed;
      const entry: ParsedEntry = { line, id, year, title, rating, kinds, categoryPath: stack.map((h) => h.name), summary };
      if (publisher !== undefined) entry.publisher = publisher;
      if (level !== undefined) entry.level = level;
      if (stability !== undefined) entry.stability = stability;
      if (contentLanguage !== undefined) entry.contentLanguage = contentLanguage;
      if (githubStars !== undefined) entry.githubStars = githubStars;
      page.entries.push(entry);
      lastWasEntry = true;
      return;
    }

    if (HEADING_END.test(norm)) {
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
