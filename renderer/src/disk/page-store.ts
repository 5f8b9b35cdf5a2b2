import type { DiskApi, DiskGeometry } from '../../../electron/shared/contract';

export interface Page {
  /** Bytes of the page; shorter than pageBytes only at the end of the disk. */
  data: Uint8Array;
  /** Unreadable LBAs of this page (decimal strings), or every LBA when the whole read failed. */
  unreadable: Set<string>;
  /** Set when the read failed as a whole (not a bad sector): the reason, shown in a tooltip. */
  error?: string;
}

const MAX_IN_FLIGHT = 4;

/**
 * Fetches fixed-size pages of the disk on demand: the visible ones first, then read-ahead in the
 * direction of travel. Keeps a bounded cache, drops queued requests the view moved away from and
 * ignores answers for pages that are no longer wanted.
 */
export class PageStore {
  readonly pageBytes: number;
  private readonly sectorsPerPage: bigint;
  private readonly sectorSize: bigint;
  private readonly sizeBytes: bigint;
  private readonly sectorCount: bigint;
  private readonly pages = new Map<string, Page>();
  private readonly inFlight = new Set<string>();
  private queue: bigint[] = [];
  private wanted = new Set<string>();
  private readonly listeners = new Set<(pageIndex: bigint) => void>();
  private disposed = false;

  constructor(
    private readonly api: DiskApi,
    private readonly session: string,
    geometry: DiskGeometry,
    pageBytes = 64 * 1024,
    private readonly maxPages = 256,
  ) {
    this.sectorSize = BigInt(geometry.logicalSectorSize);
    this.pageBytes = Math.max(pageBytes, geometry.logicalSectorSize);
    this.sectorsPerPage = BigInt(this.pageBytes) / this.sectorSize;
    this.sizeBytes = BigInt(geometry.size);
    this.sectorCount = BigInt(geometry.sectorCount);
  }

  /** Called with the index of each page that arrives. */
  subscribe(listener: (pageIndex: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pageIndexOf(offset: bigint): bigint {
    return offset / BigInt(this.pageBytes);
  }

  page(index: bigint): Page | undefined {
    return this.pages.get(index.toString());
  }

  /**
   * Bytes [offset, offset+length) from loaded pages, clipped at the end of the disk; null while
   * any of them is loading or unreadable.
   */
  bytesAt(offset: bigint, length: number): Uint8Array | null {
    const end = offset + BigInt(length) < this.sizeBytes ? offset + BigInt(length) : this.sizeBytes;
    if (end <= offset) return new Uint8Array(0);
    const out = new Uint8Array(Number(end - offset));
    for (let at = offset; at < end;) {
      const page = this.page(this.pageIndexOf(at));
      if (!page || page.error) return null;
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

  /** True when every page of bytes [first, last] is here (loaded, or failed for good). */
  has(first: bigint, last: bigint): boolean {
    const end = last < this.sizeBytes ? last : this.sizeBytes - 1n;
    for (let i = this.pageIndexOf(first); i <= this.pageIndexOf(end); i++) {
      if (!this.pages.has(i.toString())) return false;
    }
    return true;
  }

  /**
   * Asks for bytes [first, last] and resolves once they are here or after `timeoutMs`,
   * whichever comes first. A jump waits on this so that it paints once, with the bytes,
   * rather than first with placeholders; a slow disk still shows placeholders soon.
   */
  fetchSoon(first: bigint, last: bigint, timeoutMs: number): Promise<void> {
    this.want(first, last, 1);
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
    const lastPage = this.pageIndexOf(this.sizeBytes - 1n);
    const first = this.pageIndexOf(firstOffset);
    const last = this.pageIndexOf(lastOffset < this.sizeBytes ? lastOffset : this.sizeBytes - 1n);
    const order: bigint[] = [];
    for (let i = first; i <= last; i++) order.push(i);
    const ahead =
      direction > 0 ? [last + 1n, last + 2n, first - 1n] : [first - 1n, first - 2n, last + 1n];
    for (const index of ahead) if (index >= 0n && index <= lastPage) order.push(index);

    this.wanted = new Set(order.map(String));
    this.queue = order.filter(
      (i) => !this.pages.has(i.toString()) && !this.inFlight.has(i.toString()),
    );
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.listeners.clear();
  }

  private pump(): void {
    while (this.inFlight.size < MAX_IN_FLIGHT && this.queue.length > 0) {
      const index = this.queue.shift() as bigint;
      void this.fetch(index);
    }
  }

  private async fetch(index: bigint): Promise<void> {
    const key = index.toString();
    this.inFlight.add(key);
    const lba = index * this.sectorsPerPage;
    const remaining = this.sectorCount - lba;
    const count = Number(remaining < this.sectorsPerPage ? remaining : this.sectorsPerPage);
    let page: Page;
    try {
      const result = await this.api.call('readSectors', {
        session: this.session,
        lba: lba.toString(),
        count,
      });
      const visibleBytes = this.sizeBytes - index * BigInt(this.pageBytes);
      const length =
        visibleBytes < BigInt(result.data.length) ? Number(visibleBytes) : result.data.length;
      page = { data: result.data.subarray(0, length), unreadable: new Set(result.unreadable) };
    } catch (error) {
      const all = new Set<string>();
      for (let i = 0n; i < BigInt(count); i++) all.add((lba + i).toString());
      page = { data: new Uint8Array(0), unreadable: all, error: (error as Error).message };
    } finally {
      this.inFlight.delete(key);
    }
    if (this.disposed) return;
    if (this.wanted.has(key)) {
      this.store(key, page);
      for (const listener of this.listeners) listener(index);
    }
    this.pump();
  }

  private store(key: string, page: Page): void {
    this.pages.delete(key);
    this.pages.set(key, page);
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as string;
      if (this.wanted.has(oldest)) break;
      this.pages.delete(oldest);
    }
  }
}
