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

export function buildTerms(vocabulary: VocabularyItem[]): Term[] {
  const terms: Term[] = [];
  for (const item of vocabulary) {
    for (const text of new Set([item.name, ...item.aliases])) {
      const trimmed = text.trim();
      if (trimmed.length < 2 || STOP_TERMS.has(trimmed.toLowerCase())) continue;
      const flags = isAcronym(trimmed) ? 'gu' : 'giu';
      const body = escapeRegExp(trimmed).replace(/\s+/g, '\\s+');
      terms.push({
        text: trimmed,
        item,
        titleOnly: isGenericPhrase(item, trimmed),
        pattern: new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])${DESCRIPTIVE_SUFFIX}`, flags),
      });
    }
  }
  // Longest first, so "Traefik Mesh" claims its span before "Traefik" can.
  return terms.sort((a, b) => b.text.length - a.text.length || a.text.localeCompare(b.text));
}

/** The vocabulary items named in `text`, in order of first appearance. */
export function findMentions(text: string, terms: Term[], field: 'title' | 'summary'): VocabularyItem[] {
  const taken: Array<[number, number]> = [];
  const found: Array<{ at: number; item: VocabularyItem }> = [];
  for (const term of terms) {
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
