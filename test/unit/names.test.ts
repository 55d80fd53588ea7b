/**
 * Name resolution without a database: how text is normalised, how far a typo may go, which Lucene
 * query the fuzzy stage sends, and how hits are chosen between stages and kinds.
 */
import { describe, expect, it } from 'vitest';
import { foldedWords, foldName } from '../../src/ingest/fold.js';
import {
  decide,
  editDistance,
  escapeLucene,
  fuzzyLuceneQuery,
  isFuzzyMatch,
  isSuggestion,
  maxFuzzyDistance,
  nameItem,
  resolveStatement,
  throwIfUnresolved,
  type NameKind,
} from '../../src/graph/stores/names.js';
import { MeshgraphError, NotFoundError } from '../../src/errors.js';

const KINDS: NameKind[] = ['Product', 'Concept', 'Organization', 'Entry'];

type Raw = Parameters<typeof decide>[1][number];
const hit = (label: NameKind, id: string, name: string, stage: Raw['stage'], keys: string[] = [name], score = 1): Raw => ({
  label,
  id,
  name,
  keys,
  stage,
  score,
});

describe('normalising names', () => {
  it('lower-cases, strips accents and turns punctuation runs into one space', () => {
    expect(foldName('  Linkerd2-Proxy ')).toBe('linkerd2 proxy');
    expect(foldName('Solo.io')).toBe('solo io');
    expect(foldName('Kürbis  Mesh')).toBe('kurbis mesh');
    expect(foldName('🚀 Istio!')).toBe('istio');
  });

  it('tokenizes into lower-case words and drops text without letters or digits', () => {
    expect(foldedWords('Open Service Mesh')).toEqual(['open', 'service', 'mesh']);
    expect(foldedWords('"(AND*')).toEqual(['and']);
    expect(foldedWords('~~~ \\ 🎉')).toEqual([]);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit', () => {
    expect(editDistance('maesch', 'maesh')).toBe(1);
    expect(editDistance('trafik mesh', 'traefik mesh')).toBe(1);
    expect(editDistance('istoi', 'istio')).toBe(1);
    expect(editDistance('envoi', 'envoy')).toBe(1);
    expect(editDistance('kuma', 'kong')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('counts an emoji as one character', () => {
    expect(editDistance('mesh🚀', 'mesh')).toBe(1);
  });

  it('allows more edits for longer names: none under 4 characters, at most 3', () => {
    expect(maxFuzzyDistance('osm')).toBe(0);
    expect(maxFuzzyDistance('kuma')).toBe(1);
    expect(maxFuzzyDistance('maesch')).toBe(1);
    expect(maxFuzzyDistance('trafik mesh')).toBe(2);
    expect(maxFuzzyDistance('service mesh interfase')).toBe(3);
  });

  it('accepts typos within the threshold against the name or any alias', () => {
    expect(isFuzzyMatch('Maesch', ['Maesh'])).toBe(true);
    expect(isFuzzyMatch('trafik mesh', ['Traefik Mesh'])).toBe(true);
    expect(isFuzzyMatch('Service Mesh Interfase', ['SMI', 'Service Mesh Interface'])).toBe(true);
    expect(isFuzzyMatch('osn', ['OSM'])).toBe(false);
    expect(isFuzzyMatch('Kong', ['Kuma'])).toBe(false);
    expect(isFuzzyMatch('', ['Istio'])).toBe(false);
  });

  it('suggests names the text starts, or that are within a looser distance', () => {
    expect(isSuggestion('lin', ['Linkerd'])).toBe(true);
    expect(isSuggestion('istio', ['istiod'])).toBe(true);
    expect(isSuggestion('and', ['GAMMA', 'Gateway API for Mesh Management and Administration'])).toBe(false);
    expect(isSuggestion('', ['Istio'])).toBe(false);
  });
});

describe('the Lucene query of the fuzzy stage', () => {
  it('escapes every Lucene special character and the operator words', () => {
    expect(escapeLucene('a+b-c&&d||e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t')).toBe(
      'a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\*p\\?q\\:r\\\\s\\/t',
    );
    expect(escapeLucene('AND')).toBe('and');
    expect(escapeLucene('OR')).toBe('or');
    expect(escapeLucene('NOT')).toBe('not');
  });

  it('asks for the phrase, each word exactly (boosted), as a prefix and with typos, on the name fields only', () => {
    expect(fuzzyLuceneQuery('trafik mesh', ['name', 'aliasText'])).toBe(
      'name:("trafik mesh"^4 OR (trafik^2 OR trafik* OR trafik~2) (mesh^2 OR mesh* OR mesh~1)) OR ' +
        'aliasText:("trafik mesh"^4 OR (trafik^2 OR trafik* OR trafik~2) (mesh^2 OR mesh* OR mesh~1))',
    );
    expect(fuzzyLuceneQuery('OSM', ['name'])).toBe('name:((osm^2 OR osm* OR osm~1))');
    expect(fuzzyLuceneQuery('k8', ['title'])).toBe('title:((k8^2 OR k8*))');
  });

  it('sends the words folded, as the full-text indexes hold them (prefix and fuzzy terms are not analysed)', () => {
    expect(fuzzyLuceneQuery('Ünl', ['name'])).toBe('name:((unl^2 OR unl* OR unl~1))');
    expect(fuzzyLuceneQuery('ÇAĞ Proxy', ['name'])).toBe('name:("cag proxy"^4 OR (cag^2 OR cag* OR cag~1) (proxy^2 OR proxy* OR proxy~1))');
    expect(fuzzyLuceneQuery('Stra\u00dfe', ['name'])).toBe(fuzzyLuceneQuery('STRASSE', ['name']));
  });

  it('sends no query for text without words', () => {
    expect(fuzzyLuceneQuery('"*()~~~', ['name'])).toBeUndefined();
    expect(fuzzyLuceneQuery('🎉', ['name'])).toBeUndefined();
  });

  it('tries the text itself, its slug and its folded slug as ids', () => {
    expect(nameItem(0, '  Traefik   Mesh ', ['Product']).ids).toEqual(['traefik mesh', 'traefik-mesh']);
    expect(nameItem(0, 'istio', ['Product']).ids).toEqual(['istio']);
    expect(nameItem(0, '"Open Service Mesh"', ['Product']).ids).toEqual(['"open service mesh"', 'open-service-mesh']);
    expect(nameItem(0, 'Straße Mesh', ['Product']).ids).toEqual(['straße mesh', 'stra-e-mesh', 'strasse-mesh']);
  });

  it('compares the text in NFC with the lower-cased names', () => {
    expect(nameItem(0, 'U\u0308nlu\u0308 Mesh', ['Product']).lower).toBe('\u00fcnl\u00fc mesh');
  });

  it('gives a name asked again its own index, and under other kinds those kinds’ full-text queries', () => {
    const first = nameItem(0, 'Linkerd', ['Product']);
    const again = nameItem(3, 'Linkerd', ['Product']);
    expect(again).toEqual({ ...first, i: 3 });
    expect(Object.keys(first.lucene)).toEqual(['Product']);
    const wider = nameItem(0, 'Linkerd', ['Product', 'Concept', 'Entry']);
    expect(Object.keys(wider.lucene)).toEqual(['Product', 'Concept', 'Entry']);
    expect(wider.lucene.Entry).toContain('title:');
    expect(nameItem(0, 'Linkerd2', ['Product']).lower).toBe('linkerd2');
  });

  it('builds its statement only from allowlisted labels', () => {
    expect(() => resolveStatement(['Product', 'Migration' as NameKind])).toThrow();
    const statement = resolveStatement(['Concept', 'Product']);
    expect(statement.cypher).toContain('product_search');
    expect(statement.cypher).not.toContain('entry_search');
  });

  it('returns a matched node with its served properties only, and with a read-ahead plan only those its selection reads', () => {
    const plain = resolveStatement(['Product']).cypher;
    expect(plain).not.toContain('properties(n)');
    expect(plain).toMatch(/props: n \{\.id, \.name, [^}]*\.description[^}]*\}/);
    expect(plain).not.toMatch(/props: n \{[^}]*(nameLower|nameFolded|aliasesLower|aliasesFolded)/);
    const plan = { label: 'Product' as const, properties: ['id', 'name'], relations: [], references: [], chains: [] };
    expect(resolveStatement(['Product'], plan).cypher).toContain('props: n {.id, .name}, ahead: []');
  });
});

describe('choosing between hits', () => {
  it('prefers the best stage over kind order: an exact concept name beats a product alias', () => {
    const result = decide('sidecar', [hit('Product', 'x', 'X', 'alias', ['sidecar']), hit('Concept', 'sidecar', 'sidecar', 'name')], KINDS);
    expect(result.match).toMatchObject({ label: 'Concept', id: 'sidecar', matchedBy: 'name' });
    expect(result.ambiguous).toBe(false);
  });

  it('at the same stage, lists every kind and picks the first kind given', () => {
    const hits = [hit('Concept', 'proxyless-mesh', 'proxyless mesh', 'alias'), hit('Product', 'grpc', 'gRPC', 'alias')];
    const result = decide('proxyless gRPC', hits, KINDS);
    expect(result.ambiguous).toBe(true);
    expect(result.candidates.map((c) => c.id)).toEqual(['grpc', 'proxyless-mesh']);
    expect(result.match?.id).toBe('grpc');
    const conceptsFirst = decide('proxyless gRPC', hits, ['Concept', 'Product']);
    expect(conceptsFirst.match?.id).toBe('proxyless-mesh');
  });

  it('does not choose when asked to be strict, or when two of the first kind tie', () => {
    const hits = [hit('Concept', 'proxyless-mesh', 'proxyless mesh', 'alias'), hit('Product', 'grpc', 'gRPC', 'alias')];
    expect(decide('proxyless gRPC', hits, KINDS, { strict: true }).match).toBeUndefined();
    const twins = decide(
      'OpenShift Service Mesh',
      [
        hit('Product', 'openshift-service-mesh-2', 'OpenShift Service Mesh 2', 'fuzzy'),
        hit('Product', 'openshift-service-mesh-3', 'OpenShift Service Mesh 3', 'fuzzy'),
      ],
      KINDS,
    );
    expect(twins.match).toBeUndefined();
    expect(twins.ambiguous).toBe(true);
    expect(twins.candidates).toHaveLength(2);
  });

  it('keeps only the closest fuzzy hits as candidates and turns the rest into suggestions', () => {
    const result = decide('Istoi', [hit('Product', 'istio', 'Istio', 'fuzzy'), hit('Product', 'istiod', 'istiod', 'fuzzy')], KINDS);
    expect(result.match).toMatchObject({ id: 'istio', matchedBy: 'fuzzy' });
    expect(result.candidates).toHaveLength(1);
    expect(result.suggestions).toEqual(['istiod']);
  });

  it('rejects fuzzy hits beyond the threshold, keeping them as suggestions', () => {
    const result = decide('Lin', [hit('Product', 'linkerd', 'Linkerd', 'fuzzy'), hit('Product', 'kuma', 'Kuma', 'fuzzy')], KINDS);
    expect(result.match).toBeUndefined();
    expect(result.candidates).toEqual([]);
    expect(result.suggestions).toEqual(['Linkerd']);
  });

  it('counts one node once, at its best stage', () => {
    const result = decide(
      'osm',
      [
        hit('Product', 'osm', 'Open Service Mesh', 'fuzzy', ['Open Service Mesh', 'OSM']),
        hit('Product', 'osm', 'Open Service Mesh', 'alias'),
      ],
      KINDS,
    );
    expect(result.candidates).toEqual([{ label: 'Product', id: 'osm', name: 'Open Service Mesh', matchedBy: 'alias' }]);
    expect(result.ambiguous).toBe(false);
  });

  it('compares names folded: a full-text hit whose name or alias is the text, however written, is an exact match', () => {
    const unlu = hit('Product', 'unlu-mesh', 'Ünlü Mesh', 'fuzzy', ['Ünlü Mesh', 'Çağ Proxy']);
    for (const text of ['ünlü mesh', 'UNLU-MESH', 'U\u0308nlu\u0308 Mesh', '"Ünlü Mesh"']) {
      expect(decide(text, [unlu], KINDS).match, text).toMatchObject({ id: 'unlu-mesh', matchedBy: 'name' });
    }
    for (const text of ['cag proxy', 'ÇAĞ PROXY', 'Çağ-Proxy']) {
      expect(decide(text, [unlu], KINDS).match, text).toMatchObject({ id: 'unlu-mesh', matchedBy: 'alias' });
    }
    const izmir = hit('Organization', 'izmir-mesh', 'İzmir Mesh', 'fuzzy');
    expect(decide('İZMİR MESH', [izmir], KINDS).match).toMatchObject({ id: 'izmir-mesh', matchedBy: 'name' });
  });

  it('lets a folded exact name beat a closer-scoring fuzzy hit of an earlier kind', () => {
    const hits = [
      hit('Product', 'traefik-proxy', 'Traefik Proxy', 'fuzzy', ['Traefik Proxy'], 9),
      hit('Product', 'traefik-mesh', 'Traefik Mesh', 'fuzzy', ['Traefik Mesh'], 2),
    ];
    expect(decide('"traefik-mesh"', hits, KINDS).match).toMatchObject({ id: 'traefik-mesh', matchedBy: 'name' });
  });
});

describe('throwIfUnresolved', () => {
  it('returns the match', () => {
    const result = decide('Istio', [hit('Product', 'istio', 'Istio', 'name')], KINDS);
    expect(throwIfUnresolved(result)).toMatchObject({ id: 'istio' });
  });

  it('raises NOT_FOUND with suggestions when nothing matched', () => {
    const result = decide('Lin', [hit('Product', 'linkerd', 'Linkerd', 'fuzzy')], KINDS);
    try {
      throwIfUnresolved(result, 'Lin', ['Product']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).details).toEqual({ suggestions: ['Linkerd'] });
      expect((error as Error).message).toBe('No product is named "Lin". Did you mean "Linkerd"?');
    }
  });

  it('raises AMBIGUOUS_NAME with the candidates when none could be chosen', () => {
    const result = decide('x', [hit('Product', 'a', 'A', 'alias', ['x']), hit('Product', 'b', 'B', 'alias', ['x'])], KINDS);
    try {
      throwIfUnresolved(result);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MeshgraphError);
      expect((error as MeshgraphError).code).toBe('AMBIGUOUS_NAME');
      expect((error as MeshgraphError).details.candidates).toHaveLength(2);
    }
  });
});
