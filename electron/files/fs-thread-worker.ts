// The body of a file system thread: opens one file system with libtsk over the read channel and
// does one piece of work at a time (list every entry, a file's extents, read a file, build the
// owner index). libtsk's calls block and call back into JavaScript, so they run here, never on
// an event loop that serves anything else.

import { parentPort, workerData } from 'node:worker_threads';
import { NativeDiskError } from '../../native-bridge';
import { TskFileSystem, type TskAttribute } from '../../native-bridge/file-systems/tsk-file-system';
import { SectorscopeError, type ErrorCode } from '../shared/contract';
import type { ExtentJson } from '../shared/files/file-entry';
import { formatInodeAddress, type InodeAddress } from '../shared/files/inode-address';
import { buildOwnerIndex } from './build-owner-index';
import { ChannelReader } from './channel-reader';
import { entriesOf, isDotEntry } from './file-entries';
import type {
  FromFsThread,
  FsDescription,
  FsThreadData,
  ToFsThread,
  WorkResult,
} from './fs-thread-protocol';
import { ntfsMftRecordBytes } from './ntfs-record-size';

const ENTRY_BATCH = 500;

type Post = (message: FromFsThread) => void;

class Cancelled extends Error {}

function failure(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof NativeDiskError || error instanceof SectorscopeError) {
    return { code: error.code, message: error.message };
  }
  return { code: 'IO', message: error instanceof Error ? error.message : String(error) };
}

function describe(fs: TskFileSystem): FsDescription {
  const d = fs.description;
  return {
    type: d.type,
    offset: d.offset,
    blockSize: d.blockSize,
    firstBlock: d.firstBlock,
    lastBlock: d.lastBlock,
    lastBlockInImage: d.lastBlockInImage,
    rootInode: Number(d.rootInode),
    firstInode: Number(d.firstInode),
    lastInode: Number(d.lastInode),
    blockName: d.blockName,
    id: d.id,
    library: d.library,
  };
}

class FsWork {
  readonly #fs: TskFileSystem;
  readonly #reader: ChannelReader;
  readonly #post: Post;

  constructor(fs: TskFileSystem, reader: ChannelReader, post: Post) {
    this.#fs = fs;
    this.#reader = reader;
    this.#post = post;
  }

  run(id: number, message: ToFsThread): WorkResult {
    switch (message.type) {
      case 'list':
        return this.#list(id);
      case 'extents':
        return { type: 'extents', extents: this.#extents(message.address) };
      case 'read-file':
        return this.#readFile(message.address, message.offset, message.length, message.slack);
      case 'index':
        return this.#index(id);
      default:
        throw new Error(`unknown work ${message.type}`);
    }
  }

  /** Warnings of the work just done: sectors read as zeros, TSK's complaints. */
  warnings(): string[] {
    const warnings: string[] = [];
    const unreadable = this.#reader.takeUnreadable();
    if (unreadable > 0) {
      warnings.push(
        `${unreadable} sector${unreadable === 1 ? '' : 's'} the file system needed could not ` +
          'be read and were taken as zeros: what they held is missing here.',
      );
    }
    return warnings;
  }

  #stopped(): boolean {
    return this.#reader.cancelled;
  }

  #list(id: number): WorkResult {
    const fs = this.#fs;
    const type = fs.description.type;
    let batch: ReturnType<typeof entriesOf> = [];
    let count = 0;
    const ok = fs.walkNames((parentPath, name, meta, file) => {
      if (isDotEntry(name)) return true;
      const attributes = meta ? fs.attributes(file) : [];
      const entries = entriesOf(type, parentPath, name, meta, attributes);
      batch.push(...entries);
      count += entries.length;
      if (batch.length >= ENTRY_BATCH) {
        this.#post({ type: 'entries', id, entries: batch });
        batch = [];
      }
      return !this.#stopped();
    });
    if (this.#stopped()) throw new Cancelled();
    if (batch.length > 0) this.#post({ type: 'entries', id, entries: batch });
    if (!ok) {
      throw new SectorscopeError(
        'IO',
        `The directory walk stopped after ${count} entries: ${this.#reason()}.`,
      );
    }
    return { type: 'list', count };
  }

