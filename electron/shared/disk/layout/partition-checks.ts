import type { FindingCollector } from '../findings';
import type { GptHeader } from '../gpt/gpt-header';
import type { Partition, TableArea } from './layout-types';

const describe = (p: Partition): string => `partition ${p.index} (LBA ${p.start}-${p.end})`;

/** Partitions that hold data (an extended partition is only a container for logical ones). */
export function dataPartitions(partitions: readonly Partition[]): Partition[] {
  return partitions.filter((p) => p.kind !== 'extended');
}

export function checkBounds(
  partitions: readonly Partition[],
  sectorCount: bigint,
  findings: FindingCollector,
): void {
  for (const p of partitions) {
    if (p.start >= sectorCount) {
      findings.add(
        'error',
        'PARTITION_STARTS_PAST_END',
        `${describe(p)} starts past the end of the disk (${sectorCount} sectors). The image may be truncated, or the table belongs to a larger disk.`,
        p.start,
      );
    } else if (p.end >= sectorCount) {
      findings.add(
        'error',
        'PARTITION_PAST_END',
        `${describe(p)} runs ${p.end - sectorCount + 1n} sectors past the end of the disk (last LBA ${sectorCount - 1n}). The image may be truncated: compare its size with the original disk.`,
        p.start,
      );
    }
  }
}

/** Reports each partition that overlaps an earlier one (sweep over start order, O(n log n)). */
export function checkOverlaps(partitions: readonly Partition[], findings: FindingCollector): void {
  const sorted = dataPartitions(partitions).sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.index - b.index,
  );
  let reach: Partition | null = null;
  for (const p of sorted) {
    if (reach !== null && p.start <= reach.end) {
      findings.add(
        'error',
        'PARTITION_OVERLAP',
        `${describe(p)} overlaps ${describe(reach)}: writing to one would destroy the other. Find out which entry is genuine before extracting either.`,
        p.start,
      );
    }
    if (reach === null || p.end > reach.end) reach = p;
  }
}

export function checkTableOverlaps(
  partitions: readonly Partition[],
  areas: readonly TableArea[],
  findings: FindingCollector,
): void {
  const data = dataPartitions(partitions);
  for (const area of areas) {
    const areaEnd = area.start + area.length - 1n;
    for (const p of data) {
      if (p.start <= areaEnd && p.end >= area.start) {
        const hybridIso =
          area.kind === 'mbr' &&
          p.start === 0n &&
          (p.filesystem?.type === 'iso9660' || p.filesystem?.type === 'udf');
        if (hybridIso) {
          findings.add(
            'info',
            'PARTITION_OVERLAPS_TABLE',
            `${describe(p)} covers the ${area.label} (LBA ${area.start}-${areaEnd}): a hybrid ISO, whose ISO 9660 volume starts at the disk's first sector and keeps the MBR in its unused system area (as isohybrid and xorriso make them).`,
            area.start,
          );
          continue;
        }
        findings.add(
          'warning',
          'PARTITION_OVERLAPS_TABLE',
          `${describe(p)} covers the ${area.label} (LBA ${area.start}-${areaEnd}).`,
          area.start,
        );
      }
    }
  }
}

export function checkUsableRange(
  partitions: readonly Partition[],
  header: GptHeader,
  findings: FindingCollector,
): void {
  for (const p of partitions) {
    if (p.start < header.firstUsableLba || p.end > header.lastUsableLba) {
      findings.add(
        'warning',
        'GPT_PARTITION_OUTSIDE_USABLE',
        `${describe(p)} lies outside the GPT's usable area (LBA ${header.firstUsableLba}-${header.lastUsableLba}).`,
        p.start,
      );
    }
  }
}
