// Shared pieces of the native-bridge tests: temporary folders, random images, loop devices and
// the peer tools used as oracles (dd iflag=direct, blockdev).

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
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
import assert from 'node:assert/strict';
import type { DiskReader } from '..';
import { IoRingReader } from '../io-ring/io-ring-reader';
import { getLibc } from '../libc';

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
 * Reads sector 0 until a read has been served by a fast path: io_uring serves the first, the read
 * thread starts at the second read and takes reads once it is up. Throws if that has not happened
 * within `timeoutMs`.
 */
export async function untilQuickPathServes(reader: DiskReader, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const served = () => reader.preadCounts.ioRing + reader.preadCounts.readThread;
  while (served() === 0) {
    if (Date.now() > deadline) {
      throw new Error(`no read went to a fast path within ${timeoutMs} ms`);
    }
    await reader.readSectors(0n, 1);
    if (served() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The number of threads of this process, from /proc/self/status. */
export function threadCount(): number {
  const match = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match?.[1]) throw new Error('no Threads line in /proc/self/status');
  return Number(match[1]);
}

/** A folder on tmpfs where there is one: reads there take a few microseconds. */
export function fastDir(t: Parameters<typeof tempDir>[0]): string {
  if (!existsSync('/dev/shm')) return tempDir(t);
  const dir = mkdtempSync(join('/dev/shm', 'sectorscope-nb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Reads of blocks 0 .. blocks - 1 awaited one after the other for `ms`: how many, and the most of them in a row with no
 * event-loop turn (setImmediate callback) between them.
 */
export async function readsWithoutTurn(
  ms: number,
  blocks: number,
  read: (block: number) => Promise<unknown>,
): Promise<{ reads: number; mostInARow: number }> {
  let sinceTurn = 0;
  let most = 0;
  let watching = true;
  const tick = () => {
    sinceTurn = 0;
    if (watching) setImmediate(tick);
  };
  setImmediate(tick);
  const until = performance.now() + ms;
  let reads = 0;
  for (; performance.now() < until; reads++) {
    await read(reads % blocks);
    most = Math.max(most, ++sinceTurn);
  }
  watching = false;
  return { reads, mostInARow: most };
}

/** Descriptors of this process that are io_uring instances and eventfds. */
export function ringDescriptors(): { rings: number; eventFds: number } {
  const targets = readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd));
    } catch {
      return '';
    }
  });
  return {
    rings: targets.filter((target) => target === 'anon_inode:[io_uring]').length,
    eventFds: targets.filter((target) => target === 'anon_inode:[eventfd]').length,
  };
}

/** Why this process cannot read through io_uring, for a test's `skip`; false when it can. */
export function ioRingSkipReason(): string | false {
  const opened = IoRingReader.open(0);
  if (!(opened instanceof IoRingReader)) {
    return `io_uring is not available here (${opened.unavailable}); the read thread serves reads`;
  }
  opened.stop();
  return false;
}

/**
 * A ring reader of its own on `path`, opened with `flags` besides O_RDONLY | O_CLOEXEC; stopped
 * and closed after the test.
 */
export async function openRingReader(
  t: TestContext,
  path: string,
  flags = 0,
): Promise<{ fd: number; ring: IoRingReader }> {
  const libc = getLibc();
  const opened = await libc.open(path, libc.O_RDONLY | libc.O_CLOEXEC | flags);
  assert.ok(opened.result >= 0, `open ${path}: errno ${opened.errno}`);
  const ring = IoRingReader.open(opened.result);
  assert.ok(ring instanceof IoRingReader, 'the ring opened');
  t.after(async () => {
    ring.stop();
    await libc.close(opened.result);
  });
  return { fd: opened.result, ring };
}
