// Keeps owner indexes between runs, one file per file system, named by a hash of the source's
// fingerprint and the file system's offset: a different image, a changed one, another version of
// the index all miss and rebuild. The folder is $SECTORSCOPE_CACHE_DIR, else
// $XDG_CACHE_HOME/sectorscope, else ~/.cache/sectorscope; files are written whole and renamed
// into place, so a crash never leaves half an index to be read back.

import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  OWNER_INDEX_VERSION,
  type ExtentTable,
  type OwnerIndexData,
  type StreamTable,
} from './owner-index';

const MAGIC = 'SSOWNIDX';

export function defaultCacheDir(): string {
  const env = process.env;
  if (env.SECTORSCOPE_CACHE_DIR) return env.SECTORSCOPE_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'sectorscope');
}

function fileOf(dir: string, key: string): string {
  const name = createHash('sha256').update(`${OWNER_INDEX_VERSION}|${key}`).digest('hex');
  return join(dir, 'owner-index', `${name.slice(0, 32)}.idx`);
}

type Numeric = Float64Array | Int32Array | Uint8Array;

const TABLES = ['allocated', 'deleted', 'metadata', 'unallocated'] as const;
const TABLE_ARRAYS = ['starts', 'lengths', 'streams', 'offsets', 'maxEnds'] as const;
const STREAM_ARRAYS = [
  'inodes',
  'sizes',
  'attributeTypes',
  'attributeIds',
  'flags',
  'byInode',
] as const;

function arraysOf(index: OwnerIndexData): Numeric[] {
  const arrays: Numeric[] = STREAM_ARRAYS.map((name) => index.streams[name]);
  for (const table of TABLES) for (const name of TABLE_ARRAYS) arrays.push(index[table][name]);
  return arrays;
}

interface Header {
  magic: string;
  version: number;
  key: string;
  filesystem: OwnerIndexData['filesystem'];
  counts: OwnerIndexData['counts'];
  paths: (string | null)[];
  streams: number;
  byInode: number;
  rows: Record<(typeof TABLES)[number], number>;
}

export async function saveOwnerIndex(
  dir: string,
  key: string,
  index: OwnerIndexData,
): Promise<string> {
  const path = fileOf(dir, key);
  await mkdir(join(dir, 'owner-index'), { recursive: true });
  const header: Header = {
    magic: MAGIC,
    version: OWNER_INDEX_VERSION,
    key,
    filesystem: index.filesystem,
    counts: index.counts,
    paths: index.streams.paths,
    streams: index.streams.inodes.length,
    byInode: index.streams.byInode.length,
    rows: {
      allocated: index.allocated.starts.length,
      deleted: index.deleted.starts.length,
      metadata: index.metadata.starts.length,
      unallocated: index.unallocated.starts.length,
    },
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(8);
  length.writeUInt32LE(headerBytes.length, 0);
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.write(length);
    await file.write(headerBytes);
    // Typed arrays start 8-byte aligned so they can be read back as views.
    await file.write(Buffer.alloc((8 - (headerBytes.length % 8)) % 8));
    for (const array of arraysOf(index)) {
      await file.write(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      await file.write(Buffer.alloc((8 - (array.byteLength % 8)) % 8));
    }
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  return path;
}

/** The index saved for `key`, or null when there is none (or it is not one this version reads). */
export async function loadOwnerIndex(dir: string, key: string): Promise<OwnerIndexData | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(fileOf(dir, key));
  } catch {
    return null;
  }
  try {
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Header;
    if (header.magic !== MAGIC || header.version !== OWNER_INDEX_VERSION || header.key !== key) {
      return null;
    }
    // A copy on an 8-byte boundary: a Buffer from readFile may sit anywhere in its pool.
    const body = new Uint8Array(bytes.length - 8 - headerLength);
    body.set(bytes.subarray(8 + headerLength));
    let at = (8 - (headerLength % 8)) % 8;
    const take = <T extends Numeric>(
      make: (buffer: ArrayBuffer, offset: number, n: number) => T,
      n: number,
      width: number,
    ): T => {
      const array = make(body.buffer, at, n);
      at += n * width;
      at += (8 - (at % 8)) % 8;
      return array;
    };
    const f64 = (n: number) => take((b, o, c) => new Float64Array(b, o, c), n, 8);
    const i32 = (n: number) => take((b, o, c) => new Int32Array(b, o, c), n, 4);
    const u8 = (n: number) => take((b, o, c) => new Uint8Array(b, o, c), n, 1);
    const n = header.streams;
    const inodes = f64(n);
    const sizes = f64(n);
    const attributeTypes = i32(n);
    const attributeIds = i32(n);
    const flags = u8(n);
    const streams: StreamTable = {
      paths: header.paths,
      inodes,
      sizes,
      attributeTypes,
      attributeIds,
      flags,
      byInode: i32(header.byInode),
    };
    const table = (rows: number): ExtentTable => ({
      starts: f64(rows),
      lengths: f64(rows),
      streams: i32(rows),
      offsets: f64(rows),
      maxEnds: f64(rows),
    });
    return {
      version: header.version,
      filesystem: header.filesystem,
      streams,
      allocated: table(header.rows.allocated),
      deleted: table(header.rows.deleted),
      metadata: table(header.rows.metadata),
      unallocated: table(header.rows.unallocated),
      counts: header.counts,
    };
  } catch {
    // A damaged cache file is only a miss.
    await rm(fileOf(dir, key), { force: true });
    return null;
  }
}
