/**
 * The pure parts of search, path and compare: the Lucene query built from user text (no syntax
 * survives), the statements built only from allowlists, and how a comparison finds what is shared
 * and what differs.
 */
import { describe, expect, it } from 'vitest';
import {
  aspectValues,
  differences,
  isDataPlaneRole,
  sharedConcepts,
  type ComparedProductRow,
} from '../../src/graph/stores/compareStore.js';
import { pathByNamesStatement, pathStatement } from '../../src/graph/stores/pathStore.js';
import { toConcept, toOrganization, toProduct, toRelation } from '../../src/graph/stores/rows.js';
import { BONUS, queryWords, searchEdits, searchLuceneQuery, searchStatement } from '../../src/graph/stores/searchStore.js';

describe('the search query', () => {
  it('keeps only words of letters and digits, lower-cased, at most 10', () => {
    expect(queryWords('Envoy + Sidecar!')).toEqual(['envoy', 'sidecar']);
    expect(queryWords('"(AND*) OR NOT \\ ~~~')).toEqual(['and', 'or', 'not']);
    expect(queryWords('🚀')).toEqual([]);
    expect(queryWords('a b c d e f g h i j k l')).toHaveLength(10);
  });

  it('asks for each word exactly (boosted), as a prefix and with typos by length', () => {
    expect(searchEdits('mtl')).toBe(0);
    expect(searchEdits('envoy')).toBe(1);
    expect(searchEdits('linkerd2x')).toBe(2);
    expect(searchLuceneQuery(['trafik'], 'Organization')).toBe(
      'name:((trafik^3 OR trafik* OR trafik~1))^4 OR aliasText:((trafik^3 OR trafik* OR trafik~1))^3',
    );
  });

  it('adds the whole phrase on names and titles when there are several words', () => {
    const q = searchLuceneQuery(['open', 'service', 'mesh'], 'Product')!;
    expect(q).toContain('name:"open service mesh"^2');
    expect(q).toContain('description:((open^3 OR open* OR open~1) (service^3 OR service* OR service~1) (mesh^3 OR mesh* OR mesh~1))^1');
  });

  it('sends operator words as plain lower-case terms', () => {
    const q = searchLuceneQuery(queryWords('AND NOT'), 'Organization')!;
    expect(q).toBe('name:((and^3 OR and*) (not^3 OR not*))^4 OR aliasText:((and^3 OR and*) (not^3 OR not*))^3 OR name:"and not"^2');
    expect(q).not.toMatch(/\bAND\b|\bNOT\b/);
  });

  it('folds the words as the full-text indexes do', () => {
    expect(queryWords('Ünlü ÇAĞ-Proxy')).toEqual(['unlu', 'cag', 'proxy']);
    expect(queryWords('İZMİR Straße')).toEqual(['izmir', 'strasse']);
  });

  it('gives exact names of products, concepts and organizations a bonus no other hit can reach', () => {
    // Relevance without a bonus is at most 1; with the prefix bonus at most 1.25; an exact entry title at most 2.
    // One bonus per hit, the best that applies.
    expect(BONUS.topicName).toBeGreaterThanOrEqual(BONUS.topicAlias + 1);
    expect(BONUS.topicAlias).toBeGreaterThan(1 + BONUS.entryTitle);
    expect(BONUS.entryTitle).toBeGreaterThan(BONUS.prefix);
    expect(BONUS.prefix).toBe(0.25);
  });

  it('builds no query for text without words', () => {
    expect(searchLuceneQuery([], 'Product')).toBeUndefined();
  });

  it('builds statements only for the kinds asked for', () => {
    const statement = searchStatement(['Concept', 'Product']);
    expect(statement.name).toBe('search[Product,Concept]');
    expect(statement.cypher).toContain('product_search');
    expect(statement.cypher).not.toContain('entry_search');
  });
});

