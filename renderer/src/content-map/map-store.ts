// The content maps of one disk view: the whole disk's, and those of ranges zoomed into, each a
// quick map and maybe a full one refining it. Map jobs are filed in the view's JobStore (so
// that they show in the job list, with Cancel); each of their events there brings a mapCells
// call for the cells changed since the last (one call at a time per job), and so does their end.

import type {
  DiskApi,
  JobProgress,
  MapCellView,
  MapMode,
  MapResult,
} from '../../../electron/shared/contract';
import type { JobState, JobStore } from '../jobs/job-store';
import { CellPositions } from './overlay-model';

export interface MapPass {
  job: string;
  mode: MapMode;
  status: JobState['status'];
  progress: JobProgress | null;
  /** By index; the first reply lays out every cell (pending until read). */
  cells: readonly MapCellView[];
  result: MapResult | null;
  error: string | null;
}

/** A range of the disk with its maps; the whole disk when `range` is null. */
export interface MapLevel {
  range: { lba: bigint; count: bigint } | null;
  quick: MapPass | null;
  full: MapPass | null;
  /** Why the last map could not start. */
  error: string | null;
}

export interface ContentMapState {
  /** The whole disk first, then each range zoomed into; the last is on view. */
  levels: readonly MapLevel[];
  /** The cells on view: the full map's where it has read them, else the quick map's. */
  cells: readonly MapCellView[];
  /** LBAs the maps on view found unreadable (decimal, ascending). */
  badSectors: readonly string[];
  /** Where LBAs fall among the cells on view: made anew only when they are laid out anew. */
  positions: CellPositions;
}

export interface MapDisk {
  session: string;
  path: string;
}

const WHOLE_DISK: MapLevel = { range: null, quick: null, full: null, error: null };

export function levelName(level: MapLevel): string {
  const { range } = level;
  return range ? `LBA ${range.lba}–${range.lba + range.count - 1n}` : 'the whole disk';
}

export function runningPass(level: MapLevel): MapPass | null {
  if (level.full?.status === 'running') return level.full;
  return level.quick?.status === 'running' ? level.quick : null;
}

export class ContentMapStore {
  private state: ContentMapState = {
    levels: [WHOLE_DISK],
    cells: [],
    badSectors: [],
    positions: new CellPositions([]),
  };
  private readonly listeners = new Set<() => void>();
  /** Job states last seen in the JobStore, to act on changes only. */
  private readonly seen = new Map<string, JobState>();
  private readonly revisions = new Map<string, number>();
  private readonly fetching = new Set<string>();
  private readonly fetchAgain = new Set<string>();
  private disk: MapDisk;

