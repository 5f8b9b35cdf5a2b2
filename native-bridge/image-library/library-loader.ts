// Loads a C library of the evidence-format tools through koffi, or says which package to
// install: raw and split raw images need none of them; E01 needs libewf, the other formats The
// Sleuth Kit's libtsk (which reads AFF, VMDK, VHD and VHDX through afflib, libvmdk and libvhdi).

import koffi, { type LibraryHandle } from 'koffi';
import { NativeDiskError } from '../native-disk-error';

export interface LibraryWanted {
  /** The soname koffi loads: libewf.so.2. */
  soname: string;
  /** For people: "libewf". */
  name: string;
  /** What reads through it: "E01 (Expert Witness) images". */
  reads: string;
  /** Packages that provide it. */
  packages: string;
}

export const LIBEWF: LibraryWanted = {
  soname: 'libewf.so.2',
  name: 'libewf',
  reads: 'E01 (Expert Witness) images',
  packages: 'Debian/Ubuntu: apt install libewf2; Fedora: dnf install libewf',
};

export const LIBTSK: LibraryWanted = {
  soname: 'libtsk.so.19',
  name: "The Sleuth Kit's libtsk",
  reads: 'AFF, VMDK, VHD and VHDX images',
  packages: 'Debian/Ubuntu: apt install libtsk19; Fedora: dnf install sleuthkit-libs',
};

const loaded = new Map<string, LibraryHandle>();

/** glibc's dlopen flags: resolve now, and never unload. */
const RTLD_NOW = 0x2;
const RTLD_NODELETE = 0x1000;

let dlopen: ((name: string, flags: number) => unknown) | undefined;

/**
 * Keeps a library mapped for the life of the process. The image libraries run on worker
 * threads, and when a worker ends, koffi closes what it loaded; libtsk (through libvmdk and its
 * kin) leaves thread-exit handlers that point into its code, and the process crashed as the
 * thread ended. A dlopen with RTLD_NODELETE keeps the code where those handlers point.
 */
function pin(soname: string): void {
  dlopen ??= koffi.load('libc.so.6').func('void *dlopen(const char *name, int flags)') as (
    name: string,
    flags: number,
  ) => unknown;
  dlopen(soname, RTLD_NOW | RTLD_NODELETE);
}

export function loadLibrary(wanted: LibraryWanted): LibraryHandle {
  const known = loaded.get(wanted.soname);
  if (known) return known;
  let library: LibraryHandle;
  try {
    pin(wanted.soname);
    library = koffi.load(wanted.soname);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new NativeDiskError(
      'UNSUPPORTED',
      `Reading ${wanted.reads} needs ${wanted.name} (${wanted.soname}), which is not installed ` +
        `(${reason}). Install it (${wanted.packages}) and open the image again; raw and split ` +
        'raw images need nothing more.',
    );
  }
  loaded.set(wanted.soname, library);
  return library;
}
