/**
 * Name resolution: turns what a person types ("Istio", "osm", "mutual TLS", "Maesch",
 * "trafik mesh") into the node it means. One Cypher statement resolves any number of names.
 *
 * Stages, best first: exact name → id (the slug, or the slug of the text) → alias → fuzzy. Names
 * and aliases are compared folded (foldName: Unicode form, case, Latin accents and punctuation do
 * not matter, so "ünlü mesh", "UNLU-MESH" and the NFD form all name "Ünlü Mesh"). Candidates come
 * from the lower-cased name and alias fields (an index lookup) and from the full-text indexes,
 * which fold the same way (the whole text as a phrase, every word exactly, as a prefix and with
 * typos, on the name and alias fields only); each candidate's stage is then decided here by
 * comparing folded text. Fuzzy candidates are accepted only when their edit distance (optimal
 * string alignment, on folded text) to the name or one alias is within a threshold that grows
 * with the length of the text. Fuzzy hits that are not accepted become `suggestions` ("did you
 * mean …").
 *
 * The best stage wins across all kinds. Kinds are ranked in the order the caller gives them
 * (Products before Concepts, say). When several different nodes match at the best stage, all of
 * them are `candidates` and `ambiguous` is true; `match` is then the first by kind order — unless
 * the caller asked for `strict`, or two of them share that first kind (then nothing can choose
 * between them), in which case `match` is absent and throwIfUnresolved raises AMBIGUOUS_NAME.
 */
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { MeshgraphError, NotFoundError } from '../../errors.js';
import { foldedWords, foldName } from '../../ingest/fold.js';
import { slugify } from '../../ingest/slug.js';
import { cypher, type Graph, type Row, type Statement } from '../graph.js';
import { nodeProjection, planSignature, readAheadExpression, type ReadAheadPlan } from './readAhead.js';

/** Labels a name may resolve to. Nothing outside this list ever reaches a Cypher string. */
const NAME_KINDS = ['Product', 'Concept', 'Organization', 'Entry'] as const;
export type NameKind = (typeof NAME_KINDS)[number];

/** The usual order: curated things before entries, products first. */
export const ALL_NAME_KINDS: NameKind[] = ['Product', 'Concept', 'Organization', 'Entry'];

export type MatchedBy = 'name' | 'id' | 'alias' | 'fuzzy';

const STAGE_RANK: Record<MatchedBy, number> = { name: 0, id: 1, alias: 2, fuzzy: 3 };

export interface NameHit {
  label: NameKind;
  id: string;
  /** The node's display name (an entry's title). */
  name: string;
  matchedBy: MatchedBy;
}

export interface NameResolution {
  /** The text as given. */
  query: string;
  /** The node the text means, when one can be chosen. */
  match?: NameHit;
  /** Every node matching at the best stage, ordered by kind order, then name. */
  candidates: NameHit[];
  /** More than one node matched at the best stage. */
  ambiguous: boolean;
  /** Names close to the text that were not good enough to match ("did you mean"). */
  suggestions: string[];
  /**
   * The properties of `match`'s node when the statement returned them (it was found by name, id or
   * alias), so the caller can answer with the node without reading it again. Never sent to clients.
   */
  matchProps?: Record<string, unknown>;
  /** What the statement read ahead with `match`'s node (`ResolveOptions.readAhead`), for keepReadAhead. */
  matchAhead?: unknown;
}

export interface ResolveOptions {
  /** Refuse to choose by kind order: an ambiguous name resolves to no match. */
  strict?: boolean;
  /**
   * Relationship lists to read with the matched node, in the same statement (one kind only): a
   * root lookup's selection (src/graph/stores/readAhead.ts).
   */
  readAhead?: ReadAheadPlan;
}

/** Longest name text we try to resolve; longer input cannot be a name and resolves to nothing. */
const MAX_NAME_LENGTH = 200;
const MAX_FUZZY_TOKENS = 8;
const MAX_TOKEN_LENGTH = 40;
const FUZZY_HITS_PER_INDEX = 10;
const MAX_SUGGESTIONS = 5;

// ---------------------------------------------------------------------------------------------
// Text helpers (also used by the search store)
// ---------------------------------------------------------------------------------------------

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * Escapes one term for the Lucene query parser: every special character gets a backslash and the
 * operator words AND, OR, NOT (case-sensitive in Lucene) are quoted by lower-casing them.
 */
