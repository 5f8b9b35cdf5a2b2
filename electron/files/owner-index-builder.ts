// Gathers streams and their runs while a file system is walked, then sorts them into the tables
// of owner-index.ts. Runs grow in typed arrays that double when full, so a file system with
// millions of runs costs 36 bytes a run, not an object each.

import {
  OWNER_INDEX_VERSION,
  type ExtentTable,
  type OwnerIndexData,
  type StreamTable,
} from './owner-index';

class RunList {
  starts = new Float64Array(1024);
  lengths = new Float64Array(1024);
  streams = new Int32Array(1024);
  offsets = new Float64Array(1024);
  count = 0;

  add(start: number, length: number, stream: number, offset: number): void {
    if (this.count === this.starts.length) this.#grow();
    const i = this.count++;
    this.starts[i] = start;
    this.lengths[i] = length;
    this.streams[i] = stream;
    this.offsets[i] = offset;
  }

  /** Joins `length` blocks from `start` to the last run when they follow it (metadata blocks). */
  addBlocks(start: number, length: number): void {
    const last = this.count - 1;
    if (last >= 0 && (this.starts[last] ?? 0) + (this.lengths[last] ?? 0) === start) {
      this.lengths[last] = (this.lengths[last] ?? 0) + length;
    } else this.add(start, length, -1, 0);
  }

  #grow(): void {
    const size = this.starts.length * 2;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.starts = grow(this.starts, (n) => new Float64Array(n));
    this.lengths = grow(this.lengths, (n) => new Float64Array(n));
    this.streams = grow(this.streams, (n) => new Int32Array(n));
    this.offsets = grow(this.offsets, (n) => new Float64Array(n));
  }

  /** The runs sorted by first block, with the running furthest end. */
  sorted(): ExtentTable {
    const n = this.count;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const starts = this.starts;
    order.sort((a, b) => (starts[a] ?? 0) - (starts[b] ?? 0) || a - b);
    const table: ExtentTable = {
      starts: new Float64Array(n),
      lengths: new Float64Array(n),
      streams: new Int32Array(n),
      offsets: new Float64Array(n),
      maxEnds: new Float64Array(n),
    };
    let maxEnd = 0;
    for (let i = 0; i < n; i++) {
      const from = order[i] ?? 0;
      const start = this.starts[from] ?? 0;
      const length = this.lengths[from] ?? 0;
      table.starts[i] = start;
      table.lengths[i] = length;
      table.streams[i] = this.streams[from] ?? -1;
      table.offsets[i] = this.offsets[from] ?? 0;
      maxEnd = Math.max(maxEnd, start + length);
      table.maxEnds[i] = maxEnd;
    }
    return table;
  }
}

/** Stream numbers sorted by inode, keeping the first stream of each inode. */
function firstStreamByInode(inodes: Float64Array): Int32Array {
  const order = new Int32Array(inodes.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (inodes[a] ?? 0) - (inodes[b] ?? 0) || a - b);
  const firsts: number[] = [];
  for (const stream of order) {
    const last = firsts.at(-1);
    if (last === undefined || inodes[last] !== inodes[stream]) firsts.push(stream);
  }
  return Int32Array.from(firsts);
}

export interface StreamFacts {
  path: string | null;
  inode: number;
  size: number;
  attributeType: number;
  attributeId: number;
  flags: number;
}

export class OwnerIndexBuilder {
  readonly allocated = new RunList();
  readonly deleted = new RunList();
  readonly metadata = new RunList();
  readonly unallocated = new RunList();
  readonly #paths: (string | null)[] = [];
  #inodes = new Float64Array(1024);
  #sizes = new Float64Array(1024);
  #types = new Int32Array(1024);
  #ids = new Int32Array(1024);
  #flags = new Uint8Array(1024);
  names = 0;
  inodes = 0;
  readonly warnings: string[] = [];

  get streamCount(): number {
    return this.#paths.length;
  }

  addStream(facts: StreamFacts): number {
    const i = this.#paths.length;
    if (i === this.#inodes.length) {
      const grow = <T extends Float64Array | Int32Array | Uint8Array>(old: T, next: T): T => {
        next.set(old);
        return next;
      };
      this.#inodes = grow(this.#inodes, new Float64Array(i * 2));
      this.#sizes = grow(this.#sizes, new Float64Array(i * 2));
      this.#types = grow(this.#types, new Int32Array(i * 2));
      this.#ids = grow(this.#ids, new Int32Array(i * 2));
      this.#flags = grow(this.#flags, new Uint8Array(i * 2));
    }
    this.#paths.push(facts.path);
    this.#inodes[i] = facts.inode;
    this.#sizes[i] = facts.size;
    this.#types[i] = facts.attributeType;
    this.#ids[i] = facts.attributeId;
    this.#flags[i] = facts.flags;
    return i;
  }

  renameStream(stream: number, path: string): void {
    this.#paths[stream] = path;
  }

  finish(filesystem: OwnerIndexData['filesystem']): OwnerIndexData {
    const n = this.#paths.length;
    const inodes = this.#inodes.slice(0, n);
    const streams: StreamTable = {
      paths: this.#paths,
      inodes,
      sizes: this.#sizes.slice(0, n),
      attributeTypes: this.#types.slice(0, n),
      attributeIds: this.#ids.slice(0, n),
      flags: this.#flags.slice(0, n),
      byInode: firstStreamByInode(inodes),
    };
    return {
      version: OWNER_INDEX_VERSION,
      filesystem,
      streams,
      allocated: this.allocated.sorted(),
      deleted: this.deleted.sorted(),
      metadata: this.metadata.sorted(),
      unallocated: this.unallocated.sorted(),
      counts: { names: this.names, streams: n, inodes: this.inodes, warnings: this.warnings },
    };
  }
}
