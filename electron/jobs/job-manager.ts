// The service's jobs: starts them, names them, turns their progress, hits and outcome into the
// contract's events, and cancels them.

import { randomUUID } from 'node:crypto';
import { SectorscopeError, type MapCellsUpdate, type ServerEvent } from '../shared/contract';
import type { ExportTarget } from './export-destination';
import type { RunningJob } from './job-thread';
import { launchJob, type PreparedJob } from './launch-job';
import { MapCellStores } from './map-cell-store';

/** Each job holds about 16 MiB of buffers and one or two threads; this bounds the total. */
export const MAX_RUNNING_JOBS = 4;

export class JobManager {
  readonly #emit: (event: ServerEvent) => void;
  readonly #maxRunning: number;
  readonly #running = new Map<string, RunningJob>();
  /** Starts in progress (creating an export file, starting a thread): they count as running. */
  #starting = 0;
  /** Every id handed out, so a late cancel of a finished job is a no-op, not an error. */
  readonly #known = new Set<string>();
  /** The cells of map jobs, for mapCells. */
  readonly #maps = new MapCellStores();

  constructor(emit: (event: ServerEvent) => void, maxRunning = MAX_RUNNING_JOBS) {
    this.#emit = emit;
    this.#maxRunning = maxRunning;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /** Starts a prepared job; its events follow under the returned id. */
  async start(job: PreparedJob, exportTo?: ExportTarget): Promise<string> {
    if (this.#running.size + this.#starting >= this.#maxRunning) {
      throw new SectorscopeError(
        'UNSUPPORTED',
        `${this.#maxRunning === 1 ? 'A job is' : `${this.#maxRunning} jobs are`} running ` +
          'already, the most at once: wait for one to finish or cancel one.',
      );
    }
    const id = randomUUID();
    this.#starting++;
    const map = job.spec.kind === 'map' ? this.#maps.open(id) : undefined;
    let running: RunningJob;
    try {
      running = await launchJob(job, exportTo, {
        onProgress: (progress) => this.#emit({ type: 'jobProgress', job: id, progress }),
        onHits: (hits) => this.#emit({ type: 'jobHits', job: id, hits }),
        onCells: map && ((cells) => map.apply(cells)),
      });
    } catch (error) {
      this.#maps.ended(id);
      throw error;
    } finally {
      this.#starting--;
    }
    this.#known.add(id);
    this.#running.set(id, running);
    void running.done.then((end) => {
      this.#running.delete(id);
      if (map) this.#maps.ended(id);
      this.#emit({ type: 'jobDone', job: id, ...end });
    });
    return id;
  }

  cancel(id: string): void {
    const running = this.#running.get(id);
    if (running) {
      running.cancel();
      return;
    }
    if (!this.#known.has(id)) {
      throw new SectorscopeError(
        'INVALID_ARGUMENT',
        `No job has the id ${id}: it was never started here.`,
      );
    }
  }

  /** The cells of a map job changed since revision `since` (a request's value, unchecked). */
  mapCells(id: string, since: unknown): MapCellsUpdate {
    return this.#maps.cells(id, since);
  }

  /** Cancels every job and waits until each has reported its end (a second at most). */
  async dispose(): Promise<void> {
    const running = [...this.#running.values()];
    for (const job of running) job.cancel();
    await Promise.all(running.map((job) => job.done));
  }
}
