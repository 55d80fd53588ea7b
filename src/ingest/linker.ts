/**
 * Linking entries to the products, concepts and organizations they are about, by the names and
 * aliases that appear in their titles and descriptions and by the addresses products declare for
 * their URLs, corrected by curated entryLinks. Measured on a hand-checked sample of real page
 * entries (test/golden/linker-sample.yaml; figures in docs/linking.md).
 *
 * The rules, each for a mistake a naive substring match makes:
 * - text is folded first (compatibility decomposition, accents stripped), and names match
 *   case-insensitively: "Ünlü" is "unlu"; short upper-case acronyms (OSM, SMI) match in that
 *   case only, and names of several words keep the capitals they are declared with
 *   ("Kubernetes ingress traffic" is not the Kubernetes Ingress API);
 * - whole words only: "Kuma" is not in "Kumamoto", "OSM" is not in "cOSMos";
 * - the tail of a capitalised hyphenated compound is not a name: "Multi-Cloud Service Mesh" is
 *   not Cloud Service Mesh;
 * - a name followed by "-based", "-compatible", "-less", "-free" … describes something else:
 *   "Envoy-based proxying" is not about Envoy, "sidecar-less" is not about the sidecar; nor is a
 *   name followed by a domain ending ("twitter.com/someone") a mention;
 * - a concept right after "without", "no", "not", "beyond" is negated, not the subject;
 * - the longest name wins where names overlap ("Traefik Mesh" is not also "Traefik"), every name
 *   claiming its span even where it may not link; where an entry's URL is a repository no
 *   product declares and the text writes its name as a name, that name is a longer one too:
 *   "Uptime Kuma" (github.com/louislam/uptime-kuma) is not Kuma;
 * - concept names written in lower case ("service mesh", "observability") are common words:
 *   they link from titles only; "mesh" alone matches nothing;
 * - of a page's description only the lead sentence counts, outside asides in parentheses: later
 *   sentences and asides name things in passing;
 * - an organization right before a product or concept ("HashiCorp Consul", "Google's service
 *   mesh") or, in running text, before any capitalised name is a vendor, not a subject; a concept
 *   naming the kind of the product right before it ("Istio service mesh") describes it;
 * - in a title comparing products, the concept naming their kind is the genre, not a subject;
 * - an entry's URL links the product whose homepage, repository or declared `urls` is the
 *   longest prefix of it (by host and whole path segments): a github.com/istio/… link is about
 *   Istio; an organization only from its homepage itself. Social-profile hosts (twitter.com,
 *   x.com, linkedin.com …) never link anything.
 * An entry whose title reads as a comparison ("vs", "versus", "comparing", "benchmarking",
 * "different") COMPARES the products it names when it names two or more, else the concepts.
 *
 * Speed: a text is scanned once per case-sensitivity class with one alternation of every term
 * (longest first), which finds every place where a term occurs and where it ends (shorter terms
 * at the same place are tried only when their text begins the text there); only those few
 * occurrences then go through the rules above, without running each term's own pattern.
 */

import { foldName } from './fold.js';

export type LinkLabel = 'Product' | 'Concept' | 'Organization';

export interface VocabularyItem {
  id: string;
  label: LinkLabel;
  name: string;
  aliases: string[];
  /** The addresses that belong to it alone: a product's homepage, repository and declared `urls`; an organization's homepage. */
  urls?: string[];
  /** Products: their kind (service-mesh, proxy …), which may be a concept's id. */
  productType?: string;
}

export interface LinkableEntry {
  id: string;
  title: string;
  /** Our summary (curated entries), in full; empty when there is none. */
  summary: string;
  /** The page's own description: only its lead sentence, which says what the resource is, counts. */
  description?: string | null;
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
  /**
   * Names of several words (products, organizations): which words must start with a capital, as
   * the name is declared. "Kubernetes ingress traffic" does not name the Kubernetes Ingress API.
   */
  capitals: boolean[] | null;
}

