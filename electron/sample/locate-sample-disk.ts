import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DISK_SIZE, writeSampleDisk } from './sample-disk';

function isSampleSized(path: string): boolean {
  return existsSync(path) && statSync(path).size === SAMPLE_DISK_SIZE;
}

/**
 * The built-in sample disk: built into dist/ by `npm run build`, shipped as a resource by the
 * packaged app, and written to a per-user temp folder as a last resort (it is deterministic).
 */
export async function locateSampleDisk(distDir: string): Promise<string> {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [join(distDir, 'sample-disk.img')];
  if (resources) candidates.push(join(resources, 'sample-disk.img'));
  for (const candidate of candidates) if (isSampleSized(candidate)) return candidate;

  const folder = join(tmpdir(), `sectorscope-${process.getuid?.() ?? 'user'}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const fallback = join(folder, 'sample-disk.img');
  if (!isSampleSized(fallback)) await writeSampleDisk(fallback, { overwrite: true });
  return fallback;
}
