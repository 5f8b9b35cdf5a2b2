import type { PartitionsJson } from '../../../electron/shared/disk';
import type { MapMark } from './map-marks';
import { filesystemEnd, filesystemName, sectorsText } from './volume-text';

/** Kinds of the disk map's marks about volumes (styled in volumes.css). */
export const VOLUME_SLACK = 'volume-slack';
export const LOST_FILESYSTEM = 'lost-filesystem';
export const FILESYSTEM_OVERFLOW = 'filesystem-overflow';

/** An overflow's stripes in the hue of the partition it comes from (and so never merged). */
const overflowStripes = (hue: string): string =>
  `repeating-linear-gradient(-45deg, ${hue} 0 3px, var(--bg) 3px 5px)`;

const range = (start: bigint, end: bigint, sectorSize: number): string =>
  `LBA ${start}–${end} (${sectorsText(end - start + 1n, sectorSize)})`;

/**
 * What the disk map draws about volumes: the slack after a file system smaller than its partition
 * (or than a disk with no partition table), file systems lost in unallocated space (regions over
 * the bar), and the sectors a file system spans past its partition or gap (one lane, each
 * overflow striped in its partition's hue).
 */
export function volumeMarks(report: PartitionsJson): MapMark[] {
  const { sectorSize } = report;
  const last = BigInt(report.sectorCount) - 1n;
  const marks: MapMark[] = [];
  const overflow = (from: bigint, to: bigint, hue: string, owner: string) => {
    if (from > last) return;
    const end = to < last ? to : last;
    const beyond =
      to > last ? `, and ${sectorsText(to - last, sectorSize)} past the disk's end` : '';
    marks.push({
      start: from,
      end,
      kind: FILESYSTEM_OVERFLOW,
      color: overflowStripes(hue),
      label: `${owner} runs past its end by its own size: ${range(from, end, sectorSize)}${beyond}`,
    });
  };

  for (const p of report.partitions) {
    const fs = p.filesystem;
    if (p.kind === 'extended' || !fs) continue;
    const what = `Partition ${p.index}'s ${filesystemName(fs)}`;
    if (p.volumeSlack) {
      const start = BigInt(p.volumeSlack.start);
      const end = BigInt(p.volumeSlack.end);
      marks.push({
        start,
        end,
        kind: VOLUME_SLACK,
        region: true,
        text: 'slack',
        label: `Volume slack of partition ${p.index}, after its ${filesystemName(fs)}: ${range(start, end, sectorSize)}, which the file system never uses`,
      });
    }
    if (fs.size === null) continue;
    const fsEnd = filesystemEnd(p.start, fs.size, sectorSize);
    if (fsEnd > BigInt(p.end))
      overflow(BigInt(p.end) + 1n, fsEnd, `var(--hue-${p.index % 6}, var(--other))`, what);
  }

  const disk = report.scheme === 'none' ? report.filesystem : null;
  if (disk && disk.size !== null && (disk.usage === 'filesystem' || disk.type === 'swap')) {
    const start = filesystemEnd(0, disk.size, sectorSize) + 1n;
    if (start <= last) {
      marks.push({
        start,
        end: last,
        kind: VOLUME_SLACK,
        region: true,
        text: 'slack',
        label: `After the disk's ${filesystemName(disk)}: ${range(start, last, sectorSize)}, which the file system never uses`,
      });
    }
  }

  for (const found of report.gapFilesystems) {
    const start = BigInt(found.start);
    const gapEnd = BigInt(found.gap.end);
    const end = found.end === null ? gapEnd : BigInt(found.end);
    const shown = end < gapEnd ? end : gapEnd;
    const name = filesystemName(found.filesystem);
    marks.push({
      start,
      end: shown,
      kind: LOST_FILESYSTEM,
      region: true,
      text: `lost ${found.filesystem.name}`,
      label: `${name} in unallocated space, in no partition (deleted or lost): ${range(start, shown, sectorSize)}${found.end === null ? ', its size unknown' : ''}`,
    });
    if (end > gapEnd) overflow(gapEnd + 1n, end, 'var(--other)', `The lost ${name}`);
  }
  return marks;
}
