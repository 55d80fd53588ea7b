/**
 * Counts for dashboards, all in one statement: entries by year, stability, level, content
 * language and top-level category; products by status and type; the products and concepts most
 * entries point at (ABOUT + COMPARES edges).
 */
import { cypher, type Graph } from '../graph.js';
import { toConcept, toProduct, type ConceptRow, type ProductRow } from './rows.js';

/** How many of the most-referenced products and concepts are read (the API slices from these). */
export const MAX_TOP = 50;

export interface CountRow {
  /** The value counted; null for entries that do not state it. */
  value: string | null;
  count: number;
}

export interface YearCountRow {
  year: number;
  count: number;
}

export interface ReferencedRow<T> {
  node: T;
  /** ABOUT + COMPARES edges pointing at it. */
  count: number;
  /** Of those, COMPARES edges. */
  compares: number;
}

export interface StatsRow {
  entryCount: number;
  productCount: number;
  conceptCount: number;
  organizationCount: number;
  entriesByYear: YearCountRow[];
  entriesByStability: CountRow[];
  entriesByLevel: CountRow[];
  entriesByContentLanguage: CountRow[];
  entriesByTopCategory: CountRow[];
  productsByStatus: CountRow[];
  productsByType: CountRow[];
  mostReferencedProducts: Array<ReferencedRow<ProductRow>>;
  mostReferencedConcepts: Array<ReferencedRow<ConceptRow>>;
}

/** Buckets ordered by count (largest first), then value; "not stated" (null) last among equals. */
const bucket = (expr: string, name: string) => `
    MATCH (e:Entry)
    WITH ${expr} AS value, count(*) AS count
    ORDER BY count DESC, value IS NULL, value
    RETURN collect({value: value, count: count}) AS ${name}`;

const statsStatement = cypher(
  'stats',
  `CALL () { MATCH (e:Entry) RETURN count(e) AS entryCount }
   CALL () { MATCH (p:Product) RETURN count(p) AS productCount }
   CALL () { MATCH (c:Concept) RETURN count(c) AS conceptCount }
   CALL () { MATCH (o:Organization) RETURN count(o) AS organizationCount }
   CALL () {
     MATCH (e:Entry)
     WITH e.year AS year, count(*) AS count ORDER BY year
     RETURN collect({year: year, count: count}) AS byYear
   }
   CALL () { ${bucket('e.stability', 'byStability')} }
   CALL () { ${bucket('e.level', 'byLevel')} }
   CALL () { ${bucket('e.contentLanguage', 'byContentLanguage')} }
   CALL () { ${bucket('e.categoryPath[0]', 'byTopCategory')} }
   CALL () {
     MATCH (p:Product)
     WITH p.status AS value, count(*) AS count ORDER BY count DESC, value
     RETURN collect({value: value, count: count}) AS byStatus
   }
   CALL () {
     MATCH (p:Product)
     WITH p.productType AS value, count(*) AS count ORDER BY count DESC, value
     RETURN collect({value: value, count: count}) AS byType
   }
   CALL () {
     MATCH (:Entry)-[r:ABOUT|COMPARES]->(p:Product)
     WITH p, count(r) AS count, count(CASE WHEN type(r) = 'COMPARES' THEN 1 END) AS compares
     ORDER BY count DESC, p.name, p.id LIMIT ${MAX_TOP}
     RETURN collect({node: properties(p), count: count, compares: compares}) AS topProducts
   }
   CALL () {
     MATCH (:Entry)-[r:ABOUT|COMPARES]->(c:Concept)
     WITH c, count(r) AS count, count(CASE WHEN type(r) = 'COMPARES' THEN 1 END) AS compares
     ORDER BY count DESC, c.name, c.id LIMIT ${MAX_TOP}
     RETURN collect({node: properties(c), count: count, compares: compares}) AS topConcepts
   }
   RETURN entryCount, productCount, conceptCount, organizationCount, byYear, byStability, byLevel,
          byContentLanguage, byTopCategory, byStatus, byType, topProducts, topConcepts`,
);

type Props = Record<string, unknown>;

const counts = (v: unknown): CountRow[] =>
  ((v as Array<{ value: unknown; count: unknown }>) ?? []).map((b) => ({
    value: b.value === null || b.value === undefined ? null : String(b.value),
    count: Number(b.count),
  }));

/** Reads every dashboard count (one statement). */
export async function readStats(graph: Graph): Promise<StatsRow> {
  const rows = await graph.read(statsStatement);
  const row = rows[0] ?? {};
  return {
    entryCount: Number(row.entryCount ?? 0),
    productCount: Number(row.productCount ?? 0),
    conceptCount: Number(row.conceptCount ?? 0),
    organizationCount: Number(row.organizationCount ?? 0),
    entriesByYear: ((row.byYear as Array<{ year: unknown; count: unknown }>) ?? [])
      .filter((b) => b.year !== null && b.year !== undefined)
      .map((b) => ({ year: Number(b.year), count: Number(b.count) })),
    entriesByStability: counts(row.byStability),
    entriesByLevel: counts(row.byLevel),
    entriesByContentLanguage: counts(row.byContentLanguage),
    entriesByTopCategory: counts(row.byTopCategory),
    productsByStatus: counts(row.byStatus),
    productsByType: counts(row.byType),
    mostReferencedProducts: ((row.topProducts as Array<{ node: Props; count: unknown; compares: unknown }>) ?? []).map((t) => ({
      node: toProduct(t.node),
      count: Number(t.count),
      compares: Number(t.compares),
    })),
    mostReferencedConcepts: ((row.topConcepts as Array<{ node: Props; count: unknown; compares: unknown }>) ?? []).map((t) => ({
      node: toConcept(t.node),
      count: Number(t.count),
      compares: Number(t.compares),
    })),
  };
}
