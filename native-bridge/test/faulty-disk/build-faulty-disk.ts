import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool, runToolOrThrow } from './run-tool';

export const FAULTY_DISK_SOURCE = fileURLToPath(new URL('./faulty-disk.c', import.meta.url));

let building: Promise<string> | undefined;

/**
 * Compiles faulty-disk.c into a per-user folder under the system temp dir and returns the
 * binary's path. The binary is kept between runs and rebuilt only when missing or older than
 * the source; it is compiled under a unique name and renamed, so parallel test files never
 * run a half-written binary.
 */
export function buildFaultyDisk(): Promise<string> {
  building ??= build().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

async function build(): Promise<string> {
  const uid = process.getuid?.() ?? 0;
  const folder = join(tmpdir(), `sectorscope-faulty-disk-${uid}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const owner = await stat(folder);
  if (owner.uid !== uid) {
    throw new Error(`${folder} belongs to uid ${owner.uid}, not to you; remove it and run again`);
  }
  const binary = join(folder, 'faulty-disk');
  const [source, existing] = await Promise.all([
    stat(FAULTY_DISK_SOURCE),
    stat(binary).catch(() => undefined),
  ]);
  if (existing !== undefined && existing.mtimeMs >= source.mtimeMs) return binary;

  const flags = (await runToolOrThrow('pkg-config', ['--cflags', '--libs', 'fuse3'])).stdout;
  const partial = `${binary}.${process.pid}.${randomUUID()}.tmp`;
  const args = ['-O2', '-Wall', FAULTY_DISK_SOURCE, ...flags.split(/\s+/).filter(Boolean)];
  const result = await runTool('gcc', [...args, '-o', partial]);
  if (result.code !== 0) {
    await rm(partial, { force: true });
    throw new Error(`cannot build ${FAULTY_DISK_SOURCE}; gcc said:\n${result.stderr}`);
  }
  await rename(partial, binary);
  return binary;
}
