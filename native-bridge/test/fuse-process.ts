// Finds the FUSE program of the faulty-disk rig that serves one mountpoint, so a test can kill
// exactly that one (a disk that vanishes), never another test's.

import { readdirSync, readFileSync } from 'node:fs';

/** The pid of the FUSE program serving `mountpoint` (its command line names it). */
export function fuseProcessOf(mountpoint: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(mountpoint) && args.some((arg) => arg.includes('faulty-disk'))) {
        return Number(entry);
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  throw new Error(`no FUSE process serves ${mountpoint}`);
}
