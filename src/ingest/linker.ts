/**
 * Linking entries to the products, concepts and organizations they are about, by the names and
 * aliases that appear in their titles and summaries, corrected by curated entryLinks.
 *
 * The rules, each for a mistake a naive substring match makes:
 * - whole words only: "Kuma" is not in "Kumamoto", "OSM" is not in "cOSMos";
 * - a name followed by "-based", "-compatible" … is a description, not the subject: "Envoy-based
 *   proxying" does not make an entry about Envoy;
 * - the longest name wins where names overlap: "Traefik Mesh" is not also "Traefik";
 * - short upper-case acronyms (OSM, SMI) match in that case only; other names ignore case;
 * - generic multi-word concept names ("service mesh", "control plane") match in titles only,
 *   or nearly every entry would be "about" them; "mesh" alone matches nothing.
 * An entry whose title reads as a comparison ("vs", "versus", "comparing", "benchmarking",
 * "different") and names two or more things COMPARES them.
 *
 * Speed: a text is scanned once per case-sensitivity class with one alternation of every term
 * (longest first), which finds every term that occurs in it; only those few terms then go
 * through the per-term rules above. The result is exactly what running each term's own pattern
 * over the text gives (see findMentions).
 */

export type LinkLabel = 'Product' | 'Concept' | 'Organization';

export interface VocabularyItem {
  id: string;
  label: LinkLabel;
  name: string;
  aliases: string[];
}

export interface LinkableEntry {
  id: string;
  title: string;
  /** Our summary, or for a page entry the page's own description; empty when there is neither. */
  summary: string;
}

export interface LinkOverride {
  about: string[];
  compares: string[];
  notAbout: string[];
}

export interface EntryLink {
  entryId: string;
  type: 'ABOUT' | 'COMPARES';
  targetId: string;
  targetLabel: LinkLabel;
  /** curated (from entryLinks) or matched (by name). */
  confidence: 'high' | 'medium';
}

interface Term {
  text: string;
  pattern: RegExp;
  item: VocabularyItem;
  titleOnly: boolean;
}

const WORD_CHAR = '[\\p{L}\\p{N}_]';
const DESCRIPTIVE_SUFFIX = '(?!-(?:based|compatible|powered|style|like|native|specific|inspired)\\b)';
const COMPARISON = /\b(vs\.?|versus|compar\w*|benchmark\w*|differen\w*)\b/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isAcronym(text: string): boolean {
  return text.length <= 5 && /^[A-Z0-9]+$/.test(text);
}

/** Concept names made of plain lower-case words are too common to mean "about" outside a title. */
function isGenericPhrase(item: VocabularyItem, text: string): boolean {
  return item.label === 'Concept' && /^[a-z]+(?:[ -][a-z]+)+$/.test(text);
}

const STOP_TERMS = new Set(['mesh', 'proxy', 'gateway', 'service', 'ingress', 'kubernetes', 'cloud']);

/** The regex source of a term without its word boundaries. */
function termBody(text: string): string {
  return escapeRegExp(text).replace(/\s+/g, '\\s+');
}

export function buildTerms(vocabulary: VocabularyItem[]): Term[] {
  const terms: Term[] = [];
  for (const item of vocabulary) {
    for (const text of new Set([item.name, ...item.aliases])) {
      const trimmed = text.trim();
      if (trimmed.length < 2 || STOP_TERMS.has(trimmed.toLowerCase())) continue;
      const flags = isAcronym(trimmed) ? 'gu' : 'giu';
      terms.push({
        text: trimmed,
        item,
        titleOnly: isGenericPhrase(item, trimmed),
        pattern: new RegExp(`(?<!${WORD_CHAR})${termBody(trimmed)}(?!${WORD_CHAR})${DESCRIPTIVE_SUFFIX}`, flags),
      });
    }
  }
  // Longest first, so "Traefik Mesh" claims its span before "Traefik" can.
  return terms.sort((a, b) => b.text.length - a.text.length || a.text.localeCompare(b.text));
}

