// Where the evidence's bytes are, and where a folder's files would be written: an export is
// refused when the two meet, whatever names lead there.
//
// What the evidence IS: an image file's inode; or a block device, the whole disk holding it, the
// file behind it when that disk is a loop device (by inode), and whatever a device-mapper or md
// device is built on (/sys/block/X/slaves), down to the bottom.
//
// What a folder LIVES ON: the device of its filesystem (st_dev), that device's whole disk, and
// when that is a loop device the file behind it and the filesystem holding that file, in turn;
// for a device-mapper or md device each device below it. A filesystem on no block device (tmpfs,
// btrfs's anonymous devices, FUSE, overlay) is followed through its mount's source when that is
// a path (/proc/self/mountinfo), or an overlay's upper folder.
//
// A new file next to an evidence image on an ordinary filesystem does not meet it: the image's
// bytes do not change. A filesystem inside the image (a loop device over it, a twin loop device,
// `mount -o loop,offset=`, a partition of such a loop device) does.

import { execFile } from 'node:child_process';
import type { BigIntStats } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Linux dev_t to "major:minor" (glibc's gnu_dev_major / gnu_dev_minor). */
export function majorMinor(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `${major}:${minor}`;
}

const blockKey = (devNo: string) => `block ${devNo}`;
const fileKey = (devNo: string, ino: bigint) => `file ${devNo} ${ino}`;
const pathKey = (path: string) => `path ${path}`;
/** The key of a regular file (or any inode) by its filesystem device and inode number. */
export const fileKeyOf = (stats: BigIntStats) => fileKey(majorMinor(stats.dev), stats.ino);

/** Chains deeper than this are not followed (they do not occur; sysfs links cannot loop). */
const MAX_DEPTH = 16;

interface BlockDevice {
  devNo: string;
  /** The kernel's name: sdb1, loop3, dm-0. */
  name: string;
  sysPath: string;
  /** The whole disk, when this is a partition. */
  parent: BlockDevice | null;
}

async function readText(path: string): Promise<string | null> {
  return readFile(path, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The block device "MAJ:MIN" as sysfs knows it, or null when it is none (tmpfs, btrfs, FUSE). */
async function blockDevice(devNo: string): Promise<BlockDevice | null> {
  const sysPath = await realpath(`/sys/dev/block/${devNo}`).catch(() => null);
  if (sysPath === null) return null;
  const device: BlockDevice = { devNo, name: basename(sysPath), sysPath, parent: null };
  if (!(await exists(`${sysPath}/partition`))) return device;
  const parentPath = dirname(sysPath);
  const parentDevNo = await readText(`${parentPath}/dev`);
  if (parentDevNo === null) return device;
  const parent = {
    devNo: parentDevNo,
    name: basename(parentPath),
    sysPath: parentPath,
    parent: null,
  };
  return { ...device, parent };
}

const nodeName = (device: BlockDevice) => `/dev/${device.name}`;

interface FileId {
  devNo: string;
  ino: bigint;
}

interface Backing {
  /** As /sys/block/loopN/loop/backing_file says: may end in " (deleted)", or be stale. */
  path: string;
  /** null: the kernel could not be asked (losetup needs to open the device) and no file has that name. */
  id: FileId | null;
}

/**
 * The file behind a loop device by its inode, as the kernel holds it (LOOP_GET_STATUS64, through
 * losetup): right even when the file was deleted or renamed. Null when losetup cannot tell (not
 * installed, or no permission to open the device).
 */
function kernelBackingId(device: string): Promise<FileId | null> {
  const env = { ...process.env, LC_ALL: 'C', PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` };
  const args = ['--list', '--json', '--output', 'BACK-INO,BACK-MAJ:MIN', device];
  return new Promise((resolve) => {
    execFile('losetup', args, { env, timeout: 5000, encoding: 'utf8' }, (error, stdout) => {
      if (error) return resolve(null);
      // Read as text: an inode number may exceed what a JSON number holds exactly.
      const ino = /"back-ino"\s*:\s*"?(\d+)/.exec(stdout)?.[1];
      const devNo = /"back-maj:min"\s*:\s*"\s*(\d+:\d+)\s*"/.exec(stdout)?.[1];
      resolve(ino !== undefined && devNo !== undefined ? { devNo, ino: BigInt(ino) } : null);
    });
  });
}

/** The file behind a loop device (a whole disk), or null when it is no loop device. */
async function loopBacking(disk: BlockDevice): Promise<Backing | null> {
  const raw = await readFile(`${disk.sysPath}/loop/backing_file`, 'utf8').catch(() => null);
  if (raw === null) return null;
  const path = raw.replace(/\n$/, '');
  if (path === '') return null;
  const id =
    (await kernelBackingId(nodeName(disk))) ??
    // By its name, when the kernel cannot be asked; a " (deleted)" name names no file any more.
    (await stat(path, { bigint: true }).then(
      (found) => ({ devNo: majorMinor(found.dev), ino: found.ino }),
      () => null,
    ));
  return { path, id };
}

/** The devices a device-mapper or md device is built on ("MAJ:MIN" each). */
async function slavesOf(disk: BlockDevice): Promise<string[]> {
  const names = await readdir(`${disk.sysPath}/slaves`).catch(() => [] as string[]);
  const devNos: string[] = [];
  for (const name of names.sort()) {
    const devNo = await readText(`${disk.sysPath}/slaves/${name}/dev`);
    if (devNo !== null) devNos.push(devNo);
  }
  return devNos;
}

/** "a device-mapper device (vg-data)", "an md (RAID) device". */
async function stackedKind(disk: BlockDevice): Promise<string> {
  const dmName = await readText(`${disk.sysPath}/dm/name`);
  if (dmName !== null) return `a device-mapper device (${dmName})`;
  if (await exists(`${disk.sysPath}/md`)) return 'an md (RAID) device';
  return 'a device';
}

/**
 * What the evidence is made of, each with its part in words ("the image being examined", "the
 * image behind /dev/loop4 (the loop device being examined)").
 */
export class EvidenceParts {
  readonly #roles = new Map<string, string>();

  /** The part this inode plays, if any: a file the evidence is (or a loop device of it reads). */
  roleOfFile(stats: BigIntStats): string | undefined {
    return this.#roles.get(fileKeyOf(stats));
  }

  role(key: string): string | undefined {
    return this.#roles.get(key);
  }

  /** Some file (an image) is part of the evidence: its role. */
  anyFileRole(): string | undefined {
    for (const [key, role] of this.#roles) if (key.startsWith('file ')) return role;
    return undefined;
  }

  add(key: string, role: string): void {
    if (!this.#roles.has(key)) this.#roles.set(key, role);
  }
}

async function deviceWord(device: BlockDevice): Promise<string> {
  if (device.parent) return 'partition';
  if (await exists(`${device.sysPath}/loop`)) return 'loop device';
  if (await exists(`${device.sysPath}/dm`)) return 'device-mapper device';
  if (await exists(`${device.sysPath}/md`)) return 'md (RAID) device';
  return 'disk';
}

async function addDeviceParts(
  parts: EvidenceParts,
  devNo: string,
  role: string | null,
  depth: number,
): Promise<void> {
  if (depth > MAX_DEPTH) return;
  const device = await blockDevice(devNo);
  if (device === null) {
    parts.add(blockKey(devNo), role ?? 'the disk being examined');
    return;
  }
  const ownRole = role ?? `the ${await deviceWord(device)} being examined`;
  parts.add(blockKey(devNo), ownRole);
  let disk = device;
  let diskRole = ownRole;
  if (device.parent) {
    disk = device.parent;
    diskRole = `the disk holding ${nodeName(device)} (${ownRole})`;
    parts.add(blockKey(disk.devNo), diskRole);
  }
  const backing = await loopBacking(disk);
  if (backing) {
    const backingRole = `the image behind ${nodeName(disk)} (${diskRole})`;
    if (backing.id) parts.add(fileKey(backing.id.devNo, backing.id.ino), backingRole);
    else parts.add(pathKey(backing.path), backingRole);
  }
  for (const slave of await slavesOf(disk)) {
    await addDeviceParts(
      parts,
      slave,
      `part of what ${nodeName(disk)} (${diskRole}) is built on`,
      depth + 1,
    );
  }
}

/** What the evidence at `stats` (its path's stat) is made of. */
export async function evidenceParts(stats: BigIntStats): Promise<EvidenceParts> {
  const parts = new EvidenceParts();
  if (stats.isBlockDevice()) await addDeviceParts(parts, majorMinor(stats.rdev), null, 0);
  else parts.add(fileKeyOf(stats), 'the image being examined');
  return parts;
}

interface MountEntry {
  devNo: string;
  fstype: string;
  source: string;
  superOptions: string;
}

/** Undoes mountinfo's octal escapes (\040 for a space). */
const unescapeMountField = (text: string) =>
  text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

async function readMounts(): Promise<MountEntry[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    const devNo = fields[2];
    const [fstype, source, superOptions] = fields.slice(dash + 1);
    if (dash < 6 || devNo === undefined || fstype === undefined || source === undefined) continue;
    entries.push({
      devNo,
      fstype: unescapeMountField(fstype),
      source: unescapeMountField(source),
      superOptions: unescapeMountField(superOptions ?? ''),
    });
  }
  return entries;
}

/** An option's value in a mount's super options (commas inside values come escaped: "\,"). */
function mountOption(options: string, name: string): string | undefined {
  for (const option of options.split(/(?<!\\),/)) {
    if (option.startsWith(`${name}=`)) return option.slice(name.length + 1).replace(/\\,/g, ',');
  }
  return undefined;
}

/** Walks what a folder lives on, until it meets a part of the evidence. */
class ChainWalk {
  readonly #parts: EvidenceParts;
  readonly #visited = new Set<string>();
  #mounts: Promise<MountEntry[]> | undefined;

  constructor(parts: EvidenceParts) {
    this.#parts = parts;
  }

  /**
   * Follows the device "MAJ:MIN"; `prefix` says how the walk got there. Returns the whole chain
   * in words when it meets the evidence, or null.
   */
  async device(devNo: string, prefix: string, depth: number): Promise<string | null> {
    if (depth > MAX_DEPTH || this.#visited.has(devNo)) return null;
    this.#visited.add(devNo);
    const device = await blockDevice(devNo);
    if (device === null) return this.#mount(devNo, prefix, depth);
    let text = `${prefix}${nodeName(device)}`;
    const own = this.#parts.role(blockKey(devNo));
    if (own) return `${text}, ${own}`;
    let disk = device;
    if (device.parent) {
      disk = device.parent;
      text += `, a partition of ${nodeName(disk)}`;
      const diskRole = this.#parts.role(blockKey(disk.devNo));
      if (diskRole) return `${text}, ${diskRole}`;
    }
    const backing = await loopBacking(disk);
    if (backing) {
      text += `, a loop device over ${backing.path}`;
      const byPath = this.#parts.role(pathKey(backing.path));
      if (backing.id === null) {
        // Neither the kernel nor the name can say which file this is: it may be the evidence.
        const maybe = byPath ?? this.#parts.anyFileRole();
        if (maybe === undefined) return null;
        return (
          `${text}, a file that cannot be identified (its name is gone and asking the kernel ` +
          `through losetup needs root), so it may be ${maybe}`
        );
      }
      const role = this.#parts.role(fileKey(backing.id.devNo, backing.id.ino)) ?? byPath;
      if (role) return `${text}, ${role}`;
      return this.device(backing.id.devNo, `${text}, which is on `, depth + 1);
    }
    const below = await slavesOf(disk);
    if (below.length > 0) {
      const stacked = `${text}, ${await stackedKind(disk)} over `;
      for (const slave of below) {
        const met = await this.device(slave, stacked, depth + 1);
        if (met) return met;
      }
    }
    return null;
  }

  /** A filesystem on no block device: followed through its mount's source or upper folder. */
  async #mount(devNo: string, prefix: string, depth: number): Promise<string | null> {
    this.#mounts ??= readMounts();
    for (const mount of (await this.#mounts).filter((entry) => entry.devNo === devNo)) {
      if (mount.fstype === 'overlay') {
        // As given to mount: only an absolute path can be followed from here.
        const upper = mountOption(mount.superOptions, 'upperdir');
        if (!upper?.startsWith('/')) continue;
        const found = await stat(upper, { bigint: true }).catch(() => null);
        if (!found) continue;
        const via = `${prefix}an overlay filesystem writing into ${upper}, which is on `;
        return this.device(majorMinor(found.dev), via, depth + 1);
      }
      if (!mount.source.startsWith('/')) continue;
      const found = await stat(mount.source, { bigint: true }).catch(() => null);
      if (!found) continue;
      if (found.isBlockDevice()) return this.device(majorMinor(found.rdev), prefix, depth + 1);
      if (found.isFile()) {
        const text = `${prefix}${mount.source} (mounted as ${mount.fstype})`;
        const role = this.#parts.roleOfFile(found);
        if (role) return `${text}, ${role}`;
        return this.device(majorMinor(found.dev), `${text}, which is on `, depth + 1);
      }
      if (found.isDirectory()) {
        const via = `${prefix}${mount.source} (through ${mount.fstype}), which is on `;
        return this.device(majorMinor(found.dev), via, depth + 1);
      }
    }
    return null;
  }
}

/**
 * Where a folder whose filesystem is device `folderDev` (its st_dev) meets the evidence, in
 * words ("/dev/loop3, a loop device over /work/evidence.img, the image being examined"), or
 * null when what it lives on has no part of the evidence.
 */
export function whereFolderMeetsEvidence(
  folderDev: bigint,
  parts: EvidenceParts,
): Promise<string | null> {
  return new ChainWalk(parts).device(majorMinor(folderDev), '', 0);
}
