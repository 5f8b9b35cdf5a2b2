// The libc calls the bridge makes, through koffi. Every call that can touch a disk runs through
// koffi's `.async` on libuv's thread pool, so a hanging device never blocks the event loop, and
// errno is read inside koffi's callback: it is only valid there.

import koffi, { type LibraryHandle } from 'koffi';
import { allocateAligned } from './aligned-buffer';
import { isSupportedArch, openFlagsFor, type SupportedArch } from './constants';
import { NativeDiskError } from './native-disk-error';
import { decodeStat, STAT_BUFFER_SIZE, type StatFields } from './stat-layout';

/** A syscall's return value, and errno when it failed (result < 0); errno is 0 otherwise. */
export interface CallResult {
  result: number;
  errno: number;
}

export interface Libc {
  readonly arch: SupportedArch;
  readonly O_RDONLY: number;
  readonly O_DIRECT: number;
  readonly O_CLOEXEC: number;
  open(path: string, flags: number): Promise<CallResult>;
  /** Reads up to `length` bytes at `offset` into the start of `target` (length <= target.length). */
  pread(fd: number, target: Uint8Array, length: number, offset: bigint): Promise<CallResult>;
  close(fd: number): Promise<CallResult>;
  fstat(fd: number): Promise<CallResult & { stat?: StatFields }>;
  /** An ioctl whose third argument is a `uint64_t *` it fills (BLKGETSIZE64). */
  ioctlUint64(fd: number, request: number): Promise<CallResult & { value: bigint }>;
  /** An ioctl whose third argument is an `int *` it fills (BLKSSZGET, BLKPBSZGET). */
  ioctlInt(fd: number, request: number): Promise<CallResult & { value: number }>;
  strerror(errno: number): string;
}

export type KoffiFunction = ReturnType<LibraryHandle['func']>;

/** Runs `fn` on libuv's thread pool; errno is read in the callback, where it is valid. */
export function callAsync(fn: KoffiFunction, ...args: unknown[]): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    // koffi throws synchronously when its queue of async calls is full; the executor turns
    // that into a rejection.
    fn.async(...args, (error: unknown, value: number | bigint) => {
      if (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const result = Number(value);
      resolve({ result, errno: result < 0 ? koffi.errno() : 0 });
    });
  });
}

interface FstatEntry {
  fn: KoffiFunction;
  /** The _STAT_VER argument `__fxstat` takes first; undefined for plain `fstat`. */
  statVersion?: number;
}

/** glibc exports `fstat` since 2.33; older ones only have `__fxstat(version, fd, buf)`. */
function declareFstat(lib: LibraryHandle, arch: SupportedArch, forceFxstat: boolean) {
  if (!forceFxstat) {
    try {
      return { fn: lib.func('int fstat(int fd, void *buf)') } satisfies FstatEntry;
    } catch {
      // Fall through to the old entry point.
    }
  }
  const fn = lib.func('int __fxstat(int ver, int fd, void *buf)');
  return { fn, statVersion: arch === 'x64' ? 1 : 0 } satisfies FstatEntry;
}

