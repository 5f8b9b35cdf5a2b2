// Messages between the thread that starts a job (main process, CLI, bench) and the job's worker
// thread. LBAs and offsets travel as decimal strings, as on the contract's wire.

import type {
  HashAlgorithm,
  JobProgress,
  JobResult,
  MapCellView,
  MapMode,
  SearchHit,
  SearchPattern,
  WireError,
} from '../shared/contract';

/** A job as the worker runs it: everything already validated by the starting side. */
export type WorkerJobSpec =
  | { kind: 'hash'; algorithms: HashAlgorithm[] }
  | { kind: 'search'; pattern: SearchPattern; alignedToSector: boolean; maxHits: number }
  /** Writes to `fd`, a new file the starting side opened and closes once the worker is done. */
  | { kind: 'export'; fd: number; destination: string }
  | { kind: 'verify' }
  | { kind: 'map'; mode: MapMode; cells: number; samplesPerCell: number };

export interface JobWorkerData {
  role: 'job';
  path: string;
  /** The sector size the disk was opened with: the job refuses to run if it reads otherwise. */
  logicalSectorSize: number;
  kind: 'block' | 'file';
  /** Size in bytes the starting side saw; the job refuses to run if the disk changed. */
  size: string;
  lba: string;
  count: string;
  spec: WorkerJobSpec;
  retries: number;
  blockBytes: number;
}

export type ToWorker = { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'hits'; hits: SearchHit[] }
  /** Map cells that changed, in index order (a map job). */
  | { type: 'cells'; cells: MapCellView[] }
  | { type: 'done'; result: JobResult }
  | { type: 'failed'; error: WireError }
  | { type: 'cancelled' };
