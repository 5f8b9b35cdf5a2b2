// Messages between a file system thread (fs-thread-worker.ts) and its owner (fs-thread.ts). The
// thread runs libtsk, whose reads of the evidence are synchronous: it asks its owner for bytes
// and waits on shared memory (the read channel below) while the owner reads through its
// EvidenceSource, so every byte TSK sees comes through the source seam.

import type { ErrorCode } from '../shared/contract';
import type { ExtentsJson, FileEntryJson } from '../shared/files/file-entry';
import type { InodeAddress } from '../shared/files/inode-address';
import type { OwnerIndexData } from './owner-index';

/** Slots of the read channel's Int32Array. */
export const CHANNEL = {
  /** IDLE, ASKED (the thread waits) or ANSWERED. */
  state: 0,
  /** Bytes answered, or -1 with a UTF-8 reason at the start of the data buffer. */
  result: 1,
  /** Bytes of the reason when result is -1. */
  reasonBytes: 2,
  /** Sectors the answer could not read (zero-filled). */
  unreadable: 3,
  /** Set by the owner: stop the work in progress. */
  cancel: 4,
  /** Number of the read the thread waits for; an answer to any other is dropped. */
  sequence: 5,
} as const;

export const CHANNEL_SLOTS = 8;
export const STATE_IDLE = 0;
export const STATE_ASKED = 1;
export const STATE_ANSWERED = 2;

/** The largest read the thread asks for at once; longer ones go in pieces. */
export const CHANNEL_DATA_BYTES = 4 * 1024 * 1024;

export interface FsThreadData {
  size: bigint;
  sectorSize: number;
  channel: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

export interface FsDescription {
  /** TSK's name of the type. */
  type: string;
  offset: bigint;
  blockSize: number;
  firstBlock: bigint;
  lastBlock: bigint;
  lastBlockInImage: bigint;
  rootInode: number;
  firstInode: number;
  lastInode: number;
  blockName: string;
  id: string;
  library: string;
}

export type ToFsThread =
  | { type: 'open'; offset: bigint }
  | { type: 'list'; id: number }
  | { type: 'extents'; id: number; address: InodeAddress }
  | {
      type: 'read-file';
      id: number;
      address: InodeAddress;
      offset: bigint;
      length: number;
      slack: boolean;
    }
  | { type: 'index'; id: number }
  | { type: 'close' };

export interface ReadFileAnswer {
  bytes: Uint8Array;
  /** Content size of the stream (without slack). */
  size: bigint;
  /** Size with slack: the end of its last block. */
  allocatedSize: bigint;
}

export type WorkResult =
  | { type: 'list'; count: number }
  | { type: 'extents'; extents: ExtentsJson }
  | { type: 'read-file'; answer: ReadFileAnswer }
  | { type: 'index'; index: OwnerIndexData };

export interface WorkProgress {
  /** "names", "inodes", "metadata blocks", "sorting". */
  phase: string;
  /** Entries or blocks done in this phase. */
  done: number;
}

export type FromFsThread =
  | { type: 'opened'; description: FsDescription }
  | { type: 'open-failed'; code: ErrorCode; message: string }
  | { type: 'read'; offset: bigint; length: number; sequence: number }
  | { type: 'entries'; id: number; entries: FileEntryJson[] }
  | { type: 'progress'; id: number; progress: WorkProgress }
  | { type: 'done'; id: number; result: WorkResult; warnings: string[] }
  | { type: 'cancelled'; id: number }
  | { type: 'failed'; id: number; code: ErrorCode; message: string };
