// One interface for every source of evidence bytes: a raw disk or image today (raw-source.ts),
// evidence formats (E01, split raw, VMDK, VHD) behind the same members later. Everything above
// this layer (the viewer's pages, every job, the partition and filesystem parsers, every CLI
// command) reads evidence through it and nothing else.

/** What holds the bytes: a block device, or a file of the disk's bytes. */
export type SourceKind = 'block' | 'file';

/**
 * How the bytes are stored: `raw` sector for sector as on the disk, `split` raw in several
 * files, `ewf` an Expert Witness image (E01, Ex01, S01), `aff` Advanced Forensic Format, and the
 * virtual machine disks `vmdk`, `vhd` and `vhdx`.
 */
export type SourceFormat = 'raw' | 'split' | 'ewf' | 'aff' | 'vmdk' | 'vhd' | 'vhdx';

export const SOURCE_FORMATS: readonly SourceFormat[] = [
  'raw',
  'split',
  'ewf',
  'aff',
  'vmdk',
  'vhd',
  'vhdx',
];

export interface SourceIdentity {
  kind: SourceKind;
  format: SourceFormat;
  /** The path exactly as the user gave it. */
  path: string;
  /** One line for people: what it is and how it is read. */
  description: string;
}

export interface SourceGeometry {
  /** Bytes of data; need not be a whole number of sectors (an image may end mid-sector). */
  size: bigint;
  logicalSectorSize: number;
  physicalSectorSize: number;
  /** Sectors, counting a partial last one. */
  sectorCount: bigint;
  /** Every source is opened read-only; nothing is ever written to it. */
  readOnly: true;
  /** Whether reads bypass the page cache (O_DIRECT). */
  directIO: boolean;
}

/**
 * Why a sector could not be read: the medium refused it (MEDIA_ERROR, with the kernel's errno),
 * the image chunk holding it failed its checksum (IMAGE_CHECKSUM), or the image lacks its data
 * (IMAGE_MISSING_DATA: a segment file is missing or cut short).
 */
export interface SectorError {
  code: 'MEDIA_ERROR' | 'IMAGE_CHECKSUM' | 'IMAGE_MISSING_DATA';
  /** The errno the kernel gave (EIO, ENODATA...), for media errors. */
  errno?: number;
  /** For people: "Input/output error (EIO)". */
  message: string;
}

export interface UnreadableSector {
  lba: bigint;
  error: SectorError;
}

export interface SourceRead {
  /**
   * The bytes read, `length` of them, or fewer when the range runs past the end of the source
   * (`short`). A view into `into` when one was given. Unreadable sectors are zero here.
   */
  data: Uint8Array;
  /** True when the range ran past the end: `data` holds only the bytes that exist. */
  short: boolean;
  /** Sectors overlapping the range that stayed unreadable after retries, ascending. */
  unreadable: UnreadableSector[];
}

export interface SourceReadOptions {
  /**
   * Where the bytes go, for callers that reuse buffers (jobs): at least `length` bytes rounded
   * up to whole sectors, from allocateReadBuffer so that a read thread fills it in place.
   */
  into?: Uint8Array;
  /** Extra attempts for each sector that still fails once a read is split (default 1). */
  retries?: number;
}

/** What an image says of itself beyond its bytes (ImHex's data description), for people. */
export interface SourceDetails {
  /** The files the evidence is made of, first to last (one for a plain image or device). */
  segments: string[];
  /** Acquisition metadata as the image stores it (E01: case number, examiner...). */
  metadata: Record<string, string>;
  /** Hashes of the media the image stores, lower-case hex (E01: MD5, SHA-1). */
  storedHashes: { md5?: string; sha1?: string };
  /** Problems found on opening: a missing or short segment, a truncated file. */
  warnings: string[];
  /** The library that reads it ("libewf 20140813"), or null for our own O_DIRECT reads. */
  library: string | null;
}

export interface EvidenceSource {
  readonly identity: SourceIdentity;
  readonly geometry: SourceGeometry;
  readonly details: SourceDetails;
  /** Bytes [offset, offset + length); see SourceRead for short reads and unreadable sectors. */
  read(offset: bigint, length: number, options?: SourceReadOptions): Promise<SourceRead>;
  /** Refuses new reads at once; does not wait for a read that hangs on a dying disk. */
  close(): Promise<void>;
}

/** How to open a source again (a job's thread opens its own). */
export interface SourceSpec {
  path: string;
  /** The sector size an image file is viewed with; block devices use the kernel's. */
  sectorSize?: number;
}

/** The largest single read a source accepts. */
export const MAX_SOURCE_READ_BYTES = 64 * 1024 * 1024;

/**
 * Where the readable bytes end: the size, or for a block device whose size is not a whole number
 * of its logical sectors, the end of its last whole sector (the block layer reaches no further).
 */
export function dataEnd(geometry: SourceGeometry): bigint {
  const sectors = geometry.sectorCount * BigInt(geometry.logicalSectorSize);
  return sectors < geometry.size ? sectors : geometry.size;
}
