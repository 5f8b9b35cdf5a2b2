// The contract's part for file systems (electron/files through the service): the file systems
// of an open disk, their entries a window at a time (filtered and sorted in main, so that a
// volume of 500,000 files never crosses the wire whole), a file's extents, the owner of a
// sector, the owner index's progress, and exports of files and directories. contract.ts adds
// these methods and events to the rest.

import type { ExtentsJson, FileEntryJson, OwnerJson } from './file-entry';

/** Where the owner index of one file system stands. */
export type IndexState =
  | { state: 'none' }
  | { state: 'building'; phase: string; done: number }
  | {
      state: 'ready';
      fromCache: boolean;
      inodes: number;
      extents: number;
      warnings: string[];
    }
  | { state: 'cancelled' }
  | { state: 'failed'; message: string };

export interface FileSystemInfo {
  /** The partition's index as `partitions` prints it; 0 for a file system at LBA 0. */
  partition: number;
  /** "partition 2 (Microsoft basic data, LBA 104448-184447)". */
  label: string;
  startLba: string;
  endLba: string;
  /** What The Sleuth Kit found there, or null (then `error` says why). */
  filesystem: { type: string; blockSize: number; blockName: string; id: string } | null;
  error: string | null;
  index: IndexState;
}

export type FileSortKey = 'path' | 'name' | 'size' | 'modified' | 'inode';

export interface ListFilesParams {
  session: string;
  partition: number;
  /** First row of the filtered, sorted list (default 0) and how many (default 200, at most 2000). */
  start?: number;
  count?: number;
  /** Case-insensitive text the path must contain. */
  filter?: string;
  sort?: FileSortKey;
  descending?: boolean;
  /** Which entries: all (default), only deleted ones, or only allocated ones. */
  deleted?: 'all' | 'only' | 'none';
}

export interface FileListWindow {
  /** Rows of the filtered list (so far, while `complete` is false). */
  total: number;
  /** The walk has listed every entry. */
  complete: boolean;
  /** Entries the walk has found so far, before filtering. */
  scanned: number;
  start: number;
  entries: FileEntryJson[];
  /** Sectors the walk could not read (taken as zeros), and TSK's complaints. */
  warnings: string[];
}

/** What holds a sector, or why that is not known yet. */
export type OwnerAnswer =
  | { status: 'ready'; owner: OwnerJson }
  /** The index of the file system holding it is being built; ask again when it is ready. */
  | { status: 'indexing'; partition: number; phase: string; done: number }
  /** Not asked to build it yet (buildOwnerIndex), or it was cancelled or failed. */
  | { status: 'not-indexed'; partition: number; index: IndexState };

export type FilePartChoice = 'content' | 'with-slack' | 'slack';

export interface ExportedFileView {
  /** The new file's name (no folders). */
  name: string;
  sha256: string;
  bytes: number;
}

export interface FileMethods {
  /** The file systems of an open disk: each partition and the disk itself, with TSK's verdict. */
  fileSystems: { params: { session: string }; result: FileSystemInfo[] };
  /** A window of a file system's entries; the walk starts on the first call and goes on. */
  listFiles: { params: ListFilesParams; result: FileListWindow };
  /** A file's runs of sectors (`address` as files prints it: 64 or 64-128-2). */
  fileExtents: {
    params: { session: string; partition: number; address: string };
    result: ExtentsJson;
  };
  /** Starts (or reports) the owner index of a file system: progress comes as fileIndex events. */
  buildOwnerIndex: { params: { session: string; partition: number }; result: IndexState };
  cancelOwnerIndex: { params: { session: string; partition: number }; result: null };
  /** What holds the sector at `lba` (in the partition holding it). */
  ownerOf: { params: { session: string; lba: string }; result: OwnerAnswer };
  /**
   * Exports a file (or its slack) into a new file chosen in main (a save dialog, or serve's
   * --export-dir), with its SHA-256 beside it. Null: cancelled in the dialog.
   */
  exportFile: {
    params: { session: string; partition: number; address: string; part?: FilePartChoice };
    result: ExportedFileView | null;
  };
  /** Every file under a directory, into a new folder chosen in main. Null: cancelled. */
  exportDirectory: {
    params: { session: string; partition: number; path: string };
    result: { folder: string; files: number; bytes: number } | null;
  };
}

/** Pushed while an owner index is built, and when it ends. */
export type FileEvent = {
  type: 'fileIndex';
  session: string;
  partition: number;
  index: IndexState;
};
