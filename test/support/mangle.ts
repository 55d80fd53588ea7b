/** Mangled copies of text, as saved pages reach users. */

/**
 * What a saved page looks like when its UTF-8 bytes were decoded as TIS-620 (Windows-874): each
 * byte with a Thai character becomes it, the others (0x80–0xA0 …) are lost. `¶` is left alone,
 * as in the seed page, whose headings survived while its emoji and dashes did not.
 */
export function mangleTis620(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch.codePointAt(0)! < 0x80 || ch === '¶') {
      out += ch;
      continue;
    }
    for (const b of Buffer.from(ch, 'utf8')) {
      if (b >= 0xa1 && b <= 0xda) out += String.fromCodePoint(0x0e01 + b - 0xa1);
      else if (b >= 0xdf && b <= 0xfb) out += String.fromCodePoint(0x0e3f + b - 0xdf);
    }
  }
  return out;
}
