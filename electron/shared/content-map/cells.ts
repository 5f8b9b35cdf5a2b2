// How a range of sectors is cut into a map's cells, and which parts of each cell a quick map
// reads.
//
// Units. The class rules apply to units of 4096 bytes, counted from the range's first sector
// (the last may be shorter where the range ends). A cell is a whole number of units: cell i of
// N holds units floor(i * U / N) up to floor((i + 1) * U / N), so cells differ by one unit at
// most, no unit (nor sector) straddles two cells, and a job's 4 MiB blocks hold whole units.
// A range of fewer units than the cells asked for gets one cell per unit.
//
// Quick map sampling. A sample is one unit: one 4 KiB read (one page, one physical sector of
// a 4Kn disk), the least the random rule accepts, classified exactly as a full map classifies
// it. A cell takes DEFAULT_SAMPLES_PER_CELL = 8, at the middles of 8 equal slices of the cell:
// spread so, they see a run of one kind of content that fills a share f of the cell in
// floor(8f) or ceil(8f) samples, so the class of the cell is right whenever it leads the next
// by more than a quarter of the cell, and a region of an eighth of a cell or more is never
// missed. 4,096 cells cost 32,768 reads of 4 KiB (128 MiB): a second or two on an SSD, well
// under that on the holes of a sparse file. Samples are read a pass at a time, one sample of
// every cell per pass, so the whole disk shows after the first pass and each pass refines it;
// the first pass goes coarse to fine (every 256th cell, then the ones between...), each level
// in one sweep of LBA order, so that a spinning disk (100-200 seeks a second: about half a
// minute for the first pass of 4,096 cells) shows the whole disk roughly within a second and
// sharpens from there. Later passes go in LBA order.

import { SectorscopeError } from '../contract';

/** The unit the class rules apply to. */
export const UNIT_BYTES = 4096;
export const DEFAULT_MAP_CELLS = 4096;
export const MAX_MAP_CELLS = 65536;
export const DEFAULT_SAMPLES_PER_CELL = 8;
export const MAX_SAMPLES_PER_CELL = 64;
/** Version of the class rules (classify.ts) and of this layout; a kept map of another is stale. */
export const MAP_RULES_VERSION = 1;

export interface MapRange {
  firstLba: bigint;
  sectorCount: bigint;
  sectorSize: number;
  /** Bytes of data in the range: less than sectorCount * sectorSize if an image ends mid-sector. */
  dataBytes: bigint;
}

export interface MapLayout extends MapRange {
  /** Sectors per unit. */
  unitSectors: number;
  /** Units in the range. */
  unitCount: number;
  cellCount: number;
}

export function mapLayout(range: MapRange, cells: number): MapLayout {
  const { sectorSize, sectorCount } = range;
  if (UNIT_BYTES % sectorSize !== 0) {
    throw new SectorscopeError(
      'UNSUPPORTED',
      `A content map classifies ${UNIT_BYTES} bytes at a time, which ${sectorSize}-byte ` +
        'sectors do not divide: it maps disks of 512 to 4096-byte sectors.',
    );
  }
  if (!Number.isInteger(cells) || cells < 1) throw new RangeError(`cells must be 1 or more`);
  const unitSectors = UNIT_BYTES / sectorSize;
  const unitCount = Number((sectorCount + BigInt(unitSectors) - 1n) / BigInt(unitSectors));
  if (unitCount < 1) throw new RangeError('a map covers at least one sector');
  return { ...range, unitSectors, unitCount, cellCount: Math.min(cells, unitCount) };
}

/** How many units and cells: all it takes to tell which cell a unit is in. */
export type CellGrid = Pick<MapLayout, 'unitCount' | 'cellCount'>;

/** The first unit of cell `i` (i = cellCount gives unitCount). */
export function cellFirstUnit(layout: CellGrid, i: number): number {
  return Number((BigInt(i) * BigInt(layout.unitCount)) / BigInt(layout.cellCount));
}

