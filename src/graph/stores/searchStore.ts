/**
 * One full-text search over entries, products, concepts and organizations, ranked together.
 *
 * The Lucene query is built here from the user's words, never passed through: the text is split
 * into words of letters and digits (so no Lucene syntax survives), each word escaped anyway, and
 * asked for exactly (boosted), as a prefix (typeahead: "lin" finds Linkerd) and with typos
 * ("trafik" finds Traefik). Names and titles weigh more than aliases, aliases more than
 * descriptions.
 *
 * The words are folded (foldName: case, Latin accents, Unicode form) and the full-text indexes
 * fold the same way (the `standard-folding` analyzer), so "unlu", "ÜNLÜ" and "Ünl" find "Ünlü Mesh".
 *
 * Lucene scores of different indexes are not on one scale, so each hit's relevance mixes its score
 * relative to the best hit of its own index (60 %) with its score relative to the best hit of all
 * (40 %), plus a bonus for names (BONUS): the text is exactly (compared folded, so case, accents
 * and punctuation do not matter) a product's, concept's or organization's name or id (+4) or one
 * of its aliases (+3), so such a node outranks every entry and every other node whatever their
 * scores; exactly an entry's title or id (+1); the start of a name or title (+0.25). Folded names
 * are stored at import (`nameFolded`, `aliasesFolded`, `titleFolded`: `foldName`, the one folding
 * of names), so the bonus is computed in the search statement itself: one statement per search.
 * Ties are broken by type (Product, Concept, Organization, Entry), then name, then id, so the
 * order is stable and offset cursors are safe.
 */
import neo4j from 'neo4j-driver';
import { cypher, type Graph, type Statement } from '../graph.js';
import { foldedWords, foldName } from '../../ingest/fold.js';
import { escapeLucene, idsOf } from './names.js';
import { toNode, type NodeLabel, type ConceptRow, type EntryRow, type OrganizationRow, type ProductRow } from './rows.js';

