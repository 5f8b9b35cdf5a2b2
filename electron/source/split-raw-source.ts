// A split raw image as one disk: its segments end to end, as `cat` would join them, each read
// through the raw O_DIRECT reader. A few segments stay open at once; the others open when read.

import { SectorscopeError } from '../shared/contract';
import {
  type EvidenceSource,
  type SourceDetails,
  type SourceGeometry,
  type SourceIdentity,
  type SourceRead,
  type SourceReadOptions,
  type UnreadableSector,
} from './evidence-source';
import { checkReadRange, RawSource } from './raw-source';

/** Segments kept open at once (each holds a descriptor and up to two read threads). */
const OPEN_SEGMENTS = 4;

interface Segment {
  path: string;
  /** Byte offset of the segment's first byte in the joined disk. */
  start: bigint;
  size: bigint;
}

interface OpenSegment {
  source: Promise<RawSource>;
  /** Reads using it now: it is closed only when none. */
  users: number;
}

export class SplitRawSource implements EvidenceSource {
  readonly identity: SourceIdentity;
  readonly geometry: SourceGeometry;
  readonly details: SourceDetails;
  readonly #segments: Segment[];
  readonly #sectorSize: number;
  /** Open segments, least recently used first. */
  readonly #open = new Map<string, OpenSegment>();
  #closed = false;

  private constructor(
    segments: Segment[],
    sectorSize: number,
    first: RawSource,
    warnings: string[],
  ) {
    this.#segments = segments;
    this.#sectorSize = sectorSize;
    const size = segments.reduce((sum, segment) => sum + segment.size, 0n);
    const path = segments[0]?.path ?? '';
    this.identity = Object.freeze({
      kind: 'file',
      format: 'split',
      path,
      description: `split raw image in ${segments.length} files, ${sectorSize}-byte sectors, read with O_DIRECT`,
    });
    this.geometry = Object.freeze({
      size,
      logicalSectorSize: sectorSize,
      physicalSectorSize: sectorSize,
      sectorCount: (size + BigInt(sectorSize) - 1n) / BigInt(sectorSize),
      readOnly: true,
      directIO: first.geometry.directIO,
    });
    this.details = Object.freeze({
      segments: segments.map((segment) => segment.path),
      metadata: {},
      storedHashes: {},
      warnings,
      library: null,
    });
  }

  static async open(
    paths: string[],
    sectorSize: number | undefined,
    warnings: string[],
  ): Promise<SplitRawSource> {
    const segments: Segment[] = [];
    let start = 0n;
    let first: RawSource | undefined;
    for (const path of paths) {
      const segment = await RawSource.open({ path, sectorSize });
      segments.push({ path, start, size: segment.geometry.size });
      start += segment.geometry.size;
      if (first) await segment.close();
      else first = segment;
    }
    if (!first) throw new SectorscopeError('NOT_FOUND', 'A split raw image needs segments.');
    const source = new SplitRawSource(segments, first.geometry.logicalSectorSize, first, warnings);
    source.#open.set(paths[0] ?? '', { source: Promise.resolve(first), users: 0 });
    return source;
  }

  async read(offset: bigint, length: number, options: SourceReadOptions = {}): Promise<SourceRead> {
    checkReadRange(offset, length);
    if (this.#closed) {
      throw new SectorscopeError(
        'IO',
        `${this.identity.path} is closed: open it again to read from it.`,
      );
    }
    const wantedEnd = offset + BigInt(length);
    const end = wantedEnd < this.geometry.size ? wantedEnd : this.geometry.size;
    const bytes = end > offset ? Number(end - offset) : 0;
    const data = options.into ? options.into.subarray(0, bytes) : new Uint8Array(bytes);
    const unreadable: UnreadableSector[] = [];
    const sectorSize = BigInt(this.#sectorSize);
    for (const segment of this.#segments) {
      const from = offset > segment.start ? offset : segment.start;
      const segmentEnd = segment.start + segment.size;
      const to = end < segmentEnd ? end : segmentEnd;
      if (from >= to) continue;
      const part = await this.#withSegment(segment, (source) =>
        source.read(from - segment.start, Number(to - from), { retries: options.retries }),
      );
      data.set(part.data, Number(from - offset));
      for (const sector of part.unreadable) {
        // The segment's own sectors, placed on the joined disk.
        const lba = (segment.start + sector.lba * sectorSize) / sectorSize;
        if (unreadable.at(-1)?.lba !== lba) unreadable.push({ ...sector, lba });
      }
    }
    return { data, short: end < wantedEnd, unreadable };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const open = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(open.map(async (segment) => (await segment.source).close()));
  }

  /** Runs `use` on the segment's open source, opening it (and closing an idle one) if needed. */
  async #withSegment<T>(segment: Segment, use: (source: RawSource) => Promise<T>): Promise<T> {
    let entry = this.#open.get(segment.path);
    if (entry) {
      // Most recently used last.
      this.#open.delete(segment.path);
    } else {
      entry = {
        source: RawSource.open({ path: segment.path, sectorSize: this.#sectorSize }),
        users: 0,
      };
    }
    this.#open.set(segment.path, entry);
    entry.users++;
    try {
      return await use(await entry.source);
    } finally {
      entry.users--;
      this.#closeIdle();
    }
  }

  #closeIdle(): void {
    for (const [path, entry] of this.#open) {
      if (this.#open.size <= OPEN_SEGMENTS) return;
      if (entry.users > 0) continue;
      this.#open.delete(path);
      void entry.source.then((source) => source.close()).catch(() => undefined);
    }
  }
}
