/**
 * Rows read ahead with only the properties their selection reads (src/graph/stores/rows.ts
 * partialRowParser, toNodeReading; relationships: UNREAD_RELATION): every property read is parsed
 * as usual, and reading one that was not read fails loudly rather than answering a wrong value.
 */
import { describe, expect, it } from 'vitest';
import { longProperties, servedProperties } from '../../src/model.js';
import { partialRowParser, RowError, toNodeReading, UNREAD_RELATION } from '../../src/graph/stores/rows.js';

const ISTIO = { id: 'istio', name: 'Istio', aliases: [], status: 'active', productType: 'service-mesh', urls: [], languages: ['Go'] };

describe('rows read without their long properties', () => {
  it('the graph model marks the long texts: product description, concept definition, entry summary and description', () => {
    expect(longProperties('Product')).toEqual(['description']);
    expect(longProperties('Concept')).toEqual(['definition']);
    expect(longProperties('Entry')).toEqual(['summary', 'description']);
    expect(longProperties('Category')).toEqual([]);
  });

  it('reads every other property, and refuses to answer the unread one', () => {
    const row = partialRowParser('Product', ['description'])(ISTIO);
    expect(row).toMatchObject({ __typename: 'Product', id: 'istio', name: 'Istio', homepage: null, languages: ['Go'] });
    expect(() => row.description).toThrow(RowError);
    expect(() => row.description).toThrow('Product.description was not read for this selection');
  });

  it('still refuses a row whose read properties are wrong', () => {
    expect(() => partialRowParser('Product', ['description'])({ ...ISTIO, name: 42 })).toThrow(RowError);
  });

  it('a node read with some properties answers those, and refuses the others', () => {
    const row = toNodeReading('Product', { id: 'istio', name: 'Istio', description: 'A mesh.' }, ['id', 'name', 'description']);
    expect(row.__typename === 'Product' && [row.id, row.name, row.description]).toEqual(['istio', 'Istio', 'A mesh.']);
    expect(() => row.__typename === 'Product' && row.status).toThrow('Product.status was not read for this selection');
    const concept = toNodeReading('Concept', { id: 'mtls', name: 'mTLS', aliases: [] }, ['id', 'name', 'aliases']);
    expect(() => concept.__typename === 'Concept' && concept.definition).toThrow(RowError);
  });

  it('a node read with every served property is a whole row', () => {
    const served = servedProperties('Product').map(([name]) => name);
    const row = toNodeReading('Product', { ...ISTIO, description: 'A mesh.' }, served);
    for (const name of served) expect(() => Reflect.get(row, name), name).not.toThrow();
    expect(row).toMatchObject({ name: 'Istio', description: 'A mesh.', homepage: null });
  });

  it('a relationship read without its properties refuses every one of them', () => {
    for (const name of ['id', 'sources', 'confidence', 'since', 'until', 'note', 'kind', 'role', 'maturity'] as const)
      expect(() => UNREAD_RELATION[name], name).toThrow(`relationship.${name} was not read for this selection`);
  });
});