const WORD_CHAR = '[\\p{L}\\p{N}_]';
/** Not the start of a name: inside a word. */
const NOT_AFTER = `(?<!${WORD_CHAR})`;
/** Before a name, the head of a capitalised hyphenated compound ("Multi-" of "Multi-Cloud Service Mesh"). */
const COMPOUND_HEAD = /(?:^|[^\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*-$/u;
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
 * Text folded for matching as names are everywhere (src/ingest/fold.ts), letters only: case and
 * punctuation are left to the patterns (case-insensitive except for acronyms; "-based", ".com").
 */
const foldText = (text: string) => foldName(text, { lettersOnly: true });

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
        capitals: item.label !== 'Concept' && /\s/.test(trimmed) ? trimmed.split(/\s+/).map((w) => /^\p{Lu}/u.test(w)) : null,
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
      sameStart: list.map((_term, i) => list.flatMap((other, j) => (j > i && probes[i]!.test(firstLetter(other.text)) ? [j] : []))),
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
/** Where `term` matching at `at` ends, or -1 when it does not match there. */
function matchEnd(term: Term, text: string, at: number): number {
  let pattern = stickyPatterns.get(term);
  if (!pattern) {
    pattern = new RegExp(`${termBody(term.text)}(?!${WORD_CHAR})${DESCRIPTIVE_SUFFIX}`, `${term.pattern.flags.replace('g', '')}y`);
    stickyPatterns.set(term, pattern);
  }
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Text with runs of white space as one space, lower-cased: to compare a term's text with the text at a place. */
function spaced(text: string): string {
  return text.replace(/\s+/gu, ' ').toLowerCase();
}
const spacedTerms = new WeakMap<Term, string>();
function spacedTerm(term: Term): string {
  let value = spacedTerms.get(term);
  if (value === undefined) {
    value = spaced(term.text);
    spacedTerms.set(term, value);
  }
  return value;
}

/** One place where a term matches (by its own pattern). */
interface Occurrence {
  term: Term;
  start: number;
  end: number;
}

/**
 * Every place where a term matches `text` (as its own pattern would find it), found with one scan
 * per case class, in term order (buildTerms: longest first), then text order.
 */
function occurrencesIn(text: string, matcher: Matcher, field: 'title' | 'summary'): Occurrence[] {
  const found: Occurrence[] = [];
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
      if (index < 0) {
        // Cannot happen (the matched text is one alternative's); if it did, try every term here.
        for (const term of terms) {
          const end = matchEnd(term, text, at);
          if (end >= 0) found.push({ term, start: at, end });
        }
        continue;
      }
      found.push({ term: terms[index]!, start: at, end: at + match[0].length });
      // Shorter terms starting at the same place ("Traefik" under "Traefik Mesh"): only those
      // whose text begins the text here (a cheap test first; the term's own pattern decides).
      let here: string | undefined;
      for (const other of scanner.sameStart[index]!) {
        const term = terms[other]!;
        here ??= spaced(text.slice(at, at + 2 * match[0].length + 8));
        if (!here.startsWith(spacedTerm(term))) continue;
        const end = matchEnd(term, text, at);
        if (end >= 0) found.push({ term, start: at, end });
      }
    }
  }
  return found.sort((a, b) => matcher.rank.get(a.term)! - matcher.rank.get(b.term)! || a.start - b.start);
}

/**
 * The name of the entry's own repository (github.com/louislam/uptime-kuma), when the entry's
 * text also writes it as a proper name ("Uptime Kuma"): then it is the name of another thing,
 * longer than any of ours found inside it, in every spelling ("uptime-kuma" too). A repository
 * name the text never writes as a name ("learn-istio") is only a description of its subject.
 */
function repositoryName(url: string | null | undefined, declared: boolean, texts: string[]): RegExp | null {
  if (!url || declared) return null;
  const match = /^https?:\/\/(?:www\.)?github\.com\/[^/?#]+\/([^/?#]+)/i.exec(url);
  const words = match
    ? foldText(decodeURIComponent(match[1]!))
        .split(/[-_.\s]+/)
        .filter((w) => w.length > 0)
    : [];
  if (words.length < 2) return null;
  const body = words.map(escapeRegExp);
  if (!texts.some((t) => writesAsName(body, t))) return null;
  return new RegExp(`(?<!${WORD_CHAR})${body.join('[\\s_.-]+')}(?!${WORD_CHAR})`, 'giu');
}

/** Whether `text` writes the words as a proper name: separated by spaces, each capitalised. */
function writesAsName(words: string[], text: string): boolean {
  const spaced = new RegExp(`(?<!${WORD_CHAR})${words.join(' ')}(?!${WORD_CHAR})`, 'giu');
  for (const found of text.matchAll(spaced)) if (found[0].split(' ').every((w) => /^\p{Lu}/u.test(w))) return true;
  return false;
}

/** One place where a vocabulary item is named: its span in the folded text. */
interface Mention {
  item: VocabularyItem;
  start: number;
  end: number;
}

/**
 * Every place (in the folded text) where a vocabulary item is named, in text order, after the
 * rules of this module. `longer` spells a longer name that is none of ours (an entry's own
 * repository name): a term inside one of its spans does not count.
 */
function mentionsIn(folded: string, terms: Term[], field: 'title' | 'summary', longer: RegExp | null = null): Mention[] {
  // Every name is scanned for, so that a title-only name still claims its span in other text
  // ("Kubernetes ingress controllers" is not the Kubernetes Ingress API) without linking there.
  const present = occurrencesIn(folded, matcherFor(terms), 'title');
  if (present.length === 0) return [];
  const taken: Array<[number, number]> = [];
  if (longer) {
    longer.lastIndex = 0;
    for (const match of folded.matchAll(longer)) taken.push([match.index, match.index + match[0].length]);
  }
  const asides =
    field === 'title' ? [] : [...folded.matchAll(/\([^()]*\)/gu)].map((m): [number, number] => [m.index, m.index + m[0].length]);
  const found: Mention[] = [];
  // In buildTerms order: the longest name claims its span first.
  for (const { term, start, end } of present) {
    const text = folded.slice(start, end);
    if (term.capitals && !text.split(/\s+/).every((w, k) => !term.capitals![k] || /^\p{Lu}/u.test(w))) continue;
    // An aside in parentheses of a description names things in passing: "(inspired by Dapper & Zipkin)".
    if (field !== 'title' && asides.some(([s, e]) => start > s && end <= e)) continue;
    // The tail of a capitalised compound names something else: "Multi-Cloud Service Mesh".
    if (/^\p{Lu}/u.test(text) && COMPOUND_HEAD.test(folded.slice(Math.max(0, start - 32), start))) continue;
    // Inside a span a longer name claimed (an equal span is the same name, spelt alike).
    if (taken.some(([s, e]) => start < e && end > s && !(s === start && e === end))) continue;
    taken.push([start, end]);
    if (term.titleOnly && field !== 'title') continue;
    if (term.item.label === 'Concept' && NEGATION_BEFORE.test(folded.slice(Math.max(0, start - 24), start))) continue;
    found.push({ item: term.item, start, end });
  }
  return found.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The vocabulary items named in `text`, in order of first appearance. */
export function findMentions(text: string, terms: Term[], field: 'title' | 'summary', longer: RegExp | null = null): VocabularyItem[] {
  const seen = new Set<string>();
  return mentionsIn(foldText(text), terms, field, longer)
    .map((m) => m.item)
    .filter((item) => {
      if (seen.has(item.id)) return false;
      seen.add(item.id);
      return true;
    });
}

/** Whether a text capitalises most of its longer words, as titles often do ("Linkerd's CNCF Graduation Due to Its Simplicity"). */
function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}{4,}/gu) ?? [];
  return words.length > 0 && words.filter((w) => /^\p{Lu}/u.test(w)).length * 2 > words.length;
}

