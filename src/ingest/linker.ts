/**
 * Linking entries to the products, concepts and organizations they are about, by the names and
 * aliases that appear in their titles and descriptions and by the addresses products declare for
 * their URLs, corrected by curated entryLinks. Measured on a hand-checked sample of real page
 * entries (test/golden/linker-sample.yaml; figures in docs/linking.md).
 *
 * The rules, each for a mistake a naive substring match makes:
 * - text is folded first (compatibility decomposition, accents stripped), and names match
 *   case-insensitively: "Ünlü" is "unlu";
 * - whole words only: "Kuma" is not in "Kumamoto", "OSM" is not in "cOSMos";
 * - the tail of a hyphenated compound is not a name: "Multi-Cloud Service Mesh" is not
 *   Cloud Service Mesh;
 * - a name followed by "-based", "-compatible", "-less", "-free" … is a description, not the
 *   subject: "Envoy-based proxying" does not make an entry about Envoy, "sidecar-less" is not
 *   about the sidecar; nor is a name followed by a domain ending ("twitter.com/someone");
 * - a concept right after "without", "no", "not", "beyond" is negated, not the subject;
 * - the longest name wins where names overlap: "Traefik Mesh" is not also "Traefik"; and where
 *   an entry's URL is a repository that no product declares, that repository's own name is a
 *   longer name too: "Uptime Kuma" (github.com/louislam/uptime-kuma) is not Kuma;
 * - short upper-case acronyms (OSM, SMI) match in that case only; other names ignore case;
 * - concept names written in lower case ("service mesh", "control plane", "observability") are
 *   common words: they match in titles only, or nearly every entry would be "about" them; "mesh"
 *   alone matches nothing;
 * - a concept that names the kind of a product the entry is about ("service mesh" beside Istio)
 *   is the genre, not a subject of its own: it is dropped when such a product is linked;
 * - an entry's URL links the product whose homepage, repository or declared `urls` is the
 *   longest prefix of it (by host and whole path segments): a github.com/istio/… link is about
 *   Istio. Social-profile hosts (twitter.com, x.com, linkedin.com …) never link anything.
 * An entry whose title reads as a comparison ("vs", "versus", "comparing", "benchmarking",
 * "different") COMPARES the products it names when it names two or more, else the concepts.
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
  /** Products: the addresses that belong to it alone (homepage, repository, declared `urls`). */
  urls?: string[];
  /** Products: their kind (service-mesh, proxy …), which may be a concept's id. */
  productType?: string;
}

