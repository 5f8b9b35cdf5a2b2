// Builds the owner index of an open file system on its thread: every name (deleted ones too) and
// every allocated inode without a name, with the runs of each of its attributes, and the blocks
// the file system marks as metadata. The runs come from TSK's attribute run lists, as
// tsk_loaddb's file layout does; no block content is read.

import type {
  TskAttribute,
  TskFileSystem,
  TskMeta,
} from '../../native-bridge/file-systems/tsk-file-system';
import { isDotEntry, isNtfs, NTFS_DATA } from './file-entries';
import type { WorkProgress } from './fs-thread-protocol';
import { OwnerIndexBuilder } from './owner-index-builder';
import {
  STREAM_ATTRIBUTE,
  STREAM_META_ALLOCATED,
  STREAM_SYSTEM,
  type OwnerIndexData,
} from './owner-index';
import { isSystemStream } from './system-streams';

const META_ALLOCATED = 0x01;
const NAME_ALLOCATED = 0x01;
/** TSK_FS_ATTR_RUN_FLAG_ENUM: filler (not known) and sparse runs hold no blocks. */
const RUN_NO_BLOCKS = 0x01 | 0x02;
const PROGRESS_EVERY = 2000;

export interface IndexWork {
  fs: TskFileSystem;
  /** Bytes of an NTFS MFT record, or null. */
  mftRecordBytes: number | null;
  progress(progress: WorkProgress): void;
  stopped(): boolean;
}

interface Seen {
  streams: number[];
  /** The path came from a deleted name; an allocated one replaces it. */
  fromDeletedName: boolean;
}

class IndexWalk {
  readonly builder = new OwnerIndexBuilder();
  readonly seen = new Map<number, Seen>();
  readonly #work: IndexWork;
  readonly #type: string;

  constructor(work: IndexWork) {
    this.#work = work;
    this.#type = work.fs.description.type;
  }