/** Between two names: nothing but spaces, or a possessive ("Google's Traffic Director"). */
const ADJACENT = /^(?:['’]s)?\s+$/u;

/**
 * The items a text is about, from its mentions: an organization named right before a product
 * or concept ("HashiCorp Consul", "Google's Traffic Director", "Google's service mesh") or, in
 * running text, before any capitalised name ("HashiCorp Vault") is a vendor, not a subject; a concept naming the kind of the product right before it ("Istio service mesh") is
 * that product's description, not a subject.
 */
function subjectsOf(folded: string, mentions: Mention[]): VocabularyItem[] {
  const kept: VocabularyItem[] = [];
  const seen = new Set<string>();
  const titleCase = isTitleCase(folded);
  mentions.forEach((m, i) => {
    const next = mentions[i + 1];
    const previous = mentions[i - 1];
    if (m.item.label === 'Organization') {
      if (next && ADJACENT.test(folded.slice(m.end, next.start))) return;
      // In running text, a capitalised word right after a company's name is the rest of a
      // product's name ("HashiCorp Vault", "This Microsoft Community Hub post").
      if (!titleCase && /^\s+\p{Lu}/u.test(folded.slice(m.end, m.end + 2))) return;
    }
    if (
      m.item.label === 'Concept' &&
      previous?.item.label === 'Product' &&
      previous.item.productType === m.item.id &&
      /^\s+$/u.test(folded.slice(previous.end, m.start))
    )
      return;
    if (!seen.has(m.item.id)) {
      seen.add(m.item.id);
      kept.push(m.item);
    }
  });
  return kept;
}

/** Hosts of social profiles and posts: a link there is about a person or a post, never about the host's owner. */
const SOCIAL_HOSTS = new Set([
  'twitter.com',
  'x.com',
  'mobile.twitter.com',
  'linkedin.com',
  'facebook.com',
  'instagram.com',
  'mastodon.social',
  'bsky.app',
  'threads.net',
  'reddit.com',
  'news.ycombinator.com',
]);

/** Hosts whose root belongs to nobody in particular: only a path under them can name a product. */
const SHARED_HOSTS = new Set([
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'medium.com',
  'youtube.com',
  'cloud.google.com',
  'aws.amazon.com',
  'docs.aws.amazon.com',
  'learn.microsoft.com',
  'kubernetes.io',
]);

interface UrlPrefix {
  host: string;
  /** Lower-case path segments. */
  path: string[];
  item: VocabularyItem;
  /** Organizations: only their homepage itself, not every page under it (a company's blog is not about the company). */
  exact: boolean;
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
  const path = url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => s.toLowerCase());
  return { host, path };
}

/**
 * Per host, the declared addresses of products (homepage, repository, `urls`: any page under
 * them) and of organizations (homepage: that page only), longest first.
 */
function buildUrlIndex(vocabulary: VocabularyItem[]): Map<string, UrlPrefix[]> {
  const index = new Map<string, UrlPrefix[]>();
  for (const item of vocabulary) {
    if (item.label === 'Concept') continue;
    for (const raw of new Set(item.urls ?? [])) {
      const parts = urlParts(raw);
      if (!parts || SOCIAL_HOSTS.has(parts.host)) continue;
      // A bare host shared by many things (github.com) names nothing by itself.
      if (parts.path.length === 0 && SHARED_HOSTS.has(parts.host)) continue;
      const list = index.get(parts.host) ?? [];
      list.push({ ...parts, item, exact: item.label === 'Organization' });
      index.set(parts.host, list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.path.length - a.path.length || a.item.id.localeCompare(b.item.id));
  return index;
}

/** The product (or organization, by its homepage) whose declared address is the longest prefix of `url`, by whole path segments. */
function itemForUrl(url: string | null | undefined, index: Map<string, UrlPrefix[]>): VocabularyItem | null {
  if (!url) return null;
  const parts = urlParts(url);
  if (!parts || SOCIAL_HOSTS.has(parts.host)) return null;
  for (const prefix of index.get(parts.host) ?? []) {
    if (prefix.exact && prefix.path.length !== parts.path.length) continue;
    if (prefix.path.length <= parts.path.length && prefix.path.every((s, i) => parts.path[i] === s)) return prefix.item;
  }
  return null;
}

/**
 * The first sentence of a page's description: what the resource is. Later sentences give
 * context ("It combines Kiali, Jaeger and Prometheus", "control planes such as Istio … should
 * just work"), where names are mentioned in passing. A sentence ends at ".", "!" or "?" followed
 * by a space and a capital, except after common abbreviations ("vs.", "e.g.", "Inc.").
 */
export function leadSentence(text: string): string {
  const end = /(?<!\b(?:vs|e\.g|i\.e|etc|Inc|Corp|Ltd|Dr|Mr|Ms|No|approx|incl))[.!?](?=\s+["'“(]?\p{Lu})/u.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
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
    const byUrl = itemForUrl(entry.url, urlIndex);
    const title = foldText(entry.title);
    const summary = foldText(entry.summary.trim() !== '' ? entry.summary : leadSentence(entry.description ?? ''));
    const longer = repositoryName(entry.url, byUrl?.label === 'Product', [title, summary, foldText(entry.description ?? '')]);
    const inTitle = subjectsOf(title, mentionsIn(title, terms, 'title', longer));
    const inSummary = subjectsOf(summary, mentionsIn(summary, terms, 'summary', longer));
    const named = [...(byUrl ? [byUrl] : []), ...inTitle, ...inSummary];
    const comparison = COMPARISON.test(title);
    const products = inTitle.filter((i) => i.label === 'Product' && !excluded.has(i.id));
    // Comparing products, the concept that names their kind ("service meshes") is the genre, not a subject.
    const genres = new Set(comparison && products.length >= 2 ? products.flatMap((p) => (p.productType ? [p.productType] : [])) : []);
    const subject = (i: VocabularyItem) => !excluded.has(i.id) && !genres.has(i.id);
    const result = new Map<string, EntryLink>();
    const add = (type: EntryLink['type'], item: VocabularyItem, confidence: EntryLink['confidence']) => {
      const key = `${type}:${item.id}`;
      const existing = result.get(key);
      if (!existing || (existing.confidence === 'medium' && confidence === 'high')) {
        result.set(key, { entryId: entry.id, type, targetId: item.id, targetLabel: item.label, confidence });
      }
    };
    for (const item of named) if (subject(item)) add('ABOUT', item, 'medium');
    if (comparison) {
      // Products compared, or else concepts ("sidecar vs ambient").
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
