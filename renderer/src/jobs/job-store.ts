import type {
  JobProgress,
  JobResult,
  JobSpec,
  SearchHit,
  ServerEvent,
  WireError,
} from '../../../electron/shared/contract';

export interface JobState {
  id: string;
  kind: JobSpec['kind'];
  label: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  progress: JobProgress | null;
  hits: SearchHit[];
  result: JobResult | null;
  error: WireError | null;
  startedAt: number;
  /** Bytes a search hit covers, to mark it in the context. */
  hitLength: number;
  /** The session of the disk the job reads; its hits mean nothing on another disk. */
  session: string;
  diskPath: string;
}

/** Jobs of one disk view, folded from the service's events (which may beat startJob's reply). */
export class JobStore {
  private jobs = new Map<string, JobState>();
  /** Events for jobs this view has not (yet) started: kept until startJob's reply names them. */
  private readonly early = new Map<string, ServerEvent[]>();
  private readonly listeners = new Set<() => void>();
  private snapshot: JobState[] = [];

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): JobState[] => this.snapshot;

  started(
    id: string,
    kind: JobSpec['kind'],
    label: string,
    disk: { session: string; path: string },
    hitLength = 1,
  ): void {
    this.put({
      ...this.blank(id, kind),
      label,
      hitLength,
      session: disk.session,
      diskPath: disk.path,
    });
    for (const event of this.early.get(id) ?? []) this.apply(event);
    this.early.delete(id);
  }

  apply(event: ServerEvent): void {
    if (
      event.type === 'sourceAdded' ||
      event.type === 'devicePickerRequested' ||
      event.type === 'fileIndex'
    ) {
      return;
    }
    const job = this.jobs.get(event.job);
    if (!job) {
      // Another view's job, or one whose startJob reply is still on its way.
      if (this.early.size > 64) this.early.clear();
      this.early.set(event.job, [...(this.early.get(event.job) ?? []), event]);
      return;
    }
    if (event.type === 'jobProgress') this.put({ ...job, progress: event.progress });
    else if (event.type === 'jobHits') this.put({ ...job, hits: [...job.hits, ...event.hits] });
    else {
      this.put({
        ...job,
        status: event.status,
        result: event.result ?? null,
        error: event.error ?? null,
      });
    }
  }

  remove(id: string): void {
    this.jobs.delete(id);
    this.publish();
  }

  private blank(id: string, kind: JobSpec['kind']): JobState {
    return {
      id,
      kind,
      label: kind,
      status: 'running',
      progress: null,
      hits: [],
      result: null,
      error: null,
      startedAt: Date.now(),
      hitLength: 1,
      session: '',
      diskPath: '',
    };
  }

  private put(job: JobState): void {
    this.jobs.set(job.id, job);
    this.publish();
  }

  private publish(): void {
    this.snapshot = [...this.jobs.values()].reverse();
    for (const listener of this.listeners) listener();
  }
}

/** Hits of the most recent search of this disk, in disk order, for F3 / Shift+F3. */
export function latestSearchHits(jobs: readonly JobState[], session: string): SearchHit[] {
  const search = jobs.find((job) => job.kind === 'search' && job.session === session);
  if (!search) return [];
  return [...search.hits].sort((a, b) => {
    const x = BigInt(a.offset);
    const y = BigInt(b.offset);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The first hit after (or before) an offset. */
export function nextHit(
  hits: readonly SearchHit[],
  from: bigint,
  direction: 1 | -1,
): SearchHit | null {
  if (direction > 0) return hits.find((hit) => BigInt(hit.offset) > from) ?? null;
  for (let i = hits.length - 1; i >= 0; i--) {
    const hit = hits[i];
    if (hit && BigInt(hit.offset) < from) return hit;
  }
  return null;
}
