import type { GapJson, PartitionsJson } from '../../../electron/shared/disk';
import { filesystemName } from './volume-text';

/** The navigator's heading: the partition table, or the volume of a disk that has none. */
export function navigatorHeading(report: PartitionsJson): string {
  const fs = report.filesystem;
  if (report.scheme === 'none')
    return fs ? `${fs.name} volume, no partition table` : 'No partition table';
  const table = `${report.scheme.toUpperCase()} partitions`;
  // A hybrid ISO: the table describes a volume that starts at the disk's first sector.
  return fs && report.filesystemPartition !== undefined
    ? `${table} · ${filesystemName(fs)} from LBA 0, in #${report.filesystemPartition}`
    : table;
}

/**
 * What the navigator says of an unallocated range: the volume filling a disk with no partition
 * table, or a file system lost in it.
 */
export function gapText(report: PartitionsJson, gap: GapJson): { title?: string; note?: string } {
  if (report.scheme === 'none' && report.filesystem) {
    return {
      title: filesystemName(report.filesystem),
      note: `${report.filesystem.type} on the whole disk`,
    };
  }
  const lost = report.gapFilesystems.find((found) => found.gap.start === gap.start);
  return lost ? { note: `lost ${filesystemName(lost.filesystem)} at LBA ${lost.start}` } : {};
}
