/**
 * The importer: writes an ImportPlan into the graph in ONE transaction, so an import is all or
 * nothing. It compares every row with what the graph holds and writes only the difference, in
 * UNWIND batches; the summary says what was created, updated or left unchanged per label and
 * relationship type. When anything changed, the graph version (GraphMeta) is bumped inside the
 * same transaction; an import that changes nothing leaves it as it was.
 *
 * Speed (see docs/benchmarks.md): batches are large and the statements of one label or type are
 * pipelined, because every statement costs a round trip (about 40 ms each when its parameters
 * span several TCP segments); rows the compare found missing are written with CREATE, which skips
 * MERGE's look-up (MERGE stays for rows that exist and for a key repeated within one plan); and
 * property maps are compared without building their canonical strings in the usual case.
 */
import { cypher, type Graph, type Row, type Statement, type WriteTx } from '../graph/graph.js';
import type { VocabularyItem } from './linker.js';
import { RELATIONSHIPS } from '../model.js';
import { canonicalUrl } from './url.js';
import { loadInputs, type Dataset, type DatasetIssue, type DocumentReport } from './load.js';
import { curatedIndex, importedDocuments, listingEntryIds, listingFactsFromGraph, type Scope, type ScopeEntry } from './entries.js';
import {
  NODE_LABELS,
  REL_TYPES,
  planImport,
  PlanError,
  type ImportPlan,
  type KnownNodes,
  type NodeLabel,
  type Props,
  type RelRow,
  type RelType,
} from './plan.js';

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows the graph held that the import removed (always 0 until imports remove what pages dropped). */
  removed: number;
}

export interface ImportSummary {
  dryRun: boolean;
  nodes: Record<string, Counts>;
  relationships: Record<string, Counts>;
  /** The graph version after the import (unchanged when nothing changed or on a dry run). */
  graphVersion: number;
  changed: boolean;
  skippedLines: number;
  /** What each input file gave: format, distinct entries, skipped lines, problems. */
  documents: DocumentReport[];
  ms: number;
}

export interface ImportProgress {
  phase: 'compare' | 'write';
  what: string;
  done: number;
  total: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * The caller knows the graph holds no data (the first start): nothing to read or compare, every
   * row is created. Saves a statement per label and type on a cold Neo4j. Should the graph not be
   * empty after all, a uniqueness constraint refuses the duplicate and nothing is written.
   */
  intoEmptyGraph?: boolean;
}

/** Rows per statement (compare and write). Measured best among 1,000 … 20,000 (docs/benchmarks.md). */
const BATCH = 20_000;

// Statements per label and relationship type, built once from the allowlists in plan.ts:
// labels and types never come from input text. The statements that look a batch of rows up by
// key (keyLookupStatements) name the key's index (`USING INDEX SEEK`), so their plans do not
// depend on the statistics of the moment they are planned: one re-import of both Nubenetes sites
// spent minutes running (not waiting) in `import:existingLISTED_IN`, 20,000 ids a batch, and
// without the hints the spec that EXPLAINs them saw scans in some runs. (A hint on an index that
// does not exist is only a warning by default; the migrations create every one before an import.)
const nodeStatements = new Map(
  NODE_LABELS.map(({ label, key }) => [
    label,
    {
      existing: cypher(
        `import:existing${label}`,
        `UNWIND $keys AS k MATCH (n:${label} {${key}: k}) USING INDEX SEEK n:${label}(${key}) RETURN n.${key} AS key, properties(n) AS props`,
      ),
      // For rows the compare found missing, in the same transaction: nothing to merge with.
      create: cypher(`import:create${label}`, `UNWIND $rows AS row CREATE (n:${label} {${key}: row.key}) SET n = row.props`),
      write: cypher(`import:write${label}`, `UNWIND $rows AS row MERGE (n:${label} {${key}: row.key}) SET n = row.props`),
    },
  ]),
);

const KEY_OF = new Map(NODE_LABELS.map(({ label, key }) => [label, key]));

/**
 * Properties the importer stamps when it writes a row (which import last changed it), never part
 * of the plan: the compare leaves them out, so a re-import that changes no fact writes nothing.
 */
