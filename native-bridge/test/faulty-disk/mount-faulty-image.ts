import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, rmdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildFaultyDisk } from './build-faulty-disk';
import { cleanUpOnExit } from './exit-cleanup';
import {
  faultyDiskArguments,
  normalizeFaultyImageOptions,
  type FaultyImageOptions,
} from './faulty-options';
import { runTool } from './run-tool';

export interface FaultyImageMount {
  /** The FUSE mountpoint (a fresh temp folder). */
  mountpoint: string;
  /** The served file: reads overlapping bad sectors fail with EIO, delayed ones sleep first. */
  imagePath: string;
  /** Absolute path of the backing image, never written. */
  backingImage: string;
  size: bigint;
  sectorSize: number;
  sectorCount: bigint;
  /** The unreadable LBAs (sectorSize units), ascending, without duplicates. */
  badSectors: bigint[];
  /**
   * What the FUSE program printed on stderr (every read with logReads), after a timer turn: it
   * prints before it answers, but a reader answered without an event-loop turn (io_uring polled
   * on the spot) has not let the pipe's data in yet.
   */
  log(): Promise<string>;
  /** Stops the FUSE program, unmounts and removes the temp folder. Safe to call twice. */
  unmount(): Promise<void>;
}

const SERVED_NAME = 'disk.img';
const MOUNT_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_MS = 5_000;
const LOG_LIMIT = 1 << 20;
/** Long enough for a few event-loop turns, each of which reads what the pipe holds. */
const LOG_DELIVERY_MS = 20;

/**
 * Serves `backingImage` read-only through the faulty-disk FUSE program, in the foreground as a
 * child process, and resolves once the served file is visible.
 */
export async function mountFaultyImage(options: FaultyImageOptions): Promise<FaultyImageMount> {
  const settings = await normalizeFaultyImageOptions(options);
  const binary = await buildFaultyDisk();
  const folder = await mkdtemp(join(tmpdir(), 'faulty-disk-'));
  const mountpoint = join(folder, 'mnt');
  const imagePath = join(mountpoint, SERVED_NAME);
  await mkdir(mountpoint);

  const args = [
    ...faultyDiskArguments(settings),
    `--name=${SERVED_NAME}`,
    '--exit-with-parent',
    '-f',
    '-o',
    'ro,fsname=faulty-disk',
    mountpoint,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log = (log + chunk).slice(-LOG_LIMIT);
  });
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  // A forgotten unmount must not keep the test process alive; the exit hook cleans up instead.
  child.unref();
  (child.stderr as Socket | null)?.unref();
  const cancelExitCleanup = cleanUpOnExit(() => cleanUpNow(child, mountpoint, folder));

  let unmounting: Promise<void> | undefined;
  const unmount = (): Promise<void> => {
    unmounting ??= (async () => {
      cancelExitCleanup();
      await stopProgram(child, exited);
      if (await isMounted(mountpoint)) {
        const result = await runTool('umount', ['-l', mountpoint]);
        if (result.code !== 0) {
          throw new Error(`cannot unmount ${mountpoint}: ${result.stderr.trim()}`);
        }
      }
      await rmdir(mountpoint);
      await rm(folder, { recursive: true, force: true });
    })();
    return unmounting;
  };

  try {
    await waitForFile(imagePath, child, () => log);
  } catch (error) {
    await unmount().catch(() => undefined);
    throw error;
  }
  return {
    mountpoint,
    imagePath,
    backingImage: settings.backingImage,
    size: settings.size,
    sectorSize: settings.sectorSize,
    sectorCount: settings.sectorCount,
    badSectors: settings.badSectors,
    log: async () => {
      await new Promise((resolve) => setTimeout(resolve, LOG_DELIVERY_MS));
      return log;
    },
    unmount,
  };
}

async function waitForFile(path: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + MOUNT_TIMEOUT_MS;
  while (!existsSync(path)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const how = child.signalCode ?? `status ${child.exitCode}`;
      throw new Error(`faulty-disk stopped (${how}) before serving ${path}: ${log().trim()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `faulty-disk did not serve ${path} within ${MOUNT_TIMEOUT_MS} ms: ${log().trim()}`,
      );
    }
    await sleep(20);
  }
}

/** SIGTERM makes libfuse end its loop (cutting delays short) and unmount; SIGKILL if stuck. */
async function stopProgram(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await finishesWithin(exited, EXIT_TIMEOUT_MS)) return;
  child.kill('SIGKILL');
  if (!(await finishesWithin(exited, EXIT_TIMEOUT_MS))) {
    throw new Error(`faulty-disk (pid ${child.pid}) survived SIGKILL; it is stuck in the kernel`);
  }
}

async function finishesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  const timeout = new AbortController();
  const timer = sleep(ms, false, { signal: timeout.signal }).catch(() => false);
  const finished = await Promise.race([promise.then(() => true), timer]);
  timeout.abort();
  return finished;
}

/** Whether `path` is a mount point, from /proc/self/mountinfo (field 5, octal-escaped). */
export async function isMounted(path: string): Promise<boolean> {
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  return table.split('\n').some((line) => {
    const field = line.split(' ')[4];
    if (field === undefined) return false;
    const decoded = field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(parseInt(octal, 8)),
    );
    return decoded === path;
  });
}

function cleanUpNow(child: ChildProcess, mountpoint: string, folder: string): void {
  spawnSync('umount', ['-l', mountpoint], { stdio: 'ignore' });
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
}