export interface LinkableEntry {
  id: string;
  title: string;
  /** Our summary, or for a page entry the page's own description; empty when there is neither. */
  summary: string;
  /** The resource's URL, when it has one. */
  url?: string | null;
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
/** Not the start of a name: inside a word, or the tail of a hyphenated compound ("Multi-Cloud"). */
const NOT_AFTER = `(?<!${WORD_CHAR})(?<![\\p{L}\\p{N}]-)`;
/** A name followed by these describes something else ("Envoy-based", "sidecar-less") or is a host name ("twitter.com"). */
const DESCRIPTIVE_SUFFIX =
  '(?!-(?:based|compatible|powered|style|like|native|specific|inspired|less|free)(?![\\p{L}\\p{N}]))' +
  '(?!\\.(?:com|io|net|org|dev|me|co|ai|app|sh)(?![\\p{L}\\p{N}]))';
/** Words that negate the concept they precede ("without sidecars", "no control plane"). */
const NEGATION_BEFORE = /(?:^|[^\p{L}\p{N}])(?:without|no|not|beyond)\s+(?:(?:a|an|the|any)\s+)?$/iu;
const COMPARISON = /\b(vs\.?|versus|compar\w*|benchmark\w*|differen\w*)\b/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isAcronym(text: string): boolean {
  return text.length <= 5 && /^[A-Z0-9]+$/.test(text);
}

/** Concept names written in plain lower case are common words: too common to mean "about" outside a title. */
function isGenericPhrase(item: VocabularyItem, text: string): boolean {
  return item.label === 'Concept' && /^[a-z]+(?:[ -][a-z]+)*$/.test(text);
}

/**
 * Text folded for matching: compatibility forms decomposed, combining marks (accents) dropped,
 * recomposed (NFC). Case is left to the patterns (case-insensitive except for acronyms).
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFC');
}

const STOP_TERMS = new Set(['mesh', 'proxy', 'gateway', 'service', 'ingress', 'kubernetes', 'cloud']);

/** The regex source of a term without its word boundaries. */
function termBody(text: string): string {
  return escapeRegExp(text).replace(/\s+/g, '\\s+');
}

export function buildTerms(vocabulary: VocabularyItem[]): Term[] {
  const terms: Term[] = [];
  for (const item of vocabulary) {
    for (const text of new Set([item.name, ...item.aliases].map((a) => foldText(a.trim())))) {
      const trimmed = text;
      if (trimmed.length < 2 || STOP_TERMS.has(trimmed.toLowerCase())) continue;
      const flags = isAcronym(trimmed) ? 'gu' : 'giu';
      terms.push({
        text: trimmed,
        item,
        titleOnly: isGenericPhrase(item, trimmed),
        pattern: new RegExp(`${NOT_AFTER}${termBody(trimmed)}(?!${WORD_CHAR})${DESCRIPTIVE_SUFFIX}`, flags),
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
const WORD_START = new RegExp(NOT_AFTER, 'uy');
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

/**
 * The spans of `text` that spell the name of the entry's own repository ("uptime-kuma" as
 * "Uptime Kuma" or "uptime-kuma"): a longer name than any of ours found inside it.
 */
function repositoryNamePattern(url: string | null | undefined, declared: boolean): RegExp | null {
  if (!url || declared) return null;
  const match = /^https?:\/\/(?:www\.)?github\.com\/[^/?#]+\/([^/?#]+)/i.exec(url);
  const words = match ? foldText(decodeURIComponent(match[1]!)).split(/[-_.\s]+/).filter((w) => w.length > 0) : [];
  if (words.length < 2) return null;
  return new RegExp(`(?<!${WORD_CHAR})${words.map(escapeRegExp).join('[\\s_.-]+')}(?!${WORD_CHAR})`, 'giu');
}

/**
 * The vocabulary items named in `text`, in order of first appearance. `longer` spells a longer
 * name that is none of ours (an entry's own repository name): a term inside one of its spans
 * does not count.
 */
export function findMentions(text: string, terms: Term[], field: 'title' | 'summary', longer: RegExp | null = null): VocabularyItem[] {
  const folded = foldText(text);
  const present = termsIn(folded, matcherFor(terms), field);
  if (present.length === 0) return [];
  // One term present (the usual case) that no other rule concerns: it matches, and nothing else can take its place.
  if (present.length === 1 && longer === null && present[0]!.item.label !== 'Concept') return [present[0]!.item];
  // The rules proper, over the few terms present (in buildTerms order: longest wins).
  const taken: Array<[number, number]> = [];
  if (longer) {
    longer.lastIndex = 0;
    for (const match of folded.matchAll(longer)) taken.push([match.index, match.index + match[0].length]);
  }
  const found: Array<{ at: number; item: VocabularyItem }> = [];
  for (const term of present) {
    if (term.titleOnly && field !== 'title') continue;
    term.pattern.lastIndex = 0;
    for (const match of folded.matchAll(term.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      // Inside a longer name, or a span a longer term claimed (an equal span is the same name).
      if (taken.some(([s, e]) => start < e && end > s && !(s === start && e === end))) continue;
      taken.push([start, end]);
      if (term.item.label === 'Concept' && NEGATION_BEFORE.test(folded.slice(Math.max(0, start - 24), start))) continue;
      found.push({ at: start, item: term.item });
    }
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.item)
    .filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

/** Hosts of social profiles and posts: a link there is about a person or a post, never about the host's owner. */
export const SOCIAL_HOSTS = new Set([
  'twitter.com', 'x.com', 'mobile.twitter.com', 'linkedin.com', 'facebook.com', 'instagram.com', 'mastodon.social',
  'bsky.app', 'threads.net', 'reddit.com', 'news.ycombinator.com',
]);

interface UrlPrefix {
  host: string;
  /** Lower-case path segments. */
  path: string[];
  item: VocabularyItem;
}

function urlParts(raw: string): { host: string; path: string[] } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const path = url.pathname.split('/').filter((s) => s.length > 0).map((s) => s.toLowerCase());
  return { host, path };
}

/** Per host, the declared address prefixes of products, longest first. */
export function buildUrlIndex(vocabulary: VocabularyItem[]): Map<string, UrlPrefix[]> {
  const index = new Map<string, UrlPrefix[]>();
  for (const item of vocabulary) {
    if (item.label !== 'Product') continue;
    for (const raw of new Set(item.urls ?? [])) {
      const parts = urlParts(raw);
      if (!parts || SOCIAL_HOSTS.has(parts.host)) continue;
      // A bare host shared by many things (github.com) names nothing by itself.
      if (parts.path.length === 0 && SHARED_HOSTS.has(parts.host)) continue;
      const list = index.get(parts.host) ?? [];
      list.push({ ...parts, item });
      index.set(parts.host, list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.path.length - a.path.length || a.item.id.localeCompare(b.item.id));
  return index;
}

/** Hosts whose root belongs to nobody in particular: only a path under them can name a product. */
const SHARED_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'medium.com', 'youtube.com', 'cloud.google.com', 'aws.amazon.com', 'docs.aws.amazon.com', 'learn.microsoft.com', 'kubernetes.io']);

/** The product whose declared address is the longest prefix of `url` (whole path segments), if any. */
export function productForUrl(url: string | null | undefined, index: Map<string, UrlPrefix[]>): VocabularyItem | null {
  if (!url) return null;
  const parts = urlParts(url);
  if (!parts || SOCIAL_HOSTS.has(parts.host)) return null;
  for (const prefix of index.get(parts.host) ?? []) {
    if (prefix.path.length <= parts.path.length && prefix.path.every((s, i) => parts.path[i] === s)) return prefix.item;
  }
  return null;
}

/** All ABOUT and COMPARES links for `entries`. Overrides are keyed by entry id. */
export function linkEntries(
  entries: LinkableEntry[],
  vocabulary: VocabularyItem[],
  overrides: Map<string, LinkOverride> = new Map(),
): EntryLink[] {
  const terms = buildTerms(vocabulary);
  const urlIndex = buildUrlIndex(vocabulary);
  const byId = new Map(vocabulary.map((v) => [v.id, v]));
  const links: EntryLink[] = [];
  for (const entry of entries) {
    const override = overrides.get(entry.id);
    const excluded = new Set(override?.notAbout ?? []);
    const byUrl = productForUrl(entry.url, urlIndex);
    const longer = repositoryNamePattern(entry.url, byUrl !== null);
    const inTitle = findMentions(entry.title, terms, 'title', longer);
    const inSummary = findMentions(entry.summary, terms, 'summary', longer);
    const named = [...(byUrl ? [byUrl] : []), ...inTitle, ...inSummary];
    // A concept naming the kind of a product the entry is about is its genre, not its subject.
    const kinds = new Set(named.flatMap((i) => (i.label === 'Product' && i.productType ? [i.productType] : [])));
    const subject = (i: VocabularyItem) => !excluded.has(i.id) && !(i.label === 'Concept' && kinds.has(i.id));
    const result = new Map<string, EntryLink>();
    const add = (type: EntryLink['type'], item: VocabularyItem, confidence: EntryLink['confidence']) => {
      const key = `${type}:${item.id}`;
      const existing = result.get(key);
      if (!existing || (existing.confidence === 'medium' && confidence === 'high')) {
        result.set(key, { entryId: entry.id, type, targetId: item.id, targetLabel: item.label, confidence });
      }
    };
    for (const item of named) if (subject(item)) add('ABOUT', item, 'medium');
    if (COMPARISON.test(foldText(entry.title))) {
      // Products compared, or else concepts ("sidecar vs ambient"); never a mix with the genre.
      const products = inTitle.filter((i) => i.label === 'Product' && subject(i));
      const concepts = inTitle.filter((i) => i.label === 'Concept' && subject(i));
      const compared = products.length >= 2 ? products : products.length === 0 && concepts.length >= 2 ? concepts : [];
      for (const item of compared) add('COMPARES', item, 'medium');
    }
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
