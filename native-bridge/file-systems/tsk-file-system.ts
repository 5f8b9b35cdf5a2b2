// One file system opened by libtsk at a byte offset of an image: its description, a walk of every
// name (deleted ones and TSK's $OrphanFiles included), a walk of allocated metadata entries, each
// file's attributes with their runs of blocks, reads of an attribute's content (slack too), and
// the blocks the file system keeps as metadata. Synchronous: it runs on a file system thread.

import koffi, { type TypeObject } from 'koffi';
import { NativeDiskError } from '../native-disk-error';
import { openExternalImage, type ExternalImage, type SyncEvidenceReader } from './external-image';
import {
  FS_ATTR,
  FS_ATTR_RUN,
  FS_BLOCK,
  FS_FILE,
  FS_INFO,
  FS_META,
  FS_NAME,
  memberOffset,
  type FsInfo,
} from './tsk-fs-structs';
import {
  BLOCK_FLAG_META,
  BLOCK_FLAG_UNALLOC,
  BLOCK_WALK_METADATA,
  BLOCK_WALK_UNALLOCATED,
  DIR_WALK_ALL,
  DIR_WALK_NO_ORPHANS,
  META_ALLOC,
  META_UNALLOC,
  META_USED,
  READ_SLACK,
  WALK_CONT,
  WALK_ERROR,
  WALK_STOP,
  takeTskError,
  tskFs,
  type TskFsLibrary,
} from './tsk-fs-library';

export interface TskFsDescription {
  /** TSK's name of the type: "ntfs", "fat32", "ext4", "exfat", "iso9660", "hfs"... */
  type: string;
  /** Byte offset of the file system in the image. */
  offset: bigint;
  blockSize: number;
  blockCount: bigint;
  firstBlock: bigint;
  lastBlock: bigint;
  /** The last block the image holds (less than lastBlock when the image is cut short). */
  lastBlockInImage: bigint;
  rootInode: bigint;
  firstInode: bigint;
  lastInode: bigint;
  journalInode: bigint;
  /** What TSK calls a block here: "Cluster", "Sector", "Block". */
  blockName: string;
  /** The volume's id as the boot sector or superblock gives it, in hex. */
  id: string;
  library: string;
}

export interface TskName {
  name: string;
  shortName: string | null;
  metaAddr: bigint;
  metaSeq: number;
  parentAddr: bigint;
  /** TSK_FS_NAME_TYPE_ENUM. */
  type: number;
  /** 1 allocated, 2 deleted. */
  flags: number;
}

export interface TskTime {
  seconds: number;
  nanoseconds: number;
}

export interface TskMeta {
  addr: bigint;
  /** TSK_FS_META_FLAG_ENUM: 1 allocated, 2 unallocated... */
  flags: number;
  /** TSK_FS_META_TYPE_ENUM. */
  type: number;
  mode: number;
  links: number;
  size: bigint;
  uid: number;
  gid: number;
  modified: TskTime;
  accessed: TskTime;
  changed: TskTime;
  created: TskTime;
  seq: number;
  link: string | null;
}

export interface TskRun {
  /** Block of the attribute this run starts at. */
  offset: bigint;
  /** First block of the file system it occupies. */
  addr: bigint;
  length: bigint;
  /** TSK_FS_ATTR_RUN_FLAG_ENUM: 1 filler (not known), 2 sparse, 4 encrypted. */
  flags: number;
}

export interface TskAttribute {
  /** TSK_FS_ATTR_TYPE_ENUM: 128 NTFS $DATA, 1 the default of other file systems... */
  type: number;
  id: number;
  name: string | null;
  /** TSK_FS_ATTR_FLAG_ENUM: 2 non-resident, 4 resident, 0x20 compressed... */
  flags: number;
  size: bigint;
  /** Bytes of the blocks it occupies (slack included); 0 for resident data. */
  allocatedSize: bigint;
  runs: TskRun[];
}

/** Which attribute to read: TSK's default, or one by type (and id). */
export interface AttributeChoice {
  type?: number;
  id?: number;
}

export interface TskOpenFile {
  meta: TskMeta;
  attributes: TskAttribute[];
}

const NANOS = 1e9;
const toBig = (value: bigint | number): bigint => BigInt(value);
const time = (seconds: bigint | number, nanoseconds: number): TskTime => ({
  seconds: Number(seconds),
  nanoseconds: nanoseconds < NANOS ? nanoseconds : 0,
});

type Read = (pointer: unknown) => unknown;

/** A reader of one member of a struct (see memberOffset: reads one member, not the struct). */
function member(struct: TypeObject, path: string, type: string): Read {
  const offset = memberOffset(struct, path);
  return (pointer) => koffi.decode(pointer, offset, type);
}

