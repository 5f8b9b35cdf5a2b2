import type { PartitionsJson } from '../../../electron/shared/disk';
import { diskVolumeLabel } from './volume-text';

export interface MapSegment {
  /** 'volume': the file system of a disk with no partition table. */
  kind: 'meta' | 'partition' | 'unallocated' | 'volume';
  start: bigint;
  /** Last LBA, inclusive. */
  end: bigint;
  label: string;
  partitionIndex: number | null;
  /** Left edge and width in pixels. */
  x: number;
  width: number;
}

/**
 * The disk as horizontal segments drawn to scale, except that each gets at least `minWidth`
 * pixels so a 1-sector table on a 16 TiB disk stays visible; the others shrink to make room.
 */
export function layoutSegments(
  report: PartitionsJson,
  totalWidth: number,
  minWidth = 3,
): MapSegment[] {
  const sectorCount = BigInt(report.sectorCount);
  const slots = report.slots
    .filter((slot) => !(slot.kind === 'partition' && isContainer(report, slot.start, slot.end)))
    .map((slot) => ({
      kind: slot.kind,
      start: BigInt(slot.start),
      end: BigInt(slot.end),
      label: slot.description,
      partitionIndex: partitionIndexOf(report, slot.start, slot.end),
    }))
    .filter((slot) => slot.end >= slot.start && slot.start < sectorCount)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  // mmls rows can nest (an extended container around its logicals): keep the map flat.
  const flat: typeof slots = [];
  for (const slot of slots) {
    const previous = flat.at(-1);
    const start = previous && slot.start <= previous.end ? previous.end + 1n : slot.start;
    if (start <= slot.end) flat.push({ ...slot, start });
  }
  const segments =
    report.scheme === 'none' && report.filesystem
      ? [
          {
            kind: 'volume' as const,
            start: 0n,
            end: sectorCount - 1n,
            label: diskVolumeLabel(report.filesystem),
            partitionIndex: null,
          },
        ]
      : flat.length > 0
        ? flat
        : [
            {
              kind: 'unallocated' as const,
              start: 0n,
              end: sectorCount - 1n,
              label: 'No partition table',
              partitionIndex: null,
            },
          ];

  const share = (s: { start: bigint; end: bigint }) =>
    Number(((s.end - s.start + 1n) * 1_000_000n) / (sectorCount > 0n ? sectorCount : 1n)) /
    1_000_000;
  const raw = segments.map((s) => share(s) * totalWidth);
  const small = raw.map((w) => w < minWidth);
  const reserved = small.filter(Boolean).length * minWidth;
  const bigTotal = raw.reduce((sum, w, i) => (small[i] ? sum : sum + w), 0);
  const scale = bigTotal > 0 ? Math.max(0, totalWidth - reserved) / bigTotal : 0;
  let x = 0;
  return segments.map((segment, i) => {
    const width = small[i] ? minWidth : (raw[i] ?? 0) * scale;
    const placed = { ...segment, x, width };
    x += width;
    return placed;
  });
}

function isContainer(report: PartitionsJson, start: number, end: number): boolean {
  return report.partitions.some((p) => p.kind === 'extended' && p.start === start && p.end === end);
}

function partitionIndexOf(report: PartitionsJson, start: number, end: number): number | null {
  return report.partitions.find((p) => p.start === start && p.end === end)?.index ?? null;
}

/** The x position of an LBA on the map (inside its segment, proportionally). */
export function xOfLba(segments: readonly MapSegment[], lba: bigint): number {
  const segment = segments.find((s) => lba >= s.start && lba <= s.end) ?? segments.at(-1);
  if (!segment) return 0;
  const length = segment.end - segment.start + 1n;
  const within = Number(((lba - segment.start) * 1_000_000n) / length) / 1_000_000;
  return segment.x + Math.min(1, Math.max(0, within)) * segment.width;
}

/** The LBA under an x position: proportional within the segment clicked. */
export function lbaAtX(segments: readonly MapSegment[], x: number): bigint {
  const segment = segments.find((s) => x >= s.x && x < s.x + s.width) ?? segments.at(-1);
  if (!segment) return 0n;
  const fraction =
    segment.width > 0 ? Math.min(1, Math.max(0, (x - segment.x) / segment.width)) : 0;
  const length = segment.end - segment.start + 1n;
  const lba = segment.start + (BigInt(Math.floor(fraction * 1_000_000)) * length) / 1_000_000n;
  return lba > segment.end ? segment.end : lba;
}