function createLibc(arch: SupportedArch, forceFxstat: boolean): Libc {
  const lib = koffi.load('libc.so.6');
  // Fixed arity so that open can run async; a third int argument is ABI-compatible with the
  // variadic prototype on x86_64 and arm64 Linux.
  const open = lib.func('int open(const char *path, int flags, int mode)');
  const pread = lib.func('int64_t pread(int fd, void *buf, size_t count, int64_t offset)');
  const close = lib.func('int close(int fd)');
  // ioctl is variadic; koffi cannot call variadic functions async, so declare one fixed-arity
  // prototype per output type.
  const ioctlUint64 = lib.func('ioctl', 'int', ['int', 'unsigned long', 'uint64_t *']);
  const ioctlInt = lib.func('ioctl', 'int', ['int', 'unsigned long', 'int *']);
  const strerror = lib.func('const char *strerror(int errnum)');
  const fstat: FstatEntry = declareFstat(lib, arch, forceFxstat);
  const flags = openFlagsFor(arch);

  return {
    arch,
    ...flags,
    open: (path, openFlags) => callAsync(open, path, openFlags, 0),
    pread: (fd, target, length, offset) => {
      if (length > target.length) {
        return Promise.reject(new RangeError(`pread of ${length} bytes into ${target.length}`));
      }
      return callAsync(pread, fd, target, length, offset);
    },
    close: (fd) => callAsync(close, fd),
    fstat: async (fd) => {
      const raw = allocateAligned(STAT_BUFFER_SIZE, 16);
      const args = fstat.statVersion === undefined ? [fd, raw] : [fstat.statVersion, fd, raw];
      const outcome = await callAsync(fstat.fn, ...args);
      return outcome.result < 0 ? outcome : { ...outcome, stat: decodeStat(raw, arch) };
    },
    ioctlUint64: async (fd, request) => {
      const out = new BigUint64Array(1);
      const outcome = await callAsync(ioctlUint64, fd, request, out);
      return { ...outcome, value: out[0] ?? 0n };
    },
    ioctlInt: async (fd, request) => {
      const out = new Int32Array(1);
      const outcome = await callAsync(ioctlInt, fd, request, out);
      return { ...outcome, value: out[0] ?? 0 };
    },
    strerror: (errno) => String(strerror(errno)),
  };
}

let shared: Libc | undefined;

/** The process-wide libc binding; UNSUPPORTED off Linux or on a CPU whose ABI is not mapped. */
export function getLibc(): Libc {
  if (shared) return shared;
  if (process.platform !== 'linux') {
    throw new NativeDiskError(
      'UNSUPPORTED',
      `Raw disk access is implemented for Linux only; this system is ${process.platform}.`,
    );
  }
  if (!isSupportedArch(process.arch)) {
    throw new NativeDiskError(
      'UNSUPPORTED',
      `Raw disk access supports x86_64 and arm64 Linux; this CPU is ${process.arch}.`,
    );
  }
  try {
    shared = createLibc(process.arch, false);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NativeDiskError('UNSUPPORTED', `Cannot load the C library (libc.so.6): ${reason}`);
  }
  return shared;
}

/** pread that runs on, and blocks, the calling thread. */
export type BlockingPread = (
  fd: number,
  target: Uint8Array,
  length: number,
  offset: bigint,
) => CallResult;

/**
 * For a disk's read thread only (read-thread/), which exists to make this call: never on the
 * event loop. errno is read right after the call, on the same thread, where it is valid.
 */
export function createBlockingPread(): BlockingPread {
  const lib = koffi.load('libc.so.6');
  const pread = lib.func('int64_t pread(int fd, void *buf, size_t count, int64_t offset)');
  return (fd, target, length, offset) => {
    if (length > target.length)
      throw new RangeError(`pread of ${length} bytes into ${target.length}`);
    const result = Number(pread(fd, target, length, offset));
    return { result, errno: result < 0 ? koffi.errno() : 0 };
  };
}

let trim: KoffiFunction | null | undefined;

/**
 * Hands the C heap's free memory back to the system (glibc's malloc_trim): page buffers freed
 * after a burst of reads otherwise stay in the process's resident size. False where the C
 * library has no such call (musl) or is not loaded.
 */
export function trimCHeap(): boolean {
  if (trim === undefined) {
    try {
      trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
    } catch {
      trim = null;
    }
  }
  return trim !== null && Number(trim(0)) === 1;
}

/** A binding that uses glibc's pre-2.33 `__fxstat` entry point, so tests can check that path. */
export function createLibcWithFxstat(): Libc {
  const arch = process.arch;
  if (!isSupportedArch(arch)) throw new Error(`unsupported arch ${arch}`);
  return createLibc(arch, true);
}