export function escapeLucene(term: string): string {
  const escaped = term.replace(LUCENE_SPECIAL, (c) => `\\${c}`);
  return /^(AND|OR|NOT)$/.test(escaped) ? escaped.toLowerCase() : escaped;
}

/** Lucene fuzzy edits allowed for one token: none for short tokens, at most 2 (Lucene's limit). */
function luceneEdits(token: string): 0 | 1 | 2 {
  const n = [...token].length;
  if (n < 3) return 0;
  if (n < 6) return 1;
  return 2;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): "istoi" → "istio" is 1.
 * Works on code points, so emoji and accents count as one character each.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prevPrev: number[] = new Array<number>(t.length + 1).fill(0);
  let prev: number[] = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur: number[] = new Array<number>(t.length + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
    }
    prevPrev = prev;
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * How many edits a fuzzy match may need, relative to the length of the (normalised) text:
 * nothing under 4 characters ("osm" must be exact), 1 up to 7, 2 up to 11, then 3.
 */
export function maxFuzzyDistance(normalizedText: string): number {
  const n = [...normalizedText].length;
  return Math.min(3, Math.floor(n / 4));
}

/** The smallest edit distance between the text and any of a node's keys (name and aliases). */
function fuzzyDistance(normalizedText: string, keys: readonly string[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const key of keys) {
    const d = editDistance(normalizedText, foldName(key));
    if (d < best) best = d;
  }
  return best;
}

/** Whether a node with these keys is close enough to the text to count as a fuzzy match. */
export function isFuzzyMatch(text: string, keys: readonly string[]): boolean {
  const normalized = foldName(text);
  if (normalized === '') return false;
  return fuzzyDistance(normalized, keys) <= maxFuzzyDistance(normalized);
}

/**
 * Whether a near miss is worth suggesting ("did you mean"): the text starts a name or alias (at
 * least 2 characters typed), or is within a looser distance than a match needs.
 */
export function isSuggestion(normalizedText: string, keys: readonly string[]): boolean {
  const n = [...normalizedText].length;
  if (n === 0) return false;
  const loose = Math.max(2, Math.floor(n / 2));
  return keys.some((key) => {
    const k = foldName(key);
    return (n >= 2 && k.startsWith(normalizedText)) || editDistance(normalizedText, k) <= loose;
  });
}

/**
 * The Lucene query for the full-text stage of one name, in folded words (the form the indexes
 * hold): the whole text as a phrase (so an exact name comes first among many that contain its
 * words), every word as an exact term (boosted), a prefix and a fuzzy term, on the name and alias
 * fields only (never descriptions). Undefined when the text has no words (only punctuation or
 * emoji).
 */
export function fuzzyLuceneQuery(text: string, fields: readonly string[]): string | undefined {
  const tokens = foldedWords(text)
    .slice(0, MAX_FUZZY_TOKENS)
    .map((t) => [...t].slice(0, MAX_TOKEN_LENGTH).join(''));
  if (tokens.length === 0) return undefined;
  const terms = tokens
    .map((token) => {
      const e = escapeLucene(token);
      const edits = luceneEdits(token);
      const parts = [`${e}^2`, `${e}*`];
      if (edits > 0) parts.push(`${e}~${edits}`);
      return `(${parts.join(' OR ')})`;
    })
    .join(' ');
  const phrase = tokens.length > 1 ? `"${tokens.map(escapeLucene).join(' ')}"^4 OR ` : '';
  return fields.map((f) => `${f}:(${phrase}${terms})`).join(' OR ');
}

// ---------------------------------------------------------------------------------------------
// The statement
// ---------------------------------------------------------------------------------------------

interface KindSpec {
  index: string;
  /** Lucene fields holding the name and aliases. */
  fields: string[];
  /**
   * An index lookup of the lower-cased name (a fast path; the full-text branch finds every
   * spelling). Entries have none: a title lookup would scan every entry, and the full-text branch
   * ranks a title that is exactly the text first (the phrase, in the shortest field).
   */
  nameBranch?: string;
  aliasBranch?: string;
  returns: string;
}

/** The name branch's condition: the node's lower-cased name is the text. */
const NAME_IS_TEXT = 'n.nameLower = item.lower';

const NAMED_RETURNS = (label: string) => `'${label}' AS label, n.id AS id, n.name AS name, [n.name] + coalesce(n.aliases, []) AS keys`;

