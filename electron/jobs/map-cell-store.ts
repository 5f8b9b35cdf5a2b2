// The cells of the service's map jobs, for the mapCells method: the latest view of each cell
// and the revision it changed in, so that a viewer polling with the revision it last saw gets
// only what changed since. Kept for the last few map jobs after they end.

import { SectorscopeError, type MapCellView, type MapCellsUpdate } from '../shared/contract';

/** Map jobs whose cells stay after they end (4,096 cells are about a megabyte). */
export const KEPT_MAPS = 8;

export class MapCellStore {
  readonly #cells: MapCellView[] = [];
  readonly #changedIn: number[] = [];
  #revision = 0;
  running = true;

  apply(cells: readonly MapCellView[]): void {
    this.#revision++;
    for (const cell of cells) {
      this.#cells[cell.index] = cell;
      this.#changedIn[cell.index] = this.#revision;
    }
  }

  since(revision: number): MapCellsUpdate {
    const cells = this.#cells.filter((_, i) => (this.#changedIn[i] as number) > revision);
    return { revision: this.#revision, cells, running: this.running };
  }
}

/** `since` as a request carries it: absent (everything), or a revision a reply gave. */
export function parseRevision(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `"since" must be a revision a mapCells reply gave (a whole number, 0 or more); got ` +
        `${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** The stores of the service's map jobs, by job id, the oldest ended ones let go first. */
export class MapCellStores {
  readonly #stores = new Map<string, MapCellStore>();

  open(job: string): MapCellStore {
    const store = new MapCellStore();
    this.#stores.set(job, store);
    return store;
  }

  ended(job: string): void {
    const store = this.#stores.get(job);
    if (store) store.running = false;
    const ended = [...this.#stores].filter(([, kept]) => !kept.running);
    for (const [id] of ended.slice(0, Math.max(0, ended.length - KEPT_MAPS))) {
      this.#stores.delete(id);
    }
  }

  cells(job: string, since: unknown): MapCellsUpdate {
    const store = this.#stores.get(job);
    if (!store) {
      throw new SectorscopeError(
        'INVALID_ARGUMENT',
        `No map job with the id ${job} is running or recently ended here.`,
      );
    }
    return store.since(parseRevision(since));
  }
}
