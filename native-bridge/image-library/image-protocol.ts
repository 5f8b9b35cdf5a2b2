// Messages between an image thread (image-thread-worker.ts) and its owner (image-reader.ts).
// LBAs and offsets are bigints; buffers are SharedArrayBuffers the thread writes into in place.

import type { NativeErrorCode } from '../types';
import type { EwfMetadata } from './ewf-binding';
import type { TskImageKind } from './tsk-image-binding';

/** Which library opens the image, and as what. */
export type ImageLibrary = { library: 'ewf' } | { library: 'tsk'; kind: TskImageKind };

export type ImageThreadData = ImageLibrary & { path: string };

export interface ImageDescription {
  size: bigint;
  sectorSize: number;
  /** "EnCase 6", "vmdk", "vhd"... */
  formatName: string;
  /** The files the image is made of, first to last. */
  segments: string[];
  metadata: EwfMetadata;
  storedHashes: { md5?: string; sha1?: string };
  /** "libewf 20140813", "libtsk 4.11.1". */
  library: string;
}

/** Sectors a read overlapped that the library found bad (a chunk's checksum, missing data). */
export type BadRun = [start: bigint, count: bigint];

export type ToImageThread =
  | {
      type: 'read';
      id: number;
      offset: bigint;
      length: number;
      buffer: SharedArrayBuffer;
      byteOffset: number;
    }
  | { type: 'close' };

export type FromImageThread =
  | { type: 'opened'; description: ImageDescription }
  | { type: 'open-failed'; code: NativeErrorCode; message: string }
  | { type: 'read'; id: number; bytes: number; bad: BadRun[] }
  | { type: 'read-failed'; id: number; code: NativeErrorCode; message: string };