const STAMPS = ['graphVersion', 'changedAt', 'lastImportedAt'];
/** Relationship types whose rows carry the stamps. */
const STAMPED: ReadonlySet<RelType> = new Set(['LISTED_IN']);

function relWriteStatement(type: RelType, fromLabel: NodeLabel, toLabel: NodeLabel, create: boolean): Statement {
  const fromKey = KEY_OF.get(fromLabel)!;
  const toKey = KEY_OF.get(toLabel)!;
  return cypher(
    `import:${create ? 'create' : 'write'}${type}:${fromLabel}:${toLabel}`,
    `UNWIND $rows AS row MATCH (a:${fromLabel} {${fromKey}: row.from}) USING INDEX SEEK a:${fromLabel}(${fromKey}) ` +
      `MATCH (b:${toLabel} {${toKey}: row.to}) USING INDEX SEEK b:${toLabel}(${toKey}) ` +
      `${create ? 'CREATE' : 'MERGE'} (a)-[r:${type} {id: row.id}]->(b) SET r = row.props` +
      (STAMPED.has(type) ? ', r.graphVersion = $version, r.changedAt = $now' : ''),
  );
}
const relRemoveStatements = new Map(
  REL_TYPES.map((type) => [
    type,
    cypher(`import:remove${type}`, `UNWIND $ids AS rid MATCH ()-[r:${type} {id: rid}]->() USING INDEX SEEK r:${type}(id) DELETE r`),
  ]),
);
const reviveEntries = cypher(
  'import:reviveEntries',
  'UNWIND $keys AS k MATCH (n:RetiredEntry {id: k}) USING INDEX SEEK n:RetiredEntry(id) WHERE NOT n:Entry REMOVE n:RetiredEntry SET n:Entry REMOVE n.retiredInVersion, n.retiredAt',
);
const retireEntries = cypher(
  'import:retireEntries',
  'UNWIND $ids AS k MATCH (n:Entry {id: k}) USING INDEX SEEK n:Entry(id) REMOVE n:Entry SET n:RetiredEntry, n.retiredInVersion = $version, n.retiredAt = $now',
);
const removeEmptyCategories = cypher(
  'import:removeEmptyCategories',
  `MATCH (c:Category) WHERE NOT EXISTS { (c)<-[:IN_CATEGORY]-() } AND NOT EXISTS { (c)<-[:SUBCATEGORY_OF]-() }
   DETACH DELETE c RETURN count(*) AS removed`,
);
const stampDocuments = cypher(
  'import:stampDocuments',
  'UNWIND $paths AS p MATCH (d:Document {path: p}) USING INDEX SEEK d:Document(path) SET d.lastImportedAt = $now, d.graphVersion = $version',
);
const relExistingStatements = new Map(
  REL_TYPES.map((type) => [
    type,
    cypher(
      `import:existing${type}`,
      `UNWIND $ids AS rid MATCH ()-[r:${type} {id: rid}]->() USING INDEX SEEK r:${type}(id) RETURN r.id AS key, properties(r) AS props`,
    ),
  ]),
);

/**
 * The statements that look a batch of rows up by key: the compare's reads, the removals, the writes
 * of relationships for each pair of ends the model allows, and the retiring, reviving and stamping
 * of entries and documents (for the spec that checks their plans).
 */
export function keyLookupStatements(): Statement[] {
  const writes = REL_TYPES.flatMap((type) => {
    const { from, to } = RELATIONSHIPS[type] as { from: readonly NodeLabel[]; to: readonly NodeLabel[] };
    return from.flatMap((a) => to.flatMap((b) => [relWriteStatement(type, a, b, true), relWriteStatement(type, a, b, false)]));
  });
  return [
    ...[...nodeStatements.values()].map((s) => s.existing),
    ...relExistingStatements.values(),
    ...relRemoveStatements.values(),
    ...writes,
    reviveEntries,
    retireEntries,
    stampDocuments,
  ];
}