  #reason(): string {
    return this.#fs.takeError() ?? this.#reader.lastFailure ?? 'no reason given';
  }

  #attribute(file: unknown, address: InodeAddress): { pointer: unknown; attr: TskAttribute } {
    const choice: { type?: number; id?: number } = {};
    if (address.type !== undefined) choice.type = address.type;
    if (address.id !== undefined) choice.id = address.id;
    const pointer = this.#fs.attributePointer(file, choice);
    return { pointer, attr: this.#fs.describeAttribute(pointer) };
  }

  #extents(address: InodeAddress) {
    const fs = this.#fs;
    const { blockSize, offset } = fs.description;
    const sectorSize = BigInt(this.#reader.sectorSize);
    const block = BigInt(blockSize);
    return fs.withInode(BigInt(address.inode), (file, meta) => {
      const { attr } = this.#attribute(file, address);
      const extents: ExtentJson[] = [];
      for (const run of attr.runs) {
        if (run.flags & 0x01) continue;
        const sparse = (run.flags & 0x02) !== 0;
        const byte = offset + run.addr * block;
        extents.push({
          lba: sparse ? 0 : Number(byte / sectorSize),
          length: sparse ? 0 : Number((run.length * block) / sectorSize),
          offset: Number(run.offset * block),
          block: sparse ? 0 : Number(run.addr),
          blocks: Number(run.length),
          sparse,
        });
      }
      // An attribute is named only where files can have several (NTFS) or one was asked for.
      const named = fs.description.type === 'ntfs' || address.type !== undefined;
      const resolved: InodeAddress = named
        ? { inode: Number(meta.addr), type: attr.type, id: attr.id }
        : { inode: Number(meta.addr) };
      return {
        inode: Number(meta.addr),
        address: formatInodeAddress(resolved),
        size: Number(attr.size),
        blockSize,
        allocatedSize: Number(attr.allocatedSize),
        extents,
      };
    });
  }

  #readFile(address: InodeAddress, from: bigint, length: number, slack: boolean): WorkResult {
    const fs = this.#fs;
    return fs.withInode(BigInt(address.inode), (file) => {
      const { pointer, attr } = this.#attribute(file, address);
      const end = slack && attr.allocatedSize > attr.size ? attr.allocatedSize : attr.size;
      const wanted =
        from >= end ? 0 : Number(BigInt(length) < end - from ? BigInt(length) : end - from);
      const bytes = new Uint8Array(wanted);
      let done = 0;
      while (done < wanted) {
        const read = fs.readAttribute(pointer, from + BigInt(done), bytes.subarray(done), slack);
        if (read <= 0) break;
        done += read;
      }
      if (this.#stopped()) throw new Cancelled();
      return {
        type: 'read-file',
        answer: {
          bytes: bytes.subarray(0, done),
          size: attr.size,
          allocatedSize: attr.allocatedSize > attr.size ? attr.allocatedSize : attr.size,
        },
      };
    });
  }

  #index(id: number): WorkResult {
    const fs = this.#fs;
    const index = buildOwnerIndex({
      fs,
      mftRecordBytes: fs.description.type === 'ntfs' ? ntfsMftRecordBytes(fs, this.#reader) : null,
      progress: (progress) => this.#post({ type: 'progress', id, progress }),
      stopped: () => this.#stopped(),
    });
    if (!index) throw new Cancelled();
    return { type: 'index', index };
  }
}

function serve(data: FsThreadData): void {
  const port = parentPort;
  if (!port) throw new Error('fs-thread-worker runs only as a worker thread');
  const post: Post = (message) => port.postMessage(message);
  const reader = new ChannelReader(port, data, data.channel, data.data);
  let fs: TskFileSystem | undefined;
  let work: FsWork | undefined;
  port.on('message', (message: ToFsThread) => {
    if (message.type === 'close') {
      fs?.close();
      port.close();
      return;
    }
    if (message.type === 'open') {
      try {
        fs = TskFileSystem.open(reader, message.offset);
        work = new FsWork(fs, reader, post);
        post({ type: 'opened', description: describe(fs) });
      } catch (error) {
        const { code, message: text } = failure(error);
        const why = reader.lastFailure ? ` (reading the evidence: ${reader.lastFailure})` : '';
        post({ type: 'open-failed', code, message: `${text}${why}` });
      }
      return;
    }
    const { id } = message;
    if (!work) {
      post({ type: 'failed', id, code: 'NO_SESSION', message: 'No file system is open.' });
      return;
    }
    try {
      const result = work.run(id, message);
      post({ type: 'done', id, result, warnings: work.warnings() });
    } catch (error) {
      work.warnings();
      if (error instanceof Cancelled || reader.cancelled) post({ type: 'cancelled', id });
      else post({ type: 'failed', id, ...failure(error) });
    }
  });
}

serve(workerData as FsThreadData);
