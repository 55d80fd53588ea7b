/**
 * The importer: writes an ImportPlan into the graph in ONE transaction, so an import is all or
 * nothing. It compares every row with what the graph holds and writes only the difference, in
 * UNWIND batches; the summary says what was created, updated or left unchanged per label and
 * relationship type. When anything changed, the graph version (GraphMeta) is bumped inside the
 * same transaction; an import that changes nothing leaves it as it was.
 */
import { cypher, type Graph, type Row, type Statement, type WriteTx } from '../graph/graph.js';
import type { VocabularyItem } from './linker.js';
import { loadInputs, type Dataset } from './load.js';
import { NODE_LABELS, REL_TYPES, planImport, type ImportPlan, type KnownNodes, type NodeLabel, type Props, type RelRow, type RelType } from './plan.js';

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  dryRun: boolean;
  nodes: Record<string, Counts>;
  relationships: Record<string, Counts>;
  /** The graph version after the import (unchanged when nothing changed or on a dry run). */
  graphVersion: number;
  changed: boolean;
  skippedLines: number;
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
}

const BATCH = 1000;

// Statements per label and relationship type, built once from the allowlists in plan.ts:
// labels and types never come from input text.
const nodeStatements = new Map(
  NODE_LABELS.map(({ label, key }) => [
    label,
    {
      existing: cypher(`import:existing${label}`, `UNWIND $keys AS k MATCH (n:${label} {${key}: k}) RETURN n.${key} AS key, properties(n) AS props`),
      write: cypher(`import:write${label}`, `UNWIND $rows AS row MERGE (n:${label} {${key}: row.key}) SET n = row.props`),
    },
  ]),
);

function relWriteStatement(type: RelType, fromLabel: NodeLabel, toLabel: NodeLabel): Statement {
  const fromKey = fromLabel === 'Source' ? 'url' : 'id';
  const toKey = toLabel === 'Source' ? 'url' : 'id';
  return cypher(
    `import:write${type}:${fromLabel}:${toLabel}`,
    `UNWIND $rows AS row MATCH (a:${fromLabel} {${fromKey}: row.from}) MATCH (b:${toLabel} {${toKey}: row.to}) ` +
      `MERGE (a)-[r:${type} {id: row.id}]->(b) SET r = row.props`,
  );
}
const relExistingStatements = new Map(
  REL_TYPES.map((type) => [
    type,
    cypher(`import:existing${type}`, `UNWIND $ids AS rid MATCH ()-[r:${type} {id: rid}]->() RETURN r.id AS key, properties(r) AS props`),
  ]),
);

export const graphVersionStatement = cypher(
  'graphVersion',
  "OPTIONAL MATCH (m:GraphMeta {id: 'graph'}) RETURN coalesce(m.version, 0) AS version, toString(m.updatedAt) AS updatedAt",
);
const bumpGraphVersion = cypher(
  'bumpGraphVersion',
  "MERGE (m:GraphMeta {id: 'graph'}) SET m.version = coalesce(m.version, 0) + 1, m.updatedAt = datetime() RETURN m.version AS version",
);
const knownVocabularyStatement = cypher(
  'import:knownVocabulary',
  `MATCH (n) WHERE n:Product OR n:Concept OR n:Organization
   RETURN n.id AS id, head([l IN labels(n) WHERE l IN ['Product', 'Concept', 'Organization']]) AS label, n.name AS name, coalesce(n.aliases, []) AS aliases
   ORDER BY id`,
);
const knownEntriesStatement = cypher('import:knownEntries', 'MATCH (e:Entry) RETURN e.id AS id ORDER BY id');

/** Products, concepts, organizations and entries already in the graph, for inputs that refer to them. */
export async function readKnownNodes(graph: Graph): Promise<KnownNodes> {
  const [vocabulary, entries] = await Promise.all([graph.read(knownVocabularyStatement), graph.read(knownEntriesStatement)]);
  return {
    vocabulary: vocabulary.map((r) => ({ id: String(r.id), label: r.label as VocabularyItem['label'], name: String(r.name), aliases: (r.aliases as string[]) ?? [] })),
    entryIds: new Set(entries.map((r) => String(r.id))),
  };
}

/** Loads the inputs, plans against what the graph holds, and applies the plan. */
export async function importFiles(graph: Graph, inputs: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const dataset = await loadInputs(inputs);
  return importDataset(graph, dataset, options);
}