const knownVocabularyStatement = cypher(
  'import:knownVocabulary',
  `MATCH (n) WHERE n:Product OR n:Concept OR n:Organization
   RETURN n.id AS id, head([l IN labels(n) WHERE l IN ['Product', 'Concept', 'Organization']]) AS label, n.name AS name, coalesce(n.aliases, []) AS aliases,
     CASE WHEN n:Concept THEN [] ELSE [u IN [n.homepage, n.repository] WHERE u IS NOT NULL] + coalesce(n.urls, []) END AS urls, n.productType AS productType
   ORDER BY id`,
);
const knownEntriesStatement = cypher(
  'import:knownEntries',
  `MATCH (e:Entry)
   RETURN e.id AS id, coalesce(e.curated, true) AS curated, e.url AS url, coalesce(e.notAbout, []) AS notAbout,
     COLLECT { MATCH (e)-[r:ABOUT {confidence: 'high'}]->(t) RETURN t.id ORDER BY t.id } AS about,
     COLLECT { MATCH (e)-[r:COMPARES {confidence: 'high'}]->(t) RETURN t.id ORDER BY t.id } AS compares
   ORDER BY id`,
);

/** Products, concepts, organizations and entries already in the graph, for inputs that refer to them. */
export async function readKnownNodes(graph: Graph): Promise<KnownNodes> {
  const [vocabulary, entries] = await Promise.all([graph.read(knownVocabularyStatement), graph.read(knownEntriesStatement)]);
  return {
    vocabulary: vocabulary.map((r) => ({
      id: String(r.id),
      label: r.label as VocabularyItem['label'],
      name: String(r.name),
      aliases: (r.aliases as string[]) ?? [],
      urls: (r.urls as string[]) ?? [],
      ...(typeof r.productType === 'string' ? { productType: r.productType } : {}),
    })),
    entryIds: new Set(entries.map((r) => String(r.id))),
    curatedEntryIds: new Set(entries.filter((r) => r.curated === true).map((r) => String(r.id))),
    curatedEntryIdsByUrl: new Map(
      entries.flatMap((r) => {
        const url = r.curated === true && typeof r.url === 'string' ? canonicalUrl(r.url) : null;
        return url === null ? [] : [[url, String(r.id)] as const];
      }),
    ),
    entryLinks: new Map(
      entries
        .map((r) => ({ id: String(r.id), about: r.about as string[], compares: r.compares as string[], notAbout: r.notAbout as string[] }))
        .filter((l) => l.about.length + l.compares.length + l.notAbout.length > 0)
        .map((l) => [l.id, { about: l.about, compares: l.compares, notAbout: l.notAbout }]),
    ),
  };
}

const scopeDocumentListings = cypher(
  'import:scopeDocumentListings',
  'UNWIND $documents AS doc MATCH (e:Entry)-[:LISTED_IN]->(:Document {path: doc}) RETURN DISTINCT e.id AS id',
);
const scopeEntries = cypher(
  'import:scopeEntries',
  `UNWIND $ids AS k MATCH (e:Entry {id: k})
   RETURN e.id AS id, coalesce(e.curated, true) AS curated, e.categoryId AS categoryId, e.categoryPath AS categoryPath,
     COLLECT { MATCH (e)-[r:IN_CATEGORY]->() RETURN r.id } AS inCategory,
     COLLECT { MATCH (e)-[r:ABOUT|COMPARES]->() WHERE r.confidence = 'medium' RETURN {id: r.id, type: type(r)} } AS derivedLinks,
     COLLECT {
       MATCH (e)-[r:LISTED_IN]->() OPTIONAL MATCH (c:Category {id: r.categoryId})
       RETURN r {.*, categoryPath: c.path, url: e.urlKey}
     } AS listings`,
);

/**
 * What the graph holds of the entries an import touches: those its page documents list now or
 * listed before, and the curated entries it restates, with their listings from every document.
 */
