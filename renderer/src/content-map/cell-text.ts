// The content map in words: a cell (what hovering shows), the runs of cells of one class (the
// regions list, the map's text alternative) and a one-line summary.

import type { MapCellView, MapClass } from '../../../electron/shared/contract';
import { MAP_CLASSES } from '../../../electron/shared/content-map';
import type { PartitionsJson } from '../../../electron/shared/disk';
import { humanBytes } from '../grid/format';

export function sectorsText(start: bigint, end: bigint, sectorSize: number): string {
  return humanBytes((end - start + 1n) * BigInt(sectorSize));
}

/** Entropy as the hover text and the regions list give it: two decimals. */
export function entropyText(entropy: number | null): string {
  return entropy === null ? 'entropy unknown' : `entropy ${entropy.toFixed(2)} bits/byte`;
}

/** "LBA 2048–4095 (1.00 MiB) · text · entropy 4.52 bits/byte", then what else it holds. */
export function cellText(cell: MapCellView, sectorSize: number): string {
  const start = BigInt(cell.start);
  const end = BigInt(cell.end);
  const where = `LBA ${cell.start}–${cell.end} (${sectorsText(start, end, sectorSize)})`;
  if (cell.class === null) return `${where} · not read yet`;
  const parts = [where, cell.class, entropyText(cell.entropy)];
  if (cell.fillByte !== null) {
    parts.push(`byte 0x${cell.fillByte.toString(16).toUpperCase().padStart(2, '0')}`);
  }
  const mix = mixText(cell);
  if (mix) parts.push(mix);
  if (cell.unreadableSectors > 0) {
    parts.push(
      `${cell.unreadableSectors} unreadable sector${cell.unreadableSectors === 1 ? '' : 's'}`,
    );
  }
  parts.push(cell.exact ? 'every byte read' : `sampled ${humanBytes(BigInt(cell.bytes))}`);
  return parts.join(' · ');
}

/** "62% text, 38% zero" when a cell holds more than one class. */
function mixText(cell: MapCellView): string | null {
  const entries = Object.entries(cell.mix) as [MapClass, number][];
  if (entries.length < 2) return null;
  const total = entries.reduce((sum, [, bytes]) => sum + bytes, 0);
  return entries
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${Math.round((100 * bytes) / total)}% ${name}`)
    .join(', ');
}

export interface Region {
  /** Cell indexes, inclusive. */
  first: number;
  last: number;
  class: MapClass | null;
  start: bigint;
  end: bigint;
}

/** Consecutive cells of one class. */
export function regionsOf(cells: readonly (MapCellView | undefined)[]): Region[] {
  const regions: Region[] = [];
  for (const cell of cells) {
    if (!cell) continue;
    const last = regions.at(-1);
    if (last && last.class === cell.class && last.last === cell.index - 1) {
      last.last = cell.index;
      last.end = BigInt(cell.end);
    } else {
      regions.push({
        first: cell.index,
        last: cell.index,
        class: cell.class,
        start: BigInt(cell.start),
        end: BigInt(cell.end),
      });
    }
  }
  return regions;
}

export function regionText(region: Region, sectorSize: number): string {
  const cells = region.last - region.first + 1;
  return (
    `LBA ${region.start}–${region.end} · ${region.class ?? 'not read yet'} · ` +
    `${sectorsText(region.start, region.end, sectorSize)} · ${cells} cell${cells === 1 ? '' : 's'}`
  );
}

/** Each class's share of the cells, largest first: "zero 62.5%, text 25.0%". */
export function classShares(cells: readonly (MapCellView | undefined)[]): string {
  const counts = new Map<MapClass | null, number>();
  let total = 0;
  for (const cell of cells) {
    if (!cell) continue;
    total++;
    counts.set(cell.class, (counts.get(cell.class) ?? 0) + 1);
  }
  if (total === 0) return '';
  return [...MAP_CLASSES, null]
    .filter((name) => counts.has(name))
    .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))
    .map((name) => {
      const share = (100 * (counts.get(name) ?? 0)) / total;
      return `${name ?? 'not read yet'} ${share.toFixed(1)}%`;
    })
    .join(', ');
}

/** Where on the disk an LBA lies by its partition table: "partition #2", "unallocated", or null. */
export function placeText(
  report: Pick<PartitionsJson, 'partitions' | 'gaps'> | null,
  lba: bigint,
): string | null {
  if (!report) return null;
  const holds = (range: { start: number; end: number }) =>
    BigInt(range.start) <= lba && lba <= BigInt(range.end);
  const partition = report.partitions.find((p) => p.kind !== 'extended' && holds(p));
  if (partition) return `partition #${partition.index}`;
  return report.gaps.some(holds) ? 'unallocated' : null;
}