describe('the path statement', () => {
  it('is built only from allowlisted labels and relationship types', () => {
    expect(() => pathStatement('Migration' as never, 'Product', ['USES'], 3)).toThrow();
    expect(() => pathStatement('Product', 'Product', ['HAS_STATUS_CLAIM' as never], 3)).toThrow();
    expect(() => pathStatement('Product', 'Product', ['USES'], 7)).toThrow();
    const statement = pathStatement('Product', 'Concept', ['USES', 'IMPLEMENTS'], 3);
    expect(statement.cypher).toContain('allShortestPaths((a)-[:IMPLEMENTS|USES*..3]-(b))');
  });

  it('resolves names in the statement only with kinds that have names, from the allowlist', () => {
    expect(() => pathByNamesStatement(['Migration' as never], ['USES'], 3)).toThrow();
    expect(() => pathByNamesStatement(['Entry'], ['USES'], 3)).toThrow();
    expect(() => pathByNamesStatement(['Product'], ['HAS_STATUS_CLAIM' as never], 3)).toThrow();
    const statement = pathByNamesStatement(['Product', 'Concept', 'Organization', 'Entry'], ['USES'], 4);
    expect(statement.name).toBe('path[byName]');
    // Products decide first, then concepts, then organizations; entries never (they have no name branch).
    expect(statement.cypher).toMatch(
      /MATCH \(n:Product\)[\s\S]*0 AS kindRank[\s\S]*MATCH \(n:Concept\)[\s\S]*1 AS kindRank[\s\S]*MATCH \(n:Organization\)[\s\S]*2 AS kindRank/,
    );
    expect(statement.cypher).not.toContain('n:Entry');
  });
});

const product = (id: string, extra: Record<string, unknown> = {}) =>
  toProduct({
    id,
    name: id.toUpperCase(),
    status: 'active',
    productType: 'service-mesh',
    description: '',
    languages: ['Go'],
    license: 'Apache-2.0',
    ...extra,
  });
const concept = (id: string) => toConcept({ id, name: id, definition: '' });
const rel = (props: Record<string, unknown> = {}) => toRelation({ id: 'x', sources: ['s'], ...props });

function compared(
  id: string,
  concepts: string[],
  extra: Partial<ComparedProductRow> = {},
  props: Record<string, unknown> = {},
): ComparedProductRow {
  return {
    name: id,
    match: { label: 'Product', id, name: id, matchedBy: 'name' },
    product: product(id, props),
    uses: [],
    implements: concepts.map((c) => ({ concept: concept(c), relation: rel() })),
    statusClaims: [],
    organizations: [],
    ...extra,
  };
}

describe('comparing products', () => {
  it('shares the concepts every product implements', () => {
    const rows = [
      compared('a', ['mtls', 'sidecar', 'xds']),
      compared('b', ['sidecar', 'mtls']),
      compared('c', ['mtls', 'sidecar', 'ebpf']),
    ];
    expect(sharedConcepts(rows).map((c) => c.id)).toEqual(['mtls', 'sidecar']);
  });

  it('lists only differing aspects, and concepts without the shared ones', () => {
    const rows = [
      compared('a', ['mtls', 'xds'], {}, { license: 'Apache-2.0' }),
      compared('b', ['mtls'], {}, { license: 'BUSL-1.1', languages: ['Go', 'Rust'] }),
    ];
    const diff = differences(rows);
    expect(diff.map((d) => d.aspect)).toEqual(['LICENSE', 'LANGUAGES', 'CONCEPTS']);
    expect(diff.find((d) => d.aspect === 'CONCEPTS')!.values.map((v) => v.values)).toEqual([['xds'], []]);
  });

  it('describes uses and organizations with their roles', () => {
    const row = compared('a', [], {
      uses: [{ product: product('envoy', { name: 'Envoy' }), relation: rel({ role: 'sidecar' }) }],
      organizations: [
        {
          organization: toOrganization({ id: 'cncf', name: 'CNCF', orgType: 'foundation' }),
          type: 'HOSTED_BY',
          relation: rel({ maturity: 'graduated' }),
        },
        {
          organization: toOrganization({ id: 'g', name: 'Google', orgType: 'company' }),
          type: 'DEVELOPED_BY',
          relation: rel({ role: 'creator' }),
        },
      ],
    });
    expect(aspectValues(row, 'USES', new Set())).toEqual(['Envoy (sidecar)']);
    expect(aspectValues(row, 'HOSTED_BY', new Set())).toEqual(['CNCF (graduated)']);
    expect(aspectValues(row, 'DEVELOPED_BY', new Set())).toEqual(['Google (creator)']);
  });

  it('counts proxies in the request path as data planes, not installers', () => {
    expect(['sidecar', 'data-plane', 'per-node', 'node-proxy', 'l7-proxy', 'proxyless'].every(isDataPlaneRole)).toBe(true);
    expect(isDataPlaneRole('installer')).toBe(false);
    expect(isDataPlaneRole('xds-cds-eds')).toBe(false);
    expect(isDataPlaneRole(null)).toBe(false);
  });
});
