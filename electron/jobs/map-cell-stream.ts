// The cells of a map job on their way to the starting side: every cell at the start (pending,
// so a viewer can lay the map out at once), then the cells that changed, in batches at most ten
// times a second, each cell in a batch once, as it stands when the batch goes.

import type { MapCellView } from '../shared/contract';

/** Changed cells go out when the oldest change has waited this long. */
const CELL_BATCH_MS = 100;

export class CellStream {
  readonly #viewOf: (index: number) => MapCellView;
  readonly #send: (cells: MapCellView[]) => void;
  readonly #changed = new Set<number>();
  #firstChange = 0;

  constructor(viewOf: (index: number) => MapCellView, send: (cells: MapCellView[]) => void) {
    this.#viewOf = viewOf;
    this.#send = send;
  }

  /** Sends every cell as it stands: the map's layout before anything is read. */
  sendAll(cellCount: number): void {
    this.#send(Array.from({ length: cellCount }, (_, index) => this.#viewOf(index)));
  }

  changed(index: number): void {
    if (this.#changed.size === 0) this.#firstChange = performance.now();
    this.#changed.add(index);
  }

  /** Sends the changed cells if the oldest change has waited long enough. */
  flushIfDue(): void {
    if (this.#changed.size > 0 && performance.now() - this.#firstChange >= CELL_BATCH_MS) {
      this.flush();
    }
  }

  flush(): void {
    if (this.#changed.size === 0) return;
    const indexes = [...this.#changed].sort((a, b) => a - b);
    this.#changed.clear();
    this.#send(indexes.map((index) => this.#viewOf(index)));
  }
}
