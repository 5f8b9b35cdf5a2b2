// Where a case may live: a folder that is not the evidence and not on it. Writing the case's
// files into a filesystem inside the image being examined (a loop device over it, a partition
// of the disk) would change the evidence; so would a case "folder" that is the image or a
// device. What a folder lives on is worked out by the export's code (jobs/storage-chain.ts),
// by whatever name the evidence is reached.

import type { BigIntStats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SectorscopeError } from '../shared/contract';
import { evidenceParts, whereFolderMeetsEvidence } from '../jobs/storage-chain';
import { AUDIT_FILE, AUDIT_LOCK_FILE, CASE_FILE, CASE_LOCK_FILE } from './case-types';

const statOrNull = (path: string) => stat(path, { bigint: true }).catch(() => null);

/** The folder itself, or when it does not exist yet the nearest folder above it that does. */
async function existingFolder(dir: string): Promise<{ path: string; stats: BigIntStats } | null> {
  for (let path = dir; ; path = dirname(path)) {
    const stats = await statOrNull(path);
    if (stats) return { path, stats };
    if (dirname(path) === path) return null;
  }
}

/**
 * Why `dir` may not hold a case with `evidencePaths` (or any file written beside them), or
 * null: it is the evidence by any name, a device or anything else that is not a folder, a
 * folder whose filesystem lives on the evidence, or a folder where one of the case's own files
 * is the evidence. A folder that does not exist yet is judged by the folder it would be made
 * in. Evidence that cannot be found now is passed over (nothing can write to it).
 */
export async function folderProblem(dir: string, evidencePaths: string[]): Promise<string | null> {
  const folder = resolve(dir);
  const own = await statOrNull(folder);
  const realDir = await realpath(folder).catch(() => folder);
  for (const evidencePath of evidencePaths) {
    const realEvidence = await realpath(evidencePath).catch(() => resolve(evidencePath));
    const evidence = await statOrNull(evidencePath);
    const same = own && evidence && own.dev === evidence.dev && own.ino === evidence.ino;
    if (same || realEvidence === realDir || resolve(evidencePath) === folder) {
      return `it is the evidence ${evidencePath}, which is never written to.`;
    }
  }
  if (own && !own.isDirectory()) {
    if (own.isBlockDevice() || own.isCharacterDevice()) {
      return 'it is a device. A case is a folder of files, never on a disk as such.';
    }
    return 'it is a file, not a folder.';
  }
  const existing = own ?? (await existingFolder(folder))?.stats;
  if (!existing) return 'no folder above it exists.';
  for (const evidencePath of evidencePaths) {
    const evidence = await statOrNull(evidencePath);
    if (!evidence) continue;
    for (const name of [CASE_FILE, AUDIT_FILE, AUDIT_LOCK_FILE, CASE_LOCK_FILE]) {
      const file = own ? await statOrNull(join(folder, name)) : null;
      if (file && file.dev === evidence.dev && file.ino === evidence.ino) {
        return `its ${name} is the evidence ${evidencePath}, which is never written to.`;
      }
    }
    const meeting = await whereFolderMeetsEvidence(existing.dev, await evidenceParts(evidence));
    if (meeting !== null) {
      return (
        `it is on ${meeting}; writing there would change the evidence. Use a folder on ` +
        'another disk.'
      );
    }
  }
  return null;
}

/** Refuses `dir` as a case folder (see folderProblem) with a SectorscopeError saying why. */
export async function checkCaseFolder(dir: string, evidencePaths: string[]): Promise<void> {
  const why = await folderProblem(dir, evidencePaths);
  if (why) {
    throw new SectorscopeError('INVALID_ARGUMENT', `Refusing ${dir} as a case folder: ${why}`);
  }
}
