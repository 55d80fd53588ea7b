/**
 * Folded names for a graph imported before they were stored. Imports store `nameFolded` and
 * `aliasesFolded` on products, concepts and organizations, and `titleFolded` on entries, which
 * search's ranking compares (src/graph/stores/searchStore.ts). A graph imported by an earlier
 * version lacks them. On start, and before every command line tool runs, the nodes without them
 * get them, folded by the functions an import folds them with (`foldedNames`, `foldedTitle`). No
 * re-import is needed.
 *
 * Idempotent: only nodes that lack a folded name are read and written, so a graph that has them
 * all costs two reads and no write. The write is one transaction, which bumps the graph version
 * (the search ranking of cached answers may change).
 */
import { cypher, type Graph } from '../graph/graph.js';
import { foldedNames, foldedTitle } from './plan.js';

const topicsWithout = cypher(
  'foldedNames:missingTopics',
  `MATCH (n) WHERE (n:Product OR n:Concept OR n:Organization) AND (n.nameFolded IS NULL OR n.aliasesFolded IS NULL)
   RETURN elementId(n) AS element, n.name AS name, coalesce(n.aliases, []) AS aliases`,
);
const entriesWithout = cypher(
  'foldedNames:missingEntries',
  'MATCH (e:Entry) WHERE e.titleFolded IS NULL RETURN elementId(e) AS element, e.title AS title',
);
const setTopics = cypher(
  'foldedNames:setTopics',
  `UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.element
   SET n.nameFolded = row.nameFolded, n.aliasesFolded = row.aliasesFolded`,
);
const setEntries = cypher(
  'foldedNames:setEntries',
  'UNWIND $rows AS row MATCH (e:Entry) WHERE elementId(e) = row.element SET e.titleFolded = row.titleFolded',
);

/** Stores the folded names the graph's nodes lack; returns how many nodes got them. */
export async function storeMissingFoldedNames(graph: Graph): Promise<number> {
  const topics = (await graph.read(topicsWithout)).map((row) => ({
    element: String(row.element),
    ...foldedNames(String(row.name ?? ''), (row.aliases as string[]).map(String)),
  }));
  const entries = (await graph.read(entriesWithout)).map((row) => ({
    element: String(row.element),
    titleFolded: foldedTitle(String(row.title ?? '')),
  }));
  if (topics.length === 0 && entries.length === 0) return 0;
  await graph.writeTransaction('storeMissingFoldedNames', async (tx) => {
    if (topics.length > 0) await tx.run(setTopics, { rows: topics });
    if (entries.length > 0) await tx.run(setEntries, { rows: entries });
  });
  return topics.length + entries.length;
}
