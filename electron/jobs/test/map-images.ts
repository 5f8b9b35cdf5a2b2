// Images of regions of known content for the content map's tests (jobs, CLI, service): each
// region one kind of content, so that the class of every cell that lies within one region
// follows from the rules alone.

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { MapClass } from '../../shared/contract';

export type RegionKind = 'zero' | 'fill' | 'text' | 'utf16' | 'binary' | 'random';

const PROSE =
  'It is a truth universally acknowledged, that a single man in possession of a good ' +
  'fortune, must be in want of a wife.\nHowever little known the feelings or views of such a ' +
  'man may be on his first entering a neighbourhood, this truth is so well fixed.\r\n\t';

/** The class each kind of region has, by the rules. */
export const REGION_CLASS: Record<RegionKind, MapClass> = {
  zero: 'zero',
  fill: 'fill',
  text: 'text',
  utf16: 'text',
  binary: 'binary',
  random: 'random',
};

/** `bytes` bytes of one kind of content. */
export function regionBytes(kind: RegionKind, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  const repeat = (pattern: Buffer) => {
    for (let at = 0; at < bytes; at += pattern.length) pattern.copy(out, at);
  };
  switch (kind) {
    case 'zero':
      break;
    case 'fill':
      out.fill(0xff); // erased flash
      break;
    case 'text':
      repeat(Buffer.from(PROSE, 'latin1'));
      break;
    case 'utf16':
      repeat(Buffer.from(PROSE, 'utf16le'));
      break;
    case 'binary':
      // 64-byte records: a signature, counters, a few flags, zeros.
      for (let at = 0, n = 0; at + 64 <= bytes; at += 64, n++) {
        out.write('FILE0', at, 'latin1');
        out.writeUInt32LE(n, at + 8);
        out.writeUInt32LE(n * 4096, at + 12);
        out.writeUInt16LE(n % 7, at + 16);
      }
      break;
    case 'random':
      randomBytes(bytes).copy(out);
      break;
  }
  return out;
}

/** Writes the regions one after another to `path`; returns the image. */
export function writeRegionImage(
  path: string,
  regions: readonly { kind: RegionKind; bytes: number }[],
): Buffer {
  const image = Buffer.concat(regions.map(({ kind, bytes }) => regionBytes(kind, bytes)));
  writeFileSync(path, image);
  return image;
}
