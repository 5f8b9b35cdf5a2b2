// What a cell is made of as its units are classified: the bytes of each class, a byte histogram
// for its entropy, and its unreadable sectors. A cell takes the class of most of its bytes
// (ties go to the first of unreadable, text, random, binary, fill, zero: the one that says
// more); its entropy is that of all its readable bytes together.

import type { MapCellView, MapClass } from '../contract';
import { cellFirstUnit, cellOfUnit, UNIT_BYTES, type CellGrid } from './cells';
import { histogramEntropy, MAP_CLASSES, type ByteClass, type UnitClassifier } from './classify';

const TIE_ORDER: readonly MapClass[] = ['unreadable', 'text', 'random', 'binary', 'fill', 'zero'];
const CLASS_INDEX = Object.fromEntries(MAP_CLASSES.map((name, i) => [name, i])) as Record<
  MapClass,
  number
>;
/** No fill byte seen yet; fills of different bytes seen. */
const NO_FILL = -1;
const MIXED_FILL = -2;

/** A tally as it crosses between threads (a helper tallies part of a cell). */
export interface TallyPart {
  classBytes: number[];
  histogram: number[];
  unreadableSectors: number;
  /** The fill byte seen, or NO_FILL (-1) or MIXED_FILL (-2). */
  fill: number;
}

export class CellTally {
  /** Bytes of each class, by MAP_CLASSES index. */
  readonly #classBytes = new Float64Array(MAP_CLASSES.length);
  #unreadableSectors = 0;
  #fill = NO_FILL;

  /** `histogram`: where this cell's byte counts go (a slice of a larger array may serve). */
  constructor(readonly histogram: Uint32Array | Float64Array = new Float64Array(256)) {}

  reset(): void {
    this.#classBytes.fill(0);
    this.histogram.fill(0);
    this.#unreadableSectors = 0;
    this.#fill = NO_FILL;
  }

  /** Bytes examined so far. */
  get bytes(): number {
    let total = 0;
    for (const bytes of this.#classBytes) total += bytes;
    return total;
  }

  /** The unit `classifier` has just classified as `byteClass`. */
  addUnit(byteClass: ByteClass, classifier: UnitClassifier, bytes: number): void {
    this.#count(CLASS_INDEX[byteClass], bytes);
    const h = this.histogram;
    const repeated = classifier.fillByte;
    if (repeated >= 0) {
      h[repeated] = (h[repeated] as number) + bytes;
      if (byteClass === 'fill') {
        this.#fill = this.#fill === NO_FILL || this.#fill === repeated ? repeated : MIXED_FILL;
      }
      return;
    }
    const unit = classifier.histogram;
    for (let v = 0; v < 256; v++) h[v] = (h[v] as number) + (unit[v] as number);
  }

  #count(classIndex: number, bytes: number): void {
    this.#classBytes[classIndex] = (this.#classBytes[classIndex] as number) + bytes;
  }

