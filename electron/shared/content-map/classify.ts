// The class rules of the content map, applied to one unit of bytes at a time (4 KiB: see
// cells.ts). In this order, the first that holds decides:
//
//   zero    every byte is 0x00
//   fill    every byte is one same value other than 0x00 (0xFF of erased flash)
//   text    at least 95% of the bytes are printable ASCII (0x20-0x7E) or tab, CR, LF; or the
//           bytes are well-formed UTF-8, UTF-16LE or UTF-16BE (a character cut by either end of
//           the unit allowed) of which at least 95% of the characters are printable; UTF-16
//           also needs 5% whitespace or punctuation and at most half its code units made of
//           two ASCII letters or spaces (text-check.ts says why)
//   random  Shannon entropy of the bytes is 7.5 bits per byte or more, over 4096 bytes or more
//   binary  anything else: structured data, low or middling entropy
//
// `unreadable` is not decided here: bytes that could not be read are never classified (see
// cell-tally.ts). Everything rests on one byte histogram per unit, counted a word at a time;
// the text decoders only run where the histogram leaves text possible.

import type { MapClass } from '../contract';
import { isUtf16Text, isUtf8Text, PRINTABLE_ASCII } from './text-check';

/** Classes a unit's bytes can have (`unreadable` is for bytes that could not be read). */
export type ByteClass = Exclude<MapClass, 'unreadable'>;

/** Every class, in the order a legend lists them. */
export const MAP_CLASSES: readonly MapClass[] = [
  'zero',
  'fill',
  'text',
  'binary',
  'random',
  'unreadable',
];

/** Random: at least this many bits per byte... */
export const RANDOM_MIN_ENTROPY = 7.5;
/** ...over at least this many bytes. */
export const RANDOM_MIN_BYTES = 4096;

const PRINTABLE_BYTES = [...PRINTABLE_ASCII.keys()].filter((b) => PRINTABLE_ASCII[b] === 1);

/** Lead bytes that never occur in UTF-8 (overlong 0xC0, 0xC1; past U+10FFFF 0xF5-0xFF). */
const NEVER_UTF8 = [0xc0, 0xc1, ...Array.from({ length: 11 }, (_, i) => 0xf5 + i)];

/** c * log2(c) for the counts of one unit, so that its entropy costs 256 look-ups. */
const XLOG2X_LIMIT = 4096;
const XLOG2X = Float64Array.from({ length: XLOG2X_LIMIT + 1 }, (_, c) =>
  c > 1 ? c * Math.log2(c) : 0,
);

/** Shannon entropy in bits per byte of a byte histogram (counts of any size). */
export function histogramEntropy(histogram: ArrayLike<number>): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += histogram[v] as number;
  if (total === 0) return 0;
  let sum = 0;
  for (let v = 0; v < 256; v++) {
    const c = histogram[v] as number;
    if (c > 1) sum += c <= XLOG2X_LIMIT ? (XLOG2X[c] as number) : c * Math.log2(c);
  }
  // H = -sum(p log2 p) = log2(n) - sum(c log2 c) / n; never below 0 by rounding.
  return Math.max(0, Math.log2(total) - sum / total);
}

/**
 * Classifies units of bytes. Keeps its scratch space between calls (one per thread): after
 * `classify`, `histogram` holds the byte counts of the unit just classified and `fillByte` its
 * repeated byte when it was zero or fill.
 */
export class UnitClassifier {
  readonly histogram = new Uint32Array(256);
  /** The repeated byte of the last unit when it was `zero` or `fill`, else -1. */
  fillByte = -1;
  /** Four histograms counted side by side (one per byte of a word), summed at the end. */
  readonly #lanes = new Uint32Array(1024);
  #wordsOf: ArrayBufferLike | undefined;
  #words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