const KIND_SPECS: Record<NameKind, KindSpec> = {
  Product: {
    index: 'product_search',
    fields: ['name', 'aliasText'],
    nameBranch: `MATCH (n:Product) WHERE ${NAME_IS_TEXT}`,
    aliasBranch: 'MATCH (n:Product) WHERE item.lower IN n.aliasesLower',
    returns: NAMED_RETURNS('Product'),
  },
  Concept: {
    index: 'concept_search',
    fields: ['name', 'aliasText'],
    nameBranch: `MATCH (n:Concept) WHERE ${NAME_IS_TEXT}`,
    aliasBranch: 'MATCH (n:Concept) WHERE item.lower IN n.aliasesLower',
    returns: NAMED_RETURNS('Concept'),
  },
  Organization: {
    index: 'organization_search',
    fields: ['name', 'aliasText'],
    nameBranch: `MATCH (n:Organization) WHERE ${NAME_IS_TEXT}`,
    aliasBranch: 'MATCH (n:Organization) WHERE item.lower IN n.aliasesLower',
    returns: NAMED_RETURNS('Organization'),
  },
  Entry: {
    index: 'entry_search',
    fields: ['title'],
    returns: `'Entry' AS label, n.id AS id, n.title AS name, [n.title] AS keys`,
  },
};

function checkKinds(kinds: readonly string[]): NameKind[] {
  if (kinds.length === 0) throw new Error('resolveNames needs at least one kind');
  const out: NameKind[] = [];
  for (const kind of kinds) {
    if (!(NAME_KINDS as readonly string[]).includes(kind)) throw new Error(`not a resolvable kind: ${kind}`);
    if (!out.includes(kind as NameKind)) out.push(kind as NameKind);
  }
  return out;
}

// One statement per set of kinds, and per read-ahead shape: bounded, as clients choose the shapes.
const statements = new LRUCache<string, Statement>({ max: 500 });

/** The one statement for a set of kinds (labels from the allowlist only), cached. */
export function resolveStatement(kinds: readonly NameKind[], readAhead?: ReadAheadPlan): Statement {
  const [only] = kinds;
  if (readAhead && (kinds.length !== 1 || !only)) throw new Error('resolveNames reads ahead for one kind only');
  const key = [...kinds].sort().join(',') + (readAhead ? `|${planSignature(readAhead)}` : '');
  const cached = statements.get(key);
  if (cached) return cached;
  const exactBranches: string[] = [];
  const laterBranches: string[] = [];
  // The exact branches also return the node's properties (and what the request reads ahead with
  // it), so a lookup by name needs no second statement to read the node it matched; full-text
  // hits (mostly near misses) do not.
  const hit = (stage: string, score: string, props: string, ahead: string) =>
    `{label: label, id: id, name: name, keys: keys, stage: ${stage}, score: ${score}, props: ${props}, ahead: ${ahead}}`;
  // The served properties only (no folded or lower-cased lookup copies); with a read-ahead plan,
  // only those its selection reads.
  const props = readAhead ? nodeProjection('n', [readAhead.label], readAhead.properties) : nodeProjection('n', kinds);
  const exact = hit('stage', '0.0', props, readAhead ? readAheadExpression('n', readAhead) : 'null');
  for (const kind of [...kinds].sort()) {
    const spec = KIND_SPECS[kind];
    const returns = (stage: MatchedBy) => `WITH n, ${spec.returns}, '${stage}' AS stage RETURN ${exact} AS hit`;
    if (spec.nameBranch) exactBranches.push(`${spec.nameBranch} ${returns('name')}`);
    // A node the name branch matched is not matched again by its id ("envoy" for "Envoy"): its
    // name hit ranks first anyway (decide), and its read-ahead would be read twice.
    const notNamed = spec.nameBranch ? ` AND NOT coalesce(${NAME_IS_TEXT}, false)` : '';
    exactBranches.push(`MATCH (n:${kind}) WHERE n.id IN item.ids${notNamed} ${returns('id')}`);
    // An alias lookup scans the label (a list property has no index to seek), so it runs with the
    // full-text branches, only when no node has the text as its name.
    // The scan is in its own subquery, after the guard: planned flat, Neo4j scanned first and
    // filtered on the guard after (PROFILE showed it).
    if (spec.aliasBranch) laterBranches.push(`WITH item WHERE NOT named CALL (item) { ${spec.aliasBranch} RETURN n } ${returns('alias')}`);
    laterBranches.push(
      `WITH item WHERE ${spec.nameBranch ? 'NOT named AND ' : ''}item.lucene[${JSON.stringify(kind)}] IS NOT NULL ` +
        `CALL db.index.fulltext.queryNodes('${spec.index}', item.lucene[${JSON.stringify(kind)}], {limit: ${FUZZY_HITS_PER_INDEX}}) ` +
        `YIELD node AS n, score WITH n, score, ${spec.returns} RETURN ${hit("'fuzzy'", 'score', 'null', 'null')} AS hit`,
    );
  }
  // The alias and full-text branches (near misses, spellings the exact branches miss) run only
  // when no node has the text as its name: a name match ranks first (decide), so they could only
  // add candidates of a lower stage and suggestions, which are shown only when nothing matches. Entries have no name branch: their
  // full-text branch is how a title is matched, so it always runs.
  const text = `
    UNWIND $items AS item
    OPTIONAL CALL (item) {
      ${exactBranches.join('\n      UNION ALL\n      ')}
    }
    WITH item, collect(hit) AS exact
    WITH item, exact, any(h IN exact WHERE h.stage = 'name') AS named
    OPTIONAL CALL (item, named) {
      ${laterBranches.join('\n      UNION ALL\n      ')}
    }
    WITH item, exact, collect(hit) AS fuzzy
    RETURN item.i AS i, exact + fuzzy AS hits`;
  const statement = cypher(`resolveNames[${[...kinds].sort().join(',')}]${readAhead ? '+readAhead' : ''}`, text);
  statements.set(key, statement);
  return statement;
}

