/**
 * The saved views' comment header (src/views/registry.ts): the title, the description's
 * paragraphs, the tags, and each bad tag reported with its file and line, nothing loaded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { loadViews, ViewError } from '../../src/views/registry.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'meshgraph-view-header-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const QUERY = 'query Q($name: String!) { product(name: $name) { name } }';

function load(lines: string[], name = 'view') {
  writeFileSync(path.join(dir, `${name}.graphql`), lines.join('\n'));
  return loadViews(dir, schema).get(name)!;
}

function problems(lines: string[]): string[] {
  writeFileSync(path.join(dir, 'bad.graphql'), lines.join('\n'));
  try {
    loadViews(dir, schema);
  } catch (error) {
    if (error instanceof ViewError) return error.issues.map((i) => `${path.basename(i.file)}:${i.line}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('the view header', () => {
  it('reads the title, paragraphs joined line by line, and the tags', () => {
    const view = load([
      '',
      '# Product lineage',
      '# What a product',
      '',
      '# replaced.',
      '#',
      '## Second paragraph.',
      "# @param $name A product's name  ",
      '# @csv data.product.statusClaims',
      '#   @example ?name=Maesh',
      QUERY.replace('{ name }', '{ statusClaims { status } }'),
    ]);
    expect(view.title).toBe('Product lineage');
    expect(view.description).toBe('What a product replaced.\n\nSecond paragraph.');
    expect(view.variables.map((v) => [v.name, v.description])).toEqual([['name', "A product's name"]]);
    expect(view.csv).toEqual({ path: ['data', 'product', 'statusClaims'], columns: ['status'] });
    expect(view.examples).toEqual(['name=Maesh']);
  });

  it('keeps text after a tag in the description, and takes the file name when there is no title', () => {
    expect(load(['# T', '# @param name A name.', '# after the tag', '# @example name=x', QUERY]).description).toBe('after the tag');
    const untitled = load(['#', '# @example', 'query Q { stats { productCount } }'], 'untitled');
    expect([untitled.title, untitled.examples]).toEqual(['untitled', ['']]);
  });

  it('reports every bad tag with its line', () => {
    expect(problems(['# T', '# @param', '# @csv nope', '# @foo bar', '# @example', 'query Q { stats { productCount } }'])).toEqual([
      'bad.graphql:2: @param needs a variable name and a description: "# @param name The product\'s name"',
      'bad.graphql:3: @csv needs a path into the response such as "data.stats.entriesByYear"',
      'bad.graphql:4: unknown header tag @foo; use @param, @csv, @cytoscape or @example',
    ]);
    expect(
      problems([
        '# T',
        '# @param name A.',
        '# @param name B.',
        '# @cytoscape data.subgraph',
        '# @cytoscape data.subgraph',
        '# @example name=x',
        QUERY,
      ]),
    ).toEqual(['bad.graphql:3: @param name is given twice', 'bad.graphql:5: @cytoscape is given twice']);
  });
});
