// An export's file appears under its name only once it is complete. It is written under a
// hidden temporary name in the destination folder (the same filesystem, so that moving it into
// place is atomic), flushed, then linked into place (link() fails with EEXIST rather than
// replace anything) or, when the user agreed to replace an existing file, renamed over it; then
// the folder is flushed. Its SHA-256 goes beside it the same way, as NAME.sha256 in sha256sum's
// format. A process killed mid-export leaves only its temporary,
// `.NAME.sectorscope-partial-<pid namespace>-<pid>-<process start>-<random>`; the next export
// into that folder removes those whose process is gone.

import { randomBytes } from 'node:crypto';
import { closeSync, constants, open as openCallback, unlinkSync } from 'node:fs';
import { link, lstat, open, readFile, readdir, readlink, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

// A plain descriptor for the export's file, not a FileHandle: it is handed to the job's thread,
// and a FileHandle would close it when garbage-collected.
const openFd = promisify(openCallback);

/** The checksum file written beside an export: `sha256sum -c` checks the export with it. */
export function checksumPathOf(exportPath: string): string {
  return `${exportPath}.sha256`;
}

/** "<hex>  <name>\n", escaped as sha256sum escapes a name with a backslash or a newline. */
export function checksumLine(sha256: string, name: string): string {
  if (!/[\\\n]/.test(name)) return `${sha256}  ${name}\n`;
  return `\\${sha256}  ${name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n`;
}

const PARTIAL_MARK = '.sectorscope-partial-';
const PARTIAL_PATTERN = /^\..*\.sectorscope-partial-(\d+)-(\d+)-(\d+)-[0-9a-f]{8}$/s;
/** Room left in a 255-byte name for the user's name in the temporary's. */
const NAME_BYTES_IN_TEMPORARY = 160;

interface ProcessTag {
  /** The pid namespace's inode: pids are only compared within one namespace. */
  namespace: string;
  pid: number;
  /** When the process started (clock ticks since boot): tells a reused pid from the original. */
  start: string;
}

/** Field 22 of /proc/PID/stat (starttime), read after the command name's last ')'. */
async function processStart(pid: number | 'self'): Promise<string | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : null;
}

async function pidNamespace(pid: number | 'self'): Promise<string | null> {
  const target = await readlink(`/proc/${pid}/ns/pid`).catch(() => null);
  return target?.match(/^pid:\[(\d+)\]$/)?.[1] ?? null;
}

let ownTag: Promise<ProcessTag | null> | undefined;

/** This process, as its temporaries name it; null where /proc cannot say (no clean-up then). */
function processTag(): Promise<ProcessTag | null> {
  ownTag ??= (async () => {
    const [namespace, start] = await Promise.all([pidNamespace('self'), processStart('self')]);
    return namespace && start ? { namespace, pid: process.pid, start } : null;
  })();
  return ownTag;
}

/** The name's first bytes, whole characters only. */
function shortened(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  let kept = '';
  for (const char of name) {
    if (Buffer.byteLength(kept + char) > maxBytes) break;
    kept += char;
  }
  return kept;
}

async function temporaryPathFor(finalPath: string): Promise<string> {
  const tag = (await processTag()) ?? { namespace: '0', pid: process.pid, start: '0' };
  const name = shortened(basename(finalPath), NAME_BYTES_IN_TEMPORARY);
  const ids = `${tag.namespace}-${tag.pid}-${tag.start}-${randomBytes(4).toString('hex')}`;
  return join(dirname(finalPath), `.${name}${PARTIAL_MARK}${ids}`);
}

export interface TemporaryFile {
  path: string;
  /** Open for writing (libuv opens with O_CLOEXEC); whoever writes it closes it. */
  fd: number;
}

/**
 * Creates the hidden temporary that stands in for `finalPath` until it is complete: always a
 * new regular file (O_CREAT | O_EXCL | O_NOFOLLOW), never anything that exists.
 */
export async function createTemporary(finalPath: string): Promise<TemporaryFile> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  for (let attempt = 0; ; attempt++) {
    const path = await temporaryPathFor(finalPath);
    try {
      return { path, fd: await openFd(path, flags, 0o644) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
  }
}

/** Writes `text` into a new temporary for `finalPath`, flushed to disk; returns its path. */
export async function writeTemporaryText(finalPath: string, text: string): Promise<string> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const path = await temporaryPathFor(finalPath);
  const handle = await open(path, flags, 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    removeQuietly(path);
    throw error;
  }
  await handle.close();
  return path;
}

/** Errors of link() on filesystems without hard links (vfat, some FUSE and network ones). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/**
 * Puts the complete temporary in place under `finalPath`. Without `replace`, an existing name is
 * never replaced: link() fails with EEXIST instead (on filesystems without hard links, the name
 * is checked just before a rename). With `replace`, rename() swaps the file in atomically.
 */
export async function placeFile(temporary: string, finalPath: string, replace: boolean) {
  if (replace) {
    await rename(temporary, finalPath);
    return;
  }
  try {
    await link(temporary, finalPath);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    const taken = await lstat(finalPath).then(
      () => true,
      (missing: NodeJS.ErrnoException) => {
        if (missing.code === 'ENOENT') return false;
        throw missing;
      },
    );
    if (taken) throw Object.assign(new Error(`${finalPath} exists`), { code: 'EEXIST' });
    await rename(temporary, finalPath);
    return;
  }
  // The file is in place; the temporary name is a second link to it. Should removing it fail,
  // the next export into the folder removes it (its process is gone by then).
  await unlink(temporary).catch(() => undefined);
}

/** Flushes a folder's entries (the new name) to disk; filesystems that cannot are let be. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync().catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EINVAL' && error.code !== 'ENOTSUP') throw error;
    });
  } finally {
    await handle.close();
  }
}

/** Removes a file of ours if it is still there; never throws (for clean-up paths). */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the folder is gone: nothing to clean up.
  }
}

/** Closes a descriptor of ours; never throws (for clean-up paths). */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Closed already.
  }
}

/**
 * Removes the temporaries that exports of other, finished processes left in `folder` (a process
 * killed mid-export). One is removed only when its name is ours to the letter, it is a regular
 * file of this user, it comes from this pid namespace, and no process with its pid and start
 * time runs any more; anything else is left alone. Returns the names removed.
 */
export async function removeStaleTemporaries(folder: string): Promise<string[]> {
  const own = await processTag();
  if (own === null) return [];
  const names = await readdir(folder).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = PARTIAL_PATTERN.exec(name);
    if (!match) continue;
    const [, namespace, pid, start] = match;
    if (namespace !== own.namespace || pid === undefined) continue;
    if (Number(pid) === own.pid && start === own.start) continue;
    if ((await processStart(Number(pid))) === start) continue;
    const path = join(folder, name);
    const found = await lstat(path).catch(() => null);
    if (!found?.isFile() || found.uid !== process.geteuid?.()) continue;
    await unlink(path).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}
