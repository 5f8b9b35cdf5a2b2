import type { StructureView } from '../../../electron/shared/contract';
import type { FilesystemJson, PartitionsJson } from '../../../electron/shared/disk';
import { filesystemEnd } from './volume-text';

/** A volume the analysis found: in a partition, lost in unallocated space, or the whole disk's. */
export interface FoundVolume {
  where: 'partition' | 'gap' | 'disk';
  /** Says where it is: "Partition 5", "Unallocated LBA 419840", "The disk". */
  title: string;
  partitionIndex: number | null;
  start: number;
  /** Its last LBA by the partition, its own size or the gap (inclusive). */
  end: number;
  filesystem: FilesystemJson;
  /** Its last LBA by its own size (past `end` when it overflows), or null when unknown. */
  sizeEnd: bigint | null;
}

/** Every volume of the report, partitions first, then lost ones, then the disk's own. */
export function foundVolumes(report: PartitionsJson): FoundVolume[] {
  const volumes: Omit<FoundVolume, 'sizeEnd'>[] = [];
  for (const p of report.partitions) {
    if (p.kind === 'extended' || !p.filesystem) continue;
    volumes.push({
      where: 'partition',
      title: `Partition ${p.index}`,
      partitionIndex: p.index,
      start: p.start,
      end: p.end,
      filesystem: p.filesystem,
    });
  }
  for (const found of report.gapFilesystems) {
    volumes.push({
      where: 'gap',
      title: `Unallocated LBA ${found.start}`,
      partitionIndex: null,
      start: found.start,
      end: Math.min(found.end ?? found.gap.end, found.gap.end),
      filesystem: found.filesystem,
    });
  }
  // A hybrid ISO's volume is listed with the partition that covers it.
  if (report.filesystem && report.filesystemPartition === undefined) {
    volumes.push({
      where: 'disk',
      title: 'The disk',
      partitionIndex: null,
      start: 0,
      end: report.sectorCount - 1,
      filesystem: report.filesystem,
    });
  }
  return volumes.map((v) => ({
    ...v,
    sizeEnd:
      v.filesystem.size === null
        ? null
        : filesystemEnd(v.start, v.filesystem.size, report.sectorSize),
  }));
}

/** The volume holding an LBA, or null. */
export function volumeAt(volumes: readonly FoundVolume[], lba: bigint): FoundVolume | null {
  return volumes.find((v) => lba >= BigInt(v.start) && lba <= BigInt(v.end)) ?? null;
}

/** Whether a located structure (a template's place) lies in the volume, by locateStructures' ids. */
export function isStructureOf(volume: FoundVolume, structure: { id: string }): boolean {
  switch (volume.where) {
    case 'partition':
      return structure.id.startsWith(`p${volume.partitionIndex}-`);
    case 'gap':
      return structure.id.startsWith(`gap-${volume.start}-`);
    case 'disk':
      return structure.id.startsWith('volume-');
  }
}

/** The structures of the disk that lie in the volume. */
export function structuresOf(
  volume: FoundVolume,
  structures: readonly StructureView[],
): StructureView[] {
  return structures.filter((s) => isStructureOf(volume, s));
}
