/**
 * foldName: the one form names are compared in (lookups, compare, path, subgraph, search, the
 * linker), and the form of the words sent to the full-text indexes, which fold with Lucene's ASCII
 * folding filter.
 */
import { describe, expect, it } from 'vitest';
import { foldedWords, foldName } from '../../src/ingest/fold.js';

describe('foldName', () => {
  it('gives NFC and NFD the same form', () => {
    const nfc = 'Ünlü Mesh'.normalize('NFC');
    const nfd = 'Ünlü Mesh'.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(foldName(nfd)).toBe(foldName(nfc));
    expect(foldName(nfd)).toBe('unlu mesh');
    expect(foldName('Cafe\u0301')).toBe('cafe');
  });

  it('folds case, Turkish dotted and dotless i included', () => {
    expect(foldName('İZMİR MESH')).toBe(foldName('İzmir Mesh'));
    expect(foldName('İzmir Mesh')).toBe('izmir mesh');
    expect(foldName('ıspanak')).toBe('ispanak');
    expect(foldName('ÇAĞ PROXY')).toBe('cag proxy');
  });

  it('folds ß and ẞ to ss, as full case folding and Lucene do', () => {
    expect(foldName('Straße')).toBe('strasse');
    expect(foldName('STRAẞE')).toBe('strasse');
    expect(foldName('STRASSE')).toBe('strasse');
  });

  it('spells out ligatures and letters that have no accent to strip', () => {
    expect(foldName('ﬁnance ﬂow')).toBe('finance flow');
    expect(foldName('Æther Œuvre')).toBe('aether oeuvre');
    expect(foldName('Øresund Łódź Þór Đakovo')).toBe('oresund lodz thor dakovo');
    expect(foldName('Ｆｕｌｌ ｗｉｄｔｈ')).toBe('full width');
  });

  it('turns every run of punctuation, quotes, dashes, emoji and spaces into one space', () => {
    expect(foldName('"Traefik Mesh"')).toBe('traefik mesh');
    expect(foldName('open-service-mesh')).toBe('open service mesh');
    expect(foldName('  Solo.io — «Gloo»  🚀 ')).toBe('solo io gloo');
    expect(foldName('Traefik\u00a0Mesh')).toBe('traefik mesh');
    expect(foldName('"*()~~~ 🎉')).toBe('');
  });

  it('leaves other scripts their letters and marks (Lucene does not fold them) but folds their case', () => {
    expect(foldName('ΟΔΟΣ')).toBe('οδοσ');
    expect(foldName('Ἀθήνα')).toBe('ἀθήνα');
    expect(foldName('Москва́')).toBe('москва\u0301');
    expect(foldName('हिन्दी')).toBe('हिन्दी');
    expect(foldName('東京 Mesh')).toBe('東京 mesh');
  });

  it('is idempotent', () => {
    for (const text of ['Ünlü Mesh', 'İZMİR', 'Straße', 'ﬁ', 'Москва́', '"Traefik-Mesh"']) {
      expect(foldName(foldName(text)), text).toBe(foldName(text));
    }
  });
});

describe('foldName, letters only (the linker)', () => {
  it('folds the letters as foldName does, in their own case', () => {
    expect(foldName('Ünlü ﬁx', { lettersOnly: true })).toBe('Unlu fix');
    expect(foldName('ÇAĞ Proxy', { lettersOnly: true })).toBe('CAG Proxy');
    expect(foldName('Æther Øresund Straße STRAẞE', { lettersOnly: true })).toBe('AEther Oresund Strasse STRASSE');
    expect(foldName('İzmir ıspanak', { lettersOnly: true })).toBe('Izmir ispanak');
    expect(foldName('Ｆｕｌｌ ｗｉｄｔｈ', { lettersOnly: true })).toBe('Full width');
  });

  it('keeps punctuation and spacing, which the linker reads', () => {
    expect(foldName('  Envoy-based "Traefik.io"  🚀 ', { lettersOnly: true })).toBe('  Envoy-based "Traefik.io"  🚀 ');
  });

  it('agrees with foldName once case and punctuation are folded too', () => {
    for (const text of ['Ünlü Mesh', 'İZMİR', 'Straße', 'ﬁ', 'Москва́', 'Ἀθήνα', '"Traefik-Mesh"', 'Øresund Łódź Þór']) {
      expect(foldName(foldName(text, { lettersOnly: true })), text).toBe(foldName(text));
    }
  });
});

describe('foldedWords', () => {
  it('splits the folded text into words, none for text without letters or digits', () => {
    expect(foldedWords('Ünlü Mesh (Çağ-Proxy)')).toEqual(['unlu', 'mesh', 'cag', 'proxy']);
    expect(foldedWords('')).toEqual([]);
    expect(foldedWords('!!!')).toEqual([]);
  });
});
