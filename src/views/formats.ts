/**
 * What a saved view's result can be turned into besides JSON: CSV rows (tabular views) and
 * Cytoscape.js elements (views that return a Subgraph).
 */
import { stringify } from 'csv-stringify/sync';
import type { CsvSpec } from './registry.js';

export type Format = 'json' | 'csv' | 'cytoscape';

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  cytoscape: 'application/json; charset=utf-8',
};

/** The value at a response path; undefined when a step is missing or null. */
function valueAt(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * One cell: the leaves at a dotted key of a row. Lists along the way (a row's `sources`) give
 * several values, joined with "; ". Null is an empty cell.
 */
function cell(row: unknown, column: string): string {
  const leaves: unknown[] = [];
  const walk = (value: unknown, keys: string[]) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, keys);
      return;
    }
    if (keys.length === 0) {
      leaves.push(value);
      return;
    }
    if (typeof value === 'object') walk((value as Record<string, unknown>)[keys[0]!], keys.slice(1));
  };
  walk(row, column.split('.'));
  return leaves.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ');
}

/** Text that a spreadsheet would run as a formula is prefixed with ' (numbers, negative ones too, are left as they are). */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/**
 * The CSV text for a result (RFC 4180, written by csv-stringify: quoted when needed, CRLF line
 * ends): a header line with the columns, then one line per item of the list.
 */
export function toCsv(data: unknown, spec: CsvSpec): string {
  const list = valueAt({ data }, spec.path);
  const rows = Array.isArray(list) ? list : [];
  const records = [spec.columns.map(defuse), ...rows.map((row) => spec.columns.map((c) => defuse(cell(row, c))))];
  return stringify(records, { record_delimiter: 'windows' });
}

export interface CytoscapeElement {
  group: 'nodes' | 'edges';
  data: Record<string, unknown>;
}

/**
 * A Subgraph (`{ nodes, edges }`) as Cytoscape.js elements: `cytoscape({ elements })` or
 * `cy.add(elements)` load it as is. Every selected field goes into `data`; nodes come first.
 */
export function toCytoscape(data: unknown, path: readonly string[]): CytoscapeElement[] {
  const subgraph = valueAt({ data }, path) as { nodes?: unknown; edges?: unknown } | undefined;
  const nodes = Array.isArray(subgraph?.nodes) ? subgraph.nodes : [];
  const edges = Array.isArray(subgraph?.edges) ? subgraph.edges : [];
  return [
    ...nodes.map((n) => ({ group: 'nodes' as const, data: { ...(n as Record<string, unknown>) } })),
    ...edges.map((e) => ({ group: 'edges' as const, data: { ...(e as Record<string, unknown>) } })),
  ];
}
