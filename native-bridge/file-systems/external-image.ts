// An image libtsk reads through a function of ours (tsk_img_open_external), so a file system is
// parsed from the bytes the app's own source of evidence gives (O_DIRECT, E01, split...), never
// from a second way into the evidence. The TSK_IMG_INFO (with TSK's 2 MiB read cache) is memory
// of ours, zeroed, freed after tsk_img_close.

import koffi from 'koffi';
import { NativeDiskError } from '../native-disk-error';
import { IMG_INFO_BYTES } from './tsk-fs-structs';
import { takeTskError, type TskFsLibrary } from './tsk-fs-library';

/** Blocking reads of the evidence, on the thread that runs libtsk. */
export interface SyncEvidenceReader {
  size: bigint;
  sectorSize: number;
  /** Fills target from `offset`; returns the bytes read (fewer at the end), or -1 on failure. */
  read(offset: bigint, target: Uint8Array): number;
}

export interface ExternalImage {
  /** The TSK_IMG_INFO pointer to open file systems on. */
  readonly handle: unknown;
  close(): void;
}

type Registered = ReturnType<typeof koffi.register>;

export function openExternalImage(tsk: TskFsLibrary, reader: SyncEvidenceReader): ExternalImage {
  const memory = koffi.alloc('uint8_t', IMG_INFO_BYTES);
  new Uint8Array(koffi.view(memory, IMG_INFO_BYTES)).fill(0);
  const callbacks: Registered[] = [];
  const release = () => {
    for (const callback of callbacks.splice(0)) koffi.unregister(callback);
    koffi.free(memory);
  };
  const read = koffi.register(
    (_img: unknown, offset: number | bigint, buffer: unknown, length: number | bigint) => {
      try {
        const target = new Uint8Array(koffi.view(buffer, Number(length)));
        return reader.read(BigInt(offset), target);
      } catch {
        return -1;
      }
    },
    koffi.pointer(tsk.readCallback),
  );
  callbacks.push(read);
  const close = koffi.register(() => undefined, koffi.pointer(tsk.closeCallback));
  callbacks.push(close);
  const stat = koffi.register(() => undefined, koffi.pointer(tsk.statCallback));
  callbacks.push(stat);
  const handle = tsk.openExternal(memory, reader.size, reader.sectorSize, read, close, stat);
  if (!handle) {
    const reason = takeTskError(tsk) ?? 'no reason given';
    release();
    throw new NativeDiskError('IO', `The Sleuth Kit could not take the image: ${reason}.`);
  }
  let closed = false;
  return {
    handle,
    close() {
      if (closed) return;
      closed = true;
      tsk.imgClose(handle);
      release();
    },
  };
}