const num = (read: Read) => (pointer: unknown) => Number(read(pointer));
const big = (read: Read) => (pointer: unknown) => toBig(read(pointer) as bigint | number);
const str = (read: Read) => (pointer: unknown) => read(pointer) as string | null;
const ptr = (read: Read) => (pointer: unknown) => read(pointer);

const file = {
  name: ptr(member(FS_FILE, 'name', 'void *')),
  meta: ptr(member(FS_FILE, 'meta', 'void *')),
};

const name = {
  name: str(member(FS_NAME, 'name', 'const char *')),
  shortName: str(member(FS_NAME, 'shrt_name', 'const char *')),
  metaAddr: big(member(FS_NAME, 'meta_addr', 'uint64_t')),
  metaSeq: num(member(FS_NAME, 'meta_seq', 'uint32_t')),
  parentAddr: big(member(FS_NAME, 'par_addr', 'uint64_t')),
  type: num(member(FS_NAME, 'type', 'int')),
  flags: num(member(FS_NAME, 'flags', 'int')),
};

const meta = {
  flags: num(member(FS_META, 'flags', 'int')),
  addr: big(member(FS_META, 'addr', 'uint64_t')),
  type: num(member(FS_META, 'type', 'int')),
  mode: num(member(FS_META, 'mode', 'int')),
  nlink: num(member(FS_META, 'nlink', 'int')),
  size: big(member(FS_META, 'size', 'int64_t')),
  uid: num(member(FS_META, 'uid', 'uint32_t')),
  gid: num(member(FS_META, 'gid', 'uint32_t')),
  seq: num(member(FS_META, 'seq', 'uint32_t')),
  link: str(member(FS_META, 'link', 'const char *')),
  times: (['mtime', 'atime', 'ctime', 'crtime'] as const).map((field) => ({
    seconds: member(FS_META, field, 'int64_t'),
    nanoseconds: num(member(FS_META, `${field}_nano`, 'uint32_t')),
  })),
};

const attr = {
  flags: num(member(FS_ATTR, 'flags', 'int')),
  name: str(member(FS_ATTR, 'name', 'const char *')),
  type: num(member(FS_ATTR, 'type', 'int')),
  id: num(member(FS_ATTR, 'id', 'uint16_t')),
  size: big(member(FS_ATTR, 'size', 'int64_t')),
  run: ptr(member(FS_ATTR, 'nrd.run', 'void *')),
  allocatedSize: big(member(FS_ATTR, 'nrd.allocsize', 'int64_t')),
};

const run = {
  next: ptr(member(FS_ATTR_RUN, 'next', 'void *')),
  offset: big(member(FS_ATTR_RUN, 'offset', 'uint64_t')),
  addr: big(member(FS_ATTR_RUN, 'addr', 'uint64_t')),
  len: big(member(FS_ATTR_RUN, 'len', 'uint64_t')),
  flags: num(member(FS_ATTR_RUN, 'flags', 'int')),
};

const block = {
  addr: big(member(FS_BLOCK, 'addr', 'uint64_t')),
  flags: num(member(FS_BLOCK, 'flags', 'int')),
};

function decodeMeta(pointer: unknown): TskMeta {
  const [modified, accessed, changed, created] = meta.times.map((t) =>
    time(t.seconds(pointer) as bigint | number, t.nanoseconds(pointer)),
  ) as [TskTime, TskTime, TskTime, TskTime];
  return {
    addr: meta.addr(pointer),
    flags: meta.flags(pointer),
    type: meta.type(pointer),
    mode: meta.mode(pointer),
    links: meta.nlink(pointer),
    size: meta.size(pointer),
    uid: meta.uid(pointer),
    gid: meta.gid(pointer),
    modified,
    accessed,
    changed,
    created,
    seq: meta.seq(pointer),
    link: meta.link(pointer),
  };
}

function decodeName(pointer: unknown): TskName {
  return {
    name: name.name(pointer) ?? '',
    shortName: name.shortName(pointer) || null,
    metaAddr: name.metaAddr(pointer),
    metaSeq: name.metaSeq(pointer),
    parentAddr: name.parentAddr(pointer),
    type: name.type(pointer),
    flags: name.flags(pointer),
  };
}

const NONRESIDENT = 0x02;

function decodeAttribute(pointer: unknown): TskAttribute {
  const flags = attr.flags(pointer);
  const runs: TskRun[] = [];
  if (flags & NONRESIDENT) {
    let next = attr.run(pointer);
    // A run list is finite, but a corrupt one must not hold the thread.
    for (let guard = 0; next && guard < 50_000_000; guard++) {
      const length = run.len(next);
      if (length > 0n) {
        runs.push({
          offset: run.offset(next),
          addr: run.addr(next),
          length,
          flags: run.flags(next),
        });
      }
      next = run.next(next);
    }
  }
  return {
    type: attr.type(pointer),
    id: attr.id(pointer),
    name: attr.name(pointer),
    flags,
    size: attr.size(pointer),
    allocatedSize: flags & NONRESIDENT ? attr.allocatedSize(pointer) : 0n,
    runs,
  };
}

