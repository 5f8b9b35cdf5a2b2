import type { Gap } from './layout-types';

export interface SectorRange {
  start: bigint;
  /** Sectors; ranges of length 0 are ignored. */
  length: bigint;
}

/** The ranges of [0, sectorCount) covered by none of `covered`, in order. */
export function uncoveredRanges(covered: readonly SectorRange[], sectorCount: bigint): Gap[] {
  const sorted = covered
    .filter((range) => range.length > 0n && range.start < sectorCount)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const gaps: Gap[] = [];
  let next = 0n;
  for (const range of sorted) {
    if (range.start > next) {
      gaps.push({ start: next, end: range.start - 1n, size: range.start - next });
    }
    const end = range.start + range.length;
    if (end > next) next = end;
  }
  if (next < sectorCount)
    gaps.push({ start: next, end: sectorCount - 1n, size: sectorCount - next });
  return gaps;
}
