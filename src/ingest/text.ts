/**
 * Text repair shared by the page parsers: undoing the two kinds of mangled text Nubenetes pages
 * come in, and marking emoji while a line is parsed (see docs/nubenetes-format.md).
 *
 * - UTF-8 decoded as Windows-1252 / Latin-1 (saved web copies: `ðŸŒŸ` for 🌟, `â€”` for —): the
 *   bytes survive, so `repairWindows1252` restores the text exactly, or reports that it cannot.
 * - UTF-8 decoded as TIS-620 / Windows-874 (`๐` for a 4-byte emoji, `โ` for — ’ “ …): bytes are
 *   lost, so `normalize` restores what can be known and turns every emoji into a placeholder.
 *
 * Pure: no I/O.
 */

// ---------------------------------------------------------------------------------------------
// UTF-8 read as Windows-1252

/**
 * Windows-1252's characters for 0x80–0x9F (the rest of 0x80–0xFF is Latin-1). Written out
 * because Node's TextDecoder decodes "windows-1252" as plain Latin-1. Bytes the code page leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come through as the C1 controls of the same value.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Byte value of each character a Windows-1252 (or Latin-1) decoder gives for 0x80–0xFF. */
const WINDOWS_1252_BYTE: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte += 1) map.set(String.fromCharCode(byte), byte); // Latin-1
  for (const [i, c] of [...WINDOWS_1252_HIGH].entries()) map.set(c, 0x80 + i);
  return map;
})();

const CONTINUATION = `[${[...WINDOWS_1252_BYTE]
  .filter(([, b]) => b >= 0x80 && b <= 0xbf)
  .map(([c]) => c.replace(/[\\\]^-]/g, '\\$&'))
  .join('')}]`;
/** A UTF-8 lead byte (as a Windows-1252 character) followed by the continuation bytes it needs. */
const MOJIBAKE = new RegExp(
  `[\\u00C2-\\u00DF]${CONTINUATION}|[\\u00E0-\\u00EF]${CONTINUATION}{2}|[\\u00F0-\\u00F4]${CONTINUATION}{3}`,
  'g',
);
/**
 * The marks of this kind of mangling that real text practically never holds (`â€` starts every
 * mangled — ’ “ ”, `ðŸ` most emoji, `Ã`/`Â` + a symbol the accented letters and the no-break
 * space). A line with none of them is left alone, so "café—bar" is never "repaired".
 */
const MOJIBAKE_MARK = /â€|ðŸ|[ÃÂ][\u0080-\u00BF]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Restores one line of UTF-8 text that was decoded as Windows-1252 (or Latin-1): every run that
 * spells valid UTF-8 bytes is decoded back. Returns `{ text }`, or `{ error }` when a mangled
 * run is left that cannot be decoded (a byte was lost in the copy): such text is never imported.
 * Text without such runs comes back unchanged.
 */
export function repairWindows1252(line: string): { text: string } | { error: string } {
  if (!MOJIBAKE_MARK.test(line)) return { text: line };
  const text = line.replace(MOJIBAKE, (run) => {
    try {
      return strictUtf8.decode(Uint8Array.from([...run].map((c) => WINDOWS_1252_BYTE.get(c) ?? 0xc0)));
    } catch {
      return run;
    }
  });
  const left = MOJIBAKE_MARK.exec(text);
  if (left) return { error: `mangled text (UTF-8 read as Windows-1252) that cannot be repaired: "${left[0]}" at column ${left.index + 1}` };
  return { text };
}

// ---------------------------------------------------------------------------------------------
// UTF-8 read as TIS-620, and emoji placeholders

/** Stands for one emoji (mangled or not) while a line is being parsed; never appears in results. */
export const EMOJI = '\uFFFC';
const STAR = '⭐';
/** Stands for 🎥 (a video) while a line is being parsed. */
export const VIDEO = '\uE000';
/** Stands for ⏱️ (a duration follows) while a line is being parsed. */
export const TIMER = '\uE001';
/** Stands for 📖 (a reading time follows) while a line is being parsed. */
export const BOOK = '\uE002';
/** Thai letters that stand for a surviving UTF-8 continuation byte 0xA1–0xBF. */
const CONT = '[\\u0E01-\\u0E1F]';

const MANGLED_4BYTE = new RegExp(`\\u0E50${CONT}{0,3}`, 'g'); // ๐…: any 4-byte emoji
const MANGLED_STAR = /\u0E42\u0E0D/g; // โญ: ⭐ (E2 AD 90, last byte lost)
const MANGLED_3BYTE_SYMBOL = new RegExp(`\\u0E42${CONT}{1,2}`, 'g'); // โ + survivors: some other U+2xxx symbol
const MANGLED_VS16 = /\u0E4F\u0E18/g; // ๏ธ: U+FE0F variation selector (EF B8 8F)
const MANGLED_2BYTE = new RegExp(`[\\u0E22-\\u0E3A]${CONT}`, 'g'); // ย¶ → ¶, รฉ → é …
/** Correctly encoded emoji: a flag, or an emoji-presentation character with modifiers / ZWJ parts. */
const REAL_EMOJI =
  /\p{Regional_Indicator}{2}|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*/gu;
