// From a name TSK's directory walk visits to the entries `files` prints: one per name, and on
// NTFS one per $DATA stream and directory index, named as fls names them ("doc.txt:secret").

import type {
  TskAttribute,
  TskMeta,
  TskName,
  TskTime,
} from '../../native-bridge/file-systems/tsk-file-system';
import { FILE_TYPES, type FileEntryJson } from '../shared/files/file-entry';

/** TSK_FS_ATTR_TYPE_ENUM values fls prints as streams. */
export const NTFS_DATA = 0x80;
export const NTFS_INDEX_ROOT = 0x90;
const NAME_ALLOCATED = 0x01;
const META_ALLOCATED = 0x01;

export function isNtfs(fsType: string): boolean {
  return fsType === 'ntfs';
}

/** "." and ".." entries, which fls leaves out. */
export function isDotEntry(name: TskName): boolean {
  return name.name === '.' || name.name === '..';
}

/** A time in UTC, ISO 8601, with nanoseconds when the file system keeps them; null for none. */
export function isoTime(time: TskTime): string | null {
  if (time.seconds === 0 && time.nanoseconds === 0) return null;
  const milliseconds = time.seconds * 1000;
  if (!Number.isFinite(milliseconds) || Math.abs(milliseconds) > 8.64e15) return null;
  const whole = new Date(milliseconds).toISOString().slice(0, 19);
  if (time.nanoseconds === 0) return `${whole}Z`;
  const fraction = String(time.nanoseconds).padStart(9, '0').replace(/0+$/, '');
  return `${whole}.${fraction}Z`;
}

/** The attributes fls lists a name once for (NTFS); empty: list it once, without one. */
export function listedAttributes(
  fsType: string,
  meta: TskMeta | null,
  attributes: TskAttribute[],
): TskAttribute[] {
  if (!isNtfs(fsType) || !meta) return [];
  return attributes.filter((a) => a.type === NTFS_DATA || a.type === NTFS_INDEX_ROOT);
}

/** fls's ":stream" suffix: every named attribute but a directory's $I30 index. */
function streamSuffix(attribute: TskAttribute | null): string {
  if (!attribute?.name) return '';
  if (attribute.type === NTFS_INDEX_ROOT && attribute.name === '$I30') return '';
  return `:${attribute.name}`;
}

export function entryOf(
  parentPath: string,
  name: TskName,
  meta: TskMeta | null,
  attribute: TskAttribute | null,
): FileEntryJson {
  const inode = Number(name.metaAddr);
  const address = attribute ? `${inode}-${attribute.type}-${attribute.id}` : String(inode);
  const suffix = streamSuffix(attribute);
  const size = attribute?.name && suffix ? attribute.size : (meta?.size ?? 0n);
  return {
    path: `/${parentPath}${name.name}${suffix}`,
    name: `${name.name}${suffix}`,
    inode,
    address,
    attribute: attribute ? { type: attribute.type, id: attribute.id, name: attribute.name } : null,
    allocated: (name.flags & NAME_ALLOCATED) !== 0,
    metaAllocated: meta ? (meta.flags & META_ALLOCATED) !== 0 : null,
    type: FILE_TYPES[name.type] ?? 'unknown',
    size: Number(size),
    modified: meta ? isoTime(meta.modified) : null,
    accessed: meta ? isoTime(meta.accessed) : null,
    changed: meta ? isoTime(meta.changed) : null,
    created: meta ? isoTime(meta.created) : null,
    shortName: name.shortName,
    parentInode: Number(name.parentAddr),
  };
}

/** Every entry one visited name gives. */
export function entriesOf(
  fsType: string,
  parentPath: string,
  name: TskName,
  meta: TskMeta | null,
  attributes: TskAttribute[],
): FileEntryJson[] {
  const listed = listedAttributes(fsType, meta, attributes);
  if (listed.length === 0) return [entryOf(parentPath, name, meta, null)];
  return listed.map((attribute) => entryOf(parentPath, name, meta, attribute));
}
