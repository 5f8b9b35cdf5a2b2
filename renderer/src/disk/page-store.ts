import {
  SectorscopeError,
  type DiskApi,
  type DiskGeometry,
} from '../../../electron/shared/contract';
import { ConnectionLostError } from '../api/connection-lost';

/** A page as the disk gave it. */
export interface Page {
  /** Bytes of the page; shorter than pageBytes only at the end of the disk. */
  data: Uint8Array;
  /**
   * LBAs of this page the disk could not read (decimal strings), each with the reason its source
   * gave: the only `??` there is.
   */
  unreadable: Map<string, string>;
  /** Read before the connection was lost (or the disk reopened): shown until read afresh. */
  stale?: boolean;
}

/**
 * Why a page has no bytes and is not being read. None of these says anything about the sectors
 * themselves, so they show as not loaded, never as unreadable.
 */
export type NotLoadedReason =
  /** The connection to the service was lost; read again once it is back. */
  | 'connection'
  /** The disk went away (error code GONE); read again only when it is reopened. */
  | 'gone'
  /** The user stopped waiting for a disk that did not answer; read again on Retry. */
  | 'cancelled'
  /** The service refused or failed the read as a whole (not a bad sector). */
  | 'failed';

export interface NotLoaded {
  reason: NotLoadedReason;
  message: string;
}

export type PageState =
  { kind: 'loaded'; page: Page } | { kind: 'loading' } | { kind: 'not-loaded'; why: NotLoaded };

/** What the banners need to know about the store's reads. */
export interface StoreStatus {
  /** When the oldest read still awaited was sent (the store's clock), or null. */
  waitingSince: number | null;
  /** The LBAs of that oldest read, or null. */
  waitingLbas: { first: bigint; last: bigint } | null;
  /** Reads awaited in all. */
  waitingReads: number;
  /** The message of the GONE error, once the disk went away. */
  gone: string | null;
  /** Pages given up on with cancelWaiting, not read since. */
  cancelledPages: number;
}

/** Reads at a time the view waits for. */
const MAX_IN_FLIGHT = 4;
/**
 * Reads sent and not answered, including those given up on: a read stuck in the kernel cannot
 * be taken back, and serve serves at most 32 requests of a connection at once (the rest wait).
 */
const MAX_OUTSTANDING = 24;
/** Pages read ahead in the direction of travel, and behind. */
const AHEAD = 2;
const BEHIND = 1;

interface Read {
  index: bigint;
  since: number;
  /** The user stopped waiting for it (cancelWaiting); its answer is still taken if it comes. */
  abandoned: boolean;
}

export interface PageStoreOptions {
  pageBytes?: number;
  maxPages?: number;
  /** The clock for waitingSince; Date.now unless a test says otherwise. */
  now?: () => number;
}

/**
 * Fetches fixed-size pages of the disk on demand: the visible ones first, then read-ahead in the
 * direction of travel. Keeps the most recently wanted pages (a bounded cache), drops queued
 * requests the view moved away from, keeps the answers that still come for them.
 */
export class PageStore {
  readonly pageBytes: number;
  private readonly sectorsPerPage: bigint;
  private readonly sectorSize: bigint;
  private readonly sizeBytes: bigint;
  private readonly sectorCount: bigint;
  private readonly maxPages: number;
  private readonly now: () => number;
  private session: string;
  private readonly pages = new Map<string, Page>();
  private readonly notLoaded = new Map<string, NotLoaded>();
  private readonly inFlight = new Map<string, Read>();
  private queue: bigint[] = [];
  private wanted = new Set<string>();
  private lastWant: { first: bigint; last: bigint; direction: 1 | -1 } | null = null;
  private readonly listeners = new Set<(pageIndex: bigint) => void>();
  private readonly statusListeners = new Set<() => void>();
  private currentStatus: StoreStatus = {
    waitingSince: null,
    waitingLbas: null,
    waitingReads: 0,
    gone: null,
    cancelledPages: 0,
  };
  /** The message of the GONE error, once a read said the disk went away. */
  private gone: string | null = null;
  private disposed = false;

  constructor(
    private readonly api: DiskApi,
    session: string,
    geometry: DiskGeometry,
    options: PageStoreOptions = {},
  ) {
    this.session = session;
    this.sectorSize = BigInt(geometry.logicalSectorSize);
    this.pageBytes = Math.max(options.pageBytes ?? 64 * 1024, geometry.logicalSectorSize);
    this.sectorsPerPage = BigInt(this.pageBytes) / this.sectorSize;
    this.sizeBytes = BigInt(geometry.size);
    this.sectorCount = BigInt(geometry.sectorCount);
    this.maxPages = options.maxPages ?? 256;
    this.now = options.now ?? Date.now;
  }

