// A GUID partition table (UEFI 2.10, chapter 5.3): protective MBR, primary header at LBA 1 with
// its entry array at LBA 2-33, and the backup array and header in the last 33 sectors.

import { crc32 } from 'node:zlib';
import { SECTOR_SIZE, type DiskExtent } from './disk-extent';
import { guidBytes } from './guid';
import { LittleEndianWriter } from './little-endian';
import { buildProtectiveMbr } from './protective-mbr';

export const GPT_TYPE_MICROSOFT_BASIC_DATA = 'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7';
export const GPT_TYPE_LINUX_FILESYSTEM = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';

const ENTRY_COUNT = 128;
const ENTRY_SIZE = 128;
const ENTRY_ARRAY_SECTORS = (ENTRY_COUNT * ENTRY_SIZE) / SECTOR_SIZE;
const HEADER_SIZE = 92;
const NAME_UNITS = 36;

export interface GptPartition {
  typeGuid: string;
  uniqueGuid: string;
  firstLba: number;
  /** Inclusive, as GPT stores it. */
  lastLba: number;
  /** At most 36 UTF-16 code units. */
  name: string;
}

export interface GptDisk {
  sectorCount: number;
  diskGuid: string;
  partitions: GptPartition[];
}

export function gptUsableRange(sectorCount: number): { firstLba: number; lastLba: number } {
  return { firstLba: 2 + ENTRY_ARRAY_SECTORS, lastLba: sectorCount - 2 - ENTRY_ARRAY_SECTORS };
}

export function buildGpt(disk: GptDisk): DiskExtent[] {
  checkPartitions(disk);
  const lastLba = disk.sectorCount - 1;
  const backupArrayLba = lastLba - ENTRY_ARRAY_SECTORS;
  const entries = buildEntryArray(disk.partitions);
  const entriesCrc = crc32(entries);
  const header = (myLba: number, alternateLba: number, arrayLba: number) =>
    buildHeader(disk, { myLba, alternateLba, arrayLba, entriesCrc });
  return [
    { offset: 0, bytes: buildProtectiveMbr(disk.sectorCount) },
    { offset: SECTOR_SIZE, bytes: header(1, lastLba, 2) },
    { offset: 2 * SECTOR_SIZE, bytes: entries },
    { offset: backupArrayLba * SECTOR_SIZE, bytes: entries },
    { offset: lastLba * SECTOR_SIZE, bytes: header(lastLba, 1, backupArrayLba) },
  ];
}

function buildHeader(
  disk: GptDisk,
  where: { myLba: number; alternateLba: number; arrayLba: number; entriesCrc: number },
): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE);
  const out = new LittleEndianWriter(sector);
  const usable = gptUsableRange(disk.sectorCount);
  out.ascii(0, 'EFI PART', 8);
  out.u32(8, 0x00010000); // revision 1.0
  out.u32(12, HEADER_SIZE);
  out.u64(24, where.myLba);
  out.u64(32, where.alternateLba);
  out.u64(40, usable.firstLba);
  out.u64(48, usable.lastLba);
  out.copy(56, guidBytes(disk.diskGuid));
  out.u64(72, where.arrayLba);
  out.u32(80, ENTRY_COUNT);
  out.u32(84, ENTRY_SIZE);
  out.u32(88, where.entriesCrc);
  out.u32(16, crc32(sector.subarray(0, HEADER_SIZE))); // computed with its own field still zero
  return sector;
}

function buildEntryArray(partitions: GptPartition[]): Uint8Array {
  const array = new Uint8Array(ENTRY_COUNT * ENTRY_SIZE);
  const out = new LittleEndianWriter(array);
  partitions.forEach((partition, index) => {
    const at = index * ENTRY_SIZE;
    out.copy(at, guidBytes(partition.typeGuid));
    out.copy(at + 16, guidBytes(partition.uniqueGuid));
    out.u64(at + 32, partition.firstLba);
    out.u64(at + 40, partition.lastLba);
    out.u64(at + 48, 0); // attributes
    for (let unit = 0; unit < partition.name.length; unit++) {
      out.u16(at + 56 + unit * 2, partition.name.charCodeAt(unit));
    }
  });
  return array;
}

function checkPartitions(disk: GptDisk): void {
  const usable = gptUsableRange(disk.sectorCount);
  if (disk.partitions.length > ENTRY_COUNT) {
    throw new Error(`GPT holds at most ${ENTRY_COUNT} partitions, not ${disk.partitions.length}.`);
  }
  const sorted = [...disk.partitions].sort((a, b) => a.firstLba - b.firstLba);
  let previousEnd = usable.firstLba - 1;
  for (const partition of sorted) {
    if (partition.name.length > NAME_UNITS) {
      throw new Error(`GPT partition name "${partition.name}" is longer than ${NAME_UNITS}.`);
    }
    if (partition.firstLba <= previousEnd || partition.lastLba < partition.firstLba) {
      throw new Error(`GPT partition "${partition.name}" overlaps another or is empty.`);
    }
    if (partition.lastLba > usable.lastLba) {
      throw new Error(`GPT partition "${partition.name}" ends past the last usable LBA.`);
    }
    previousEnd = partition.lastLba;
  }
}