/**
 * One scan of a text for the terms of one case-sensitivity class: an alternation of all of them,
 * longest first. It finds every place where some term matches and, by the text it matched, the
 * first term (in buildTerms order) that matches there; the few later terms that could match at
 * the same place are then tried there with their own patterns.
 */
interface Scanner {
  regex: RegExp;
  terms: Term[];
  /** Per alternative: its body alone, anchored, to tell which alternative matched a text. */
  bodies: RegExp[];
  /** Per alternative: the later alternatives that may match at the same place (same first letter). */
  sameStart: number[][];
  /** Alternative index by matched text, filled as texts are met. */
  byText: Map<string, number>;
}

/** Per term list (as built by buildTerms): its scanners for titles and for summaries, and term order. */
interface Matcher {
  title: Scanner[];
  summary: Scanner[];
  rank: Map<Term, number>;
}

const matchers = new WeakMap<Term[], Matcher>();
/** True at a place that starts a whole word: the same test as each term's own lookbehind. */
const WORD_START = new RegExp(`(?<!${WORD_CHAR})`, 'uy');
const MAX_CACHED_TEXTS = 10_000;

function firstLetter(text: string): string {
  return String.fromCodePoint(text.codePointAt(0)!);
}

function buildScanners(terms: Term[]): Scanner[] {
  const classes = new Map<string, Term[]>();
  for (const term of terms) {
    const flags = term.pattern.flags.includes('i') ? 'iu' : 'u';
    const list = classes.get(flags);
    if (list) list.push(term);
    else classes.set(flags, [term]);
  }
  return [...classes].map(([flags, list]) => {
    const bodies = list.map((t) => termBody(t.text));
    // Two terms can match at one place only if their first letters are equal under the class's
    // case rule; the regex engine itself decides that.
    const probes = list.map((t) => new RegExp(`^${escapeRegExp(firstLetter(t.text))}$`, flags));
    return {
      // `list` keeps the longest-first order of buildTerms. The scan's lookbehind only rules out
      // places after an ASCII letter, digit or underscore (far faster than the Unicode classes);
      // the exact whole-word test (WORD_START) follows for the few places it finds.
      regex: new RegExp(`(?<![A-Za-z0-9_])(?:${bodies.join('|')})(?!${WORD_CHAR})${DESCRIPTIVE_SUFFIX}`, `g${flags}`),
      terms: list,
      bodies: bodies.map((body) => new RegExp(`^(?:${body})$`, flags)),
      sameStart: list.map((term, i) =>
        list.flatMap((other, j) => (j > i && probes[i]!.test(firstLetter(other.text)) ? [j] : [])),
      ),
      byText: new Map(),
    };
  });
}

function matcherFor(terms: Term[]): Matcher {
  let matcher = matchers.get(terms);
  if (!matcher) {
    matcher = {
      title: buildScanners(terms),
      summary: buildScanners(terms.filter((t) => !t.titleOnly)),
      rank: new Map(terms.map((t, i) => [t, i])),
    };
    matchers.set(terms, matcher);
  }
  return matcher;
}

/** Which alternative of `scanner` matched `text`: the first whose body matches all of it. */
function alternativeFor(scanner: Scanner, text: string): number {
  let index = scanner.byText.get(text);
  if (index === undefined) {
    index = scanner.bodies.findIndex((body) => body.test(text));
    if (scanner.byText.size >= MAX_CACHED_TEXTS) scanner.byText.clear();
    scanner.byText.set(text, index);
  }
  return index;
}

