import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let cached: string | null | undefined;

function hasProgram(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/**
 * Why faulty disks cannot be made on this machine, or null when they can. Tests pass the
 * reason to `skip` so that the skip is printed with its cause.
 */
export function canUseFaultyDisk(): string | null {
  if (cached !== undefined) return cached;
  cached = findMissingRequirement();
  return cached;
}

function findMissingRequirement(): string | null {
  if (process.platform !== 'linux') return 'needs Linux: FUSE and loop devices';
  if (process.getuid?.() !== 0) return 'needs root: mounting FUSE and attaching loop devices';
  if (!existsSync('/dev/fuse')) {
    return 'needs /dev/fuse: load the fuse module (modprobe fuse) or pass the device to the container';
  }
  if (!hasProgram('gcc', ['--version']))
    return 'needs gcc to build faulty-disk.c: apt-get install gcc';
  if (!hasProgram('pkg-config', ['--exists', 'fuse3'])) {
    return 'needs the libfuse3 headers: apt-get install libfuse3-dev pkg-config';
  }
  if (!hasProgram('losetup', ['--version'])) return 'needs losetup: apt-get install mount';
  if (!hasProgram('umount', ['--version'])) return 'needs umount: apt-get install mount';
  if (!existsSync('/dev/loop-control')) {
    return 'needs /dev/loop-control: load the loop module (modprobe loop)';
  }
  return null;
}
