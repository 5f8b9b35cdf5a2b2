// The io_uring ABI the ring reader uses (include/uapi/linux/io_uring.h). The syscall numbers come
// from the generic table, the same on x86_64 and arm64; all structures are little-endian there.

export const SYS_IO_URING_SETUP = 425;
export const SYS_IO_URING_ENTER = 426;
export const SYS_IO_URING_REGISTER = 427;

/** The application provides the ring memory (Linux 6.5): the kernel's own mmap'd rings would be
 * memory outside V8's heap, which Electron's memory cage refuses to wrap in an ArrayBuffer. */
export const IORING_SETUP_NO_MMAP = 1 << 14;

export const IORING_OP_NOP = 0;
export const IORING_OP_READ = 22;

export const IORING_REGISTER_EVENTFD = 4;

export const EFD_CLOEXEC = 0o2000000;

/** `long sysconf(int)` name of the page size. */
export const SC_PAGESIZE = 30;

/** struct io_uring_params: 40 bytes of fields, then io_sqring_offsets and io_cqring_offsets. */
export const PARAMS = {
  bytes: 120,
  sqEntries: 0,
  cqEntries: 4,
  flags: 8,
  /** struct io_sqring_offsets, each field a u32 offset into the rings memory. */
  sq: { head: 40, tail: 44, ringMask: 48, array: 64, userAddr: 72 },
  /** struct io_cqring_offsets. */
  cq: { head: 80, tail: 84, ringMask: 88, cqes: 100, userAddr: 112 },
} as const;

/** struct io_uring_sqe, 64 bytes. */
export const SQE = {
  bytes: 64,
  opcode: 0,
  fd: 4,
  offset: 8,
  address: 16,
  length: 24,
  userData: 32,
} as const;

/** struct io_uring_cqe, 16 bytes: user_data (u64), res (s32), flags (u32). */
export const CQE = { bytes: 16, userData: 0, result: 8 } as const;