  constructor(
    private readonly api: DiskApi,
    private readonly jobs: JobStore,
    disk: MapDisk,
  ) {
    this.disk = disk;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ContentMapState => this.state;

  /** Follows the JobStore until the returned function is called. */
  attach(): () => void {
    const stop = this.jobs.subscribe(this.onJobs);
    this.onJobs();
    return stop;
  }

  /** A reopened disk has a new session: maps from now on read through it. */
  setDisk(disk: MapDisk): void {
    this.disk = disk;
  }

  get top(): MapLevel {
    return this.state.levels.at(-1) as MapLevel;
  }

  /** Starts a map of the range on view: a quick map anew, or a full one refining it. */
  async start(mode: MapMode): Promise<void> {
    const level = this.top;
    const { session, path } = this.disk;
    const range = level.range
      ? { lba: String(level.range.lba), count: String(level.range.count) }
      : undefined;
    let job: string;
    try {
      const started = await this.api.call('startJob', {
        session,
        spec: { kind: 'map', mode },
        ...(range ? { range } : {}),
      });
      if (!started) return;
      job = started.job;
    } catch (failure) {
      this.replaceLevel(level, { ...level, error: (failure as Error).message });
      return;
    }
    const pass: MapPass = {
      job,
      mode,
      status: 'running',
      progress: null,
      cells: [],
      result: null,
      error: null,
    };
    if (!this.state.levels.includes(level)) {
      // Left (Up) while it started.
      void this.cancelJob(job);
      return;
    }
    const next =
      mode === 'quick' ? { ...level, quick: pass, full: null } : { ...level, full: pass };
    // A new quick map replaces the maps before it: stop those still running.
    for (const old of mode === 'quick' ? [level.quick, level.full] : [level.full]) {
      if (old?.status === 'running') void this.cancelJob(old.job);
    }
    this.replaceLevel(level, { ...next, error: null });
    this.jobs.started(job, 'map', `${mode} map of ${levelName(level)}`, { session, path });
    this.pull(job);
  }

  /** Cancels the maps of the range on view. */
  cancel(): void {
    const level = this.top;
    for (const pass of [level.quick, level.full]) {
      if (pass?.status === 'running') void this.cancelJob(pass.job);
    }
  }

  /** Maps a range of the disk (what the canvas shows, zoomed in), on top of the maps so far. */
  async zoomInto(range: { lba: bigint; count: bigint }): Promise<void> {
    this.setLevels([...this.state.levels, { range, quick: null, full: null, error: null }]);
    await this.start('quick');
  }

  /** Back to the range before (the whole disk at last), stopping this range's maps. */
  up(): void {
    if (this.state.levels.length < 2) return;
    this.cancel();
    this.setLevels(this.state.levels.slice(0, -1));
  }

  private cancelJob(job: string): Promise<unknown> {
    return this.api.call('cancelJob', { job }).catch(() => undefined);
  }

  private onJobs = (): void => {
    for (const job of this.jobs.getSnapshot()) {
      if (job.kind !== 'map' || !this.passOf(job.id) || this.seen.get(job.id) === job) continue;
      this.seen.set(job.id, job);
      this.updatePass(job.id, (pass) => ({
        ...pass,
        status: job.status,
        progress: job.progress,
        result: job.result?.kind === 'map' ? job.result : null,
        error: job.error?.message ?? null,
      }));
      this.pull(job.id);
    }
  };

  /** Asks for the job's changed cells; a call already on its way is followed by one more. */
  private pull(job: string): void {
    if (this.fetching.has(job)) {
      this.fetchAgain.add(job);
      return;
    }
    this.fetching.add(job);
    const since = this.revisions.get(job) ?? 0;
    this.api
      .call('mapCells', { job, since })
      .then(
        (update) => {
          this.revisions.set(job, update.revision);
          if (update.cells.length > 0)
            this.updatePass(job, (pass) => withCells(pass, update.cells));
        },
        () => {
          // The service keeps the cells of its last few maps only: a finished job's result
          // holds them all.
          this.updatePass(job, (pass) => (pass.result ? withCells(pass, pass.result.cells) : pass));
        },
      )
      .finally(() => {
        this.fetching.delete(job);
        if (this.fetchAgain.delete(job)) this.pull(job);
      });
  }

  private passOf(job: string): MapPass | null {
    for (const level of this.state.levels) {
      if (level.quick?.job === job) return level.quick;
      if (level.full?.job === job) return level.full;
    }
    return null;
  }

  private updatePass(job: string, change: (pass: MapPass) => MapPass): void {
    const levels = this.state.levels.map((level) => {
      if (level.quick?.job === job) return { ...level, quick: change(level.quick) };
      if (level.full?.job === job) return { ...level, full: change(level.full) };
      return level;
    });
    this.setLevels(levels);
  }

  private replaceLevel(old: MapLevel, next: MapLevel): void {
    this.setLevels(this.state.levels.map((level) => (level === old ? next : level)));
  }

  private setLevels(levels: readonly MapLevel[]): void {
    const top = levels.at(-1) as MapLevel;
    const before = this.state.levels.at(-1);
    const sameTop =
      before &&
      before.quick === top.quick &&
      before.full === top.full &&
      before.range === top.range;
    if (sameTop) {
      this.state = { ...this.state, levels };
    } else {
      const cells = shownCells(top);
      const { positions } = this.state;
      this.state = {
        levels,
        cells,
        badSectors: badSectorsOf(top),
        positions: positions.fits(cells) ? positions : new CellPositions(cells),
      };
    }
    for (const listener of this.listeners) listener();
  }
}

function withCells(pass: MapPass, cells: readonly MapCellView[]): MapPass {
  const next = pass.cells.slice();
  for (const cell of cells) next[cell.index] = cell;
  return { ...pass, cells: next };
}

/** The full map's cells where it has read them all, the quick map's elsewhere. */
export function shownCells(level: MapLevel): readonly MapCellView[] {
  const quick = level.quick?.cells ?? [];
  const full = level.full?.cells;
  if (!full || full.length === 0) return quick;
  return full.map((cell, i) => (cell.exact ? cell : (quick[i] ?? cell)));
}

function badSectorsOf(level: MapLevel): readonly string[] {
  const lbas = new Set<string>();
  for (const pass of [level.quick, level.full]) {
    for (const lba of pass?.result?.badSectors ?? []) lbas.add(lba);
  }
  return [...lbas].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