const SEARCH_TYPES = ['Product', 'Concept', 'Organization', 'Entry'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** The longest query text accepted. */
export const MAX_QUERY_LENGTH = 500;
/** Words beyond this many are ignored. */
const MAX_QUERY_WORDS = 10;
const MAX_WORD_LENGTH = 50;
/** Hits read from each index at most (the ranking and totalCount cover these). */
const MAX_HITS_PER_INDEX = 500;

interface IndexSpec {
  index: string;
  /** Field → boost. */
  fields: Record<string, number>;
  /** Fields where a phrase of all words earns an extra boost. */
  phraseFields: string[];
  /** Cypher over `node`: its name (or title) lower-cased, for tie-breaking. */
  sortName: string;
  /** Cypher over `node`, `$folded` and `$ids`: its bonus (BONUS). */
  bonus: string;
  rank: number;
}

/**
 * The ranking bonus of a node the text names: exact product, concept and organization names and
 * ids above their aliases, both above any relevance a hit can reach otherwise (at most 1 + the
 * prefix bonus) and above an exact entry title.
 */
export const BONUS = { topicName: 4, topicAlias: 3, entryTitle: 1, prefix: 0.25 } as const;

// Nodes imported before folded names were stored fall back to lower-cased ones (a re-import stores them).
const TOPIC_NAME = 'coalesce(node.nameFolded, node.nameLower, toLower(node.name))';
const TOPIC_ALIASES = 'coalesce(node.aliasesFolded, node.aliasesLower, [])';
const ENTRY_TITLE = 'coalesce(node.titleFolded, toLower(node.title))';
const float = (n: number) => n.toFixed(2);

const TOPIC_BONUS = `CASE WHEN node.id IN $ids OR ${TOPIC_NAME} = $folded THEN ${float(BONUS.topicName)}
  WHEN $folded IN ${TOPIC_ALIASES} THEN ${float(BONUS.topicAlias)}
  WHEN ${TOPIC_NAME} STARTS WITH $folded THEN ${float(BONUS.prefix)} ELSE 0.0 END`;
const ENTRY_BONUS = `CASE WHEN node.id IN $ids OR ${ENTRY_TITLE} = $folded THEN ${float(BONUS.entryTitle)}
  WHEN ${ENTRY_TITLE} STARTS WITH $folded THEN ${float(BONUS.prefix)} ELSE 0.0 END`;

/** A topic's index: its name ×4, its aliases ×3 and its text, if it has one, ×1; whole phrases on the name and the text. */
const topicIndex = (index: string, text: string | null, rank: number): IndexSpec => ({
  index,
  fields: { name: 4, aliasText: 3, ...(text ? { [text]: 1 } : {}) },
  phraseFields: text ? ['name', text] : ['name'],
  sortName: 'coalesce(node.nameLower, toLower(node.name))',
  bonus: TOPIC_BONUS,
  rank,
});

const INDEXES: Record<SearchType, IndexSpec> = {
  Product: topicIndex('product_search', 'description', 0),
  Concept: topicIndex('concept_search', 'definition', 1),
  Organization: topicIndex('organization_search', null, 2),
  Entry: {
    index: 'entry_search',
    fields: { title: 3, summary: 1, publisher: 1 },
    phraseFields: ['title', 'summary'],
    sortName: 'toLower(node.title)',
    bonus: ENTRY_BONUS,
    rank: 3,
  },
};

/** Typo tolerance for one word: exact under 4 characters, one edit up to 7, then two. */
export function searchEdits(word: string): 0 | 1 | 2 {
  const n = [...word].length;
  if (n < 4) return 0;
  if (n < 8) return 1;
  return 2;
}

/** The words of a query as used for searching (folded letters and digits only, capped). */
export function queryWords(text: string): string[] {
  return foldedWords(text)
    .slice(0, MAX_QUERY_WORDS)
    .map((w) => [...w].slice(0, MAX_WORD_LENGTH).join(''));
}

/**
 * The Lucene query for one index: per field, every word exactly (×3), as a prefix and with typos,
 * plus the whole phrase on name/title fields. Undefined when the text has no words.
 */
export function searchLuceneQuery(words: readonly string[], type: SearchType): string | undefined {
  if (words.length === 0) return undefined;
  const spec = INDEXES[type];
  const terms = words
    .map((word) => {
      const e = escapeLucene(word);
      const edits = searchEdits(word);
      const parts = [`${e}^3`, `${e}*`];
      if (edits > 0) parts.push(`${e}~${edits}`);
      return `(${parts.join(' OR ')})`;
    })
    .join(' ');
  const clauses = Object.entries(spec.fields).map(([field, boost]) => `${field}:(${terms})^${boost}`);
  if (words.length > 1) {
    const phrase = `"${words.map(escapeLucene).join(' ')}"`;
    for (const field of spec.phraseFields) clauses.push(`${field}:${phrase}^2`);
  }
  return clauses.join(' OR ');
}

const statements = new Map<string, Statement>();

/** The search statement for a set of types (labels from the allowlist only), cached. */
export function searchStatement(types: readonly SearchType[]): Statement {
  const sorted = SEARCH_TYPES.filter((t) => types.includes(t));
  const key = sorted.join(',');
  const cached = statements.get(key);
  if (cached) return cached;
  const branches = sorted.map((type) => {
    const spec = INDEXES[type];
    return `CALL db.index.fulltext.queryNodes('${spec.index}', $lucene.${type}, {limit: $cap}) YIELD node, score
      WITH node, score, ${spec.sortName} AS sortName
      RETURN node, score, '${type}' AS type, ${spec.rank} AS typeRank, sortName,
             ${spec.bonus} AS bonus`;
  });
  const text = `
    CALL () {
      ${branches.join('\n      UNION ALL\n      ')}
    }
    WITH type, max(score) AS typeMax, collect({node: node, score: score, type: type, typeRank: typeRank, sortName: sortName, bonus: bonus}) AS hits
    WITH collect({typeMax: typeMax, hits: hits}) AS groups
    WITH groups, reduce(m = 0.0, g IN groups | CASE WHEN g.typeMax > m THEN g.typeMax ELSE m END) AS allMax
    UNWIND groups AS g
    UNWIND g.hits AS h
    WITH h, round(CASE WHEN g.typeMax > 0 THEN 0.6 * h.score / g.typeMax + 0.4 * h.score / allMax ELSE 0.0 END + h.bonus, 6) AS relevance
    ORDER BY relevance DESC, h.typeRank ASC, h.sortName ASC, h.node.id ASC
    WITH collect({relevance: relevance, type: h.type, node: h.node}) AS ranked
    RETURN size(ranked) AS total,
           [r IN ranked[$offset..($offset + $limit)] | {relevance: r.relevance, type: r.type, props: properties(r.node)}] AS page`;
  const statement = cypher(`search[${key}]`, text);
  statements.set(key, statement);
  return statement;
}

export type SearchNode = ProductRow | ConceptRow | OrganizationRow | EntryRow;

export interface SearchHitRow {
  /** Relevance: higher is better; comparable across types within one search. */
  score: number;
  /** Position in the full ranking (0-based); the cursor. */
  offset: number;
  node: SearchNode;
}

export interface SearchResultPage {
  hits: SearchHitRow[];
  /** Every hit the search found (up to MAX_HITS_PER_INDEX per type). */
  total: number;
  /** Hits exist after this page. */
  hasNextPage: boolean;
}

export interface SearchRequest {
  text: string;
  types: readonly SearchType[] | null | undefined;
  offset: number;
  limit: number;
}

/**
 * Runs one search (one statement) and returns the requested page. Text without letters or digits
 * (empty, only punctuation or emoji) finds nothing and runs no statement.
 */
export async function search(graph: Graph, request: SearchRequest): Promise<SearchResultPage> {
  // The schema refuses longer text to the client (src/schema/search.ts); this only keeps the statement bounded.
  if ([...request.text].length > MAX_QUERY_LENGTH) throw new Error(`search text over ${MAX_QUERY_LENGTH} characters`);
  const types = request.types && request.types.length > 0 ? SEARCH_TYPES.filter((t) => request.types!.includes(t)) : [...SEARCH_TYPES];
  const words = queryWords(request.text);
  if (words.length === 0 || types.length === 0) return { hits: [], total: 0, hasNextPage: false };
  const lucene: Record<string, string> = {};
  for (const type of types) lucene[type] = searchLuceneQuery(words, type)!;
  const rows = await graph.read(searchStatement(types), {
    lucene,
    folded: foldName(request.text),
    ids: idsOf(request.text),
    cap: neo4j.int(MAX_HITS_PER_INDEX),
    offset: neo4j.int(request.offset),
    limit: neo4j.int(request.limit),
  });
  const row = rows[0];
  const total = Number(row?.total ?? 0);
  const page = (row?.page as Array<{ relevance: number; type: SearchType; props: Record<string, unknown> }>) ?? [];
  const hits = page.map((p, i) => ({
    score: Number(p.relevance),
    offset: request.offset + i,
    node: toNode(p.type as NodeLabel, p.props) as SearchNode,
  }));
  return { hits, total, hasNextPage: request.offset + hits.length < total };
}
