// The libc entry points the ring reader calls through koffi. All of them return at once except
// `waitForEvent`, which blocks until a completion is posted and so runs on libuv's thread pool.

import koffi from 'koffi';
import { callAsync, type KoffiFunction } from '../libc';
import {
  EFD_CLOEXEC,
  IORING_REGISTER_EVENTFD,
  SC_PAGESIZE,
  SYS_IO_URING_ENTER,
  SYS_IO_URING_REGISTER,
  SYS_IO_URING_SETUP,
} from './io-ring-abi';

export interface IoRingSyscalls {
  pageSize(): number;
  /** io_uring_setup; the ring's descriptor, or minus the errno. */
  setup(entries: number, params: Uint8Array): number;
  /** io_uring_enter submitting `count` entries without waiting; the number taken, or minus the errno. */
  submit(ringFd: number, count: number): number;
  /** Registers an eventfd the kernel signals at every completion; 0, or minus the errno. */
  registerEventFd(ringFd: number, eventFd: number): number;
  /** A new eventfd, or minus the errno. */
  eventFd(): number;
  /** Waits until the eventfd's count is not zero and resets it (on the pool); minus the errno on failure. */
  waitForEvent(eventFd: number): Promise<number>;
  /** Adds one to the eventfd's count, waking a `waitForEvent`. */
  signalEvent(eventFd: number): void;
  close(fd: number): void;
}

/** V8 keeps typed arrays up to 64 bytes inside its moving heap. */
const OFF_HEAP_BYTES = 512;

function withErrno(value: number | bigint): number {
  const result = Number(value);
  return result < 0 ? -koffi.errno() : result;
}

let loaded: IoRingSyscalls | undefined;

export function ioRingSyscalls(): IoRingSyscalls {
  loaded ??= declare();
  return loaded;
}

function declare(): IoRingSyscalls {
  const lib = koffi.load('libc.so.6');
  // syscall(2) is variadic; fixed-arity prototypes of it are ABI-compatible on x86_64 and arm64.
  const setup = lib.func('long syscall(long nr, long entries, void *params)');
  const enter = lib.func(
    'long syscall(long nr, long fd, long toSubmit, long minComplete, long flags, void *sig, long sigSize)',
  );
  const register = lib.func('long syscall(long nr, long fd, long opcode, void *arg, long count)');
  const eventfd = lib.func('int eventfd(unsigned int initval, int flags)');
  const read: KoffiFunction = lib.func('int64_t read(int fd, void *buf, size_t count)');
  const write = lib.func('int64_t write(int fd, void *buf, size_t count)');
  const close = lib.func('int close(int fd)');
  const sysconf = lib.func('long sysconf(int name)');
  return {
    pageSize: () => Number(sysconf(SC_PAGESIZE)),
    setup: (entries, params) => withErrno(setup(SYS_IO_URING_SETUP, entries, params)),
    submit: (ringFd, count) => withErrno(enter(SYS_IO_URING_ENTER, ringFd, count, 0, 0, null, 0)),
    registerEventFd: (ringFd, eventFd) =>
      withErrno(
        register(
          SYS_IO_URING_REGISTER,
          ringFd,
          IORING_REGISTER_EVENTFD,
          new Int32Array([eventFd]),
          1,
        ),
      ),
    eventFd: () => withErrno(eventfd(0, EFD_CLOEXEC)),
    waitForEvent: async (eventFd) => {
      // Larger than V8 keeps inside its moving heap: the pool thread writes here while JS runs.
      const count = new Uint8Array(OFF_HEAP_BYTES);
      const { result, errno } = await callAsync(read, eventFd, count, 8);
      count.fill(0); // holds the array until the call is over
      return result < 0 ? -errno : result;
    },
    signalEvent: (eventFd) => {
      write(eventFd, new BigUint64Array([1n]), 8);
    },
    close: (fd) => {
      close(fd);
    },
  };
}
