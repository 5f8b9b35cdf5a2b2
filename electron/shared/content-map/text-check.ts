// Whether bytes are text in UTF-8 or UTF-16: well-formed (strictly, as a fatal TextDecoder would
// have it) and at least 95% printable characters. A unit is a slice of a disk, so a character
// cut by either end is allowed: up to three continuation bytes before the first UTF-8 lead byte,
// an unfinished sequence at the end, a low surrogate first and a high surrogate last in UTF-16.
// Each decoder gives up as soon as the unit can no longer be text.

/** Tab, LF, CR and 0x20-0x7E. */
export const PRINTABLE_ASCII: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let b = 0x20; b <= 0x7e; b++) table[b] = 1;
  table[0x09] = table[0x0a] = table[0x0d] = 1;
  return table;
})();

/**
 * Printable: tab, LF, CR, U+0020-U+007E, and from U+00A0 up everything but surrogates, private
 * use (U+E000-U+F8FF, planes 15 and 16) and noncharacters (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF).
 */
export function isPrintableCodePoint(cp: number): boolean {
  if (cp < 0x80) return PRINTABLE_ASCII[cp] === 1;
  if (cp < 0xa0) return false;
  if (cp >= 0xd800 && cp <= 0xf8ff) return false;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return false;
  if ((cp & 0xfffe) === 0xfffe) return false;
  return cp < 0xf0000;
}

/**
 * Whitespace and punctuation, which text in every script has between its words or sentences:
 * tab to CR, the ASCII and Latin-1 punctuation and spaces (U+0020-U+002F, U+003A-U+0040,
 * U+005B-U+0060, U+007B-U+007E, U+00A0-U+00BF), general punctuation (U+2000-U+206F), CJK
 * symbols and punctuation (U+3000-U+303F), fullwidth punctuation (U+FF01-U+FF0F, U+FF1A-U+FF20,
 * U+FF3B-U+FF40, U+FF5B-U+FF65).
 */
function isSeparating(cp: number): boolean {
  if (cp < 0x100) return SEPARATING_LATIN1[cp] === 1;
  return (
    (cp >= 0x2000 && cp <= 0x206f) ||
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xff01 && cp <= 0xff0f) ||
    (cp >= 0xff1a && cp <= 0xff20) ||
    (cp >= 0xff3b && cp <= 0xff40) ||
    (cp >= 0xff5b && cp <= 0xff65)
  );
}

/** Space, A-Z and a-z. */
const LETTER_OR_SPACE: Uint8Array = (() => {
  const table = new Uint8Array(256);
  table[0x20] = 1;
  table.fill(1, 0x41, 0x5b);
  table.fill(1, 0x61, 0x7b);
  return table;
})();