/** The cell holding unit `unit`: the last cell whose first unit is at or before it. */
export function cellOfUnit(layout: CellGrid, unit: number): number {
  return Number(((BigInt(unit) + 1n) * BigInt(layout.cellCount) - 1n) / BigInt(layout.unitCount));
}

/** First and last LBA (inclusive) of cell `i`. */
export function cellRange(layout: MapLayout, i: number): { start: bigint; end: bigint } {
  const unitSectors = BigInt(layout.unitSectors);
  const start = layout.firstLba + BigInt(cellFirstUnit(layout, i)) * unitSectors;
  const next = layout.firstLba + BigInt(cellFirstUnit(layout, i + 1)) * unitSectors;
  const rangeEnd = layout.firstLba + layout.sectorCount;
  return { start, end: (next < rangeEnd ? next : rangeEnd) - 1n };
}

/** The cell holding `lba`, which must lie in the range. */
export function cellOfLba(layout: MapLayout, lba: bigint): number {
  return cellOfUnit(layout, Number((lba - layout.firstLba) / BigInt(layout.unitSectors)));
}

/** Where unit `u` lies on the disk, and its bytes of data. */
export function unitSpan(layout: MapLayout, u: number): { offset: bigint; bytes: number } {
  const size = BigInt(layout.sectorSize);
  const offset = (layout.firstLba + BigInt(u) * BigInt(layout.unitSectors)) * size;
  const dataEnd = layout.firstLba * size + layout.dataBytes;
  const left = dataEnd - offset;
  return { offset, bytes: left < BigInt(UNIT_BYTES) ? Number(left) : UNIT_BYTES };
}

const spreads = new Map<number, number[]>();

/** 0..m-1 in bit-reversed order (0, 4, 2, 6, 1, 5, 3, 7 for 8): each next one halves a gap. */
function spread(m: number): number[] {
  let order = spreads.get(m);
  if (order) return order;
  let bits = 0;
  while (1 << bits < m) bits++;
  order = [];
  for (let i = 0; i < 1 << bits; i++) {
    let reversed = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) reversed |= 1 << (bits - 1 - b);
    if (reversed < m) order.push(reversed);
  }
  spreads.set(m, order);
  return order;
}

/**
 * The unit a quick map reads as sample `pass` of cell `i`, or -1 when the cell has fewer units
 * than that. Sample j of m sits at the middle of the j-th of m equal slices of the cell.
 */
export function sampleUnit(layout: MapLayout, i: number, pass: number, samples: number): number {
  const first = cellFirstUnit(layout, i);
  const units = cellFirstUnit(layout, i + 1) - first;
  const m = Math.min(samples, units);
  if (pass >= m) return -1;
  const j = spread(m)[pass] as number;
  return first + Math.floor(((2 * j + 1) * units) / (2 * m));
}

/** Cells in the order of a quick map's first pass: every 256th cell or so, then halving. */
export function firstPassOrder(cellCount: number): number[] {
  let stride = 1;
  while (stride * 2 <= cellCount / 16) stride *= 2;
  const seen = new Uint8Array(cellCount);
  const order: number[] = [];
  for (; stride >= 1; stride /= 2) {
    for (let i = 0; i < cellCount; i += stride) {
      if (seen[i]) continue;
      seen[i] = 1;
      order.push(i);
    }
  }
  return order;
}

/** Bytes a quick map reads: every sample's unit. */
export function quickMapBytes(layout: MapLayout, samples: number): bigint {
  let units = 0;
  for (let i = 0; i < layout.cellCount; i++) {
    units += Math.min(samples, cellFirstUnit(layout, i + 1) - cellFirstUnit(layout, i));
  }
  let bytes = BigInt(units) * BigInt(UNIT_BYTES);
  // The range's last unit may be short; it is a sample when its cell samples every unit.
  const last = layout.cellCount - 1;
  const lastUnit = layout.unitCount - 1;
  for (let pass = 0; pass < samples; pass++) {
    if (sampleUnit(layout, last, pass, samples) === lastUnit) {
      bytes -= BigInt(UNIT_BYTES - unitSpan(layout, lastUnit).bytes);
    }
  }
  return bytes;
}
