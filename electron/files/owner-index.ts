// The block-to-file index of one file system: a map of extents, never one entry per block. Each
// table holds runs sorted by first block in typed arrays (36 bytes a run: first block, length,
// stream, offset in the stream, and the furthest end so far, for overlapping runs); a lookup is
// a binary search. Streams are a file's content or one NTFS attribute, with the path that names
// it. Built on a file system thread (owner-index-builder.ts); looked up wherever it is held.

export const OWNER_INDEX_VERSION = 2;

/** Stream flags. */
export const STREAM_META_ALLOCATED = 0x01;
/** The file system's own files ($MFT, $FAT1, the ext journal...). */
export const STREAM_SYSTEM = 0x02;
/** The stream is one attribute of several (its address is ADDR-TYPE-ID). */
export const STREAM_ATTRIBUTE = 0x04;

export interface StreamTable {
  /** Path from the root (":stream" for named NTFS streams), or null when no name is known. */
  paths: (string | null)[];
  inodes: Float64Array;
  /** Bytes of content; a run's blocks past it are the file's slack. */
  sizes: Float64Array;
  attributeTypes: Int32Array;
  attributeIds: Int32Array;
  flags: Uint8Array;
  /** Stream numbers ordered by inode (the first stream of each), to find an inode's name. */
  byInode: Int32Array;
}

export interface ExtentTable {
  starts: Float64Array;
  lengths: Float64Array;
  streams: Int32Array;
  /** Block offset of the run in its stream. */
  offsets: Float64Array;
  /** The largest start + length of runs 0..i: where a search for overlaps may stop. */
  maxEnds: Float64Array;
}

export interface OwnerIndexData {
  version: number;
  filesystem: {
    type: string;
    offset: number;
    blockSize: number;
    firstBlock: number;
    lastBlock: number;
    /** NTFS: bytes of an MFT record, to name the file whose record a sector of $MFT holds. */
    mftRecordBytes: number | null;
  };
  streams: StreamTable;
  /** Runs of files whose metadata is allocated. */
  allocated: ExtentTable;
  /** Runs deleted files' metadata still names (their blocks may have been reused). */
  deleted: ExtentTable;
  /** Blocks the file system marks as its own metadata (no stream). */
  metadata: ExtentTable;
  /** Blocks nothing holds now (no stream). */
  unallocated: ExtentTable;
  counts: { names: number; streams: number; inodes: number; warnings: string[] };
}

export interface StreamHit {
  stream: number;
  /** Block offset in the stream. */
  blockInStream: number;
}

/** Every run of `table` that holds `block`, newest start first. */
export function runsHolding(table: ExtentTable, block: number, limit = 8): StreamHit[] {
  const { starts, lengths, streams, offsets, maxEnds } = table;
  let low = 0;
  let high = starts.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((starts[middle] ?? 0) <= block) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  const hits: StreamHit[] = [];
  for (let i = last; i >= 0 && hits.length < limit; i--) {
    if ((maxEnds[i] ?? 0) <= block) break;
    const start = starts[i] ?? 0;
    if (block < start + (lengths[i] ?? 0)) {
      hits.push({ stream: streams[i] ?? -1, blockInStream: block - start + (offsets[i] ?? 0) });
    }
  }
  return hits;
}

export type BlockOwner =
  | { kind: 'file'; hit: StreamHit }
  /** `marked`: the file system marks the block as metadata; else it is allocated, no file's. */
  | { kind: 'metadata'; hit: StreamHit | null; marked: boolean }
  | { kind: 'unallocated'; formerly: StreamHit[] }
  | { kind: 'outside' };

/** Who holds file system block `block`. */
export function ownerOfBlock(index: OwnerIndexData, block: number): BlockOwner {
  const { firstBlock, lastBlock } = index.filesystem;
  if (block < firstBlock || block > lastBlock) return { kind: 'outside' };
  const [hit] = runsHolding(index.allocated, block, 1);
  const marked = runsHolding(index.metadata, block, 1).length > 0;
  if (hit) {
    const system = ((index.streams.flags[hit.stream] ?? 0) & STREAM_SYSTEM) !== 0;
    return system ? { kind: 'metadata', hit, marked } : { kind: 'file', hit };
  }
  if (marked) return { kind: 'metadata', hit: null, marked };
  if (runsHolding(index.unallocated, block, 1).length > 0) {
    return { kind: 'unallocated', formerly: runsHolding(index.deleted, block) };
  }
  return { kind: 'metadata', hit: null, marked: false };
}

/** The first stream of `inode`, or -1. */
export function streamOfInode(streams: StreamTable, inode: number): number {
  const { byInode, inodes } = streams;
  let low = 0;
  let high = byInode.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const stream = byInode[middle] ?? 0;
    const at = inodes[stream] ?? 0;
    if (at === inode) return stream;
    if (at < inode) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Bytes the index's typed arrays take (the paths not counted). */
export function ownerIndexBytes(index: OwnerIndexData): number {
  const tables = [index.allocated, index.deleted, index.metadata, index.unallocated];
  const extents = tables.reduce(
    (sum, t) =>
      sum +
      t.starts.byteLength +
      t.lengths.byteLength +
      t.streams.byteLength +
      t.offsets.byteLength +
      t.maxEnds.byteLength,
    0,
  );
  const s = index.streams;
  return (
    extents +
    s.inodes.byteLength +
    s.sizes.byteLength +
    s.attributeTypes.byteLength +
    s.attributeIds.byteLength +
    s.flags.byteLength +
    s.byInode.byteLength
  );
}

export function extentCount(index: OwnerIndexData): number {
  return (
    index.allocated.starts.length +
    index.deleted.starts.length +
    index.metadata.starts.length +
    index.unallocated.starts.length
  );
}
