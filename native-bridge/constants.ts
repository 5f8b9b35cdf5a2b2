// Linux ABI numbers the bridge needs. Errno values and ioctl numbers are the same on x86_64 and
// arm64 (both use asm-generic errno and the generic _IOR encoding); open flags are not.

export type SupportedArch = 'x64' | 'arm64';

interface OpenFlags {
  O_RDONLY: number;
  O_DIRECT: number;
  O_CLOEXEC: number;
}

const OPEN_FLAGS: Record<SupportedArch, OpenFlags> = {
  x64: { O_RDONLY: 0, O_DIRECT: 0o40000, O_CLOEXEC: 0o2000000 },
  arm64: { O_RDONLY: 0, O_DIRECT: 0o200000, O_CLOEXEC: 0o2000000 },
};

export function isSupportedArch(arch: string): arch is SupportedArch {
  return arch === 'x64' || arch === 'arm64';
}

export function openFlagsFor(arch: SupportedArch): OpenFlags {
  return OPEN_FLAGS[arch];
}

/** The access-mode bits of open(2) flags; O_RDONLY is the value 0 inside them. */
export const O_ACCMODE = 0o3;

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

/** _IOR(0x12, 114, size_t): device size in bytes, into a uint64_t. */
export const BLKGETSIZE64 = 0x80081272;
/** _IO(0x12, 104): logical sector size, into an int. */
export const BLKSSZGET = 0x1268;
/** _IO(0x12, 123): physical sector size, into an unsigned int. */
export const BLKPBSZGET = 0x127b;

export const EPERM = 1;
export const ENOENT = 2;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const ENODEV = 19;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const ENFILE = 23;
export const EMFILE = 24;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const ELOOP = 40;
export const ENODATA = 61;
export const EILSEQ = 84;
export const ETIMEDOUT = 110;
export const ENOTCONN = 107;
export const ESTALE = 116;
export const EREMOTEIO = 121;
export const ENOMEDIUM = 123;

/**
 * Errnos a read returns when the medium itself failed. The block layer turns BLK_STS_IOERR into
 * EIO, BLK_STS_MEDIUM (a SCSI/ATA medium error: the classic bad sector) into ENODATA,
 * BLK_STS_PROTECTION into EILSEQ, BLK_STS_TARGET into EREMOTEIO and BLK_STS_TIMEOUT into
 * ETIMEDOUT. These are split down and retried; any other errno ends the read.
 */
export const MEDIA_ERRNOS: ReadonlySet<number> = new Set([
  EIO,
  ENODATA,
  EILSEQ,
  EREMOTEIO,
  ETIMEDOUT,
]);
