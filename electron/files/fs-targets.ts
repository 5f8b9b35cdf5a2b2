// Where file systems may start on a source: each partition `partitions` prints (by its index),
// and 0 for a file system at the disk's first sector (a disk without a partition table, or an
// image of one volume). Extended MBR containers hold partitions, not a file system.

import { crc32 } from 'node:zlib';
import { SectorscopeError } from '../shared/contract';
import { analyzeDisk } from '../shared/disk';
import { parserSectors, type EvidenceSource } from '../source';

export interface FsTarget {
  /** The partition's index as `partitions` prints it; 0 for the whole disk. */
  partition: number;
  startLba: bigint;
  /** Last LBA, inclusive. */
  endLba: bigint;
  /** For people: "partition 2 (Microsoft basic data, LBA 104448-184447)". */
  label: string;
}

const EXTENDED_TYPES = new Set(['0x05', '0x0F', '0x85']);

export async function fsTargets(source: EvidenceSource): Promise<FsTarget[]> {
  const lastLba = source.geometry.sectorCount - 1n;
  const whole: FsTarget = { partition: 0, startLba: 0n, endLba: lastLba, label: 'the whole disk' };
  let layout: Awaited<ReturnType<typeof analyzeDisk>>;
  try {
    layout = await analyzeDisk(parserSectors(source), { crc32 });
  } catch {
    return [whole];
  }
  const partitions = layout.partitions
    .filter((p) => !EXTENDED_TYPES.has(p.type.toUpperCase().replace('0X', '0x')))
    .map((p): FsTarget => ({
      partition: p.index,
      startLba: p.start,
      endLba: p.end,
      label: `partition ${p.index} (${p.typeName || p.type}, LBA ${p.start}-${p.end})`,
    }));
  return [whole, ...partitions];
}

/** The target `--partition N` names (0 or none: the whole disk), or a clear error. */
export function targetNamed(targets: FsTarget[], partition: number | undefined): FsTarget {
  const wanted = partition ?? 0;
  const target = targets.find((t) => t.partition === wanted);
  if (target) return target;
  const known = targets
    .filter((t) => t.partition !== 0)
    .map((t) => t.partition)
    .join(', ');
  throw new SectorscopeError(
    'NOT_FOUND',
    `There is no partition ${wanted}` +
      (known
        ? `; this disk has ${known} (see \`sectorscope partitions\`).`
        : ': this disk has no partition table.'),
  );
}

/** The partition holding `lba` (the innermost), or the whole disk when none does. */
export function targetHolding(targets: FsTarget[], lba: bigint): FsTarget {
  const partition = targets.find((t) => t.partition !== 0 && t.startLba <= lba && lba <= t.endLba);
  return (
    partition ?? targets[0] ?? { partition: 0, startLba: 0n, endLba: lba, label: 'the whole disk' }
  );
}
