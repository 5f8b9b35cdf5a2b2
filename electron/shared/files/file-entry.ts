// What the file system layer says of files, as plain JSON: what `sectorscope files --json`,
// `owner --json` and `extents --json` print and what the viewer's Files panel shows.

/** What a name is, from its directory entry (TSK_FS_NAME_TYPE_ENUM). */
export type FileType =
  | 'unknown'
  | 'fifo'
  | 'character-device'
  | 'directory'
  | 'block-device'
  | 'file'
  | 'symlink'
  | 'socket'
  | 'shadow'
  | 'whiteout'
  | 'virtual'
  | 'virtual-directory';

export const FILE_TYPES: readonly FileType[] = [
  'unknown',
  'fifo',
  'character-device',
  'directory',
  'block-device',
  'file',
  'symlink',
  'socket',
  'shadow',
  'whiteout',
  'virtual',
  'virtual-directory',
];

/** One stream of a file (NTFS attributes; other file systems have one, their content). */
export interface FileAttributeJson {
  /** TSK's attribute type: 128 NTFS $DATA, 144 $INDEX_ROOT, 1 the content elsewhere. */
  type: number;
  id: number;
  /** The stream's name ("Zone.Identifier", "$I30"), null for the unnamed one. */
  name: string | null;
}

export interface FileEntryJson {
  /** From the file system's root: "/Windows/notepad.exe", "/doc.txt:secret" for a stream. */
  path: string;
  name: string;
  /** TSK's metadata address (MFT entry, inode, FAT directory entry address). */
  inode: number;
  /** As fls prints it and icat/--inode take it: "64" or, with an attribute, "64-128-2". */
  address: string;
  attribute: FileAttributeJson | null;
  /** The name is allocated; false for a deleted entry (fls marks those with *). */
  allocated: boolean;
  /** The metadata is allocated (to this file or, for a deleted name, to another one). */
  metaAllocated: boolean | null;
  type: FileType;
  /** Bytes of content (of the stream, for an attribute). */
  size: number;
  /** Times in UTC (ISO 8601 with the file system's precision), null where there is none. */
  modified: string | null;
  accessed: string | null;
  changed: string | null;
  created: string | null;
  /** The 8.3 name FAT and NTFS keep beside a long one. */
  shortName: string | null;
  /** TSK's address of the parent directory. */
  parentInode: number;
}

/** A file's content on the disk: `length` sectors from `lba` hold bytes `offset`.. of it. */
export interface ExtentJson {
  lba: number;
  length: number;
  /** Byte offset in the file (stream) where this run starts. */
  offset: number;
  /** File system block of the run's start, and how many blocks it spans. */
  block: number;
  blocks: number;
  /** Sparse runs hold no sectors (lba and length are then 0); filler runs are not known. */
  sparse: boolean;
}

export interface ExtentsJson {
  inode: number;
  address: string;
  size: number;
  blockSize: number;
  /** Bytes of its blocks: the size plus the slack. */
  allocatedSize: number;
  extents: ExtentJson[];
}

/** What holds the sector at `lba`. */
export type OwnerKind = 'file' | 'metadata' | 'unallocated' | 'outside';

export interface FormerOwnerJson {
  inode: number;
  address: string;
  path: string | null;
  offset: number;
}

export interface OwnerJson {
  lba: number;
  kind: OwnerKind;
  /** The partition's index as `partitions` prints it; 0 for a file system at LBA 0. */
  partition: number | null;
  /** TSK's name of the file system type: "ntfs", "fat16", "ext4"... */
  filesystem: string | null;
  /** The file system block holding the sector. */
  block: number | null;
  /** Null where no file owns the sector. */
  inode: number | null;
  address: string | null;
  path: string | null;
  /** Byte offset of the sector in the file. */
  offset: number | null;
  /** The block is in use (by a file or by the file system itself). */
  allocated: boolean;
  /** For people: "file /a/b.txt at byte 8192", "file system metadata (inode tables)"... */
  description: string;
  /** Deleted files whose runs still name this unallocated block (their content may be here). */
  formerly?: FormerOwnerJson[];
}
