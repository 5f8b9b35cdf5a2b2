// Real filesystems for the export tests (as root): ext4 images, read-write loop devices over
// them, mounts, and the bundled CLI as a child process. Everything is undone when the test
// ends, newest first, and at process exit should the test process die first.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { cleanUpOnExit } from '../../../native-bridge/test/faulty-disk/exit-cleanup';
import { cleanupStack } from '../../../native-bridge/test/faulty-disk/test-images';

export const ROOT = join(__dirname, '..', '..', '..');
export const BUNDLED_CLI = join(ROOT, 'dist', 'cli.cjs');
export const MiB = 1024 * 1024;

/** Why the bundled CLI cannot be run, or null (the tests run what `npm run build` made). */
export function bundledCliMissing(): string | null {
  return existsSync(BUNDLED_CLI) ? null : `needs ${BUNDLED_CLI}: run npm run build first`;
}

/** `sha256sum FILE`, after `sync` (a mounted filesystem's writes reach the image first). */
export function syncedSha256(path: string): string {
  execFileSync('sync');
  return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(/\s+/)[0] ?? '';
}

/** The hidden temporaries exports leave in `dir` (`.NAME.sectorscope-partial-...`). */
export function partialsIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.includes('.sectorscope-partial-'));
}

/**
 * A test's rig: every loop device and mount it makes is undone when the test ends (newest
 * first, all of them even when one fails), or when the process exits before that.
 */
export class Rig {
  readonly #defer: (cleanup: () => unknown) => void;

  constructor(t: TestContext) {
    this.#defer = cleanupStack(t);
  }

  /**
   * A temp folder, removed last (after every mount in it is gone). It is left in place should
   * anything still be mounted under it: removing it would reach into that filesystem.
   */
  tempDir(prefix = 'sectorscope-export-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.#undoLater(() => {
      const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
      if (!mounts.split('\n').some((line) => line.split(' ')[4]?.startsWith(`${dir}/`))) {
        rmSync(dir, { recursive: true, force: true });
      }
    });
    return dir;
  }

  /** Runs `undo` when the test ends, or at process exit if it never does. */
  #undoLater(undo: () => void): void {
    const cancel = cleanUpOnExit(undo);
    this.#defer(() => {
      cancel();
      undo();
    });
  }

  /** An ext4 filesystem of `mib` MiB in `image` (a new file), at byte `offset` of it. */
  mkfs(image: string, mib: number, offset = 0): void {
    // No lazy initialisation: nothing writes to the image in the background once mounted.
    const extended = `lazy_itable_init=0,lazy_journal_init=0${offset ? `,offset=${offset}` : ''}`;
    execFileSync('mkfs.ext4', ['-q', '-F', '-E', extended, image, `${mib}M`]);
  }

  /** `losetup --find --show [args] IMAGE`, read-write unless args say otherwise. */
  attach(image: string, args: string[] = []): string {
    const device = execFileSync('losetup', ['--find', '--show', ...args, image], {
      encoding: 'utf8',
    }).trim();
    this.#undoLater(() => {
      spawnSync('losetup', ['-d', device]);
    });
    return device;
  }

  /**
   * `mount -o noatime[,options] WHAT DIR` onto a new folder DIR. Read-write; noatime so that
   * the tests' own reads of the mount (listing it) do not change the image they compare.
   */
  mount(what: string, dir: string, options?: string): string {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-o', options ? `noatime,${options}` : 'noatime', what, dir]);
    this.#undoLater(() => {
      if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
    });
    return dir;
  }

  /** Runs `undo` when the test ends (or at exit). */
  later(undo: () => void): void {
    this.#undoLater(undo);
  }
}

/** Why device-mapper cannot be used here, or null. */
export function deviceMapperMissing(): string | null {
  if (spawnSync('dmsetup', ['--version']).error) return 'needs dmsetup: apt-get install dmsetup';
  const misc = existsSync('/sys/class/misc/device-mapper');
  const driver = spawnSync('dmsetup', ['version']).status === 0;
  if (misc && driver) return null;
  const why = misc
    ? '`dmsetup version` cannot reach the driver'
    : '/sys/class/misc/device-mapper is missing';
  return `no device-mapper on this kernel (${why})`;
}
