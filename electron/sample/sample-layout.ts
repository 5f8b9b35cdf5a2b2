// Where everything on the built-in sample disk lies. Fixed GUIDs, IDs and times keep the image
// byte-for-byte identical on every run.

import type { FatType } from './fat-geometry';
import type { FatTimestamp } from './fat-timestamp';
import { GPT_TYPE_LINUX_FILESYSTEM, GPT_TYPE_MICROSOFT_BASIC_DATA } from './gpt-writer';

export const SAMPLE_SECTOR_SIZE = 512;
/** 64 MiB. */
export const SAMPLE_SECTOR_COUNT = 131072;
export const SAMPLE_DISK_GUID = '5EC7025C-D15C-4000-8000-5A3B1EDC0000';

export interface SamplePartition {
  /** 1-based, as in the GPT entry array and in sfdisk/mmls output. */
  number: number;
  name: string;
  typeGuid: string;
  uniqueGuid: string;
  firstLba: number;
  sectorCount: number;
  fatType: FatType;
  sectorsPerCluster: number;
  volumeLabel: string;
  volumeId: number;
}

export const SAMPLE_FAT32_PARTITION: SamplePartition = {
  number: 1,
  name: 'SAMPLE-FAT32',
  typeGuid: GPT_TYPE_MICROSOFT_BASIC_DATA,
  uniqueGuid: '5EC7025C-D15C-4000-8000-5A3B1EDC0F32',
  firstLba: 2048,
  sectorCount: 73728, // 36 MiB: 72552 clusters of 512 bytes, above FAT32's minimum of 65525
  fatType: 32,
  sectorsPerCluster: 1,
  volumeLabel: 'SAMPLEFAT32', // a FAT label has 11 characters at most
  volumeId: 0x5ec70032,
};

export const SAMPLE_FAT16_PARTITION: SamplePartition = {
  number: 2,
  name: 'SAMPLE-FAT16',
  typeGuid: GPT_TYPE_LINUX_FILESYSTEM,
  uniqueGuid: '5EC7025C-D15C-4000-8000-5A3B1EDC0F16',
  firstLba: 83968, // 4 MiB after partition 1 ends
  sectorCount: 32768, // 16 MiB: 8167 clusters of 2 KiB
  fatType: 16,
  sectorsPerCluster: 4,
  volumeLabel: 'SAMPLEFAT16',
  volumeId: 0x5ec70016,
};

export const SAMPLE_PARTITIONS: readonly SamplePartition[] = [
  SAMPLE_FAT32_PARTITION,
  SAMPLE_FAT16_PARTITION,
];

export function lastLba(partition: SamplePartition): number {
  return partition.firstLba + partition.sectorCount - 1;
}

/** The unallocated space between the two partitions; its first sector holds a marker text. */
export const SAMPLE_GAP = {
  firstLba: lastLba(SAMPLE_FAT32_PARTITION) + 1,
  lastLba: SAMPLE_FAT16_PARTITION.firstLba - 1,
};

export const SAMPLE_OEM_NAME = 'SECTSCOP';

/** Times written into the FAT directory entries (local time, as FAT keeps it). */
export const SAMPLE_TIMES = {
  volume: { year: 2024, month: 5, day: 17, hour: 10, minute: 30, second: 0 },
  readme: { year: 2024, month: 5, day: 17, hour: 10, minute: 31, second: 14 },
  notes: { year: 2024, month: 5, day: 17, hour: 10, minute: 32, second: 40 },
  docs: { year: 2024, month: 5, day: 17, hour: 10, minute: 33, second: 0 },
  pattern: { year: 2024, month: 5, day: 17, hour: 10, minute: 34, second: 27 },
} satisfies Record<string, FatTimestamp>;