interface RawHit {
  label: NameKind;
  id: string;
  name: string;
  keys: string[];
  stage: MatchedBy;
  score: number;
  /** The node's properties, from the exact branches (absent for full-text hits). */
  props?: Record<string, unknown> | null;
  /** What was read ahead with the node (exact branches of a read-ahead statement only). */
  ahead?: unknown;
}

/** A name as compared: NFC, trimmed, inner whitespace runs as one space. */
const tidy = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');

/**
 * The ids a text may be, as typed: lower-cased ("envoy"), slugified ("open-service-mesh" for
 * "Open Service Mesh") and folded with dashes. Also what search's ranking compares ids with.
 */
export function idsOf(text: string): string[] {
  const trimmed = tidy(text);
  return [...new Set([trimmed.toLowerCase(), slugify(trimmed), foldName(trimmed).replace(/ /g, '-')].filter((s) => s !== ''))];
}

interface NameParams {
  lower: string;
  ids: readonly string[];
  lucene: Readonly<Record<string, string>>;
}

/**
 * The parameters of names asked recently, by kinds and text: the same few names are asked again
 * and again (a dashboard's, the playground's), and working them out (tidying, folding, the
 * full-text queries) was 1–2 % of a lookup's time. Never changed once made.
 */
const recentNames = new LRUCache<string, NameParams>({ max: 2_000 });

/** The parameters for one name (exported for tests). */
export function nameItem(i: number, text: string, kinds: readonly NameKind[]): NameParams & { i: number } {
  const key = `${kinds.join(',')}|${text}`;
  let params = recentNames.get(key);
  if (!params) {
    const trimmed = tidy(text);
    const lucene: Record<string, string> = {};
    for (const kind of kinds) {
      const q = fuzzyLuceneQuery(trimmed, KIND_SPECS[kind].fields);
      if (q !== undefined) lucene[kind] = q;
    }
    params = { lower: lowerName(trimmed), ids: idsOf(trimmed), lucene };
    recentNames.set(key, params);
  }
  return { i, ...params };
}

/**
 * The stage a candidate matches at, comparing folded text: its name (or title) is the text →
 * `name`; found by id → `id`; one of its aliases is the text → `alias`; otherwise the stage it was
 * found at (`fuzzy` for full-text hits). `keys` holds the name first, then the aliases.
 */
function foldedStage(foldedText: string, hit: Pick<RawHit, 'name' | 'keys' | 'stage'>): MatchedBy {
  if (foldedText !== '' && foldName(hit.name) === foldedText) return 'name';
  if (hit.stage === 'id' || hit.stage === 'name') return hit.stage;
  if (foldedText !== '' && hit.keys.slice(1).some((k) => foldName(k) === foldedText)) return 'alias';
  return hit.stage;
}

/**
 * Chooses from the raw hits of one name (pure, exported for unit tests): best stage first, then
 * kind order; fuzzy hits must be within the distance threshold, and only the closest count.
 */