  /** The class of `data[start, end)` (at least one byte) by the rules above. */
  classify(data: Uint8Array, start = 0, end = data.length): ByteClass {
    const n = end - start;
    if (n <= 0) throw new RangeError('a unit to classify has at least one byte');
    const first = data[start] as number;
    if (this.#uniform(data, start, end, first)) {
      this.histogram.fill(0);
      this.histogram[first] = n;
      this.fillByte = first;
      return first === 0 ? 'zero' : 'fill';
    }
    this.fillByte = -1;
    const h = this.histogram;
    this.#count(data, start, end);
    let printable = 0;
    for (const b of PRINTABLE_BYTES) printable += h[b] as number;
    if (printable * 20 >= n * 19) return 'text';
    if (this.#maybeUtf8(n, printable) && isUtf8Text(data, start, end)) return 'text';
    if (
      this.#maybeUtf16(n) &&
      (isUtf16Text(data, start, end, true) || isUtf16Text(data, start, end, false))
    ) {
      return 'text';
    }
    if (n >= RANDOM_MIN_BYTES && histogramEntropy(h) >= RANDOM_MIN_ENTROPY) return 'random';
    return 'binary';
  }

  /**
   * What the histogram says of UTF-8: it needs bytes above 0x7F, none that UTF-8 never uses,
   * and few enough ASCII controls (each is a character that is not printable).
   */
  #maybeUtf8(n: number, printable: number): boolean {
    const h = this.histogram;
    let ascii = 0;
    for (let b = 0; b < 0x80; b++) ascii += h[b] as number;
    if (ascii === n) return false;
    for (const b of NEVER_UTF8) if ((h[b] as number) > 0) return false;
    return (ascii - printable) * 20 <= n;
  }

  /**
   * What the histogram says of UTF-16: with more zero bytes than code units, the surplus are
   * zero code units (U+0000, not printable), and too many of those rule it out.
   */
  #maybeUtf16(n: number): boolean {
    const units = n >>> 1;
    const zeroUnits = (this.histogram[0] as number) - units - (n & 1);
    return units > 0 && zeroUnits * 20 <= units;
  }

  /** Whether data[start, end) is one byte repeated; words compared where they are aligned. */
  #uniform(data: Uint8Array, start: number, end: number, value: number): boolean {
    let at = start;
    const firstWord = data.byteOffset + start;
    if (firstWord % 4 === 0 && end - start >= 64) {
      const words = this.#wordView(data);
      const pattern = (value * 0x01010101) >>> 0;
      const w0 = firstWord >>> 2;
      const w1 = w0 + ((end - start) >>> 2);
      for (let w = w0; w < w1; w++) if (words[w] !== pattern) return false;
      at = start + (w1 - w0) * 4;
    }
    for (; at < end; at++) if (data[at] !== value) return false;
    return true;
  }

  #count(data: Uint8Array, start: number, end: number): void {
    const lanes = this.#lanes;
    lanes.fill(0);
    let at = start;
    const firstWord = data.byteOffset + start;
    if (firstWord % 4 === 0) {
      const words = this.#wordView(data);
      const w0 = firstWord >>> 2;
      const w1 = w0 + ((end - start) >>> 2);
      for (let w = w0; w < w1; w++) {
        const x = words[w] as number;
        const a = x & 255;
        const b = 256 + ((x >>> 8) & 255);
        const c = 512 + ((x >>> 16) & 255);
        const d = 768 + (x >>> 24);
        lanes[a] = (lanes[a] as number) + 1;
        lanes[b] = (lanes[b] as number) + 1;
        lanes[c] = (lanes[c] as number) + 1;
        lanes[d] = (lanes[d] as number) + 1;
      }
      at = start + (w1 - w0) * 4;
    }
    for (; at < end; at++) {
      const v = data[at] as number;
      lanes[v] = (lanes[v] as number) + 1;
    }
    const h = this.histogram;
    for (let v = 0; v < 256; v++) {
      h[v] =
        (lanes[v] as number) +
        (lanes[256 + v] as number) +
        (lanes[512 + v] as number) +
        (lanes[768 + v] as number);
    }
  }

  /** 32-bit words over the whole of data's buffer, made once per buffer. */
  #wordView(data: Uint8Array): Uint32Array<ArrayBufferLike> {
    if (this.#wordsOf !== data.buffer) {
      this.#wordsOf = data.buffer;
      this.#words = new Uint32Array(data.buffer, 0, data.buffer.byteLength >>> 2);
    }
    return this.#words;
  }
}
