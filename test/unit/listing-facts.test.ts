/**
 * Listings read back from the graph (src/ingest/entries.ts, listingFactsFromGraph): what the plan
 * stores lean comes back whole, and a property of the wrong type or one no listing has fails the
 * import instead of travelling on unchecked.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listingFactsFromGraph } from '../../src/ingest/entries.js';
import { loadInputs } from '../../src/ingest/load.js';
import { planImport } from '../../src/ingest/plan.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/nubenetes/${name}`, import.meta.url));

describe('listings read back from the graph', () => {
  it('come back whole from what the plan stores: defaults restored, nothing else changed', async () => {
    const plan = planImport(await loadInputs([fixture('site')]));
    const categories = new Map((plan.nodes.get('Category') ?? []).map((c) => [String(c.props.id), c.props.path]));
    const listings = plan.relationships.filter((r) => r.type === 'LISTED_IN');
    expect(listings.length).toBeGreaterThan(10);
    for (const { props } of listings) {
      const { id, ...stored } = props;
      // What the scope statement returns: the stored properties, the category's path and the entry's URL.
      const facts = listingFactsFromGraph(String(id), { ...stored, categoryPath: categories.get(String(props.categoryId)), url: null });
      expect(facts).toMatchObject(Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== undefined)));
      expect(facts.rating).toBe(props.rating ?? 0);
      expect(facts.kinds).toEqual(props.kinds ?? []);
      expect(facts.relatedUrls).toEqual(props.relatedUrls ?? []);
      expect(facts.categoryPath).toEqual(categories.get(String(props.categoryId)));
      expect('url' in facts).toBe(false);
    }
  });

  const lean = { document: 'v1/servicemesh.md', line: 12, categoryId: 'service-mesh', title: 'Istio in action' };

  it('keep an entry URL and optional values the page gave', () => {
    const facts = listingFactsFromGraph('l1', { ...lean, url: 'https://istio.io/', year: 2021, video: true, kinds: ['VIDEO'] });
    expect(facts).toEqual({
      ...lean,
      url: 'https://istio.io/',
      year: 2021,
      video: true,
      categoryPath: [],
      rating: 0,
      kinds: ['VIDEO'],
      relatedUrls: [],
    });
  });

  it.each([
    [{ ...lean, line: '12' }, /l1 in the graph: line should be an integer, got "12"/],
    [{ ...lean, title: null }, /title should be text, got null/],
    [{ ...lean, kinds: ['VIDEO', 3] }, /kinds should be a list of text/],
    [{ ...lean, video: 'yes' }, /video should be true or false/],
    [{ ...lean, rank: 3 }, /rank should be absent \(not a listing property\)/],
  ])('fail loudly on %j', (props, message) => {
    expect(() => listingFactsFromGraph('l1', props)).toThrow(message);
  });
});
