// The Sleuth Kit's image layer (libtsk) through koffi, for the formats it reads through its own
// libraries: AFF (afflib), VMDK (libvmdk), VHD and VHDX (libvhdi). Calls block: only an image
// thread (image-thread-worker.ts) makes them. Checked against qemu-img convert -O raw and
// affconvert.

import koffi, { type LibraryHandle } from 'koffi';
import type { KoffiFunction } from '../libc';
import { NativeDiskError } from '../native-disk-error';
import { LIBTSK, loadLibrary } from './library-loader';

/** TSK_IMG_TYPE_ENUM values this app opens through libtsk. */
export const TSK_IMAGE_TYPES = {
  aff: 0x0020,
  vmdk: 0x0080,
  vhd: 0x0100,
} as const;

export type TskImageKind = keyof typeof TSK_IMAGE_TYPES;

export interface TskImage {
  size: bigint;
  sectorSize: number;
  /** TSK's name of the type it opened: "vmdk", "vhd", "aff"... */
  typeName: string;
  libraryVersion: string;
  read(offset: bigint, target: Uint8Array): number;
  close(): void;
}

interface Binding {
  open: KoffiFunction;
  read: KoffiFunction;
  close: KoffiFunction;
  errorGet: KoffiFunction;
  errorReset: KoffiFunction;
  typeName: KoffiFunction;
  version: KoffiFunction;
  /** The first members of TSK_IMG_INFO, all this app reads of it. */
  infoHead: ReturnType<typeof koffi.struct>;
}

let binding: Binding | undefined;

function bind(lib: LibraryHandle): Binding {
  return {
    open: lib.func('void *tsk_img_open_utf8_sing(const char *path, int type, unsigned int ssize)'),
    read: lib.func('int64_t tsk_img_read(void *img, int64_t off, void *buf, size_t len)'),
    close: lib.func('void tsk_img_close(void *img)'),
    errorGet: lib.func('const char *tsk_error_get()'),
    errorReset: lib.func('void tsk_error_reset()'),
    typeName: lib.func('const char *tsk_img_type_toname(int type)'),
    version: lib.func('const char *tsk_version_get_str()'),
    infoHead: koffi.struct('TSK_IMG_INFO_HEAD', {
      tag: 'uint32_t',
      itype: 'int',
      size: 'int64_t',
      num_img: 'int',
      sector_size: 'uint32_t',
    }),
  };
}

function library(): Binding {
  binding ??= bind(loadLibrary(LIBTSK));
  return binding;
}

function lastError(b: Binding): string {
  const text = String(b.errorGet() ?? '').trim();
  b.errorReset();
  return text.split('\n').filter(Boolean).at(-1) ?? 'no reason given';
}

export function openTskImage(path: string, kind: TskImageKind): TskImage {
  const b = library();
  const image = b.open(path, TSK_IMAGE_TYPES[kind], 0);
  if (!image) {
    throw new NativeDiskError(
      'IO',
      `Cannot open ${path} as ${kind.toUpperCase()}: ${lastError(b)}.`,
    );
  }
  const head = koffi.decode(image, b.infoHead) as {
    itype: number;
    size: number | bigint;
    sector_size: number;
  };
  return {
    size: BigInt(head.size),
    sectorSize: head.sector_size || 512,
    typeName: String(b.typeName(head.itype)),
    libraryVersion: String(b.version()),
    read(offset, target) {
      const read = Number(b.read(image, offset, target, target.length));
      if (read < 0) {
        throw new NativeDiskError(
          'IO',
          `Reading ${target.length} bytes at ${offset} of ${path} failed: ${lastError(b)}.`,
        );
      }
      return read;
    },
    close() {
      b.close(image);
    },
  };
}