/** Per term: its pattern without the leading whole-word test, sticky (checked where WORD_START holds). */
const stickyPatterns = new WeakMap<Term, RegExp>();
function matchesAt(term: Term, text: string, at: number): boolean {
  let pattern = stickyPatterns.get(term);
  if (!pattern) {
    pattern = new RegExp(`${termBody(term.text)}(?!${WORD_CHAR})${DESCRIPTIVE_SUFFIX}`, term.pattern.flags.replace('g', '') + 'y');
    stickyPatterns.set(term, pattern);
  }
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** Every term that matches `text` somewhere (by its own pattern), found with one scan per class. */
function termsIn(text: string, matcher: Matcher, field: 'title' | 'summary'): Term[] {
  let found: Set<Term> | undefined;
  for (const scanner of matcher[field]) {
    const { regex, terms } = scanner;
    regex.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = regex.exec(text)) !== null) {
      const at = match.index;
      // Scan on from the next letter: terms may overlap, and every one is wanted.
      regex.lastIndex = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
      WORD_START.lastIndex = at;
      if (!WORD_START.test(text)) continue;
      const index = alternativeFor(scanner, match[0]);
      found ??= new Set();
      if (index < 0) {
        // Cannot happen (the matched text is one alternative's); if it did, try every term here.
        for (const term of terms) if (!found.has(term) && matchesAt(term, text, at)) found.add(term);
        continue;
      }
      found.add(terms[index]!);
      // Shorter terms starting at the same place ("Traefik" under "Traefik Mesh").
      for (const other of scanner.sameStart[index]!) {
        const term = terms[other]!;
        if (!found.has(term) && matchesAt(term, text, at)) found.add(term);
      }
    }
  }
  if (!found) return [];
  return [...found].sort((a, b) => matcher.rank.get(a)! - matcher.rank.get(b)!);
}

/** The vocabulary items named in `text`, in order of first appearance. */
export function findMentions(text: string, terms: Term[], field: 'title' | 'summary'): VocabularyItem[] {
  const present = termsIn(text, matcherFor(terms), field);
  if (present.length === 0) return [];
  // One term present (the usual case): it matches, and nothing else can take its place.
  if (present.length === 1) return [present[0]!.item];
  // The rules proper, over the few terms present (in buildTerms order: longest wins).
  const taken: Array<[number, number]> = [];
  const found: Array<{ at: number; item: VocabularyItem }> = [];
  for (const term of present) {
    if (term.titleOnly && field !== 'title') continue;
    term.pattern.lastIndex = 0;
    for (const match of text.matchAll(term.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      found.push({ at: start, item: term.item });
    }
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.item)
    .filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

/** All ABOUT and COMPARES links for `entries`. Overrides are keyed by entry id. */
export function linkEntries(
  entries: LinkableEntry[],
  vocabulary: VocabularyItem[],
  overrides: Map<string, LinkOverride> = new Map(),
): EntryLink[] {
  const terms = buildTerms(vocabulary);
  const byId = new Map(vocabulary.map((v) => [v.id, v]));
  const links: EntryLink[] = [];
  for (const entry of entries) {
    const override = overrides.get(entry.id);
    const excluded = new Set(override?.notAbout ?? []);
    const inTitle = findMentions(entry.title, terms, 'title');
    const inSummary = findMentions(entry.summary, terms, 'summary');
    const result = new Map<string, EntryLink>();
    const add = (type: EntryLink['type'], item: VocabularyItem, confidence: EntryLink['confidence']) => {
      const key = `${type}:${item.id}`;
      const existing = result.get(key);
      if (!existing || (existing.confidence === 'medium' && confidence === 'high')) {
        result.set(key, { entryId: entry.id, type, targetId: item.id, targetLabel: item.label, confidence });
      }
    };
    for (const item of [...inTitle, ...inSummary]) if (!excluded.has(item.id)) add('ABOUT', item, 'medium');
    const comparable = inTitle.filter((i) => i.label !== 'Organization' && !excluded.has(i.id));
    if (COMPARISON.test(entry.title) && comparable.length >= 2) for (const item of comparable) add('COMPARES', item, 'medium');
    for (const id of override?.about ?? []) {
      const item = byId.get(id);
      if (item) add('ABOUT', item, 'high');
    }
    for (const id of override?.compares ?? []) {
      const item = byId.get(id);
      if (item && item.label !== 'Organization') add('COMPARES', item, 'high');
    }
    links.push(...[...result.values()].sort((a, b) => a.type.localeCompare(b.type) || a.targetId.localeCompare(b.targetId)));
  }
  return links;
}
