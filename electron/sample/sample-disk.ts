// The built-in sample disk: a 64 MiB GPT image with a FAT32 and a FAT16 partition and a gap
// between them, generated without any outside tool.

import { SECTOR_SIZE, shiftExtents, type DiskExtent } from './disk-extent';
import { formatFatVolume, type FatNode } from './fat-formatter';
import { buildGpt } from './gpt-writer';
import { gapMarkerSector, sampleFat16Files, sampleFat32Files } from './sample-contents';
import {
  lastLba,
  SAMPLE_DISK_GUID,
  SAMPLE_FAT16_PARTITION,
  SAMPLE_FAT32_PARTITION,
  SAMPLE_GAP,
  SAMPLE_OEM_NAME,
  SAMPLE_PARTITIONS,
  SAMPLE_SECTOR_COUNT,
  SAMPLE_TIMES,
  type SamplePartition,
} from './sample-layout';
import { writeSparseImageFile } from './sparse-image-file';

export const SAMPLE_DISK_SIZE = SAMPLE_SECTOR_COUNT * SECTOR_SIZE;

export interface WriteSampleDiskOptions {
  /** Replace an existing regular file at `path`. Off by default: nothing is ever overwritten silently. */
  overwrite?: boolean;
}

/**
 * Writes the sample disk image to `path` (sparse, complete or not at all). Throws an
 * ImageTargetError when `path` exists (unless `overwrite`), is not a regular file, or its folder
 * is missing or not writable.
 */
export async function writeSampleDisk(
  path: string,
  options: WriteSampleDiskOptions = {},
): Promise<void> {
  const extents = buildSampleDiskExtents();
  await writeSparseImageFile(path, SAMPLE_DISK_SIZE, extents, {
    overwrite: options.overwrite ?? false,
  });
}

/** The image's non-zero content; everything else on the disk is zero. */
export function buildSampleDiskExtents(): DiskExtent[] {
  const gpt = buildGpt({
    sectorCount: SAMPLE_SECTOR_COUNT,
    diskGuid: SAMPLE_DISK_GUID,
    partitions: SAMPLE_PARTITIONS.map((partition) => ({
      typeGuid: partition.typeGuid,
      uniqueGuid: partition.uniqueGuid,
      firstLba: partition.firstLba,
      lastLba: lastLba(partition),
      name: partition.name,
    })),
  });
  return [
    ...gpt,
    ...fatVolume(SAMPLE_FAT32_PARTITION, sampleFat32Files()),
    { offset: SAMPLE_GAP.firstLba * SECTOR_SIZE, bytes: gapMarkerSector() },
    ...fatVolume(SAMPLE_FAT16_PARTITION, sampleFat16Files()),
  ];
}

function fatVolume(partition: SamplePartition, files: FatNode[]): DiskExtent[] {
  const volume = formatFatVolume({
    fatType: partition.fatType,
    totalSectors: partition.sectorCount,
    sectorsPerCluster: partition.sectorsPerCluster,
    oemName: SAMPLE_OEM_NAME,
    volumeId: partition.volumeId,
    volumeLabel: partition.volumeLabel,
    hiddenSectors: partition.firstLba,
    labelTime: SAMPLE_TIMES.volume,
    root: files,
  });
  return shiftExtents(volume, partition.firstLba * SECTOR_SIZE);
}
