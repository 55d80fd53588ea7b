/**
 * What a read-ahead statement returns for each item of a list and for a referenced node
 * (src/graph/stores/readAhead.ts): only what the selection reads, as lists of values rather than
 * maps, so Neo4j writes and the driver decodes no more than the answer needs (not even the keys);
 * keepReadAhead reads the values back by position and supplies what the statement leaves out.
 */
import { describe, expect, it } from 'vitest';
import {
  type ChainPlan,
  keepReadAhead,
  planSignature,
  readAheadChain,
  readAheadExpression,
  readAheadList,
  readAheadNode,
  type ReadAheadPlan,
  type RelationPlan,
} from '../../src/graph/stores/readAhead.js';
import { SOURCES_OF } from '../../src/graph/stores/sourceStore.js';

const relation = (overrides: Partial<RelationPlan>): RelationPlan => ({
  key: 'list',
  type: 'USES',
  direction: 'out',
  limit: null,
  sources: false,
  rel: false,
  properties: ['id', 'name'],
  far: null,
  ...overrides,
});

const plan = (overrides: Partial<ReadAheadPlan>): ReadAheadPlan => ({
  label: 'Entry',
  properties: ['id', 'title', 'categoryId'],
  relations: [],
  references: [],
  chains: [],
  ...overrides,
});

