// libewf through koffi: an E01 (Ex01, S01) image with all its segments found from the first,
// its media size and sector size, the acquisition metadata and stored hashes, reads at any
// offset, and the chunks whose checksum failed. Every call blocks: only an image thread
// (image-thread-worker.ts) makes them. Checked against ewfinfo, ewfverify and ewfexport.

import koffi, { type LibraryHandle } from 'koffi';
import type { KoffiFunction } from '../libc';
import { NativeDiskError } from '../native-disk-error';
import { LIBEWF, loadLibrary } from './library-loader';

/** Header values examiners read, by libewf's identifier, under the names the app shows. */
export const EWF_HEADER_VALUES = {
  caseNumber: 'case_number',
  evidenceNumber: 'evidence_number',
  examiner: 'examiner_name',
  description: 'description',
  notes: 'notes',
  acquisitionDate: 'acquiry_date',
  systemDate: 'system_date',
  acquisitionSoftware: 'acquiry_software_version',
  acquisitionSystem: 'acquiry_operating_system',
  model: 'model',
  serialNumber: 'serial_number',
} as const;

export type EwfMetadata = Partial<Record<keyof typeof EWF_HEADER_VALUES, string>>;

const FORMAT_NAMES: Readonly<Record<number, string>> = {
  0x01: 'EnCase 1',
  0x02: 'EnCase 2',
  0x03: 'EnCase 3',
  0x04: 'EnCase 4',
  0x05: 'EnCase 5',
  0x06: 'EnCase 6',
  0x07: 'EnCase 7',
  0x0e: 'SMART',
  0x0f: 'FTK Imager',
  0x25: 'linen 5',
  0x26: 'linen 6',
  0x27: 'linen 7',
  0x70: 'EWF',
  0x71: 'EWFX',
};

/** A run of sectors whose chunk failed its checksum (or whose data is missing). */
export interface SectorRun {
  start: bigint;
  count: bigint;
}

export interface EwfImage {
  segments: string[];
  size: bigint;
  sectorSize: number;
  /** "EnCase 6", "SMART"... */
  formatName: string;
  metadata: EwfMetadata;
  storedHashes: { md5?: string; sha1?: string };
  libraryVersion: string;
  /** Reads into target (zeros for a chunk that fails its checksum); bytes read. */
  read(offset: bigint, target: Uint8Array): number;
  /** Every run of sectors found bad so far (libewf notes them as chunks are read). */
  checksumErrors(): SectorRun[];
  close(): void;
}

interface Binding {
  glob: KoffiFunction;
  globFree: KoffiFunction;
  init: KoffiFunction;
  open: KoffiFunction;
  close: KoffiFunction;
  free: KoffiFunction;
  readRandom: KoffiFunction;
  mediaSize: KoffiFunction;
  bytesPerSector: KoffiFunction;
  format: KoffiFunction;
  headerValue: KoffiFunction;
  hashValue: KoffiFunction;
  zeroOnError: KoffiFunction;
  checksumErrorCount: KoffiFunction;
  checksumError: KoffiFunction;
  accessRead: KoffiFunction;
  version: KoffiFunction;
  errorSprint: KoffiFunction;
  errorFree: KoffiFunction;
}

let binding: Binding | undefined;

function bind(lib: LibraryHandle): Binding {
  koffi.opaque('libewf_handle_t');
  koffi.opaque('libewf_error_t');
  const fn = (prototype: string) => lib.func(prototype);
  return {
    glob: fn(
      'int libewf_glob(const char *filename, size_t length, uint8_t format, _Out_ char ***filenames, _Out_ int *count, _Out_ libewf_error_t **error)',
    ),
    globFree: fn('int libewf_glob_free(char **filenames, int count, _Out_ libewf_error_t **error)'),
    init: fn(
      'int libewf_handle_initialize(_Out_ libewf_handle_t **handle, _Out_ libewf_error_t **error)',
    ),
    open: fn(
      'int libewf_handle_open(libewf_handle_t *handle, char **filenames, int count, int flags, _Out_ libewf_error_t **error)',
    ),
    close: fn('int libewf_handle_close(libewf_handle_t *handle, _Out_ libewf_error_t **error)'),
    free: fn(
      'int libewf_handle_free(_Inout_ libewf_handle_t **handle, _Out_ libewf_error_t **error)',
    ),
    readRandom: fn(
      'int64_t libewf_handle_read_random(libewf_handle_t *handle, void *buffer, size_t size, int64_t offset, _Out_ libewf_error_t **error)',
    ),
    mediaSize: fn(
      'int libewf_handle_get_media_size(libewf_handle_t *handle, _Out_ uint64_t *size, _Out_ libewf_error_t **error)',
    ),
    bytesPerSector: fn(
      'int libewf_handle_get_bytes_per_sector(libewf_handle_t *handle, _Out_ uint32_t *size, _Out_ libewf_error_t **error)',
    ),
    format: fn(
      'int libewf_handle_get_format(libewf_handle_t *handle, _Out_ uint8_t *format, _Out_ libewf_error_t **error)',
    ),
    headerValue: fn(
      'int libewf_handle_get_utf8_header_value(libewf_handle_t *handle, const char *id, size_t idLength, void *value, size_t size, _Out_ libewf_error_t **error)',
    ),
    hashValue: fn(
      'int libewf_handle_get_utf8_hash_value(libewf_handle_t *handle, const char *id, size_t idLength, void *value, size_t size, _Out_ libewf_error_t **error)',
    ),
    zeroOnError: fn(
      'int libewf_handle_set_read_zero_chunk_on_error(libewf_handle_t *handle, uint8_t zero, _Out_ libewf_error_t **error)',
    ),
    checksumErrorCount: fn(
      'int libewf_handle_get_number_of_checksum_errors(libewf_handle_t *handle, _Out_ uint32_t *count, _Out_ libewf_error_t **error)',
    ),
    checksumError: fn(
      'int libewf_handle_get_checksum_error(libewf_handle_t *handle, uint32_t index, _Out_ uint64_t *start, _Out_ uint64_t *count, _Out_ libewf_error_t **error)',
    ),
    accessRead: fn('int libewf_get_access_flags_read()'),
    version: fn('const char *libewf_get_version()'),
    errorSprint: fn('int libewf_error_sprint(libewf_error_t *error, void *text, size_t size)'),
    errorFree: fn('void libewf_error_free(_Inout_ libewf_error_t **error)'),
  };
}

