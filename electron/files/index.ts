// The file system layer: files, deleted files, owners of sectors, extents and contents, through
// The Sleuth Kit on a thread of its own, reading the evidence only through the source seam.
export { SourceFileSystems, type BuiltIndex } from './source-file-systems';
export { FileSystemThread, WorkCancelledError, type WorkProgress } from './fs-thread';
export type { FsTarget } from './fs-targets';
export { defaultCacheDir } from './owner-index-store';
export { ownerIndexBytes, extentCount, type OwnerIndexData } from './owner-index';
