// The Sleuth Kit's file system calls (libtsk 4.11) through koffi. Every call blocks and some call
// back into JavaScript: only a file system thread (fs-thread-worker.ts) makes them.

import koffi, { type TypeObject } from 'koffi';
import type { KoffiFunction } from '../libc';
import { LIBTSK, loadLibrary } from '../image-library/library-loader';

/** TSK_WALK_RET_ENUM. */
export const WALK_CONT = 0;
export const WALK_STOP = 1;
export const WALK_ERROR = 2;

/** TSK_FS_DIR_WALK_FLAG_ENUM: allocated and deleted names, into every directory. */
export const DIR_WALK_ALL = 0x01 | 0x02 | 0x04;
/** Leave out TSK's $OrphanFiles directory (finding its entries walks every name again). */
export const DIR_WALK_NO_ORPHANS = 0x08;
/** TSK_FS_META_FLAG_ENUM: allocated, unallocated, used at least once. */
export const META_ALLOC = 0x01;
export const META_UNALLOC = 0x02;
export const META_USED = 0x04;
/**
 * TSK_FS_BLOCK_WALK_FLAG_ENUM (ALLOC 1, UNALLOC 2, CONT 4, META 8, AONLY 0x10: addresses only,
 * no content read): every metadata block, and every unallocated block.
 */
export const BLOCK_WALK_METADATA = 0x01 | 0x02 | 0x08 | 0x10;
export const BLOCK_WALK_UNALLOCATED = 0x02 | 0x04 | 0x08 | 0x10;
/** TSK_FS_BLOCK_FLAG_ENUM: what a walk says of each block. */
export const BLOCK_FLAG_UNALLOC = 0x02;
export const BLOCK_FLAG_META = 0x08;
/** TSK_FS_FILE_READ_FLAG_ENUM. */
export const READ_SLACK = 0x01;

export interface TskFsLibrary {
  openExternal: KoffiFunction;
  imgClose: KoffiFunction;
  fsOpen: KoffiFunction;
  fsClose: KoffiFunction;
  fsTypeName: KoffiFunction;
  dirWalk: KoffiFunction;
  metaWalk: KoffiFunction;
  blockWalk: KoffiFunction;
  fileOpenMeta: KoffiFunction;
  fileClose: KoffiFunction;
  attrCount: KoffiFunction;
  attrAt: KoffiFunction;
  attrDefault: KoffiFunction;
  attrByType: KoffiFunction;
  attrRead: KoffiFunction;
  errorGet: KoffiFunction;
  errorReset: KoffiFunction;
  version: KoffiFunction;
  /** Callback prototypes, for koffi.register. */
  readCallback: TypeObject;
  closeCallback: TypeObject;
  statCallback: TypeObject;
  dirWalkCallback: TypeObject;
  metaWalkCallback: TypeObject;
  blockWalkCallback: TypeObject;
}

let library: TskFsLibrary | undefined;

function bind(): TskFsLibrary {
  const lib = loadLibrary({ ...LIBTSK, reads: 'file systems (files, deleted files, owners)' });
  const readCallback = koffi.proto(
    'int64_t SectorscopeTskRead(void *img, int64_t offset, void *buffer, size_t length)',
  );
  const closeCallback = koffi.proto('void SectorscopeTskClose(void *img)');
  const statCallback = koffi.proto('void SectorscopeTskStat(void *img, void *stream)');
  const dirWalkCallback = koffi.proto(
    'int SectorscopeTskDirWalk(void *file, const char *path, void *context)',
  );
  const metaWalkCallback = koffi.proto('int SectorscopeTskMetaWalk(void *file, void *context)');
  const blockWalkCallback = koffi.proto('int SectorscopeTskBlockWalk(void *block, void *context)');
  return {
    openExternal: lib.func(
      'void *tsk_img_open_external(void *info, int64_t size, unsigned int sectorSize, ' +
        'SectorscopeTskRead *read, SectorscopeTskClose *close, SectorscopeTskStat *stat)',
    ),
    imgClose: lib.func('void tsk_img_close(void *img)'),
    fsOpen: lib.func('void *tsk_fs_open_img(void *img, int64_t offset, int type)'),
    fsClose: lib.func('void tsk_fs_close(void *fs)'),
    fsTypeName: lib.func('const char *tsk_fs_type_toname(int type)'),
    dirWalk: lib.func(
      'uint8_t tsk_fs_dir_walk(void *fs, uint64_t inode, int flags, ' +
        'SectorscopeTskDirWalk *callback, void *context)',
    ),
    metaWalk: lib.func(
      'uint8_t tsk_fs_meta_walk(void *fs, uint64_t first, uint64_t last, int flags, ' +
        'SectorscopeTskMetaWalk *callback, void *context)',
    ),
    blockWalk: lib.func(
      'uint8_t tsk_fs_block_walk(void *fs, uint64_t first, uint64_t last, int flags, ' +
        'SectorscopeTskBlockWalk *callback, void *context)',
    ),
    fileOpenMeta: lib.func('void *tsk_fs_file_open_meta(void *fs, void *file, uint64_t inode)'),
    fileClose: lib.func('void tsk_fs_file_close(void *file)'),
    attrCount: lib.func('int tsk_fs_file_attr_getsize(void *file)'),
    attrAt: lib.func('void *tsk_fs_file_attr_get_idx(void *file, int index)'),
    attrDefault: lib.func('void *tsk_fs_file_attr_get(void *file)'),
    attrByType: lib.func(
      'void *tsk_fs_file_attr_get_type(void *file, int type, uint16_t id, uint8_t idUsed)',
    ),
    attrRead: lib.func(
      'int64_t tsk_fs_attr_read(void *attr, int64_t offset, void *buffer, size_t length, int flags)',
    ),
    errorGet: lib.func('const char *tsk_error_get()'),
    errorReset: lib.func('void tsk_error_reset()'),
    version: lib.func('const char *tsk_version_get_str()'),
    readCallback,
    closeCallback,
    statCallback,
    dirWalkCallback,
    metaWalkCallback,
    blockWalkCallback,
  };
}

export function tskFs(): TskFsLibrary {
  library ??= bind();
  return library;
}

/** The last error libtsk recorded on this thread, as one line, and clears it. */
export function takeTskError(tsk: TskFsLibrary): string | undefined {
  const text = String(tsk.errorGet() ?? '').trim();
  tsk.errorReset();
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.length > 0 ? lines.join('; ') : undefined;
}
