/**
 * Rows read ahead without some long properties (src/graph/stores/rows.ts partialRowParser): every
 * property read is parsed as usual, and reading one that was not read fails loudly rather than
 * answering a wrong value.
 */
import { describe, expect, it } from 'vitest';
import { longProperties } from '../../src/model.js';
import { partialRowParser, RowError, toNodeReading } from '../../src/graph/stores/rows.js';

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

  it('a node read with its long property selected is a whole row', () => {
    const row = toNodeReading('Product', { ...ISTIO, description: 'A mesh.' }, ['description']);
    expect(row.__typename === 'Product' && row.description).toBe('A mesh.');
    const concept = toNodeReading('Concept', { id: 'mtls', name: 'mTLS', aliases: [] }, []);
    expect(() => concept.__typename === 'Concept' && concept.definition).toThrow(RowError);
  });
});
