// Hands out clusters front to back, each file or directory as one contiguous chain, and writes
// the resulting file allocation table.

import type { FatType } from './fat-geometry';
import { LittleEndianWriter } from './little-endian';
import { MEDIA_FIXED_DISK } from './fat-boot-sector';
import { SECTOR_SIZE } from './disk-extent';

const END_OF_CHAIN: Record<FatType, number> = { 16: 0xffff, 32: 0x0fffffff };

export class ClusterAllocator {
  /** FAT entries by cluster number; clusters past the end are free (zero). */
  private readonly entries: number[];

  constructor(
    private readonly fatType: FatType,
    private readonly clusterCount: number,
  ) {
    const reservedBits = fatType === 32 ? 0x0fffff00 : 0xff00;
    this.entries = [reservedBits | MEDIA_FIXED_DISK, END_OF_CHAIN[fatType]];
  }

  /** First cluster of a new chain of `count` clusters, or 0 (FAT's "no cluster") for none. */
  allocate(count: number): number {
    if (count === 0) return 0;
    const first = this.entries.length;
    if (first + count - 1 > this.clusterCount + 1) {
      throw new Error(`The FAT${this.fatType} volume is full: ${count} more clusters do not fit.`);
    }
    for (let cluster = first; cluster < first + count; cluster++) {
      this.entries.push(cluster === first + count - 1 ? END_OF_CHAIN[this.fatType] : cluster + 1);
    }
    return first;
  }

  get usedClusters(): number {
    return this.entries.length - 2;
  }

  get nextFreeCluster(): number {
    return this.entries.length;
  }

  /** The table up to the last used entry, rounded up to whole sectors; the rest is zero. */
  tableBytes(): Uint8Array {
    const width = this.fatType / 8;
    const size = Math.ceil((this.entries.length * width) / SECTOR_SIZE) * SECTOR_SIZE;
    const table = new Uint8Array(size);
    const out = new LittleEndianWriter(table);
    this.entries.forEach((value, cluster) => {
      if (width === 4) out.u32(cluster * 4, value);
      else out.u16(cluster * 2, value);
    });
    return table;
  }
}
