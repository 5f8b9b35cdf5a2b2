// How a range of sectors is cut into the blocks a job reads one at a time.

export interface BlockPlan {
  firstLba: bigint;
  /** Sectors in the range. */
  sectorCount: bigint;
  sectorSize: number;
  /** Sectors per full block. */
  blockSectors: number;
  /** Bytes of data in the range: less than sectorCount * sectorSize when an image ends mid-sector. */
  totalBytes: bigint;
  blockCount: number;
}

export interface PlannedBlock {
  index: number;
  lba: bigint;
  /** Sectors to read. */
  count: number;
  /** Disk offset of the block's first byte. */
  offset: bigint;
  /** Bytes of data in the block (the image may end inside its last sector). */
  bytes: number;
}

/**
 * `readableBytes` is where the data ends: the file size of an image (which may end inside a
 * sector), sectorCount * sectorSize for a block device.
 */
export function planBlocks(
  firstLba: bigint,
  sectorCount: bigint,
  sectorSize: number,
  blockBytes: number,
  readableBytes: bigint,
): BlockPlan {
  if (blockBytes % sectorSize !== 0) {
    throw new RangeError(
      `block size ${blockBytes} is not a multiple of the sector size ${sectorSize}`,
    );
  }
  const blockSectors = blockBytes / sectorSize;
  const start = firstLba * BigInt(sectorSize);
  const end = (firstLba + sectorCount) * BigInt(sectorSize);
  const totalBytes = (end < readableBytes ? end : readableBytes) - start;
  const blockCount = Number((sectorCount + BigInt(blockSectors) - 1n) / BigInt(blockSectors));
  return { firstLba, sectorCount, sectorSize, blockSectors, totalBytes, blockCount };
}

export function plannedBlock(plan: BlockPlan, index: number): PlannedBlock {
  const lba = plan.firstLba + BigInt(index) * BigInt(plan.blockSectors);
  const left = plan.firstLba + plan.sectorCount - lba;
  const count = Number(left < BigInt(plan.blockSectors) ? left : BigInt(plan.blockSectors));
  const offset = lba * BigInt(plan.sectorSize);
  const dataEnd = plan.firstLba * BigInt(plan.sectorSize) + plan.totalBytes;
  const fullEnd = offset + BigInt(count * plan.sectorSize);
  const bytes = Number((fullEnd < dataEnd ? fullEnd : dataEnd) - offset);
  return { index, lba, count, offset, bytes };
}
