// Public types of the native bridge. It knows nothing of Electron, React or the service.

export type DiskKind = 'block' | 'file';

export interface DiskInfo {
  /** The path as given to open(). */
  path: string;
  kind: DiskKind;
  /** Size in bytes (BLKGETSIZE64 for devices, st_size for files). */
  size: bigint;
  logicalSectorSize: number;
  physicalSectorSize: number;
  /** size / logicalSectorSize; a trailing partial sector of an image file counts as a sector. */
  sectorCount: bigint;
  /** False when the filesystem refused O_DIRECT and reads go through the page cache. */
  directIO: boolean;
  readOnly: true;
}

/** The sectors of a read that stayed unreadable after splitting and retries. */
export interface UnreadableSectors {
  /** Their LBAs, ascending. */
  unreadable: bigint[];
  /** The errno of each, in the same order (EIO, ENODATA for a medium error...). */
  unreadableErrnos: number[];
}

export interface SectorReadResult extends UnreadableSectors {
  /** count * logicalSectorSize bytes, a fresh copy the caller owns. Unreadable sectors are zero here. */
  data: Uint8Array;
}

/** Error codes the bridge raises; the service maps them one to one onto the contract's codes. */
export type NativeErrorCode =
  | 'NOT_FOUND'
  | 'IS_DIRECTORY'
  | 'NOT_A_DISK'
  | 'PERMISSION'
  | 'EMPTY'
  | 'IO'
  | 'INVALID_ARGUMENT'
  | 'OUT_OF_RANGE'
  | 'UNSUPPORTED'
  /** The disk went away while open (removed, detached, its medium or its file gone). */
  | 'GONE';
