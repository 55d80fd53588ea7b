/**
 * Keys for a graph imported before they were stored. Imports store, besides what the input says:
 * - the folded names (`nameFolded`, `aliasesFolded` on products, concepts and organizations,
 *   `titleFolded` on entries), which search's ranking compares (src/graph/stores/searchStore.ts);
 * - the entries' sort keys (`sortYearAsc`, `sortYearDesc`, `sortTitle`), from whose indexes the
 *   entries collection reads its pages (src/graph/stores/entryStore.ts). An entry without them
 *   would be on no page.
 *
 * A graph imported by an earlier version lacks some of them. On start, and before every command
 * line tool runs, the nodes without them get them, made by the functions an import makes them with
 * (`foldedNames`, `foldedTitle`, `entrySortKeys`). No re-import is needed.
 *
 * Idempotent: only nodes that lack a key are read and written, so a graph that has them all costs
 * two reads and no write. The write is one transaction, which bumps the graph version (the search
 * ranking of cached answers may change).
 */
import { cypher, type Graph } from '../graph/graph.js';
import { entrySortKeys, foldedNames, foldedTitle } from './plan.js';

const topicsWithout = cypher(
  'storedKeys:missingTopics',
  `MATCH (n) WHERE (n:Product OR n:Concept OR n:Organization) AND (n.nameFolded IS NULL OR n.aliasesFolded IS NULL)
   RETURN elementId(n) AS element, n.name AS name, coalesce(n.aliases, []) AS aliases`,
);
const entriesWithout = cypher(
  'storedKeys:missingEntries',
  `MATCH (e:Entry) WHERE e.titleFolded IS NULL OR e.sortYearAsc IS NULL OR e.sortYearDesc IS NULL OR e.sortTitle IS NULL
   RETURN elementId(e) AS element, e.title AS title, e.year AS year`,
);
const setTopics = cypher(
  'storedKeys:setTopics',
  `UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.element
   SET n.nameFolded = row.nameFolded, n.aliasesFolded = row.aliasesFolded`,
);
const setEntries = cypher(
  'storedKeys:setEntries',
  `UNWIND $rows AS row MATCH (e:Entry) WHERE elementId(e) = row.element
   SET e.titleFolded = row.titleFolded, e.sortYearAsc = row.sortYearAsc, e.sortYearDesc = row.sortYearDesc, e.sortTitle = row.sortTitle`,
);

/** Stores the keys the graph's nodes lack; returns how many nodes got them. */
export async function storeMissingKeys(graph: Graph): Promise<number> {
  const topics = (await graph.read(topicsWithout)).map((row) => ({
    element: String(row.element),
    ...foldedNames(String(row.name ?? ''), (row.aliases as string[]).map(String)),
  }));
  const entries = (await graph.read(entriesWithout)).map((row) => {
    const title = String(row.title ?? '');
    return {
      element: String(row.element),
      titleFolded: foldedTitle(title),
      ...entrySortKeys(row.year == null ? null : Number(row.year), title),
    };
  });
  if (topics.length === 0 && entries.length === 0) return 0;
  await graph.writeTransaction('storeMissingKeys', async (tx) => {
    if (topics.length > 0) await tx.run(setTopics, { rows: topics });
    if (entries.length > 0) await tx.run(setEntries, { rows: entries });
  });
  return topics.length + entries.length;
}