  /** Called with the index of each page that arrives or fails. */
  subscribe(listener: (pageIndex: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  status = (): StoreStatus => this.currentStatus;

  pageIndexOf(offset: bigint): bigint {
    return offset / BigInt(this.pageBytes);
  }

  /** The bytes of a page when the disk gave them (perhaps stale), else undefined. */
  page(index: bigint): Page | undefined {
    return this.pages.get(index.toString());
  }

  pageState(index: bigint): PageState {
    const key = index.toString();
    const page = this.pages.get(key);
    if (page) return { kind: 'loaded', page };
    const why = this.notLoaded.get(key);
    return why ? { kind: 'not-loaded', why } : { kind: 'loading' };
  }

  /**
   * Bytes [offset, offset+length) from loaded pages, clipped at the end of the disk; null while
   * any of them is loading, not loaded or unreadable.
   */
  bytesAt(offset: bigint, length: number): Uint8Array | null {
    const end = offset + BigInt(length) < this.sizeBytes ? offset + BigInt(length) : this.sizeBytes;
    if (end <= offset) return new Uint8Array(0);
    const out = new Uint8Array(Number(end - offset));
    for (let at = offset; at < end;) {
      const page = this.page(this.pageIndexOf(at));
      if (!page) return null;
      const lba = at / this.sectorSize;
      if (page.unreadable.has(lba.toString())) return null;
      const sectorEnd = (lba + 1n) * this.sectorSize;
      const stop = sectorEnd < end ? sectorEnd : end;
      const from = Number(at % BigInt(this.pageBytes));
      const chunk = page.data.subarray(from, from + Number(stop - at));
      if (chunk.length < Number(stop - at)) return null;
      out.set(chunk, Number(at - offset));
      at = stop;
    }
    return out;
  }

  /** True when every page of bytes [first, last] is here fresh, or will not come by itself. */
  has(first: bigint, last: bigint): boolean {
    const end = last < this.sizeBytes ? last : this.sizeBytes - 1n;
    for (let i = this.pageIndexOf(first < 0n ? 0n : first); i <= this.pageIndexOf(end); i++) {
      const key = i.toString();
      const page = this.pages.get(key);
      if ((!page || page.stale) && !this.notLoaded.has(key)) return false;
    }
    return true;
  }

  /**
   * Asks for bytes [first, last] and resolves once they are here or after `timeoutMs`,
   * whichever comes first. A jump waits on this so that it paints once, with the bytes,
   * rather than first with placeholders; a slow disk still shows placeholders soon.
   */
  fetchSoon(first: bigint, last: bigint, timeoutMs: number, direction: 1 | -1 = 1): Promise<void> {
    this.want(first, last, direction);
    if (this.has(first, last)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.subscribe(() => {
        if (this.has(first, last)) done();
      });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  }

  /** Declares the byte range on screen; direction is +1 scrolling down, -1 up. */
  want(firstOffset: bigint, lastOffset: bigint, direction: 1 | -1): void {
    if (this.disposed) return;
    this.lastWant = { first: firstOffset, last: lastOffset, direction };
    const lastPage = this.pageIndexOf(this.sizeBytes - 1n);
    const first = this.pageIndexOf(firstOffset < 0n ? 0n : firstOffset);
    const last = this.pageIndexOf(lastOffset < this.sizeBytes ? lastOffset : this.sizeBytes - 1n);
    const order: bigint[] = [];
    for (let i = first; i <= last; i++) order.push(i);
    const forward = direction > 0 ? 1n : -1n;
    const edge = direction > 0 ? last : first;
    const back = direction > 0 ? first : last;
    for (let i = 1n; i <= BigInt(AHEAD); i++) order.push(edge + forward * i);
    for (let i = 1n; i <= BigInt(BEHIND); i++) order.push(back - forward * i);
    const onDisk = order.filter((index) => index >= 0n && index <= lastPage);

    this.wanted = new Set(onDisk.map(String));
    // The pages on screen are the most recently used: the cache drops the others first.
    for (let i = first; i <= last; i++) this.touch(i.toString());
    this.queue = onDisk.filter((index) => {
      const key = index.toString();
      const page = this.pages.get(key);
      return (!page || page.stale) && !this.inFlight.has(key) && !this.notLoaded.has(key);
    });
    this.pump();
  }

  /**
   * Stops waiting for the reads sent and not answered: their pages show as not loaded
   * ('cancelled'), are not asked for again until `retry`, and no longer hold up other reads.
   * A read stuck in the kernel cannot be taken back: if its answer comes after all, it is kept.
   */
  cancelWaiting(): void {
    for (const [key, read] of this.inFlight) {
      if (read.abandoned) continue;
      read.abandoned = true;
      this.notLoaded.set(key, {
        reason: 'cancelled',
        message: 'Not loaded: you stopped waiting for the disk. Retry to ask again.',
      });
      this.announce(read.index);
    }
    this.publishStatus();
    this.pump();
  }

  /**
   * Asks again for the pages given up on or cut off by a lost connection. A read given up on
   * and still unanswered is waited for again rather than sent twice.
   */
  retry(): void {
    for (const [key, why] of [...this.notLoaded]) {
      if (why.reason !== 'cancelled' && why.reason !== 'connection') continue;
      this.notLoaded.delete(key);
      const read = this.inFlight.get(key);
      if (read) read.abandoned = false;
      this.announce(BigInt(key));
    }
    this.publishStatus();
    this.wantAgain();
  }

  /**
   * The disk was opened again (after a lost connection, or a disk that went away): reads go to
   * `session` from now on. The bytes already here stay on screen, marked stale, until they are
   * read afresh; the pages on screen are read again at once.
   */
  resume(session: string): void {
    this.session = session;
    for (const page of this.pages.values()) page.stale = true;
    this.notLoaded.clear();
    // Answers to the old session's reads still count, but no longer hold up new ones.
    for (const read of this.inFlight.values()) read.abandoned = true;
    this.gone = null;
    this.publishStatus();
    this.wantAgain();
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.listeners.clear();
    this.statusListeners.clear();
  }

  private wantAgain(): void {
    const last = this.lastWant;
    if (last) this.want(last.first, last.last, last.direction);
  }

  private pump(): void {
    // Every read of a disk that went away fails the same way; ask again once it is reopened.
    if (this.gone !== null) return this.publishStatus();
    let waiting = 0;
    for (const read of this.inFlight.values()) if (!read.abandoned) waiting++;
    while (
      waiting < MAX_IN_FLIGHT &&
      this.inFlight.size < MAX_OUTSTANDING &&
      this.queue.length > 0
    ) {
      const index = this.queue.shift() as bigint;
      waiting++;
      void this.fetch(index);
    }
    this.publishStatus();
  }

  private async fetch(index: bigint): Promise<void> {
    const key = index.toString();
    const read: Read = { index, since: this.now(), abandoned: false };
    this.inFlight.set(key, read);
    const lba = index * this.sectorsPerPage;
    const remaining = this.sectorCount - lba;
    const count = Number(remaining < this.sectorsPerPage ? remaining : this.sectorsPerPage);
    let page: Page | null = null;
    let failure: NotLoaded | null = null;
    try {
      const result = await this.api.call('readSectors', {
        session: this.session,
        lba: lba.toString(),
        count,
      });
      const visibleBytes = this.sizeBytes - index * BigInt(this.pageBytes);
      const length =
        visibleBytes < BigInt(result.data.length) ? Number(visibleBytes) : result.data.length;
      const unreadable = new Map(
        result.unreadable.map((lba, i) => [lba, result.unreadableReasons[i] ?? 'I/O error']),
      );
      page = { data: result.data.subarray(0, length), unreadable };
    } catch (error) {
      failure = notLoadedBy(error);
    } finally {
      if (this.inFlight.get(key) === read) this.inFlight.delete(key);
    }
    if (this.disposed) return;
    if (page) {
      this.notLoaded.delete(key);
      this.store(key, page);
    } else if (failure) {
      // Also keeps the page from being asked for again at once; a stale page stays on screen.
      this.notLoaded.set(key, failure);
      if (failure.reason === 'gone') this.gone = failure.message;
    }
    this.announce(index);
    this.pump();
  }

  private announce(index: bigint): void {
    for (const listener of this.listeners) listener(index);
  }

  private touch(key: string): void {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.pages.set(key, page);
  }

  private store(key: string, page: Page): void {
    this.pages.delete(key);
    this.pages.set(key, page);
    for (const oldest of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      if (!this.wanted.has(oldest)) this.pages.delete(oldest);
    }
  }

  private publishStatus(): void {
    let oldest: Read | null = null;
    let waitingReads = 0;
    for (const read of this.inFlight.values()) {
      if (read.abandoned) continue;
      waitingReads++;
      if (oldest === null || read.since < oldest.since) oldest = read;
    }
    let cancelledPages = 0;
    for (const why of this.notLoaded.values()) if (why.reason === 'cancelled') cancelledPages++;
    const first = oldest === null ? null : oldest.index * this.sectorsPerPage;
    const end = first === null ? null : first + this.sectorsPerPage - 1n;
    const waitingLbas =
      first === null || end === null
        ? null
        : { first, last: end < this.sectorCount ? end : this.sectorCount - 1n };
    const since = oldest?.since ?? null;
    const previous = this.currentStatus;
    if (
      previous.waitingSince === since &&
      previous.waitingLbas?.first === waitingLbas?.first &&
      previous.waitingReads === waitingReads &&
      previous.cancelledPages === cancelledPages &&
      previous.gone === this.gone
    ) {
      return;
    }
    this.currentStatus = {
      waitingSince: since,
      waitingLbas,
      waitingReads,
      gone: this.gone,
      cancelledPages,
    };
    for (const listener of this.statusListeners) listener();
  }
}

/** What a failed readSectors call means for its page. */
function notLoadedBy(error: unknown): NotLoaded {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConnectionLostError) return { reason: 'connection', message };
  if (error instanceof SectorscopeError && error.code === 'GONE')
    return { reason: 'gone', message };
  return { reason: 'failed', message };
}
