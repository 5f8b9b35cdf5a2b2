// The members of The Sleuth Kit's file system structures (tsk/fs/tsk_fs.h of 4.11, LP64) that
// this app reads, laid out as koffi structs. Each struct is declared to its full length up to the
// last member read, with the C types of the header; tsk-struct-layout.test.ts compiles offsetof()
// of every member against the installed header and compares.

import koffi, { type TypeObject } from 'koffi';

/** TSK_FS_INFO, up to `fs_id_used` (the rest is locks and function pointers). */
export const FS_INFO = koffi.struct('SECTORSCOPE_TSK_FS_INFO', {
  tag: 'int',
  img_info: 'void *',
  offset: 'int64_t',
  inum_count: 'uint64_t',
  root_inum: 'uint64_t',
  first_inum: 'uint64_t',
  last_inum: 'uint64_t',
  block_count: 'uint64_t',
  first_block: 'uint64_t',
  last_block: 'uint64_t',
  last_block_act: 'uint64_t',
  block_size: 'unsigned int',
  dev_bsize: 'unsigned int',
  block_pre_size: 'unsigned int',
  block_post_size: 'unsigned int',
  journ_inum: 'uint64_t',
  ftype: 'int',
  duname: 'const char *',
  flags: 'int',
  fs_id: koffi.array('uint8_t', 32, 'Array'),
  fs_id_used: 'size_t',
});

export interface FsInfo {
  offset: bigint | number;
  inum_count: bigint | number;
  root_inum: bigint | number;
  first_inum: bigint | number;
  last_inum: bigint | number;
  block_count: bigint | number;
  first_block: bigint | number;
  last_block: bigint | number;
  last_block_act: bigint | number;
  block_size: number;
  dev_bsize: number;
  journ_inum: bigint | number;
  ftype: number;
  duname: string | null;
  flags: number;
  fs_id: number[];
  fs_id_used: number;
}

/** TSK_FS_FILE: a name, its metadata, or both. */
export const FS_FILE = koffi.struct('SECTORSCOPE_TSK_FS_FILE', {
  tag: 'int',
  name: 'void *',
  meta: 'void *',
  fs_info: 'void *',
});

/** TSK_FS_NAME: one directory entry. */
export const FS_NAME = koffi.struct('SECTORSCOPE_TSK_FS_NAME', {
  tag: 'int',
  name: 'const char *',
  name_size: 'size_t',
  shrt_name: 'const char *',
  shrt_name_size: 'size_t',
  meta_addr: 'uint64_t',
  meta_seq: 'uint32_t',
  par_addr: 'uint64_t',
  par_seq: 'uint32_t',
  date_added: 'uint64_t',
  type: 'int',
  flags: 'int',
});

/**
 * TSK_FS_META, to `link`. The file-system-specific union `time2` (its largest member, NTFS's,
 * is eight time_t and a uint16_t) is kept as nine 64-bit words.
 */
export const FS_META = koffi.struct('SECTORSCOPE_TSK_FS_META', {
  tag: 'int',
  flags: 'int',
  addr: 'uint64_t',
  type: 'int',
  mode: 'int',
  nlink: 'int',
  size: 'int64_t',
  uid: 'uint32_t',
  gid: 'uint32_t',
  mtime: 'int64_t',
  mtime_nano: 'uint32_t',
  atime: 'int64_t',
  atime_nano: 'uint32_t',
  ctime: 'int64_t',
  ctime_nano: 'uint32_t',
  crtime: 'int64_t',
  crtime_nano: 'uint32_t',
  time2: koffi.array('int64_t', 9, 'Array'),
  content_ptr: 'void *',
  content_len: 'size_t',
  content_type: 'int',
  reset_content: 'void *',
  seq: 'uint32_t',
  attr: 'void *',
  attr_state: 'int',
  name2: 'void *',
  link: 'const char *',
});

/** TSK_FS_ATTR: one attribute (a stream of content) of a file. */
export const FS_ATTR = koffi.struct('SECTORSCOPE_TSK_FS_ATTR', {
  next: 'void *',
  fs_file: 'void *',
  flags: 'int',
  name: 'const char *',
  name_size: 'size_t',
  type: 'int',
  id: 'uint16_t',
  size: 'int64_t',
  nrd: koffi.struct({
    run: 'void *',
    run_end: 'void *',
    skiplen: 'uint32_t',
    allocsize: 'int64_t',
    initsize: 'int64_t',
    compsize: 'uint32_t',
  }),
  rd: koffi.struct({
    buf: 'void *',
    buf_size: 'size_t',
    offset: 'int64_t',
  }),
  r: 'void *',
  w: 'void *',
});

/** TSK_FS_ATTR_RUN: blocks `addr` to `addr + len - 1` hold blocks `offset`.. of the attribute. */
export const FS_ATTR_RUN = koffi.struct('SECTORSCOPE_TSK_FS_ATTR_RUN', {
  next: 'void *',
  offset: 'uint64_t',
  addr: 'uint64_t',
  len: 'uint64_t',
  crypto_id: 'uint64_t',
  flags: 'int',
});

/** TSK_FS_BLOCK: one block a block walk visits. */
export const FS_BLOCK = koffi.struct('SECTORSCOPE_TSK_FS_BLOCK', {
  tag: 'int',
  fs_info: 'void *',
  buf: 'void *',
  addr: 'uint64_t',
  flags: 'int',
});

/**
 * Bytes reserved for the TSK_IMG_INFO of an image this app reads for TSK
 * (tsk_img_open_external fills it): its 32 cache slots of 64 KiB and a little more. The layout
 * test checks that sizeof(TSK_IMG_INFO) fits.
 */
export const IMG_INFO_BYTES = 32 * 65536 + 8192;

interface MemberInfo {
  offset: number;
  type: { members?: Record<string, MemberInfo> };
}

/**
 * Byte offset of a member ("nrd.run" for a nested one). Reading members one by one with
 * koffi.decode(pointer, offset, type) costs about 0.1 us each where decoding a whole struct
 * costs 4 to 6 us, and a walk reads millions of them.
 */
export function memberOffset(struct: TypeObject, path: string): number {
  let members = (koffi.type(struct) as unknown as { members: Record<string, MemberInfo> }).members;
  let offset = 0;
  for (const name of path.split('.')) {
    const member = members[name];
    if (!member) throw new Error(`no member ${path}`);
    offset += member.offset;
    members = member.type.members ?? {};
  }
  return offset;
}

/** Every struct with the C name the layout test compiles it against. */
export const CHECKED_STRUCTS = {
  TSK_FS_INFO: FS_INFO,
  TSK_FS_FILE: FS_FILE,
  TSK_FS_NAME: FS_NAME,
  TSK_FS_META: FS_META,
  TSK_FS_ATTR: FS_ATTR,
  TSK_FS_ATTR_RUN: FS_ATTR_RUN,
  TSK_FS_BLOCK: FS_BLOCK,
} as const;