async function readScope(graph: Graph, dataset: Dataset, known: KnownNodes): Promise<Scope> {
  const issues: DatasetIssue[] = [];
  const ids = new Set<string>();
  for (const id of listingEntryIds(dataset, curatedIndex(dataset, known, issues), issues)) if (id) ids.add(id);
  if (issues.length > 0) throw new PlanError(issues);
  for (const { value } of dataset.entries) ids.add(value.id);
  const documents = importedDocuments(dataset);
  if (documents.length > 0) for (const row of await graph.read(scopeDocumentListings, { documents })) ids.add(String(row.id));
  const scope: Scope = { listings: [], entries: new Map() };
  if (ids.size === 0) return scope;
  for (const row of await graph.read(scopeEntries, { ids: [...ids] })) {
    const id = String(row.id);
    const entry: ScopeEntry = {
      curated: row.curated === true,
      categoryId: typeof row.categoryId === 'string' ? row.categoryId : null,
      categoryPath: Array.isArray(row.categoryPath) ? (row.categoryPath as string[]) : null,
      inCategory: (row.inCategory as string[]) ?? [],
      derivedLinks: (row.derivedLinks as Array<{ id: string; type: 'ABOUT' | 'COMPARES' }>) ?? [],
    };
    scope.entries.set(id, entry);
    for (const props of (row.listings as Array<Record<string, unknown>>) ?? []) {
      const { id: listingId, graphVersion: _v, changedAt: _c, ...stored } = props;
      // What the plan stores lean (plan.ts) comes back whole: defaults, the category's path, the entry's URL.
      const facts = listingFactsFromGraph(String(listingId), stored);
      scope.listings.push({ id: String(listingId), entryId: id, facts });
    }
  }
  return scope;
}

/** Loads the inputs, plans against what the graph holds, and applies the plan. */
export async function importFiles(graph: Graph, inputs: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const dataset = await loadInputs(inputs);
  return importDataset(graph, dataset, options);
}

export async function importDataset(graph: Graph, dataset: Dataset, options: ImportOptions = {}): Promise<ImportSummary> {
  if (options.intoEmptyGraph)
    return {
      ...(await applyPlan(graph, planImport(dataset), options)),
      skippedLines: dataset.skipped.length,
      documents: dataset.documents,
    };
  const known = await readKnownNodes(graph);
  const plan = planImport(dataset, known, await readScope(graph, dataset, known));
  const summary = await applyPlan(graph, plan, options);
  return { ...summary, skippedLines: dataset.skipped.length, documents: dataset.documents };
}

/** Canonical form of a property map, for comparing what is with what should be. */
function canonical(props: Record<string, unknown>): string {
  const keys = Object.keys(props)
    .filter((k) => props[k] !== null && props[k] !== undefined)
    .sort();
  return JSON.stringify(keys.map((k) => [k, props[k]]));
}

const present = (props: Record<string, unknown>) => Object.keys(props).filter((k) => props[k] !== null && props[k] !== undefined);

/**
 * Whether two plain values have the same JSON: true or false where that is plain to see
 * (strings, booleans, finite numbers and arrays of them: all a property can hold), undefined
 * for anything else.
 */
function sameJson(a: unknown, b: unknown): boolean | undefined {
  if (typeof a === 'string' || typeof a === 'boolean') return typeof b === typeof a ? a === b : undefined;
  if (typeof a === 'number' && Number.isFinite(a)) return typeof b === 'number' && Number.isFinite(b) ? a === b : undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    let same = true;
    for (let i = 0; i < a.length; i += 1) {
      const verdict = sameJson(a[i], b[i]);
      if (verdict === undefined) return undefined;
      same &&= verdict;
    }
    return same;
  }
  return undefined;
}

/** canonical(a) === canonical(b), without building the strings in the usual case. */
function sameProps(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = present(a);
  if (keys.length !== present(b).length) return false;
  for (const key of keys) {
    const other = b[key];
    if (other === null || other === undefined) return false;
    const verdict = sameJson(a[key], other);
    if (verdict === undefined) return canonical(a) === canonical(b);
    if (!verdict) return false;
  }
  return true;
}

/**
 * Sends `calls` one after the other without waiting for each answer (Bolt pipelining: in one
 * transaction they still run in this order), so round trips and our own work overlap with the
 * database's. Await the answers in order; a failure rejects that answer and the ones after it.
 */
