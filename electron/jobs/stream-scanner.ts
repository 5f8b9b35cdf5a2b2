// Finds a compiled pattern in a stream of consecutive blocks, in offset order, including the
// matches that straddle two blocks: the tail of each block is kept and joined to the head of the
// next. Matches that touch an unreadable (zero-filled) sector are not reported: those zeros are
// not what the disk holds.

import { matchesAt, type CompiledPattern } from '../shared/search-pattern';
import { chooseAnchor, type SearchAnchor } from './search-anchor';

export interface ScanHit {
  /** Byte offset of the match on the disk. */
  offset: bigint;
  /** Bytes around the match (fewer at the ends of the scanned range). */
  context: Uint8Array;
  /** Index of the match's first byte within context. */
  contextStart: number;
}

export interface ScannerOptions {
  /** Report only matches that start at a sector boundary. */
  alignedToSector: boolean;
  sectorSize: number;
  /** Disk offset of the first block's first byte (a sector boundary). */
  startOffset: bigint;
  /** Bytes of context on each side of a hit. */
  contextBytes: number;
}

/** Return false to stop the scan (the hit cap is reached). */
export type HitSink = (hit: ScanHit) => boolean;

export class StreamScanner {
  readonly #pattern: CompiledPattern;
  readonly #anchor: SearchAnchor | null;
  readonly #options: ScannerOptions;
  /** The last bytes of the data scanned so far, ending at #nextOffset. */
  #carry: Buffer = Buffer.alloc(0);
  #nextOffset: bigint;
  #badBefore: bigint[] = [];
  #badNow: bigint[] = [];

  constructor(pattern: CompiledPattern, options: ScannerOptions) {
    this.#pattern = pattern;
    this.#anchor = chooseAnchor(pattern);
    this.#options = options;
    this.#nextOffset = options.startOffset;
  }

  /** Bytes to keep from one block for the next: enough for a straddling match and its context. */
  get #keep(): number {
    return this.#pattern.length - 1 + this.#options.contextBytes;
  }

  /**
   * Scans the next block (it follows the previous one without a gap). `unreadable` lists the
   * LBAs in it that were zero-filled. Returns false once `sink` asked to stop.
   */
  scan(block: Uint8Array, unreadable: readonly bigint[], sink: HitSink): boolean {
    const data = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
    const blockStart = this.#nextOffset;
    this.#badBefore = this.#badNow;
    this.#badNow = [...unreadable];
    const keepGoing =
      this.#scanSeam(data, blockStart, sink) && this.#scanBlock(data, blockStart, sink);
    const keep = Math.min(this.#keep, data.length);
    const tail = Buffer.from(data.subarray(data.length - keep));
    // A block shorter than the seam (only the last one can be) keeps older bytes too.
    this.#carry =
      keep === this.#keep ? tail : Buffer.concat([this.#carry, tail]).subarray(-this.#keep);
    this.#nextOffset = blockStart + BigInt(data.length);
    return keepGoing;
  }

  /** Matches that start in the carried tail and end in this block. */
  #scanSeam(data: Buffer, blockStart: bigint, sink: HitSink): boolean {
    const carry = this.#carry;
    const length = this.#pattern.length;
    if (carry.length === 0 || length === 1) return true;
    const window = Buffer.concat([carry, data.subarray(0, this.#keep)]);
    const windowStart = blockStart - BigInt(carry.length);
    const from = Math.max(0, carry.length - (length - 1));
    return this.#scanRange(window, windowStart, from, carry.length - 1, (at) =>
      this.#report(windowStart + BigInt(at), window, windowStart, sink),
    );
  }

  #scanBlock(data: Buffer, blockStart: bigint, sink: HitSink): boolean {
    const lastStart = data.length - this.#pattern.length;
    if (lastStart < 0) return true;
    return this.#scanRange(data, blockStart, 0, lastStart, (at) => {
      const offset = blockStart + BigInt(at);
      if (at >= this.#options.contextBytes) return this.#report(offset, data, blockStart, sink);
      // Near the block's start the context before the hit lies in the carried tail.
      const joined = Buffer.concat([this.#carry, data.subarray(0, at + this.#keep + 1)]);
      return this.#report(offset, joined, blockStart - BigInt(this.#carry.length), sink);
    });
  }

  /** Calls `found(at)` for each match starting in [first, last] of buf, in order. */
  #scanRange(
    buf: Buffer,
    bufStart: bigint,
    first: number,
    last: number,
    found: (at: number) => boolean,
  ): boolean {
    if (last < first) return true;
    const pattern = this.#pattern;
    if (this.#options.alignedToSector) {
      const size = this.#options.sectorSize;
      const skew = Number((bufStart + BigInt(first)) % BigInt(size));
      for (let at = skew === 0 ? first : first + size - skew; at <= last; at += size) {
        if (matchesAt(buf, at, pattern) && !found(at)) return false;
      }
      return true;
    }
    const anchor = this.#anchor;
    if (anchor === null) {
      for (let at = first; at <= last; at++) {
        if (matchesAt(buf, at, pattern) && !found(at)) return false;
      }
      return true;
    }
    return scanWithAnchor(buf, anchor, first, last, (at) => {
      if (!matchesAt(buf, at, pattern)) return true;
      return found(at);
    });
  }

  #report(offset: bigint, buf: Buffer, bufStart: bigint, sink: HitSink): boolean {
    if (this.#touchesBadSector(offset)) return true;
    const at = Number(offset - bufStart);
    const from = Math.max(0, at - this.#options.contextBytes);
    const to = Math.min(buf.length, at + this.#pattern.length + this.#options.contextBytes);
    const context = Uint8Array.from(buf.subarray(from, to));
    return sink({ offset, context, contextStart: at - from });
  }

  #touchesBadSector(offset: bigint): boolean {
    if (this.#badBefore.length === 0 && this.#badNow.length === 0) return false;
    const size = BigInt(this.#options.sectorSize);
    const first = offset / size;
    const last = (offset + BigInt(this.#pattern.length) - 1n) / size;
    const inside = (lba: bigint) => lba >= first && lba <= last;
    return this.#badBefore.some(inside) || this.#badNow.some(inside);
  }
}

/**
 * Each variant of the anchor is found with Buffer.indexOf (memchr-speed on real data); the
 * streams of positions are merged so that matches come in offset order.
 */
function scanWithAnchor(
  buf: Buffer,
  anchor: SearchAnchor,
  first: number,
  last: number,
  candidate: (at: number) => boolean,
): boolean {
  const { offset, variants } = anchor;
  const next = variants.map((variant) => buf.indexOf(variant, first + offset));
  for (;;) {
    let pick = -1;
    for (let i = 0; i < next.length; i++) {
      const position = next[i] ?? -1;
      if (position >= 0 && (pick < 0 || position < (next[pick] ?? 0))) pick = i;
    }
    if (pick < 0) return true;
    const position = next[pick] ?? -1;
    const at = position - offset;
    if (at > last) return true;
    if (!candidate(at)) return false;
    next[pick] = buf.indexOf(variants[pick] as Buffer, position + 1);
  }
}
