/**
 * Folding: the one form in which names are compared, wherever a name is matched (lookups by name,
 * `compare`, `path`, `subgraph`, `search`, and the importer's linker).
 *
 * The full-text indexes use Neo4j's `standard-folding` analyzer (Lucene's ASCII folding filter),
 * and prefix and fuzzy terms reach Lucene without analysis, so the words we send must already be
 * in the form the index holds. foldName therefore folds the way that analyzer does: case folded,
 * and a Latin letter with accents, a ligature or a letter Lucene spells out in ASCII (ß → ss,
 * æ → ae, ø → o, ł → l, þ → th, dotless ı → i) becomes its ASCII spelling. Letters of other
 * scripts keep their marks (Lucene's filter leaves them too), and punctuation separates words.
 */

/** Combining diacritical marks (the blocks accents decompose into). */
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const ASCII = /^[\p{ASCII}]*$/u;

/**
 * Lower-case letters whose canonical decomposition is not ASCII but which Lucene's ASCII folding
 * spells out, plus the final sigma (case folding makes it σ).
 */
const SPELLED: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ĸ: 'q',
  ƒ: 'f',
  ƀ: 'b',
  ɓ: 'b',
  ƈ: 'c',
  ɗ: 'd',
  ɠ: 'g',
  ɨ: 'i',
  ƙ: 'k',
  ƚ: 'l',
  ɲ: 'n',
  ɵ: 'o',
  ƥ: 'p',
  ʉ: 'u',
  ʋ: 'v',
  ƴ: 'y',
  ƶ: 'z',
  ȥ: 'z',
  ς: 'σ',
};

/** A letter Lucene spells out, in the case of the letter it replaces (`Æ` → `AE` when case is kept). */
function spell(c: string, keepCase: boolean): string | undefined {
  const lower = keepCase ? c.toLowerCase() : c;
  const spelled = SPELLED[lower];
  return spelled !== undefined && lower !== c ? spelled.toUpperCase() : spelled;
}

/**
 * Folds NFC text character by character (lower-case text unless `keepCase`). A combining mark
 * with no precomposed form goes with the letter before it: dropped after a letter folded to ASCII
 * (the dot that lower-casing `İ` leaves on `i`), kept after a letter of another script, as Lucene
 * keeps it.
 */
function foldChars(text: string, keepCase: boolean): string {
  let out = '';
  let keptNonAscii = false;
  for (const c of text) {
    if (c < '\u0080') {
      // ASCII stays as it is (most of any text: the rest is not worth the work below).
      out += c;
      keptNonAscii = false;
      continue;
    }
    const spelled = spell(c, keepCase);
    if (spelled !== undefined) {
      out += spelled;
      keptNonAscii = false;
      continue;
    }
    const bare = c.normalize('NFKD').replace(DIACRITICS, '');
    if (bare === '') {
      if (keptNonAscii) out += c;
      continue;
    }
    const spelledBare = [...bare].map((b) => spell(b, keepCase) ?? b).join('');
    const folded = keepCase ? spelledBare : spelledBare.toLowerCase();
    keptNonAscii = !ASCII.test(folded);
    out += keptNonAscii ? c : folded;
  }
  return out;
}

export interface FoldOptions {
  /**
   * Fold only the letters (Unicode form, Latin accents, ligatures, compatibility forms); keep
   * case, punctuation and spacing as they are: `Ünlü-based ﬁx` → `Unlu-based fix`. The linker
   * reads those: capitals and acronyms, "Envoy-based", "twitter.com".
   */
  lettersOnly?: boolean;
}

/**
 * A name in the form names are compared in: Unicode-normalised (NFC and NFD give the same),
 * case folded (`İZMİR` → `izmir`, `STRASSE` and `Straße` → `strasse`), Latin accents and
 * ligatures folded to ASCII (`Ünlü` → `unlu`, `ﬁ` → `fi`, `Æ` → `ae`), every run of characters
 * that are not letters or digits (punctuation, quotes, dashes, emoji, spaces) one space, trimmed:
 * `"Traefik-Mesh"` → `traefik mesh`, `open-service-mesh` → `open service mesh`.
 */
export function foldName(text: string, options: FoldOptions = {}): string {
  const keepCase = options.lettersOnly === true;
  const nfc = text.normalize('NFC');
  const cased = keepCase ? nfc : nfc.toLowerCase();
  const folded = ASCII.test(cased) ? cased : foldChars(cased.normalize('NFC'), keepCase);
  return keepCase ? folded : folded.replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim();
}

/** The words of a name in folded form (none for text without letters or digits). */
export function foldedWords(text: string): string[] {
  const folded = foldName(text);
  return folded === '' ? [] : folded.split(' ');
}