/** A word ending that follows an apostrophe (Linkerd's, don't, they're, we'll, I've, I'd, I'm). */
const CONTRACTION = /^(?:s|t|re|ll|ve|d|m)(?![\p{L}\p{N}])/u;

function decode2Byte(pair: string): string {
  const lead = pair.codePointAt(0)! - 0x0e00 + 0xa0; // TIS-620 byte of the lead
  const cont = pair.codePointAt(1)! - 0x0e00 + 0xa0;
  return String.fromCodePoint(((lead & 0x1f) << 6) | (cont & 0x3f));
}

/**
 * `โ` with no surviving continuation byte stands for any of — ’ ‘ “ ” (all E2 80 xx). Decided per
 * occurrence, first rule that applies:
 * 1. whitespace (or the line's edge) on both sides → em dash (`Mesh โ What` → `Mesh — What`);
 * 2. after a letter/digit, before a contraction ending (s, t, re, ll, ve, d, m) that ends the
 *    word → apostrophe (`Linkerdโs` → `Linkerd's`, `donโt` → `don't`);
 * 3. an opening one (after whitespace, `(` or `[`, before a letter/digit) paired with a later
 *    closing one (after a non-space, before whitespace, punctuation or the end) → `"` … `"`;
 * 4. after an `s`, before whitespace or punctuation → apostrophe (plural possessive `meshesโ`);
 * 5. anything else → em dash (`gRPCโproxyless` → `gRPC—proxyless`).
 */
function repairBareE2(text: string): string {
  const chars = [...text];
  const at = (i: number) => chars[i] ?? '';
  const isSpace = (c: string) => c === '' || /\s/.test(c);
  const isAlnum = (c: string) => /[\p{L}\p{N}]/u.test(c);
  const isPunct = (c: string) => /[.,;:!?)\]]/.test(c);
  const out = new Map<number, string>();
  const positions = chars.flatMap((c, i) => (c === '\u0E42' ? [i] : []));
  for (const [k, i] of positions.entries()) {
    if (out.has(i)) continue;
    const prev = at(i - 1);
    const next = at(i + 1);
    if (isSpace(prev) && isSpace(next)) out.set(i, '—');
    else if (isAlnum(prev) && CONTRACTION.test(chars.slice(i + 1).join(''))) out.set(i, "'");
    else if ((isSpace(prev) || prev === '(' || prev === '[') && isAlnum(next)) {
      const close = positions.slice(k + 1).find((j) => !out.has(j) && !isSpace(at(j - 1)) && (isSpace(at(j + 1)) || isPunct(at(j + 1))));
      if (close !== undefined) {
        out.set(i, '"');
        out.set(close, '"');
      } else out.set(i, '—');
    } else if (prev === 's' && (isSpace(next) || isPunct(next))) out.set(i, "'");
    else out.set(i, '—');
  }
  return chars.map((c, i) => out.get(i) ?? c).join('');
}

/**
 * Repairs mangled text and marks every emoji with the EMOJI placeholder. `⭐` followed by a number
 * (a GitHub star count) is kept as `⭐`. Curly quotes become straight ones (`'`, `"`).
 */
export function normalize(raw: string): string {
  let s = raw
    .replace(MANGLED_4BYTE, EMOJI)
    .replace(MANGLED_STAR, STAR)
    .replace(MANGLED_VS16, '')
    .replace(MANGLED_3BYTE_SYMBOL, EMOJI)
    .replace(new RegExp(`${EMOJI}\\u0E42(?=${EMOJI})`, 'g'), '') // emoji ZWJ emoji (ZWJ is E2 80 8D): one emoji
    .replace(MANGLED_2BYTE, decode2Byte);
  s = repairBareE2(s);
  s = s
    .replace(/\u{1F3A5}\uFE0F?/gu, VIDEO)
    .replace(/\u23F1\uFE0F?/gu, TIMER)
    .replace(/\u{1F4D6}\uFE0F?/gu, BOOK);
  s = s.replace(REAL_EMOJI, (m) => (m.startsWith(STAR) ? m : EMOJI));
  // ⭐ is kept only as the marker of a star count; anywhere else it is an emoji like any other.
  s = s.replace(/⭐\uFE0F/g, STAR).replace(/⭐(?!\s*\d)/g, EMOJI);
  return s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
}

/** Drops emoji placeholders and tidies whitespace. */
export function tidy(text: string): string {
  return text
    .replace(new RegExp(`\\s*[${EMOJI}${VIDEO}${TIMER}${BOOK}]+(?=[,.;:!?)])`, 'g'), '')
    .replace(new RegExp(`[${EMOJI}${VIDEO}${TIMER}${BOOK}]+`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