  /** This tally, to merge into another's (the same cell's) with `merge`. */
  part(): TallyPart {
    return {
      classBytes: [...this.#classBytes],
      histogram: [...this.histogram],
      unreadableSectors: this.#unreadableSectors,
      fill: this.#fill,
    };
  }

  merge(part: TallyPart): void {
    part.classBytes.forEach((bytes, i) => this.#count(i, bytes));
    const h = this.histogram;
    for (let v = 0; v < 256; v++) h[v] = (h[v] as number) + (part.histogram[v] as number);
    this.#unreadableSectors += part.unreadableSectors;
    if (part.fill === NO_FILL) return;
    this.#fill = this.#fill === NO_FILL || this.#fill === part.fill ? part.fill : MIXED_FILL;
  }

  addUnreadable(bytes: number, sectors: number): void {
    this.#count(CLASS_INDEX.unreadable, bytes);
    this.#unreadableSectors += sectors;
  }

  view(index: number, start: bigint, end: bigint, exact: boolean): MapCellView {
    const mix: Partial<Record<MapClass, number>> = {};
    let best: MapClass | null = null;
    for (const name of TIE_ORDER) {
      const bytes = this.#classBytes[CLASS_INDEX[name]] as number;
      if (bytes === 0) continue;
      if (best === null || bytes > (this.#classBytes[CLASS_INDEX[best]] as number)) best = name;
    }
    for (const name of MAP_CLASSES) {
      const bytes = this.#classBytes[CLASS_INDEX[name]] as number;
      if (bytes > 0) mix[name] = bytes;
    }
    const readable = this.bytes - (this.#classBytes[CLASS_INDEX.unreadable] as number);
    return {
      index,
      start: start.toString(),
      end: end.toString(),
      class: best,
      entropy: readable > 0 ? Math.round(histogramEntropy(this.histogram) * 1e4) / 1e4 : null,
      mix,
      bytes: this.bytes,
      unreadableSectors: this.#unreadableSectors,
      fillByte: best === 'fill' && this.#fill >= 0 ? this.#fill : null,
      exact,
    };
  }
}

/** A cell nothing of which has been examined yet. */
export function emptyCellView(index: number, start: bigint, end: bigint): MapCellView {
  return {
    index,
    start: start.toString(),
    end: end.toString(),
    class: null,
    entropy: null,
    mix: {},
    bytes: 0,
    unreadableSectors: 0,
    fillByte: null,
    exact: false,
  };
}

/**
 * Classifies one unit, data[start, end), into `tally`. `bad` lists the unit's sectors that
 * could not be read (indexes from its first sector, ascending; their bytes in `data` are
 * zero-fill, not the disk's): they count as unreadable and the rest is classified without them,
 * gathered in `scratch` (UNIT_BYTES long).
 */
export function tallyUnit(
  tally: CellTally,
  classifier: UnitClassifier,
  data: Uint8Array,
  start: number,
  end: number,
  bad: readonly number[],
  sectorSize: number,
  scratch: Uint8Array,
): void {
  if (bad.length === 0) {
    tally.addUnit(classifier.classify(data, start, end), classifier, end - start);
    return;
  }
  let readable = 0;
  let unreadable = 0;
  let from = start;
  for (const sector of bad) {
    const sectorStart = start + sector * sectorSize;
    const sectorEnd = Math.min(sectorStart + sectorSize, end);
    scratch.set(data.subarray(from, sectorStart), readable);
    readable += sectorStart - from;
    unreadable += sectorEnd - sectorStart;
    from = sectorEnd;
  }
  scratch.set(data.subarray(from, end), readable);
  readable += end - from;
  tally.addUnreadable(unreadable, bad.length);
  if (readable > 0) tally.addUnit(classifier.classify(scratch, 0, readable), classifier, readable);
}

/** The tallies of the cells being filled in, a few at a time, each reused once let go. */
export class OpenTallies {
  readonly #open = new Map<number, CellTally>();
  readonly #spare: CellTally[] = [];

  /** The tally of `cell`, empty the first time it is asked for. */
  of = (cell: number): CellTally => {
    let tally = this.#open.get(cell);
    if (!tally) {
      tally = this.#spare.pop() ?? new CellTally();
      this.#open.set(cell, tally);
    }
    return tally;
  };

  /** The open cells and their tallies, in the order they were opened. */
  entries(): [number, CellTally][] {
    return [...this.#open];
  }

  /** Lets `cell`'s tally go, emptied, for another cell. */
  release(cell: number): void {
    const tally = this.#open.get(cell);
    if (!tally) return;
    this.#open.delete(cell);
    tally.reset();
    this.#spare.push(tally);
  }
}

/** Units of a block read from the disk: unit `k` of the block is unit `firstUnit + k` of the map. */
export interface BlockUnits {
  data: Uint8Array;
  /** Bytes of data in the block. */
  bytes: number;
  firstUnit: number;
  /** The block's sectors that could not be read, as indexes from its first sector, ascending. */
  bad: readonly number[];
}

const NONE: readonly number[] = [];

/**
 * Classifies units [from, to) of a block (indexes within it) into the tally of the cell each
 * falls in, from `tallyOf`. The job thread and its helper each take a share of every block.
 */
export function tallyBlockUnits(
  block: BlockUnits,
  from: number,
  to: number,
  grid: CellGrid,
  sectorSize: number,
  tallyOf: (cell: number) => CellTally,
  classifier: UnitClassifier,
  scratch: Uint8Array,
): void {
  const unitSectors = UNIT_BYTES / sectorSize;
  let cell = cellOfUnit(grid, block.firstUnit + from);
  let cellEnd = cellFirstUnit(grid, cell + 1);
  let tally = tallyOf(cell);
  for (let k = from; k < to; k++) {
    if (block.firstUnit + k >= cellEnd) {
      cell++;
      cellEnd = cellFirstUnit(grid, cell + 1);
      tally = tallyOf(cell);
    }
    const start = k * UNIT_BYTES;
    const end = Math.min(start + UNIT_BYTES, block.bytes);
    let bad = NONE;
    if (block.bad.length > 0) {
      const first = k * unitSectors;
      bad = block.bad.filter((s) => s >= first && s < first + unitSectors).map((s) => s - first);
    }
    tallyUnit(tally, classifier, block.data, start, end, bad, sectorSize, scratch);
  }
}
