/**
 * Rows read ahead with only the properties their selection reads (src/graph/stores/rows.ts
 * partialRowParser, and toNodeFromValues for nodes read as lists of values; relationships:
 * UNREAD_RELATION): every property read is parsed as usual, and reading one that was not read
 * fails loudly rather than answering a wrong value.
 */
import { describe, expect, it } from 'vitest';
import { longProperties, servedProperties } from '../../src/model.js';
import { partialRowParser, RowError, toNodeFromValues, UNREAD_RELATION } from '../../src/graph/stores/rows.js';

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

  it('a node read as values answers the properties its columns name, and refuses the others', () => {
    const row = toNodeFromValues('Product', ['istio', 'Istio', 'A mesh.'], ['id', 'name', 'description']);
    expect(row.__typename === 'Product' && [row.id, row.name, row.description]).toEqual(['istio', 'Istio', 'A mesh.']);
    expect(() => row.__typename === 'Product' && row.status).toThrow('Product.status was not read for this selection');
    const concept = toNodeFromValues('Concept', ['mtls', 'mTLS', []], ['id', 'name', 'aliases']);
    expect(concept).toMatchObject({ __typename: 'Concept', id: 'mtls', name: 'mTLS', aliases: [] });
    expect(() => concept.__typename === 'Concept' && concept.definition).toThrow(RowError);
  });

  it('a node read with every served property as values is a whole row', () => {
    const served = servedProperties('Product').map(([name]) => name);
    const whole: Record<string, unknown> = { ...ISTIO, description: 'A mesh.' };
    const row = toNodeFromValues(
      'Product',
      served.map((name) => whole[name] ?? null),
      served,
    );
    for (const name of served) expect(() => Reflect.get(row, name), name).not.toThrow();
    expect(row).toMatchObject({ name: 'Istio', description: 'A mesh.', homepage: null, languages: ['Go'] });
  });

  it('columns of another label (a list whose far nodes may have several) are skipped', () => {
    // `definition` is a concept's: a product read with these columns has no such property.
    const row = toNodeFromValues('Product', ['istio', 'Istio', 'Meshes.'], ['id', 'name', 'definition']);
    expect(row).toMatchObject({ __typename: 'Product', id: 'istio', name: 'Istio' });
    expect(Object.keys(row)).not.toContain('definition');
  });

  it('refuses values that do not fit the columns: a map, too few values, a wrong type, a missing id', () => {
    expect(() => toNodeFromValues('Product', { id: 'istio', name: 'Istio' }, ['id', 'name'])).toThrow(
      'Product: expected a list of 2 property values (id, name)',
    );
    expect(() => toNodeFromValues('Product', ['istio'], ['id', 'name'])).toThrow(RowError);
    expect(() => toNodeFromValues('Product', ['istio', 42], ['id', 'name'])).toThrow('Product.name: expected string, got 42');
    expect(() => toNodeFromValues('Product', [null, 'Istio'], ['id', 'name'])).toThrow('Product.id is missing');
    expect(() => toNodeFromValues('Widget', ['w'], ['id'])).toThrow('expected a node label, got "Widget"');
  });

  it('a relationship read without its properties refuses every one of them', () => {
    for (const name of ['id', 'sources', 'confidence', 'since', 'until', 'note', 'kind', 'role', 'maturity'] as const)
      expect(() => UNREAD_RELATION[name], name).toThrow(`relationship.${name} was not read for this selection`);
  });
});