function pipeline(tx: Pick<WriteTx, 'run'>, calls: Array<[Statement, Record<string, unknown>]>): Array<Promise<Row[]>> {
  const answers = calls.map(([statement, params]) => tx.run(statement, params));
  // Answers not awaited because an earlier one failed must not become unhandled rejections.
  for (const answer of answers) answer.catch(() => undefined);
  return answers;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Splits the rows to write into those written with CREATE (missing from the graph, first time
 * their key appears) and those written with MERGE (existing ones, and any repeat of a key, which
 * then lands on the node its first occurrence created, as before).
 */
function splitWrites<T>(rows: Array<{ row: T; created: boolean }>, keyOf: (row: T) => string): { create: T[]; merge: T[] } {
  const create: T[] = [];
  const merge: T[] = [];
  const fresh = new Set<string>();
  for (const { row, created } of rows) {
    const key = keyOf(row);
    if (created && !fresh.has(key)) {
      fresh.add(key);
      create.push(row);
    } else {
      merge.push(row);
    }
  }
  return { create, merge };
}

/**
 * Sorts `part` into created, updated and unchanged against `existing` (rows of key and the
 * graph's current properties); what must be written goes to `toWrite`.
 */
function classify<T extends { props: Props }>(
  part: T[],
  keyOf: (row: T) => string,
  existing: Row[],
  counts: Counts,
  toWrite: Array<{ row: T; created: boolean }>,
): void {
  const current = new Map(
    existing.map((r) => {
      const props = { ...(r.props as Record<string, unknown>) };
      for (const stamp of STAMPS) delete props[stamp];
      return [String(r.key), props];
    }),
  );
  for (const row of part) {
    const props = current.get(keyOf(row));
    if (!props) counts.created += 1;
    else if (!sameProps(props, row.props)) counts.updated += 1;
    else {
      counts.unchanged += 1;
      continue;
    }
    toWrite.push({ row, created: !props });
  }
}

export async function applyPlan(graph: Graph, plan: ImportPlan, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const batch = options.batchSize ?? BATCH;
  const progress = options.onProgress ?? (() => undefined);

  const work = async (tx: WriteTx, write: boolean) => {
    const nodes: Record<string, Counts> = {};
    const relationships: Record<string, Counts> = {};
    let changed = false;
    // The version this import makes, if it changes anything: stamped on what it writes.
    const { version } = tx;
    const now = new Date().toISOString();
    /** Documents whose listings (or own row) this import changes. */
    const touchedDocuments = new Set<string>();
    const documentOf = (listingId: string) => listingId.slice(listingId.indexOf(':', 'LISTED_IN:'.length) + 1, listingId.lastIndexOf('#'));

    for (const { label } of NODE_LABELS) {
      const rows = plan.nodes.get(label) ?? [];
      const statements = nodeStatements.get(label)!;
      if (label === 'Entry' && write && rows.length > 0) {
        // An entry that went and is listed again comes back as itself (same id, its history kept).
        for (const part of chunks(rows, batch)) await tx.run(reviveEntries, { keys: part.map((r) => r.key) });
      }
      const counts: Counts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
      const toWrite: Array<{ row: { key: string; props: Props }; created: boolean }> = [];
      const parts = chunks(rows, batch);
      const answers = options.intoEmptyGraph
        ? []
        : pipeline(
            tx,
            parts.map((part) => [statements.existing, { keys: part.map((r) => r.key) }]),
          );
      for (const [index, part] of parts.entries()) {
        classify(part, (row) => row.key, options.intoEmptyGraph ? [] : await answers[index]!, counts, toWrite);
        progress({ phase: 'compare', what: label, done: Math.min((index + 1) * batch, rows.length), total: rows.length });
      }
      if (write) {
        const { create, merge } = splitWrites(toWrite, (r) => r.key);
        const parts = [
          ...chunks(create, batch).map((part) => [statements.create, part] as const),
          ...chunks(merge, batch).map((part) => [statements.write, part] as const),
        ];
        const answers = pipeline(
          tx,
          parts.map(([statement, part]) => [statement, { rows: part }]),
        );
        let done = 0;
        for (const [index, [, part]] of parts.entries()) {
          await answers[index];
          done += part.length;
          progress({ phase: 'write', what: label, done, total: toWrite.length });
        }
      }
      changed ||= toWrite.length > 0;
      if (label === 'Document') for (const { row } of toWrite) touchedDocuments.add(row.key);
      if (rows.length > 0) nodes[label] = counts;
    }

    const byType = new Map<RelType, RelRow[]>();
    for (const rel of plan.relationships) {
      const list = byType.get(rel.type);
      if (list) list.push(rel);
      else byType.set(rel.type, [rel]);
    }
    for (const type of REL_TYPES) {
      const rows = byType.get(type) ?? [];
      if (rows.length === 0) continue;
      const counts: Counts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
      const toWrite: Array<{ row: RelRow; created: boolean }> = [];
      const parts = chunks(rows, batch);
      const answers = options.intoEmptyGraph
        ? []
        : pipeline(
            tx,
            parts.map((part) => [relExistingStatements.get(type)!, { ids: part.map((r) => r.id) }]),
          );
      for (const [index, part] of parts.entries()) {
        classify(part, (row) => row.id, options.intoEmptyGraph ? [] : await answers[index]!, counts, toWrite);
      }
      progress({ phase: 'compare', what: type, done: rows.length, total: rows.length });
      if (write) {
        const { create, merge } = splitWrites(toWrite, (r) => r.id);
        const calls: Array<[Statement, Record<string, unknown>]> = [];
        for (const [isNew, list] of [
          [true, create],
          [false, merge],
        ] as const) {
          const groups = new Map<string, RelRow[]>();
          for (const row of list) {
            const key = `${row.fromLabel}:${row.toLabel}`;
            const group = groups.get(key);
            if (group) group.push(row);
            else groups.set(key, [row]);
          }
          for (const [key, group] of groups) {
            const [fromLabel, toLabel] = key.split(':') as [NodeLabel, NodeLabel];
            const statement = relWriteStatement(type, fromLabel, toLabel, isNew);
            for (const part of chunks(group, batch)) {
              calls.push([statement, { rows: part.map((r) => ({ id: r.id, from: r.from, to: r.to, props: r.props })), version, now }]);
            }
          }
        }
        for (const answer of pipeline(tx, calls)) await answer;
        progress({ phase: 'write', what: type, done: toWrite.length, total: toWrite.length });
      }
      changed ||= toWrite.length > 0;
      if (type === 'LISTED_IN') for (const { row } of toWrite) touchedDocuments.add(row.to);
      relationships[type] = counts;
    }

    // Removals: listings gone from restated documents, categories and name matches no longer given.
    for (const [type, ids] of plan.removed) {
      if (ids.length === 0) continue;
      const counts = (relationships[type] ??= { created: 0, updated: 0, unchanged: 0, removed: 0 });
      counts.removed += ids.length;
      if (type === 'LISTED_IN') for (const id of ids) touchedDocuments.add(documentOf(id));
      if (write) for (const part of chunks(ids, batch)) await tx.run(relRemoveStatements.get(type)!, { ids: part });
      changed = true;
    }
    if (plan.retired.length > 0) {
      (nodes.Entry ??= { created: 0, updated: 0, unchanged: 0, removed: 0 }).removed += plan.retired.length;
      if (write) for (const part of chunks(plan.retired, batch)) await tx.run(retireEntries, { ids: part, version, now });
      changed = true;
    }
    const removedSomething = plan.retired.length > 0 || [...plan.removed.values()].some((ids) => ids.length > 0);
    if (write && removedSomething) {
      // Headings no entry sits under any more (and no sub-heading): gone, from the leaves up.
      let removedCategories = 0;
      for (let round = 0; round < 20; round += 1) {
        const removed = Number((await tx.run(removeEmptyCategories))[0]?.removed ?? 0);
        if (removed === 0) break;
        removedCategories += removed;
      }
      if (removedCategories > 0) (nodes.Category ??= { created: 0, updated: 0, unchanged: 0, removed: 0 }).removed += removedCategories;
    }
    if (write && touchedDocuments.size > 0) await tx.run(stampDocuments, { paths: [...touchedDocuments], version, now });

    return { nodes, relationships, changed };
  };

  // The graph layer bumps the version when the transaction changed anything (a dry run writes nothing).
  let result: { nodes: Record<string, Counts>; relationships: Record<string, Counts>; changed: boolean; graphVersion: number };
  if (options.dryRun) {
    const { version } = await graph.version();
    result = {
      ...(await work({ version: version + 1, run: (statement, params) => graph.read(statement, params) }, false)),
      graphVersion: version,
    };
  } else {
    const change = await graph.writeTransaction('import', (tx) => work(tx, true));
    result = { ...change.value, changed: change.changed, graphVersion: change.graphVersion };
  }
  return { dryRun: options.dryRun ?? false, ...result, skippedLines: 0, documents: [], ms: Math.round(performance.now() - started) };
}

/** True when the graph holds no curated data yet (first start). */
export async function isGraphEmpty(graph: Graph): Promise<boolean> {
  const rows = await graph.read(cypher('isGraphEmpty', 'MATCH (n) WHERE n:Entry OR n:Product RETURN count(n) > 0 AS any LIMIT 1'));
  return rows[0]?.any !== true;
}

const unlinkedEntries = cypher(
  'report:unlinkedEntries',
  `MATCH (e:Entry) WHERE NOT EXISTS { (e)-[:ABOUT|COMPARES]->() }
   RETURN e.id AS id, e.title AS title, e.url AS url ORDER BY e.id`,
);
const entryCount = cypher('report:entryCount', 'MATCH (e:Entry) RETURN count(e) AS n');
const headingCandidates = cypher(
  'report:headingCandidates',
  `MATCH (c:Category) WHERE c.depth >= 2
   RETURN c.name AS name, COUNT { (c)<-[:IN_CATEGORY]-(:Entry) } AS entries`,
);
const repositoryCandidates = cypher(
  'report:repositoryCandidates',
  `MATCH (e:Entry) WHERE e.urlKey STARTS WITH 'https://github.com/'
   RETURN split(e.urlKey, '/')[4] AS name, count(*) AS entries`,
);

export interface UnlinkedReport {
  entries: number;
  unlinked: Array<{ id: string; title: string; url: string | null }>;
  /** Names the pages treat as subjects that the vocabulary lacks, most frequent first. */
  candidates: Array<{ name: string; entries: number; seenAs: Array<'heading' | 'repository'> }>;
}

/**
 * What the linker leaves unlinked, and the names the pages treat as subjects (section headings,
 * repositories linked) that no product, concept or organization is called: candidates for the
 * vocabulary. Reads the graph; writes nothing.
 */
export async function reportUnlinked(graph: Graph, options: { top?: number } = {}): Promise<UnlinkedReport> {
  const [unlinked, count, headings, repositories, known] = await Promise.all([
    graph.read(unlinkedEntries),
    graph.read(entryCount),
    graph.read(headingCandidates),
    graph.read(repositoryCandidates),
    graph.read(knownVocabularyStatement),
  ]);
  const fold = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const vocabulary = new Set(known.flatMap((r) => [String(r.name), ...((r.aliases as string[]) ?? []), String(r.id)].map(fold)));
  // "Linkerd Service Mesh", "Envoy Proxy" name their subject with a generic tail.
  const subject = (name: string) => fold(name).replace(/\s+(service mesh|mesh|proxy|project|tools?|docs|documentation|introduction)$/, '');
  // Headings made of generic words only ("Introduction", "Tools and Tutorials") name no subject.
  const generic =
    /^(?:(?:and|or|of|the|a|for|with|in|on|more|other|others|misc|miscellaneous|introduction|intro|tools?|motivation|alternatives?|docs|documentation|tutorials?|references?|books?|videos?|blogs?|articles?|courses?|cheat ?sheets?|faq|examples?|best|practices|projects?|resources|links|news|overview|comparisons?|samples?|training|certifications?|interview|questions|podcasts?|slides|talks?|guides?|getting|started|learning|learn)\s*)+$/;
  const candidates = new Map<string, UnlinkedReport['candidates'][number]>();
  const add = (name: string, entries: number, seenAs: 'heading' | 'repository') => {
    const key = subject(name);
    if (!key || key.length < 3 || generic.test(key) || vocabulary.has(key) || vocabulary.has(fold(name))) return;
    const found = candidates.get(key) ?? { name, entries: 0, seenAs: [] };
    found.entries += entries;
    if (!found.seenAs.includes(seenAs)) found.seenAs.push(seenAs);
    candidates.set(key, found);
  };
  for (const r of headings) add(String(r.name), Number(r.entries), 'heading');
  for (const r of repositories) if (r.name) add(String(r.name), Number(r.entries), 'repository');
  return {
    entries: Number(count[0]?.n ?? 0),
    unlinked: unlinked.map((r) => ({ id: String(r.id), title: String(r.title), url: typeof r.url === 'string' ? r.url : null })),
    candidates: [...candidates.values()].sort((a, b) => b.entries - a.entries || a.name.localeCompare(b.name)).slice(0, options.top ?? 40),
  };
}
