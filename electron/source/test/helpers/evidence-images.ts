// Evidence images made at test time by the tools examiners use: a raw disk with a GPT, an ext4
// and a FAT16 partition and a stretch of random data; an E01 of it (ewfacquire), split raw
// (split). Each helper says which tool it needs; formatToolsMissing names what is not installed.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const TOOLS = [
  'ewfacquire',
  'ewfexport',
  'ewfinfo',
  'ewfverify',
  'qemu-img',
  'affconvert',
  'affcat',
  'split',
  'sgdisk',
  'mkfs.ext4',
  'mkfs.fat',
];

/** Why these tests cannot run here (a tool missing, with its Debian package), or null. */
export function formatToolsMissing(): string | null {
  const missing = TOOLS.filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return null;
  return (
    `missing ${missing.join(', ')} (Debian: apt install ewf-tools qemu-utils afflib-tools ` +
    'gdisk e2fsprogs dosfstools)'
  );
}

export function tempFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export interface EvidenceDisk {
  path: string;
  size: number;
  sha256: string;
  md5: string;
}

const DISK_BYTES = 96 * 1024 * 1024;

/** A 96 MiB raw disk: GPT, ext4 and FAT16 partitions, random bytes after them. */
export function buildEvidenceDisk(folder: string, sectorSize: 512 | 4096): EvidenceDisk {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'disk.raw');
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, Buffer.alloc(1), 0, 1, DISK_BYTES - 1);
    // Random data where no partition is, so that compressed formats have work to do.
    writeSync(fd, randomBytes(3 * 1024 * 1024), 0, 3 * 1024 * 1024, 92 * 1024 * 1024);
  } finally {
    closeSync(fd);
  }
  const sectors = (bytes: number) => bytes / sectorSize;
  const mib = 1024 * 1024;
  partition(path, sectorSize, [
    `--new=1:${sectors(mib)}:+${sectors(48 * mib)}`,
    '--typecode=1:8300',
    `--new=2:${sectors(50 * mib)}:+${sectors(40 * mib)}`,
    '--typecode=2:0700',
  ]);
  execFileSync('mkfs.ext4', [
    '-q',
    '-F',
    '-b',
    '4096',
    '-E',
    `offset=${mib}`,
    path,
    `${48 * 1024}k`,
  ]);
  execFileSync(
    'mkfs.fat',
    [
      '-F',
      '16',
      '-S',
      String(sectorSize),
      // FAT16 holds up to 65524 clusters: 4 sectors each at 512 bytes, 1 at 4096.
      '-s',
      sectorSize === 512 ? '4' : '1',
      '--offset',
      String(sectors(50 * mib)),
      path,
      String((40 * mib) / 1024),
    ],
    { stdio: 'ignore' },
  );
  const bytes = readFileSync(path);
  return {
    path,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
  };
}

/**
 * sgdisk on the image, or for 4096-byte sectors on a loop device that has them (needs root:
 * sgdisk takes the sector size from the device).
 */
function partition(path: string, sectorSize: number, args: string[]): void {
  if (sectorSize === 512) {
    execFileSync('sgdisk', [...args, path], { stdio: 'ignore' });
    return;
  }
  const device = execFileSync(
    'losetup',
    ['--find', '--show', '--sector-size', String(sectorSize), path],
    { encoding: 'utf8' },
  ).trim();
  try {
    execFileSync('sgdisk', [...args, device], { stdio: 'ignore' });
  } finally {
    execFileSync('losetup', ['-d', device]);
  }
}

export interface EwfOptions {
  segmentBytes?: string;
  bytesPerSector?: number;
  caseNumber?: string;
  evidenceNumber?: string;
  examiner?: string;
  description?: string;
  notes?: string;
}

/** `ewfacquire -u` of a raw disk into `target`.E01 (and .E02... for small segments). */
export function makeEwf(raw: string, target: string, options: EwfOptions = {}): string {
  mkdirSync(dirname(target), { recursive: true });
  const args = ['-u', '-q', '-t', target, '-c', 'deflate:fast', '-d', 'sha1'];
  if (options.segmentBytes) args.push('-S', options.segmentBytes);
  if (options.bytesPerSector) args.push('-P', String(options.bytesPerSector));
  if (options.caseNumber) args.push('-C', options.caseNumber);
  if (options.evidenceNumber) args.push('-E', options.evidenceNumber);
  if (options.examiner) args.push('-e', options.examiner);
  if (options.description) args.push('-D', options.description);
  if (options.notes) args.push('-N', options.notes);
  execFileSync('ewfacquire', [...args, raw], { stdio: 'ignore' });
  return `${target}.E01`;
}

/** `split` of a raw disk into PREFIX001, PREFIX002...; the first segment's path. */
export function makeSplit(raw: string, prefix: string, segmentBytes: number): string {
  mkdirSync(dirname(prefix), { recursive: true });
  execFileSync('split', [
    '-b',
    String(segmentBytes),
    '-d',
    '-a',
    '3',
    '--numeric-suffixes=1',
    raw,
    prefix,
  ]);
  return `${prefix}001`;
}
