// A 1 GiB sparse disk image of regions of known content for the content map's e2e tests: an MBR
// with two partitions and unallocated gaps, and in them text, random bytes, a 0xFF fill, binary
// records and UTF-16 text (electron/jobs/test/map-images.ts makes the bytes), the rest holes
// that read as zeros. A marker string sits at known offsets for searches.

import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { regionBytes, type RegionKind } from '../../electron/jobs/test/map-images';

const MiB = 1024 * 1024;

export const IMAGE_BYTES = 1024 * MiB;
export const SECTOR = 512;
export const MARKER = 'SECTORSCOPE-MAP-MARKER';

/** Partitions (MBR, inclusive LBAs): the rest of the disk is unallocated. */
export const PARTITIONS = [
  { index: 1, type: 0x83, start: 2048, end: 257 * 2048 - 1 },
  { index: 2, type: 0x07, start: 300 * 2048, end: 1000 * 2048 - 1 },
] as const;

/** Regions by offset and size in MiB (a few not on cell boundaries: cells of mixed content). */
export const REGIONS: readonly { kind: RegionKind; at: number; size: number }[] = [
  { kind: 'text', at: 1, size: 24 },
  { kind: 'random', at: 40.1, size: 16 },
  { kind: 'fill', at: 260, size: 8 },
  { kind: 'binary', at: 300, size: 16 },
  { kind: 'utf16', at: 400.3, size: 8 },
  { kind: 'random', at: 500, size: 4 },
  { kind: 'text', at: 1010, size: 6 },
];

/** Byte offsets of the marker, in zero regions of partition 2 and of the last gap. */
export const MARKER_OFFSETS = [700 * MiB + 100, 850 * MiB + 4096 * 3, 1005 * MiB] as const;

function mbr(): Buffer {
  const sector = Buffer.alloc(SECTOR);
  PARTITIONS.forEach((p, i) => {
    const entry = 446 + 16 * i;
    sector[entry + 4] = p.type;
    // CHS fields left at 0xFFFFFE: the LBA fields are what is read.
    sector.set([0xfe, 0xff, 0xff], entry + 1);
    sector.set([0xfe, 0xff, 0xff], entry + 5);
    sector.writeUInt32LE(p.start, entry + 8);
    sector.writeUInt32LE(p.end - p.start + 1, entry + 12);
  });
  sector.writeUInt32LE(0x5ec70123, 440);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

export function writeContentMapImage(path: string): void {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, IMAGE_BYTES);
    const put = (data: Buffer, offset: number) => {
      for (let done = 0; done < data.length;) {
        done += writeSync(fd, data, done, data.length - done, offset + done);
      }
    };
    put(mbr(), 0);
    for (const region of REGIONS) {
      put(regionBytes(region.kind, Math.round(region.size * MiB)), Math.round(region.at * MiB));
    }
    for (const offset of MARKER_OFFSETS) put(Buffer.from(MARKER, 'latin1'), offset);
  } finally {
    closeSync(fd);
  }
}
