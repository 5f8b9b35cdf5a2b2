// What is drawn over the content map, in cell positions: a position is a cell's index plus how
// far through it an LBA lies (0 up to 1), so 3.5 is the middle of cell 3. Worked out once per
// change of the cells or of what is marked; drawing (draw-overlay.ts) only scales it.

import type { MapCellView } from '../../../electron/shared/contract';
import type { PartitionsJson } from '../../../electron/shared/disk';
import { lbaRuns } from '../../../electron/shared/lba-runs';
import type { MapMark } from '../structure/map-marks';

/** From `from` up to `to` (positions, from < to). */
export interface CellRun {
  from: number;
  to: number;
}

export interface LabelledRun extends CellRun {
  label: string;
}

/** Marks of one kind (and colour) in a lane of their own along the bottom of the cells. */
export interface MarkLane {
  kind: string;
  /** A colour of its own (a bookmark's); else the kind's. */
  color?: string;
  /** In order, none overlapping. */
  runs: CellRun[];
}

export interface OverlayModel {
  partitions: LabelledRun[];
  gaps: LabelledRun[];
  lanes: MarkLane[];
  /** The sectors the grid shows. */
  view: CellRun | null;
}

/** Where LBAs fall among a map's cells (in LBA order, touching, as every map's are). */
export class CellPositions {
  private readonly starts: bigint[];
  private readonly first: bigint;
  private readonly end: bigint;

  constructor(cells: readonly Pick<MapCellView, 'start' | 'end'>[]) {
    this.starts = cells.map((cell) => BigInt(cell.start));
    this.first = this.starts[0] ?? 0n;
    const last = cells.at(-1);
    this.end = last ? BigInt(last.end) + 1n : 0n;
  }

  get count(): number {
    return this.starts.length;
  }

  /** These cells are laid out as the ones this was made of (a map filling in). */
  fits(cells: readonly Pick<MapCellView, 'start' | 'end'>[]): boolean {
    const last = cells.at(-1);
    return (
      cells.length === this.starts.length &&
      (cells.length === 0 ||
        (BigInt(cells[0]?.start ?? -1) === this.first && BigInt(last?.end ?? -1) + 1n === this.end))
    );
  }

  /** The position of `lba`: 0 at or before the first cell, the cell count at or past the end. */
  of(lba: bigint): number {
    if (lba <= this.first) return 0;
    if (lba >= this.end) return this.starts.length;
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as bigint) <= lba) low = middle;
      else high = middle - 1;
    }
    const start = this.starts[low] as bigint;
    const next = this.starts[low + 1] ?? this.end;
    return low + Number(lba - start) / Number(next - start);
  }

  /** The run of LBAs first..last (inclusive), or null where it misses the map. */
  run(first: bigint, last: bigint): CellRun | null {
    const from = this.of(first);
    const to = this.of(last + 1n);
    return to > from ? { from, to } : null;
  }
}

/** Runs that overlap or touch become one. */
function merged(runs: CellRun[]): CellRun[] {
  runs.sort((a, b) => a.from - b.from);
  const out: CellRun[] = [];
  for (const run of runs) {
    const last = out.at(-1);
    if (last && run.from <= last.to) last.to = Math.max(last.to, run.to);
    else out.push({ ...run });
  }
  return out;
}

export const BAD_SECTOR_KIND = 'bad-sector';

export function overlayModel(input: {
  positions: CellPositions;
  report: PartitionsJson | null;
  marks: readonly MapMark[];
  /** Unreadable LBAs (decimal, ascending), as a map's result lists them. */
  badSectors: readonly string[];
  view: { first: bigint; last: bigint } | null;
}): OverlayModel {
  const { positions, report } = input;
  const partitions: LabelledRun[] = [];
  const gaps: LabelledRun[] = [];
  for (const p of report?.partitions ?? []) {
    if (p.kind === 'extended') continue;
    const run = positions.run(BigInt(p.start), BigInt(p.end));
    if (run) partitions.push({ ...run, label: `#${p.index}` });
  }
  // Without partitions all of the disk is a gap: hatching it would only hide the map.
  for (const gap of partitions.length > 0 ? (report?.gaps ?? []) : []) {
    const run = positions.run(BigInt(gap.start), BigInt(gap.end));
    if (run) gaps.push({ ...run, label: 'unallocated' });
  }

  const byLane = new Map<string, { lane: MarkLane; runs: CellRun[] }>();
  const add = (kind: string, color: string | undefined, run: CellRun | null) => {
    if (!run) return;
    const key = `${kind}\u0000${color ?? ''}`;
    let entry = byLane.get(key);
    if (!entry) {
      entry = { lane: { kind, runs: [], ...(color ? { color } : {}) }, runs: [] };
      byLane.set(key, entry);
    }
    entry.runs.push(run);
  };
  for (const mark of input.marks) {
    add(mark.kind, mark.color, positions.run(mark.start, mark.end));
  }
  for (const run of lbaRuns(input.badSectors)) {
    const { start, end } = run;
    add(BAD_SECTOR_KIND, undefined, positions.run(BigInt(start), BigInt(end)));
  }
  const lanes = [...byLane.values()].map(({ lane, runs }) => ({ ...lane, runs: merged(runs) }));

  const view = input.view ? positions.run(input.view.first, input.view.last) : null;
  return { partitions, gaps, lanes, view };
}
