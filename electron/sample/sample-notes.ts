// The text of "Disk structure notes.txt": a map of the sample disk, computed from the same layout
// and FAT geometry the generator uses, so it cannot drift from the image.

import { SECTOR_SIZE } from './disk-extent';
import { FAT32_BACKUP_BOOT_SECTOR, FAT32_FSINFO_SECTOR } from './fat-boot-sector';
import { planFatGeometry } from './fat-geometry';
import { gptUsableRange } from './gpt-writer';
import {
  lastLba,
  SAMPLE_GAP,
  SAMPLE_PARTITIONS,
  SAMPLE_SECTOR_COUNT,
  type SamplePartition,
} from './sample-layout';

export function sampleNotesText(): string {
  const usable = gptUsableRange(SAMPLE_SECTOR_COUNT);
  const end = SAMPLE_SECTOR_COUNT - 1;
  const lines = [
    'Sectorscope sample disk: where things are.',
    'LBA = number of a 512-byte sector, counted from 0 at the start of the disk.',
    '',
    row('0', 'protective MBR (one partition of type 0xEE over the whole disk)'),
    row('1', 'primary GPT header'),
    row(`2-${usable.firstLba - 1}`, 'primary GPT partition entries (128 entries of 128 bytes)'),
  ];
  let free = usable.firstLba;
  for (const partition of SAMPLE_PARTITIONS) {
    if (partition.firstLba > free)
      lines.push(row(`${free}-${partition.firstLba - 1}`, gapLabel(free)));
    lines.push(...partitionRows(partition));
    free = lastLba(partition) + 1;
  }
  if (free <= usable.lastLba) lines.push(row(`${free}-${usable.lastLba}`, 'unallocated'));
  lines.push(row(`${usable.lastLba + 1}-${end - 1}`, 'backup GPT partition entries'));
  lines.push(row(`${end}`, 'backup GPT header'));
  return lines.join('\r\n') + '\r\n';
}

function gapLabel(firstLba: number): string {
  return firstLba === SAMPLE_GAP.firstLba
    ? 'unallocated; its first sector holds a marker text'
    : 'unallocated';
}

function partitionRows(partition: SamplePartition): string[] {
  const g = planFatGeometry(partition.fatType, partition.sectorCount, partition.sectorsPerCluster);
  const at = (sector: number) => partition.firstLba + sector;
  const range = (first: number, count: number) => `${at(first)}-${at(first + count - 1)}`;
  const rows = [
    row(
      `${partition.firstLba}-${lastLba(partition)}`,
      `partition ${partition.number} "${partition.name}", FAT${partition.fatType}`,
    ),
    row(`${at(0)}`, 'boot sector', 1),
  ];
  if (partition.fatType === 32) {
    rows.push(row(`${at(FAT32_FSINFO_SECTOR)}`, 'FSInfo sector', 1));
    rows.push(row(`${at(FAT32_BACKUP_BOOT_SECTOR)}`, 'backup boot sector', 1));
    rows.push(row(`${at(FAT32_BACKUP_BOOT_SECTOR + 1)}`, 'backup FSInfo sector', 1));
  }
  rows.push(row(range(g.reservedSectors, g.sectorsPerFat), 'FAT 1', 1));
  rows.push(row(range(g.reservedSectors + g.sectorsPerFat, g.sectorsPerFat), 'FAT 2', 1));
  if (g.rootDirSectors > 0) {
    const rootStart = g.reservedSectors + 2 * g.sectorsPerFat;
    rows.push(row(range(rootStart, g.rootDirSectors), 'root directory', 1));
  }
  const clusterBytes = g.sectorsPerCluster * SECTOR_SIZE;
  const cluster2 = partition.fatType === 32 ? 'cluster 2 (the root directory)' : 'cluster 2';
  rows.push(row(`${at(g.firstDataSector)}`, `${cluster2}; clusters of ${clusterBytes} bytes`, 1));
  return rows;
}

/** One line of the map; `depth` 1 indents structures inside a partition. */
function row(lbas: string, what: string, depth = 0): string {
  const indent = '  '.repeat(depth);
  return `${indent}LBA ${lbas.padEnd(16 - indent.length)} ${what}`;
}