/** The list each item of the list is returned as: the COLLECT subquery's RETURN, to the end of its line. */
const itemOf = (expression: string) => expression.match(/RETURN (\[.*)$/m)?.[1];

describe('a read-ahead list item', () => {
  it('is the far node with the properties read, and nothing else, when the far end has one label and nothing else is selected', () => {
    const text = readAheadExpression('n', plan({ label: 'Product', relations: [relation({})] }));
    expect(itemOf(text)).toBe('[[b1.id, b1.name]]');
  });

  it('names the far node’s label only when it may have several (what an entry is about)', () => {
    const text = readAheadExpression('n', plan({ relations: [relation({ key: 'about', type: 'ABOUT' })] }));
    expect(itemOf(text)).toBe("[[b1.id, b1.name], head([l IN labels(b1) WHERE l IN ['Product', 'Concept', 'Organization']])]");
  });

  it('carries the relationship, its sources and the far node’s own lists only when the selection reads them', () => {
    const far = plan({ label: 'Product', properties: ['id'], relations: [relation({ key: 'implements', type: 'IMPLEMENTS' })] });
    const text = readAheadExpression('n', plan({ label: 'Product', relations: [relation({ rel: true, sources: true, far })] }));
    expect(text).toMatch(/RETURN \[\[b1\.id, b1\.name\], properties\(r1\), [\s\S]+, \[COLLECT \{\s+MATCH \(b1\)-\[r2:IMPLEMENTS\]/);
    expect(text).not.toContain('labels(b1)');
  });

  it('is read back with what was left out: the one label, an empty list of sources, the nested lists when planned', () => {
    const row = {};
    const used = plan({
      label: 'Product',
      relations: [relation({ key: 'uses' }), relation({ key: 'implements', type: 'IMPLEMENTS', far: null })],
    });
    keepReadAhead(row, 'istio', [[[['envoy', 'Envoy']]], [[['mtls', 'mTLS']]]], used);
    const [uses] = readAheadList(row, 'uses') ?? [];
    expect(uses).toMatchObject({ key: 'istio', type: 'USES', node: { __typename: 'Product', id: 'envoy', name: 'Envoy' }, sources: [] });
    expect(() => uses?.rel.confidence).toThrow('relationship.confidence was not read for this selection');
    expect(readAheadList(row, 'implements')?.[0]?.node).toMatchObject({ __typename: 'Concept', id: 'mtls' });
  });

  it('is read back by position: the label, the relationship, the sources and the nested lists in the statement’s order', () => {
    const row = {};
    const far = plan({ label: 'Concept', properties: ['id'], relations: [] });
    const about = relation({ key: 'about', type: 'ABOUT', rel: true });
    const implementsPlan = relation({ key: 'implements', type: 'IMPLEMENTS', sources: true, far: { ...far, label: 'Concept' } });
    const rel = {
      id: 'r1',
      sources: [],
      confidence: 'medium',
      since: null,
      until: null,
      note: null,
      kind: null,
      role: null,
      maturity: null,
    };
    keepReadAhead(
      row,
      'an-entry',
      [[[['istio', 'Istio'], 'Product', rel]], [[['mtls', 'mTLS'], [], []]]],
      plan({ relations: [about, implementsPlan] }),
    );
    const [topic] = readAheadList(row, 'about') ?? [];
    expect(topic?.node).toMatchObject({ __typename: 'Product', id: 'istio', name: 'Istio' });
    expect(topic?.rel.confidence).toBe('medium');
    expect(readAheadList(row, 'implements')?.[0]).toMatchObject({ node: { __typename: 'Concept', id: 'mtls' }, sources: [] });
  });

  it('refuses a value that does not have the plan’s shape, naming the node it was read for', () => {
    const used = plan({ label: 'Product', relations: [relation({ key: 'uses' })] });
    expect(() => keepReadAhead({}, 'istio', { uses: [] }, used)).toThrow('read-ahead of istio: expected a list of 1 values');
    expect(() => keepReadAhead({}, 'istio', ['not a list'], used)).toThrow('read-ahead of istio: uses is not a list');
    expect(() => keepReadAhead({}, 'istio', [[[{ id: 'envoy', name: 'Envoy' }]]], used)).toThrow(
      'Product: expected a list of 2 property values (id, name)',
    );
  });
});

describe('a referenced node read ahead (an entry’s category)', () => {
  const category = (properties: string[]) =>
    plan({ references: [{ key: 'category', property: 'categoryId', label: 'Category', properties }] });

  it('is read with the properties its selection reads only', () => {
    expect(readAheadExpression('n', category(['id', 'name']))).toContain('RETURN [c1.id, c1.name] LIMIT 1 }');
  });

  it('is a list of at most one node, never a function of the subquery: Neo4j would run that row by row', () => {
    expect(readAheadExpression('n', category(['id', 'name']))).toBe(
      '[COLLECT { MATCH (c1:Category {id: n.categoryId}) RETURN [c1.id, c1.name] LIMIT 1 }]',
    );
  });

  it('answers those, and refuses the others', () => {
    const row = {};
    keepReadAhead(row, 'an-entry', [[['service-mesh', 'Service Mesh']]], category(['id', 'name']));
    const node = readAheadNode(row, 'category');
    expect(node).toMatchObject({ __typename: 'Category', id: 'service-mesh', name: 'Service Mesh' });
    expect(() => node?.__typename === 'Category' && node.path).toThrow('Category.path was not read for this selection');
  });

  it('is null when the key names no node, and refuses any other shape', () => {
    const row = {};
    keepReadAhead(row, 'an-entry', [[]], category(['id', 'name']));
    expect(readAheadNode(row, 'category')).toBeNull();
    expect(() => keepReadAhead({}, 'an-entry', [null], category(['id', 'name']))).toThrow(
      'read-ahead of an-entry: category is not a list of at most one node',
    );
    expect(() =>
      keepReadAhead(
        {},
        'an-entry',
        [
          [
            ['a', 'A'],
            ['b', 'B'],
          ],
        ],
        category(['id', 'name']),
      ),
    ).toThrow('read-ahead of an-entry: category is not a list of at most one node');
  });

  it('makes a different statement for a different selection', () => {
    expect(planSignature(category(['id', 'name']))).not.toBe(planSignature(category(['id', 'name', 'path'])));
  });
});

describe('a lineage chain read ahead (a product’s successors)', () => {
  const chain = (overrides: Partial<ChainPlan>): ReadAheadPlan =>
    plan({
      label: 'Product',
      properties: ['id', 'name'],
      chains: [{ key: 'successors', towards: 'successors', sources: false, rel: false, properties: ['id', 'name'], ...overrides }],
    });
  /** The list each step is returned as: the chain's RETURN. */
  const stepOf = (expression: string) => expression.match(/RETURN (\[depth[\s\S]*?\]) AS step\n/)?.[1];

  it('is each step’s depth and its two products with the properties read, and nothing else, when only those are selected', () => {
    expect(stepOf(readAheadExpression('n', chain({})))).toBe('[depth_1, [newer_1.id, newer_1.name], [older_1.id, older_1.name]]');
  });

  it('carries the relationship and its sources only when the selection reads them', () => {
    const text = stepOf(readAheadExpression('n', chain({ rel: true, sources: true })));
    expect(text).toBe(`[depth_1, [newer_1.id, newer_1.name], [older_1.id, older_1.name], properties(r_1), ${SOURCES_OF('r_1')}]`);
  });

  it('is read back by position: the products reached and replaced, the relationship only when read', () => {
    const row = {};
    keepReadAhead(row, 'maesh', [[[1, ['traefik-mesh', 'Traefik Mesh'], ['maesh', 'Maesh']]]], chain({}));
    const [step] = readAheadChain(row, 'successors') ?? [];
    expect(step).toMatchObject({
      key: 'maesh',
      depth: 1,
      newer: { __typename: 'Product', id: 'traefik-mesh', name: 'Traefik Mesh' },
      older: { __typename: 'Product', id: 'maesh', name: 'Maesh' },
      sources: [],
    });
    expect(() => step?.newer.description).toThrow('Product.description was not read for this selection');
    expect(() => step?.rel.kind).toThrow('relationship.kind was not read for this selection');
  });

  it('is read back with the relationship when the selection reads it (the step’s kind)', () => {
    const row = {};
    const rel = { id: 'SUPERSEDES:traefik-mesh:maesh', sources: ['https://example.org'], confidence: 'high', kind: 'renamed' };
    keepReadAhead(row, 'maesh', [[[1, ['traefik-mesh', 'Traefik Mesh'], ['maesh', 'Maesh'], rel]]], chain({ rel: true }));
    expect(readAheadChain(row, 'successors')?.[0]?.rel.kind).toBe('renamed');
  });

  it('refuses a step that does not have the plan’s shape, naming the product it was read for', () => {
    expect(() => keepReadAhead({}, 'maesh', [[{ depth: 1 }]], chain({}))).toThrow(
      'read-ahead of maesh: a step of successors is not a list',
    );
    expect(() => keepReadAhead({}, 'maesh', [[[1, { id: 'traefik-mesh' }, ['maesh', 'Maesh']]]], chain({}))).toThrow(
      'Product: expected a list of 2 property values (id, name)',
    );
  });

  it('makes a different statement for a different selection', () => {
    expect(planSignature(chain({}))).not.toBe(planSignature(chain({ rel: true })));
    expect(planSignature(chain({}))).not.toBe(planSignature(chain({ properties: ['id', 'name', 'status'] })));
  });
});
