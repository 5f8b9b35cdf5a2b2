// Shared pieces of the native-bridge tests: temporary folders, random images, loop devices and
// the peer tools used as oracles (dd iflag=direct, blockdev).

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readlinkSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { DiskReader } from '..';

export const isRoot = process.getuid?.() === 0;

/** Skips the test with a printed reason unless running as root. */
export function needsRoot(t: TestContext, why: string): boolean {
  if (isRoot) return true;
  t.skip(`needs root: ${why}`);
  return false;
}

/** A mkdtemp folder under os.tmpdir(), removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'sectorscope-nb-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeRandomFile(path: string, size: number): Buffer {
  const content = randomBytes(size);
  writeFileSync(path, content);
  return content;
}

/** Attaches IMAGE read-only to a free loop device, detached when the test ends. */
export function attachLoop(t: TestContext, image: string, sectorSize?: number): string {
  const args = ['--find', '--show', '--read-only'];
  if (sectorSize !== undefined) args.push('--sector-size', String(sectorSize));
  const device = execFileSync('losetup', [...args, image], { encoding: 'utf8' }).trim();
  t.after(() => detachLoop(device));
  return device;
}

export function detachLoop(device: string): void {
  spawnSync('losetup', ['-d', device]);
}

/** The bytes `dd if=PATH iflag=direct bs=BS skip=SKIP count=COUNT` writes: the oracle for reads. */
export function ddDirect(path: string, blockSize: number, skip: bigint, count: number): Buffer {
  const result = spawnSync(
    'dd',
    [
      `if=${path}`,
      'iflag=direct',
      `bs=${blockSize}`,
      `skip=${skip}`,
      `count=${count}`,
      'status=none',
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`dd failed on ${path}: ${result.stderr.toString()}`);
  }
  return result.stdout;
}

/** Whether dd can open PATH with O_DIRECT at all (it cannot on ramfs, for example). */
export function ddCanOpenDirect(path: string): boolean {
  return (
    spawnSync('dd', [`if=${path}`, 'iflag=direct', 'bs=512', 'count=1', 'status=none']).status === 0
  );
}

/** `blockdev --getsize64 --getss --getpbsz DEV`, the kernel's geometry as util-linux reports it. */
export function blockdevGeometry(device: string) {
  const [size, logical, physical] = execFileSync(
    'blockdev',
    ['--getsize64', '--getss', '--getpbsz', device],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .map((line) => line.trim());
  return { size: BigInt(size ?? ''), logical: Number(logical), physical: Number(physical) };
}

/** The file descriptors of this process whose target is PATH, from /proc/self/fd. */
export function fdsOpenOn(path: string): number[] {
  const fds: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`) === path) fds.push(Number(name));
    } catch {
      // The fd closed while we looked (readdir's own fd, for one).
    }
  }
  return fds;
}

/** The `flags:` line of /proc/self/fdinfo/FD, an octal number. */
export function fdFlags(fd: number): number {
  const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  const match = /^flags:\s+([0-7]+)$/m.exec(info);
  if (!match?.[1]) throw new Error(`no flags line in fdinfo of ${fd}: ${info}`);
  return parseInt(match[1], 8);
}

/** A small seeded generator so a failing random case can be replayed with SEED=... */
export function seededRandom(t: TestContext): () => number {
  const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
  t.diagnostic(`random seed ${seed} (rerun with SEED=${seed})`);
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

/** Random (lba, count) pairs inside a disk of `sectors` sectors, always including the last one. */
export function randomRanges(
  random: () => number,
  sectors: number,
  howMany: number,
  maxCount: number,
): { lba: bigint; count: number }[] {
  const ranges = [
    { lba: 0n, count: 1 },
    { lba: BigInt(sectors - 1), count: 1 },
    { lba: BigInt(Math.max(0, sectors - maxCount)), count: Math.min(maxCount, sectors) },
  ];
  while (ranges.length < howMany) {
    const lba = randomInt(random, sectors);
    const count = 1 + randomInt(random, Math.min(maxCount, sectors - lba));
    ranges.push({ lba: BigInt(lba), count });
  }
  return ranges;
}

/**
 * Reads sector 0 until a read has been served by the reader's read thread, which starts at its
 * second read and takes reads once it is up; throws if that has not happened within `timeoutMs`.
 */
export async function untilReadThreadServes(reader: DiskReader, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (reader.preadCounts.readThread === 0) {
    if (Date.now() > deadline) {
      throw new Error(`no read went to the read thread within ${timeoutMs} ms`);
    }
    await reader.readSectors(0n, 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The number of threads of this process, from /proc/self/status. */
export function threadCount(): number {
  const match = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match?.[1]) throw new Error('no Threads line in /proc/self/status');
  return Number(match[1]);
}
