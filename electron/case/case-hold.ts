// A viewer's hold on a case while it has it open (Electron, `serve --case`): an exclusive flock
// on case.lock (file-lock.ts), so that a second viewer opening the same case learns it is taken
// and opens it read-only, and is told by whom: the holder writes who it is into case.lock. The
// command line's writes do not hold the case; they take turns on the log's own lock.

import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CASE_LOCK_FILE } from './case-types';
import { lockFile, LockFileUnopenable, type HeldLock } from './file-lock';

export interface CaseHolder {
  /** "the desktop app", "sectorscope serve". */
  program: string;
  pid: number;
  host: string;
  since: string;
}

export type HoldResult =
  { held: true; release: () => Promise<void> } | { held: false; why: string };

function describe(holder: Partial<CaseHolder> | null): string {
  if (!holder?.program || !holder.pid) return 'another Sectorscope';
  return (
    `another Sectorscope (${holder.program}, pid ${holder.pid} on ${holder.host ?? 'this machine'}, ` +
    `since ${holder.since ?? 'a while'})`
  );
}

/** Takes the case in `dir` for this process, or says who has it. */
export async function holdCase(dir: string, program: string): Promise<HoldResult> {
  const path = join(dir, CASE_LOCK_FILE);
  let lock: HeldLock | null;
  try {
    lock = await lockFile(path, { mode: 'exclusive', waitSeconds: 0 });
  } catch (error) {
    if (error instanceof LockFileUnopenable) {
      return { held: false, why: `the case folder cannot be written (${error.message})` };
    }
    throw error;
  }
  if (lock === null) {
    const text = await readFile(path, 'utf8').catch(() => '');
    let holder: Partial<CaseHolder> | null = null;
    try {
      holder = JSON.parse(text) as Partial<CaseHolder>;
    } catch {
      // Written as we read it, or by something else: said plainly below.
    }
    return { held: false, why: `the case is open in ${describe(holder)}` };
  }
  const holder: CaseHolder = {
    program,
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
  };
  // Who holds it, for the next one who asks; the lock itself is the flock, not this text.
  await writeFile(path, `${JSON.stringify(holder)}\n`).catch(() => undefined);
  return { held: true, release: () => lock.release() };
}
