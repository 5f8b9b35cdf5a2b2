// The native bridge's public API: read-only sector access to disks and images through libc.

export {
  DiskReader,
  type OpenOptions,
  type QuickReadPath,
  type ReaderTuning,
  type ReadOptions,
} from './disk-reader';
export { NativeDiskError } from './native-disk-error';
export {
  allocateAligned,
  allocateAlignedShared,
  isAligned,
  isShared,
  BUFFER_ALIGNMENT,
} from './aligned-buffer';
export { describeErrno } from './errno-text';
export { trimCHeap } from './libc';
export { IMAGE_SECTOR_SIZES } from './probe-geometry';
export {
  MAX_NATIVE_READ_BYTES,
  DEFAULT_RETRIES,
  MAX_RETRIES,
  readableBytes,
} from './read-validation';
export type {
  DiskInfo,
  DiskKind,
  NativeErrorCode,
  SectorReadResult,
  UnreadableSectors,
} from './types';
export {
  ImageReader,
  type BadRun,
  type ImageDescription,
  type ImageLibrary,
  type ImageRead,
} from './image-library/image-reader';
export { EWF_HEADER_VALUES, type EwfMetadata } from './image-library/ewf-binding';