export function decide(
  query: string,
  rawHits: readonly RawHit[],
  kinds: readonly NameKind[],
  options: ResolveOptions = {},
): NameResolution {
  const normalized = foldName(query);
  const threshold = maxFuzzyDistance(normalized);
  const kindRank = (k: NameKind) => kinds.indexOf(k);

  // Best (lowest) stage per node, names compared folded; fuzzy distance per fuzzy hit.
  const byNode = new Map<string, RawHit & { distance: number }>();
  for (const raw of rawHits) {
    const hit = { ...raw, stage: foldedStage(normalized, raw) };
    const key = `${hit.label}:${hit.id}`;
    const distance = hit.stage === 'fuzzy' ? fuzzyDistance(normalized, hit.keys) : 0;
    const seen = byNode.get(key);
    if (
      !seen ||
      STAGE_RANK[hit.stage] < STAGE_RANK[seen.stage] ||
      (hit.stage === seen.stage && (distance < seen.distance || (distance === seen.distance && hit.score > seen.score)))
    ) {
      byNode.set(key, { ...hit, distance });
    }
  }
  const hits = [...byNode.values()];
  const accepted = hits.filter((h) => h.stage !== 'fuzzy' || (normalized !== '' && h.distance <= threshold));

  let candidates: NameHit[] = [];
  if (accepted.length > 0) {
    const bestStage = Math.min(...accepted.map((h) => STAGE_RANK[h.stage]));
    let best = accepted.filter((h) => STAGE_RANK[h.stage] === bestStage);
    if (best[0]?.stage === 'fuzzy') {
      const minDistance = Math.min(...best.map((h) => h.distance));
      best = best.filter((h) => h.distance === minDistance);
    }
    best.sort(
      (a, b) =>
        kindRank(a.label) - kindRank(b.label) ||
        b.score - a.score ||
        a.name.localeCompare(b.name) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    candidates = best.map((h) => ({ label: h.label, id: h.id, name: h.name, matchedBy: h.stage }));
  }

  const candidateKeys = new Set(candidates.map((c) => `${c.label}:${c.id}`));
  const suggestions: string[] = [];
  const rest = hits
    .filter((h) => h.stage === 'fuzzy' && !candidateKeys.has(`${h.label}:${h.id}`))
    .filter((h) => isSuggestion(normalized, h.keys))
    .sort((a, b) => a.distance - b.distance || b.score - a.score || kindRank(a.label) - kindRank(b.label) || a.name.localeCompare(b.name));
  for (const h of rest) {
    if (suggestions.length >= MAX_SUGGESTIONS) break;
    if (!suggestions.includes(h.name) && !candidates.some((c) => c.name === h.name)) suggestions.push(h.name);
  }

  const ambiguous = candidates.length > 1;
  const first = candidates[0];
  let match: NameHit | undefined;
  if (first) {
    const sameKindAsFirst = candidates.filter((c) => c.label === first.label).length;
    if (!ambiguous || (!options.strict && sameKindAsFirst === 1)) match = first;
  }
  const matched = match ? rawHits.find((h) => h.props && h.label === match.label && h.id === match.id) : undefined;
  return {
    query,
    ...(match ? { match } : {}),
    candidates,
    ambiguous,
    suggestions,
    ...(matched?.props ? { matchProps: matched.props } : {}),
    ...(matched?.ahead != null ? { matchAhead: matched.ahead } : {}),
  };
}

function emptyResolution(query: string): NameResolution {
  return { query, candidates: [], ambiguous: false, suggestions: [] };
}

/** The raw hits of many names (one statement), by the index of the name. */
async function findCandidates(
  graph: Graph,
  names: readonly string[],
  kinds: readonly NameKind[],
  readAhead?: ReadAheadPlan,
): Promise<Map<number, RawHit[]>> {
  const items = names
    .map((name, i) => ({ name, i }))
    .filter(({ name }) => name.trim() !== '' && name.length <= MAX_NAME_LENGTH)
    .map(({ name, i }) => nameItem(i, name, kinds));
  const hitsByIndex = new Map<number, RawHit[]>();
  if (items.length > 0) {
    const rows: Row[] = await graph.read(resolveStatement(kinds, readAhead), { items });
    for (const row of rows) hitsByIndex.set(Number(row.i), (row.hits as RawHit[]) ?? []);
  }
  return hitsByIndex;
}

/** A name as the name branch compares it: tidied and lower-cased (`nameLower`). */
export function lowerName(text: string): string {
  return tidy(text).toLowerCase();
}

/**
 * Cypher binding `variable` to the node a name (the lower-cased text in `$<param>`) means when its
 * exact name alone decides it, for a caller that can then answer in the same statement; no row
 * otherwise, and the caller resolves the name in full (`resolveNames`). The rule is `decide`'s, for
 * the case where the name branch matched: a name match is the best stage, and the first kind in
 * the caller's order that has one wins when it has exactly one node of that name (entries, last
 * in every order, have no name branch and never decide here). `carry` lists the variables bound
 * before, kept through. Kinds are from the allowlist only.
 */
export function exactNameClause(variable: string, param: string, kinds: readonly NameKind[], carry: readonly string[] = []): string {
  const named = checkKinds(kinds).filter((kind) => KIND_SPECS[kind].nameBranch);
  if (named.length === 0) throw new Error('exactNameClause needs a kind with names');
  const keep = carry.map((v) => `${v}, `).join('');
  const branches = named.map((kind, rank) => `MATCH (n:${kind}) WHERE n.nameLower = $${param} RETURN n, ${rank} AS kindRank`);
  return `CALL () {
      ${branches.join('\n      UNION ALL\n      ')}
    }
    WITH ${keep}kindRank, collect(n) AS named ORDER BY kindRank LIMIT 1
    WITH ${keep}named WHERE size(named) = 1
    WITH ${keep}named[0] AS ${variable}`;
}

/** Resolves many names in one statement; results in the order of `names`. */
export async function resolveNames(
  graph: Graph,
  names: readonly string[],
  kinds: readonly NameKind[],
  options: ResolveOptions = {},
): Promise<NameResolution[]> {
  const checked = checkKinds(kinds);
  const hitsByIndex = await findCandidates(graph, names, checked, options.readAhead);
  return names.map((name, i) => {
    const hits = hitsByIndex.get(i);
    return hits ? decide(name, hits, checked, options) : emptyResolution(name);
  });
}

/** Resolves one name (one statement). */
export async function resolveName(
  graph: Graph,
  name: string,
  kinds: readonly NameKind[],
  options: ResolveOptions = {},
): Promise<NameResolution> {
  const [result] = await resolveNames(graph, [name], kinds, options);
  return result ?? emptyResolution(name);
}

const loaders = new WeakMap<object, Map<string, DataLoader<string, NameResolution>>>();

/**
 * A per-request DataLoader for names (one statement per tick for all names asked in it), keyed
 * by the context object, the kinds and strictness.
 */
export function nameLoader(
  ctx: { graph: Graph },
  kinds: readonly NameKind[],
  options: ResolveOptions = {},
): DataLoader<string, NameResolution> {
  const checked = checkKinds(kinds);
  const key = `${checked.join(',')}|${options.strict ? 'strict' : 'lenient'}|${options.readAhead ? planSignature(options.readAhead) : ''}`;
  let perContext = loaders.get(ctx);
  if (!perContext) {
    perContext = new Map();
    loaders.set(ctx, perContext);
  }
  let loader = perContext.get(key);
  if (!loader) {
    loader = new DataLoader<string, NameResolution>((names) => resolveNames(ctx.graph, names, checked, options));
    perContext.set(key, loader);
  }
  return loader;
}

const KIND_WORDS: Record<NameKind, string> = {
  Product: 'product',
  Concept: 'concept',
  Organization: 'organization',
  Entry: 'entry',
};

function describeKinds(kinds: readonly NameKind[] | undefined): string {
  const words = (kinds && kinds.length > 0 ? kinds : ALL_NAME_KINDS).map((k) => KIND_WORDS[k]);
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * The node a resolution chose, or the error to show: NOT_FOUND with `suggestions` when nothing
 * matched, AMBIGUOUS_NAME with `candidates` when several matched and none could be chosen.
 * `details` are added to the error's (the caller says where the name came from).
 */
export function throwIfUnresolved(
  result: NameResolution,
  name: string = result.query,
  kinds?: readonly NameKind[],
  details: Record<string, unknown> = {},
): NameHit {
  if (result.match) return result.match;
  if (result.candidates.length > 1) {
    const list = result.candidates.map((c) => `${c.name} (${KIND_WORDS[c.label]} ${c.id})`).join(', ');
    throw new MeshgraphError('AMBIGUOUS_NAME', `"${name}" could mean several things: ${list}. Use an id to choose one.`, {
      candidates: result.candidates,
      ...details,
    });
  }
  const hint = result.suggestions.length > 0 ? ` Did you mean ${result.suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  throw new NotFoundError(`No ${describeKinds(kinds)} is named "${name}".${hint}`, { suggestions: result.suggestions, ...details });
}