function library(): Binding {
  binding ??= bind(loadLibrary(LIBEWF));
  return binding;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(bytes.subarray(0, end < 0 ? bytes.length : end)).toString('utf8');
}

/** The text of a libewf error (its last line is the most specific), freeing it. */
function takeError(b: Binding, error: unknown[]): string {
  if (!error[0]) return 'no reason given';
  const text = new Uint8Array(4096);
  b.errorSprint(error[0], text, text.length);
  b.errorFree(error);
  error[0] = null;
  const lines = cString(text)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1) ?? 'no reason given';
}

function failed(b: Binding, error: unknown[], what: string): NativeDiskError {
  return new NativeDiskError('IO', `${what}: ${takeError(b, error).replace(/\.+$/, '')}.`);
}

/** The segment files libewf finds from the first (E01 -> E02, E03...), in order. */
function globSegments(b: Binding, path: string): { names: unknown; list: string[] } {
  const error: unknown[] = [null];
  const names: unknown[] = [null];
  const count = [0];
  const bytes = Buffer.byteLength(path);
  if (b.glob(path, bytes, 0, names, count, error) !== 1) {
    throw failed(b, error, `Cannot find the segments of ${path}`);
  }
  const list = koffi.decode(names[0], 'char *', count[0] ?? 0) as string[];
  return { names: names[0], list };
}

export function openEwf(path: string): EwfImage {
  const b = library();
  const error: unknown[] = [null];
  const { names, list } = globSegments(b, path);
  const handle: unknown[] = [null];
  try {
    if (b.init(handle, error) !== 1) throw failed(b, error, 'Cannot start libewf');
    if (b.open(handle[0], names, list.length, b.accessRead(), error) !== 1) {
      throw failed(b, error, `Cannot open ${path} as an EWF image`);
    }
  } finally {
    b.globFree(names, list.length, error);
  }
  const h = handle[0];
  // A chunk that fails its checksum reads as zeros, and is listed; never as its bad bytes.
  b.zeroOnError(h, 1, error);
  const size = [0n];
  if (b.mediaSize(h, size, error) !== 1) throw failed(b, error, `Cannot read ${path}'s size`);
  const sectorSize = [0];
  if (b.bytesPerSector(h, sectorSize, error) !== 1) {
    throw failed(b, error, `Cannot read ${path}'s sector size`);
  }
  const format = [0];
  b.format(h, format, error);
  const text = (read: (value: Uint8Array) => number): string | undefined => {
    const value = new Uint8Array(1024);
    const found = read(value) === 1;
    if (error[0]) b.errorFree(error);
    error[0] = null;
    const result = cString(value).trim();
    return found && result !== '' ? result : undefined;
  };
  const metadata: EwfMetadata = {};
  for (const [name, id] of Object.entries(EWF_HEADER_VALUES)) {
    const value = text((out) => b.headerValue(h, id, id.length, out, out.length, error));
    if (value !== undefined) metadata[name as keyof EwfMetadata] = value;
  }
  const storedHashes: EwfImage['storedHashes'] = {};
  const md5 = text((out) => b.hashValue(h, 'MD5', 3, out, out.length, error));
  const sha1 = text((out) => b.hashValue(h, 'SHA1', 4, out, out.length, error));
  if (md5) storedHashes.md5 = md5.toLowerCase();
  if (sha1) storedHashes.sha1 = sha1.toLowerCase();

  let knownErrors = 0;
  let runs: SectorRun[] = [];
  return {
    segments: list,
    size: BigInt(size[0] ?? 0),
    sectorSize: sectorSize[0] ?? 512,
    formatName: FORMAT_NAMES[format[0] ?? 0] ?? 'EWF',
    metadata,
    storedHashes,
    libraryVersion: String(b.version()),
    read(offset, target) {
      const read = Number(b.readRandom(h, target, target.length, offset, error));
      if (read < 0) throw failed(b, error, `Reading ${target.length} bytes at ${offset}`);
      return read;
    },
    checksumErrors() {
      const count = [0];
      if (b.checksumErrorCount(h, count, error) !== 1) return runs;
      if (count[0] === knownErrors) return runs;
      knownErrors = count[0] ?? 0;
      runs = [];
      for (let index = 0; index < knownErrors; index++) {
        const start = [0n];
        const sectors = [0n];
        if (b.checksumError(h, index, start, sectors, error) === 1) {
          runs.push({ start: BigInt(start[0] ?? 0), count: BigInt(sectors[0] ?? 0) });
        }
      }
      return runs;
    },
    close() {
      b.close(h, error);
      b.free(handle, error);
    },
  };
}