  /** Adds one stream per attribute (the first one also when none holds blocks). */
  addInode(
    meta: TskMeta,
    attributes: TskAttribute[],
    path: string | null,
    nameType: number | null,
  ): number[] {
    const { fs } = this.#work;
    const inode = Number(meta.addr);
    const metaAllocated = (meta.flags & META_ALLOCATED) !== 0;
    const system = isSystemStream(
      this.#type,
      inode,
      Number(fs.description.rootInode),
      Number(fs.description.journalInode),
      path,
      nameType,
    );
    const baseFlags = (metaAllocated ? STREAM_META_ALLOCATED : 0) | (system ? STREAM_SYSTEM : 0);
    const several = attributes.length > 1 || isNtfs(this.#type);
    const streams: number[] = [];
    for (const attribute of attributes) {
      if (attribute.runs.length === 0 && streams.length > 0) continue;
      const named = attribute.type === NTFS_DATA && attribute.name !== null;
      const stream = this.builder.addStream({
        path: path !== null && named ? `${path}:${attribute.name}` : path,
        inode,
        size: Number(attribute.size),
        attributeType: attribute.type,
        attributeId: attribute.id,
        flags: baseFlags | (several ? STREAM_ATTRIBUTE : 0),
      });
      streams.push(stream);
      const runs = metaAllocated ? this.builder.allocated : this.builder.deleted;
      for (const run of attribute.runs) {
        if (run.flags & RUN_NO_BLOCKS) continue;
        runs.add(Number(run.addr), Number(run.length), stream, Number(run.offset));
      }
    }
    if (streams.length === 0) {
      streams.push(
        this.builder.addStream({
          path,
          inode,
          size: Number(meta.size),
          attributeType: 0,
          attributeId: 0,
          flags: baseFlags,
        }),
      );
    }
    return streams;
  }

  names(): boolean {
    const { fs } = this.#work;
    return fs.walkNames(
      (parentPath, name, meta, file) => {
        if (isDotEntry(name) || !meta) return !this.#work.stopped();
        const count = ++this.builder.names;
        if (count % PROGRESS_EVERY === 0) this.#work.progress({ phase: 'names', done: count });
        const inode = Number(meta.addr);
        const path = `/${parentPath}${name.name}`;
        const nameAllocated = (name.flags & NAME_ALLOCATED) !== 0;
        const known = this.seen.get(inode);
        if (known) {
          if (known.fromDeletedName && nameAllocated) {
            for (const stream of known.streams) this.builder.renameStream(stream, path);
            known.fromDeletedName = false;
          }
          return !this.#work.stopped();
        }
        // A deleted name whose inode now belongs to another file says nothing of that file's
        // runs: they are indexed under the allocated name, or by the inode walk.
        const reallocated = !nameAllocated && (meta.flags & META_ALLOCATED) !== 0;
        if (reallocated) return !this.#work.stopped();
        const streams = this.addInode(meta, fs.attributes(file), path, name.type);
        this.seen.set(inode, { streams, fromDeletedName: !nameAllocated });
        return !this.#work.stopped();
      },
      { orphans: false },
    );
  }

  /**
   * Inodes no name reached, in one pass in inode order: allocated ones (the ext journal, files
   * open but unlinked) and deleted ones (what TSK lists under $OrphanFiles, which the name walk
   * leaves out: finding them there walks every directory a second time).
   */
  unnamedInodes(): boolean {
    const { fs } = this.#work;
    const { firstInode, lastInode } = fs.description;
    let visited = 0;
    // TSK's last inode number is its virtual $OrphanFiles directory.
    return fs.walkUsedInodes(firstInode, lastInode - 1n, (meta, file) => {
      if (++visited % (PROGRESS_EVERY * 5) === 0) {
        this.#work.progress({ phase: 'inodes', done: visited });
      }
      const inode = Number(meta.addr);
      if (!this.seen.has(inode)) {
        const deleted = (meta.flags & META_ALLOCATED) === 0;
        const path = deleted ? `/$OrphanFiles/OrphanFile-${inode}` : null;
        const streams = this.addInode(meta, fs.attributes(file), path, null);
        this.seen.set(inode, { streams, fromDeletedName: false });
      }
      return !this.#work.stopped();
    });
  }

  blocks(kind: 'metadata' | 'unallocated'): boolean {
    const runs = kind === 'metadata' ? this.builder.metadata : this.builder.unallocated;
    let count = 0;
    return this.#work.fs.walkBlocks(kind, (addr) => {
      runs.addBlocks(Number(addr), 1);
      if (++count % (PROGRESS_EVERY * 50) === 0) {
        this.#work.progress({ phase: `${kind} blocks`, done: count });
      }
      return !this.#work.stopped();
    });
  }
}

/** The index, or null when the work was stopped. Throws when TSK cannot walk the names. */
export function buildOwnerIndex(work: IndexWork): OwnerIndexData | null {
  const { fs } = work;
  const walk = new IndexWalk(work);
  const warn = (what: string) => {
    const reason = fs.takeError();
    if (reason) walk.builder.warnings.push(`${what}: ${reason}`);
  };
  if (!walk.names()) {
    if (work.stopped()) return null;
    warn('The directory walk stopped early');
  }
  if (work.stopped()) return null;
  if (!walk.unnamedInodes()) warn('The inode walk stopped early');
  if (work.stopped()) return null;
  if (!walk.blocks('metadata')) warn('The metadata block walk stopped early');
  if (work.stopped()) return null;
  if (!walk.blocks('unallocated')) warn('The unallocated block walk stopped early');
  if (work.stopped()) return null;
  walk.builder.inodes = walk.seen.size;
  work.progress({ phase: 'sorting', done: walk.builder.streamCount });
  const { description } = fs;
  return walk.builder.finish({
    type: description.type,
    offset: Number(description.offset),
    blockSize: description.blockSize,
    firstBlock: Number(description.firstBlock),
    lastBlock: Number(description.lastBlock),
    mftRecordBytes: work.mftRecordBytes,
  });
}