export async function importDataset(graph: Graph, dataset: Dataset, options: ImportOptions = {}): Promise<ImportSummary> {
  const known = await readKnownNodes(graph);
  const plan = planImport(dataset, known);
  const summary = await applyPlan(graph, plan, options);
  return { ...summary, skippedLines: dataset.skipped.length };
}

/** Canonical form of a property map, for comparing what is with what should be. */
function canonical(props: Record<string, unknown>): string {
  const keys = Object.keys(props).filter((k) => props[k] !== null && props[k] !== undefined).sort();
  return JSON.stringify(keys.map((k) => [k, props[k]]));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function applyPlan(graph: Graph, plan: ImportPlan, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const batch = options.batchSize ?? BATCH;
  const progress = options.onProgress ?? (() => undefined);

  const work = async (tx: Pick<WriteTx, 'run'>, write: boolean) => {
    const nodes: Record<string, Counts> = {};
    const relationships: Record<string, Counts> = {};
    let changed = false;

    for (const { label } of NODE_LABELS) {
      const rows = plan.nodes.get(label) ?? [];
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
      const toWrite: Array<{ key: string; props: Props }> = [];
      for (const [index, part] of chunks(rows, batch).entries()) {
        const existing = new Map((await tx.run(nodeStatements.get(label)!.existing, { keys: part.map((r) => r.key) })).map((r: Row) => [String(r.key), r.props as Record<string, unknown>]));
        for (const row of part) {
          const current = existing.get(row.key);
          if (!current) counts.created += 1;
          else if (canonical(current) !== canonical(row.props)) counts.updated += 1;
          else {
            counts.unchanged += 1;
            continue;
          }
          toWrite.push(row);
        }
        progress({ phase: 'compare', what: label, done: Math.min((index + 1) * batch, rows.length), total: rows.length });
      }
      if (write) {
        for (const [index, part] of chunks(toWrite, batch).entries()) {
          await tx.run(nodeStatements.get(label)!.write, { rows: part });
          progress({ phase: 'write', what: label, done: Math.min((index + 1) * batch, toWrite.length), total: toWrite.length });
        }
      }
      changed ||= toWrite.length > 0;
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
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
      const toWrite: RelRow[] = [];
      for (const part of chunks(rows, batch)) {
        const existing = new Map((await tx.run(relExistingStatements.get(type)!, { ids: part.map((r) => r.id) })).map((r: Row) => [String(r.key), r.props as Record<string, unknown>]));
        for (const row of part) {
          const current = existing.get(row.id);
          if (!current) counts.created += 1;
          else if (canonical(current) !== canonical(row.props)) counts.updated += 1;
          else {
            counts.unchanged += 1;
            continue;
          }
          toWrite.push(row);
        }
      }
      progress({ phase: 'compare', what: type, done: rows.length, total: rows.length });
      if (write) {
        const groups = new Map<string, RelRow[]>();
        for (const row of toWrite) {
          const key = `${row.fromLabel}:${row.toLabel}`;
          const group = groups.get(key);
          if (group) group.push(row);
          else groups.set(key, [row]);
        }
        for (const [key, group] of groups) {
          const [fromLabel, toLabel] = key.split(':') as [NodeLabel, NodeLabel];
          const statement = relWriteStatement(type, fromLabel, toLabel);
          for (const part of chunks(group, batch)) {
            await tx.run(statement, { rows: part.map((r) => ({ id: r.id, from: r.from, to: r.to, props: r.props })) });
          }
        }
        progress({ phase: 'write', what: type, done: toWrite.length, total: toWrite.length });
      }
      changed ||= toWrite.length > 0;
      relationships[type] = counts;
    }

    let graphVersion: number;
    if (write && changed) {
      graphVersion = Number((await tx.run(bumpGraphVersion))[0]?.version ?? 0);
    } else {
      graphVersion = Number((await tx.run(graphVersionStatement))[0]?.version ?? 0);
    }
    return { nodes, relationships, changed, graphVersion };
  };

  const result = options.dryRun
    ? await work({ run: (statement, params) => graph.read(statement, params) }, false)
    : await graph.writeTransaction('import', (tx) => work(tx, true));
  return { dryRun: options.dryRun ?? false, ...result, skippedLines: 0, ms: Math.round(performance.now() - started) };
}

/** True when the graph holds no curated data yet (first start). */
export async function isGraphEmpty(graph: Graph): Promise<boolean> {
  const rows = await graph.read(cypher('isGraphEmpty', 'MATCH (n) WHERE n:Entry OR n:Product RETURN count(n) > 0 AS any LIMIT 1'));
  return rows[0]?.any !== true;
}
