// The random-data file the whole-disk job benches read: 2 GiB, or 256 MiB for a quick run.

import { ensureRandomFile } from './data-files';

export function jobDataFile(dataDir: string, quick: boolean): { path: string; bytes: number } {
  const bytes = quick ? 256 * 1024 * 1024 : 2 * 1024 * 1024 * 1024;
  const name = quick ? 'random-256MiB.bin' : 'random-2GiB.bin';
  return { path: ensureRandomFile(dataDir, name, bytes), bytes };
}

export const MEMORY_TARGET_MB = 300;