function hex(bytes: number[], used: number): string {
  return bytes
    .slice(0, Math.min(used, bytes.length))
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
}

/** Wraps a walk's visitor: an exception inside a callback from C is kept and thrown after. */
class WalkGuard {
  failure: unknown;
  call(visit: () => boolean): number {
    try {
      return visit() ? WALK_CONT : WALK_STOP;
    } catch (error) {
      this.failure = error;
      return WALK_ERROR;
    }
  }
  rethrow(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

export class TskFileSystem {
  readonly description: TskFsDescription;
  readonly #tsk: TskFsLibrary;
  readonly #image: ExternalImage;
  readonly #fs: unknown;
  #closed = false;

  private constructor(tsk: TskFsLibrary, image: ExternalImage, fs: unknown) {
    this.#tsk = tsk;
    this.#image = image;
    this.#fs = fs;
    const info = koffi.decode(fs, FS_INFO) as FsInfo;
    this.description = {
      type: String(tsk.fsTypeName(info.ftype) ?? 'unknown'),
      offset: toBig(info.offset),
      blockSize: info.block_size,
      blockCount: toBig(info.block_count),
      firstBlock: toBig(info.first_block),
      lastBlock: toBig(info.last_block),
      lastBlockInImage: toBig(info.last_block_act),
      rootInode: toBig(info.root_inum),
      firstInode: toBig(info.first_inum),
      lastInode: toBig(info.last_inum),
      journalInode: toBig(info.journ_inum),
      blockName: info.duname ?? 'Block',
      id: hex(info.fs_id, info.fs_id_used),
      library: `libtsk ${String(tsk.version())}`,
    };
  }

  /**
   * Opens the file system starting `offset` bytes into the evidence, of whatever type TSK finds
   * there. Throws with TSK's reason when it finds none or cannot read it.
   */
  static open(reader: SyncEvidenceReader, offset: bigint): TskFileSystem {
    const tsk = tskFs();
    const image = openExternalImage(tsk, reader);
    const fs = tsk.fsOpen(image.handle, offset, 0);
    if (!fs) {
      const reason = takeTskError(tsk) ?? 'no file system TSK knows';
      image.close();
      throw new NativeDiskError(
        'UNSUPPORTED',
        `No file system could be opened at byte ${offset} (${reason.replace(/\.$/, '')}): ` +
          'The Sleuth Kit reads NTFS, FAT, exFAT, ext2/3/4, HFS+, APFS, ISO 9660, UFS and ' +
          'YAFFS2; this is another kind, encrypted, or too damaged to read.',
      );
    }
    return new TskFileSystem(tsk, image, fs);
  }

  /** The last error TSK recorded (and clears it). */
  takeError(): string | undefined {
    return takeTskError(this.#tsk);
  }

  /**
   * Every name under the root, deleted ones included, depth first; `visit` gets the parent's
   * path ("" at the root, "sub/dir/" below), the name, its metadata (null when TSK has none for
   * it) and the file to ask attributes of during the call. Returning false stops the walk.
   * Returns false when TSK stopped on an error (its text in takeError()).
   */
  walkNames(
    visit: (parentPath: string, name: TskName, meta: TskMeta | null, file: unknown) => boolean,
    options: { orphans?: boolean } = {},
  ): boolean {
    const guard = new WalkGuard();
    const callback = koffi.register(
      (handle: unknown, path: string | null) =>
        guard.call(() => {
          const namePointer = file.name(handle);
          if (!namePointer) return true;
          const metaPointer = file.meta(handle);
          const decoded = metaPointer ? decodeMeta(metaPointer) : null;
          return visit(path ?? '', decodeName(namePointer), decoded, handle);
        }),
      koffi.pointer(this.#tsk.dirWalkCallback),
    );
    try {
      const root = this.description.rootInode;
      const flags = DIR_WALK_ALL | (options.orphans === false ? DIR_WALK_NO_ORPHANS : 0);
      const failed = this.#tsk.dirWalk(this.#fs, root, flags, callback, null) !== 0;
      guard.rethrow();
      return !failed;
    } finally {
      koffi.unregister(callback);
    }
  }

  /**
   * Every metadata entry from `first` to `last` that is allocated, or has been (deleted files
   * whose entry survives). Returns false on TSK's error.
   */
  walkUsedInodes(
    first: bigint,
    last: bigint,
    visit: (meta: TskMeta, file: unknown) => boolean,
  ): boolean {
    const guard = new WalkGuard();
    const callback = koffi.register(
      (handle: unknown) =>
        guard.call(() => {
          const metaPointer = file.meta(handle);
          return metaPointer ? visit(decodeMeta(metaPointer), handle) : true;
        }),
      koffi.pointer(this.#tsk.metaWalkCallback),
    );
    try {
      const flags = META_ALLOC | META_UNALLOC | META_USED;
      const failed = this.#tsk.metaWalk(this.#fs, first, last, flags, callback, null) !== 0;
      guard.rethrow();
      return !failed;
    } finally {
      koffi.unregister(callback);
    }
  }

  /** The attributes of a file visited in a walk (or opened by openInode), with their runs. */
  attributes(file: unknown): TskAttribute[] {
    const count = Number(this.#tsk.attrCount(file));
    const attributes: TskAttribute[] = [];
    for (let index = 0; index < count; index++) {
      const pointer = this.#tsk.attrAt(file, index);
      if (pointer) attributes.push(decodeAttribute(pointer));
    }
    // Loading a deleted file's attributes can fail without harm to the walk.
    if (count < 0) this.takeError();
    return attributes;
  }

  /** Opens a metadata entry; calls `use` with it and closes it after. */
  withInode<T>(addr: bigint, use: (file: unknown, meta: TskMeta) => T): T {
    const handle = this.#tsk.fileOpenMeta(this.#fs, null, addr);
    const metaPointer = handle ? file.meta(handle) : null;
    if (!handle || !metaPointer) {
      if (handle) this.#tsk.fileClose(handle);
      const reason = this.takeError() ?? 'it has no metadata';
      throw new NativeDiskError('NOT_FOUND', `Inode ${addr} cannot be opened: ${reason}.`);
    }
    try {
      return use(handle, decodeMeta(metaPointer));
    } finally {
      this.#tsk.fileClose(handle);
    }
  }

  /** The attribute `choice` names of an open file (TSK's default one without a type). */
  attributePointer(file: unknown, choice: AttributeChoice): unknown {
    const pointer =
      choice.type === undefined
        ? this.#tsk.attrDefault(file)
        : this.#tsk.attrByType(file, choice.type, choice.id ?? 0, choice.id === undefined ? 0 : 1);
    if (!pointer) {
      const which =
        choice.type === undefined
          ? 'a default attribute'
          : `attribute ${choice.type}${choice.id === undefined ? '' : `-${choice.id}`}`;
      throw new NativeDiskError(
        'NOT_FOUND',
        `The file has no ${which}: ${this.takeError() ?? 'TSK found none'}.`,
      );
    }
    return pointer;
  }

  /** Describes an attribute pointer from attributePointer(). */
  describeAttribute(pointer: unknown): TskAttribute {
    return decodeAttribute(pointer);
  }

  /**
   * Reads an attribute's content at `offset` into target (with `slack`, past its size up to
   * the end of its last block, as icat -s). Returns the bytes read; throws on TSK's error.
   */
  readAttribute(attribute: unknown, offset: bigint, target: Uint8Array, slack: boolean): number {
    const read = Number(
      this.#tsk.attrRead(attribute, offset, target, target.length, slack ? READ_SLACK : 0),
    );
    if (read < 0) {
      throw new NativeDiskError(
        'IO',
        `Reading the file at byte ${offset} failed: ${this.takeError() ?? 'no reason given'}.`,
      );
    }
    return read;
  }

  /**
   * Every block of one kind, in order, without reading it: `metadata`, what the file system
   * marks as its own (superblocks, group descriptors, bitmaps, inode tables, FATs...), or
   * `unallocated`, what no file or structure holds now.
   */
  walkBlocks(kind: 'metadata' | 'unallocated', visit: (addr: bigint) => boolean): boolean {
    const guard = new WalkGuard();
    const wanted = kind === 'metadata' ? BLOCK_FLAG_META : BLOCK_FLAG_UNALLOC;
    const callback = koffi.register(
      // A walk's flags select blocks loosely (an NTFS cluster that is neither content nor
      // metadata passes any filter): the block's own flags decide.
      (pointer: unknown) =>
        guard.call(() =>
          (block.flags(pointer) & wanted) !== 0 ? visit(block.addr(pointer)) : true,
        ),
      koffi.pointer(this.#tsk.blockWalkCallback),
    );
    try {
      const { firstBlock, lastBlockInImage } = this.description;
      const flags = kind === 'metadata' ? BLOCK_WALK_METADATA : BLOCK_WALK_UNALLOCATED;
      const failed =
        this.#tsk.blockWalk(this.#fs, firstBlock, lastBlockInImage, flags, callback, null) !== 0;
      guard.rethrow();
      return !failed;
    } finally {
      koffi.unregister(callback);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#tsk.fsClose(this.#fs);
    this.#image.close();
  }
}
