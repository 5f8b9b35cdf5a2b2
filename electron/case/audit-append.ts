// Appending to a case: the one way anything is written to it after it is made. Under the log's
// lock (an exclusive flock on audit.lock, so that the viewer and the command line take turns):
// read case.json and the log and check them; set aside a torn last line and bring up a head
// that a crash left behind, recording each; work out the new entries against the case as it
// is now; write them in one write() and fsync; then replace case.json with the new head. If
// any of it fails (a full disk, a read-only folder), the log is cut back to where it was, so
// that what is refused leaves no trace and no half line. A process killed in between leaves at
// most a torn line or a head one step behind, which the next writer repairs on record.

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SectorscopeError } from '../shared/contract';
import { syncFolder } from '../jobs/export-placement';
import { composeLine, type AuditEntry, type EntryDraft } from './audit-line';
import { verifyLog, type LogCheckpoint, type Verification } from './audit-verify';
import { readCaseFile, writeCaseFile } from './case-file';
import { ACTIONS, applyEntry, type CaseState } from './case-state';
import { AUDIT_FILE, AUDIT_LOCK_FILE, TORN_PREFIX, type CaseFile } from './case-types';
import { lockFile, LockFileUnopenable, type HeldLock } from './file-lock';
import { headMessage, type Signer, type SigningKeyRecord } from './signing';

/** How long a writer waits for another's append (they take milliseconds). */
const LOCK_WAIT_SECONDS = 30;

/** A case as read, with its checks. */
export interface CaseRecord {
  file: CaseFile;
  verification: Verification;
  /** The case as its log tells it (null only when the log's first line is bad). */
  state: CaseState | null;
  /** The log as read. */
  log: Buffer;
}

/** What a failed write of the case means for the user; `what` says what was not done. */
export function writeError(error: unknown, dir: string, what: string): SectorscopeError {
  if (error instanceof SectorscopeError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new SectorscopeError(
        'IO',
        `The disk holding the case ${dir} is full: ${what} and nothing was ` +
          'recorded. Free some space there and try again.',
      );
    case 'EROFS':
      return new SectorscopeError(
        'PERMISSION',
        `The case ${dir} is on a read-only filesystem: ${what}. The case can be ` +
          'read, verified and reported on, not changed.',
      );
    case 'EACCES':
    case 'EPERM':
      return new SectorscopeError(
        'PERMISSION',
        `No permission to write to the case folder ${dir}: ${what}.`,
      );
    default:
      return new SectorscopeError('IO', `Cannot write to the case ${dir} (${reason}): ${what}.`);
  }
}

async function takeLock(dir: string, mode: 'exclusive' | 'shared'): Promise<HeldLock> {
  const lock = await lockFile(join(dir, AUDIT_LOCK_FILE), {
    mode,
    waitSeconds: LOCK_WAIT_SECONDS,
  });
  if (lock === null) {
    throw new SectorscopeError(
      'IO',
      `The audit log of ${dir} has been locked by another process for ${LOCK_WAIT_SECONDS} s ` +
        '(an append takes milliseconds): is a Sectorscope there stuck? Try again.',
    );
  }
  return lock;
}

/**
 * The last reading of each case's log in this process: a log that has only grown since is
 * checked from there on (the bytes read before are compared by their SHA-256), so that an
 * append does not verify every signature of a long log again.
 */
const checkpoints = new Map<string, LogCheckpoint>();
const CHECKPOINTS = 8;

function remember(dir: string, checkpoint: LogCheckpoint): void {
  checkpoints.delete(dir);
  checkpoints.set(dir, checkpoint);
  for (const oldest of checkpoints.keys()) {
    if (checkpoints.size <= CHECKPOINTS) break;
    checkpoints.delete(oldest);
  }
}

async function readRecord(
  dir: string,
  pinnedKey: SigningKeyRecord | null = null,
): Promise<CaseRecord> {
  const file = await readCaseFile(dir);
  const bytes = await readFile(join(dir, AUDIT_FILE)).catch((error: NodeJS.ErrnoException) => {
    throw new SectorscopeError(
      error.code === 'ENOENT' ? 'NOT_FOUND' : 'IO',
      `Cannot read the audit log of ${dir}: ${error.message}`,
    );
  });
  const verification = verifyLog(file, bytes, pinnedKey, checkpoints.get(dir));
  if (verification.checkpoint) remember(dir, verification.checkpoint);
  return { file, verification, state: verification.reading.state, log: bytes };
}