const SEPARATING_LATIN1: Uint8Array = (() => {
  const table = new Uint8Array(256);
  const ranges = [
    [0x09, 0x0d],
    [0x20, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
    [0xa0, 0xbf],
  ];
  for (const [from, to] of ranges) table.fill(1, from, (to as number) + 1);
  return table;
})();

/** At least 95% of `characters` printable, and at least one character. */
function mostlyPrintable(characters: number, unprintable: number): boolean {
  return characters > 0 && characters >= unprintable * 20;
}

/** Well-formed UTF-8 (RFC 3629), at least 95% of its characters printable. */
export function isUtf8Text(data: Uint8Array, start: number, end: number): boolean {
  const limit = (end - start) / 20;
  let at = start;
  // The tail of a character that began before the unit.
  while (at < end && at < start + 3 && ((data[at] as number) & 0xc0) === 0x80) at++;
  let characters = 0;
  let unprintable = 0;
  while (at < end) {
    const lead = data[at] as number;
    let cp: number;
    if (lead < 0x80) {
      cp = lead;
      at++;
    } else {
      let more: number;
      let low = 0x80;
      let high = 0xbf;
      if (lead >= 0xc2 && lead <= 0xdf) {
        more = 1;
        cp = lead & 0x1f;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        more = 2;
        cp = lead & 0x0f;
        if (lead === 0xe0) low = 0xa0;
        else if (lead === 0xed) high = 0x9f;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        more = 3;
        cp = lead & 0x07;
        if (lead === 0xf0) low = 0x90;
        else if (lead === 0xf4) high = 0x8f;
      } else {
        return false;
      }
      for (let k = 1; k <= more; k++) {
        // A character the unit's end cuts: well-formed so far, and no more to see.
        if (at + k >= end) return mostlyPrintable(characters, unprintable);
        const next = data[at + k] as number;
        if (k === 1 ? next < low || next > high : (next & 0xc0) !== 0x80) return false;
        cp = (cp << 6) | (next & 0x3f);
      }
      at += more + 1;
    }
    characters++;
    if (!isPrintableCodePoint(cp) && ++unprintable > limit) return false;
  }
  return mostlyPrintable(characters, unprintable);
}

/**
 * Well-formed UTF-16 in the given byte order with at least 95% of its characters printable,
 * and two more conditions that real text meets and most binary data does not:
 * - at least 5% of its characters whitespace or punctuation (isSeparating): every script's text
 *   separates its words or sentences (in Debian's message catalogues of 11 languages, Japanese
 *   has the fewest: 5.4% in its worst 4 KiB), tables of 16-bit numbers mostly do not;
 * - no more than half of its code units two ASCII letters or spaces: 8-bit text read two bytes
 *   at a time decodes as CJK, but is not UTF-16 (in Japanese or Chinese UTF-16 under a tenth of
 *   the characters are such a pair; in Latin, Cyrillic or Hangul UTF-16 none is).
 * Over the 4 KiB units of Debian 12's /usr/bin and /usr/lib, 1.4% pass as UTF-16 all the same
 * (strings with NULs between them, parser tables): a region of them maps as text, and a unit
 * here and there in a program changes no cell's class.
 */
export function isUtf16Text(
  data: Uint8Array,
  start: number,
  end: number,
  littleEndian: boolean,
): boolean {
  const bmp = bmpFlags();
  const units = (end - start) >>> 1;
  const limit = units / 20;
  const pairLimit = units / 2;
  const lo = littleEndian ? 0 : 1;
  const hi = 1 - lo;
  let letterPairs = 0;
  let characters = 0;
  let unprintable = 0;
  let separating = 0;
  // The second half of a surrogate pair that began before the unit.
  let i = units > 0 && ((data[start + hi] as number) & 0xfc) === 0xdc ? 1 : 0;
  while (i < units) {
    const at = start + 2 * i;
    const low = data[at + lo] as number;
    const high = data[at + hi] as number;
    if ((LETTER_OR_SPACE[low] as number) & (LETTER_OR_SPACE[high] as number)) {
      if (++letterPairs > pairLimit) return false;
    }
    let flags = bmp[low | (high << 8)] as number;
    i++;
    if (flags & LOW_SURROGATE) return false;
    if (flags & HIGH_SURROGATE) {
      // A pair the unit's end cuts.
      if (i >= units) break;
      const next = (data[at + 2 + lo] as number) | ((data[at + 2 + hi] as number) << 8);
      if ((next & 0xfc00) !== 0xdc00) return false;
      const cp = 0x10000 + ((((high << 8) | low) - 0xd800) << 10) + (next - 0xdc00);
      flags = isPrintableCodePoint(cp) ? PRINTABLE : 0;
      i++;
    }
    characters++;
    if (flags & SEPARATING) separating++;
    if (!(flags & PRINTABLE) && ++unprintable > limit) return false;
  }
  return mostlyPrintable(characters, unprintable) && separating * 20 >= characters;
}

const PRINTABLE = 1;
const SEPARATING = 2;
const HIGH_SURROGATE = 4;
const LOW_SURROGATE = 8;
let bmpTable: Uint8Array | undefined;

/** What each code unit of the BMP is (made on first use: 64 KiB). */
function bmpFlags(): Uint8Array {
  if (bmpTable) return bmpTable;
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdbff) table[cp] = HIGH_SURROGATE;
    else if (cp >= 0xdc00 && cp <= 0xdfff) table[cp] = LOW_SURROGATE;
    else
      table[cp] = (isPrintableCodePoint(cp) ? PRINTABLE : 0) | (isSeparating(cp) ? SEPARATING : 0);
  }
  bmpTable = table;
  return table;
}
