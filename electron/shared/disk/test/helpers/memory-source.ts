import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { SectorSource } from '../../sector-source';

/** A SectorSource over bytes in memory, checking every request like the real reader does. */
export function memorySource(
  bytes: Uint8Array,
  sectorSize = 512,
): SectorSource & { reads: number } {
  const sectorCount = BigInt(Math.ceil(bytes.length / sectorSize));
  const source = {
    sectorSize,
    sectorCount,
    reads: 0,
    async read(lba: bigint, count: number): Promise<Uint8Array> {
      source.reads++;
      if (lba < 0n || count < 1 || lba + BigInt(count) > sectorCount) {
        throw new RangeError(`read of ${count} sectors at LBA ${lba} is outside the disk`);
      }
      const start = Number(lba) * sectorSize;
      const end = start + count * sectorSize;
      // Whole sectors in memory are lent as a view (the parsers never write to what they read).
      if (end <= bytes.length) return bytes.subarray(start, end);
      const out = new Uint8Array(count * sectorSize);
      out.set(bytes.subarray(start, Math.min(bytes.length, end)));
      return out;
    },
  };
  return source;
}

/** A SectorSource reading an image file on demand (for images too big to hold in memory). */
export function fileSource(
  path: string,
  sectorSize = 512,
): SectorSource & { reads: number; close: () => void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const sectorCount = BigInt(Math.ceil(size / sectorSize));
  const source = {
    sectorSize,
    sectorCount,
    reads: 0,
    close: () => closeSync(fd),
    async read(lba: bigint, count: number): Promise<Uint8Array> {
      source.reads++;
      if (lba < 0n || count < 1 || lba + BigInt(count) > sectorCount) {
        throw new RangeError(`read of ${count} sectors at LBA ${lba} is outside the disk`);
      }
      const out = new Uint8Array(count * sectorSize);
      readSync(fd, out, 0, out.length, Number(lba) * sectorSize);
      return out;
    },
  };
  return source;
}