/**
 * Reads the case in `dir` and checks it, under a shared lock so that no append is half done
 * while it is read. A folder that cannot take a lock (read-only media) is read without one:
 * nobody can be appending there.
 */
export async function readCase(
  dir: string,
  pinnedKey: SigningKeyRecord | null = null,
): Promise<CaseRecord> {
  let lock: HeldLock | null = null;
  try {
    lock = await takeLock(dir, 'shared');
  } catch (error) {
    if (!(error instanceof LockFileUnopenable)) throw error;
  }
  try {
    return await readRecord(dir, pinnedKey);
  } finally {
    await lock?.release();
  }
}

/** Raw bytes into a new file (never an existing one), flushed, and its folder flushed. */
async function writeNewFile(path: string, bytes: Uint8Array): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(path, flags, 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A side file name for a torn line, not taken yet. */
async function sideFileName(dir: string, seq: number): Promise<string> {
  const names = new Set(await readdir(dir));
  for (let attempt = 0; ; attempt++) {
    const name = `${TORN_PREFIX}${seq}${attempt ? `-${attempt}` : ''}.jsonl`;
    if (!names.has(name)) return name;
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The repairs a writer makes before its own entries: a torn last line moved to a side file
 * (the log cut back to its last whole line), side files no entry records yet (a writer that
 * stopped between the two), and a head behind the log. Returns the entries that record them.
 */
async function repair(dir: string, record: CaseRecord): Promise<EntryDraft[]> {
  const { verification, state } = record;
  const drafts: EntryDraft[] = [];
  if (!state) return drafts;
  const torn = verification.reading.torn;
  if (torn) {
    const name = await sideFileName(dir, state.entries + 1);
    await writeNewFile(join(dir, name), torn.bytes);
    await syncFolder(dir);
    const log = await open(join(dir, AUDIT_FILE), 'r+');
    try {
      await log.truncate(torn.offset);
      await log.sync();
    } finally {
      await log.close();
    }
  }
  for (const name of (await readdir(dir)).sort()) {
    if (!name.startsWith(TORN_PREFIX) || state.sideFiles.has(name)) continue;
    const bytes = await readFile(join(dir, name));
    drafts.push({
      action: ACTIONS.tornLineSetAside,
      details: {
        sideFile: name,
        bytes: bytes.length,
        sha256: sha256(bytes),
        why:
          'the log ended in a line cut short (a process stopped mid-write); it was moved to ' +
          'the side file so that the chain goes on',
      },
    });
  }
  const { head } = verification;
  if (head.behind > 0) {
    drafts.push({
      action: ACTIONS.headCaughtUp,
      details: {
        recorded: { entries: head.recorded.entries, lastHash: head.recorded.lastHash },
        log: { entries: state.entries, lastHash: state.lastHash },
        why:
          'case.json recorded an earlier head than the log holds: a process stopped between ' +
          'writing the log and writing case.json',
      },
    });
  }
  return drafts;
}

/** Why nothing may be written to a case in this state, or null. */
export function refusal(dir: string, record: CaseRecord, signer: Signer | null): string | null {
  const { verification, state } = record;
  const { reading, head } = verification;
  const broken =
    reading.problem?.message ??
    verification.caseFileProblem ??
    (head.behind === 0 ? head.problem : null);
  if (broken || !state) {
    return (
      `The record of the case ${dir} does not check out: ${broken ?? 'its log is empty.'} ` +
      `Nothing more is written to it; \`sectorscope audit verify ${dir}\` says more.`
    );
  }
  if (state.signing && !signer) {
    return (
      `The case ${dir} signs every entry of its log (key ${state.signing.fingerprint}): give ` +
      'the private key with --sign-key FILE to change it.'
    );
  }
  if (state.signing && signer && signer.key.publicKey !== state.signing.publicKey) {
    return (
      `The key given (${signer.key.fingerprint}) is not the one the case ${dir} signs with ` +
      `(${state.signing.fingerprint}).`
    );
  }
  if (!state.signing && signer) {
    return `The case ${dir} does not sign its log; --sign-key applies only to a case begun with one.`;
  }
  return null;
}

export interface AppendResult {
  /** The entries written: repairs first, then the caller's. */
  entries: AuditEntry[];
  /** The repairs, in words. */
  repairs: string[];
  state: CaseState;
  file: CaseFile;
}

/** Writes lines to the log in one write() and flushes; cuts it back on any failure. */
async function writeLines(dir: string, text: string): Promise<number> {
  const log = await open(join(dir, AUDIT_FILE), constants.O_WRONLY | constants.O_APPEND);
  let before = -1;
  try {
    before = (await log.stat()).size;
    const bytes = Buffer.from(text, 'utf8');
    const { bytesWritten } = await log.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) {
      throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    }
    await log.sync();
    return before;
  } catch (error) {
    if (before >= 0) await cutBack(log, before);
    throw error;
  } finally {
    await log.close();
  }
}

/** Cuts the log back to `size` bytes (ours to undo); a failure here leaves a torn line. */
async function cutBack(log: Awaited<ReturnType<typeof open>>, size: number): Promise<void> {
  await log.truncate(size).catch(() => undefined);
  await log.sync().catch(() => undefined);
}

/**
 * Appends to the case in `dir` the entries `plan` gives for the case as it is now (it throws to
 * refuse: a bookmark that is gone, a range past the end). `what` says what is being done, for
 * the messages ("the bookmark was not added"). Throws SectorscopeError when nothing was written.
 */
export async function appendToCase(
  dir: string,
  signer: Signer | null,
  what: string,
  plan: (state: CaseState, file: CaseFile) => EntryDraft[] | Promise<EntryDraft[]>,
  now: () => Date = () => new Date(),
): Promise<AppendResult> {
  let lock: HeldLock;
  try {
    lock = await takeLock(dir, 'exclusive');
  } catch (error) {
    if (!(error instanceof LockFileUnopenable)) throw error;
    throw new SectorscopeError(
      'PERMISSION',
      `Cannot write to the case folder ${dir} (${error.message}): ${what}.`,
    );
  }
  try {
    const record = await readRecord(dir);
    const refused = refusal(dir, record, signer);
    if (refused) throw new SectorscopeError('PERMISSION', `${refused} (${what}.)`);
    const state = record.state as CaseState;
    let drafts: EntryDraft[];
    try {
      drafts = await repair(dir, record);
    } catch (error) {
      throw writeError(error, dir, what);
    }
    const repairs = drafts.map((draft) =>
      draft.action === ACTIONS.headCaughtUp
        ? 'case.json was behind its log (a process stopped between the two writes); it was brought up'
        : `a torn last line of the log was moved to ${String(draft.details.sideFile)}`,
    );
    drafts.push(...(await plan(state, record.file)));
    const entries: AuditEntry[] = [];
    let text = '';
    for (const draft of drafts) {
      const { entry, line } = composeLine(draft, state.entries + 1, state.lastHash, now(), signer);
      applyEntry(state, entry);
      entries.push(entry);
      text += `${line}\n`;
    }
    const file: CaseFile = {
      ...record.file,
      evidence: state.evidence,
      audit: {
        entries: state.entries,
        lastHash: state.lastHash,
        ...(signer
          ? { signature: signer.sign(headMessage(record.file.id, state.entries, state.lastHash)) }
          : {}),
      },
    };
    let before: number;
    try {
      before = await writeLines(dir, text);
    } catch (error) {
      throw writeError(error, dir, what);
    }
    try {
      await writeCaseFile(dir, file);
    } catch (error) {
      const log = await open(join(dir, AUDIT_FILE), 'r+');
      try {
        await cutBack(log, before);
      } finally {
        await log.close();
      }
      throw writeError(error, dir, what);
    }
    return { entries, repairs, state, file };
  } finally {
    await lock.release();
  }
}
