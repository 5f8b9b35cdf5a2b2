// Reads the audit log and checks it: every line as written (audit-line.ts), the chain (each
// line's sequence number and the hash it records for the line before), the signatures where the
// case signs, a torn last line, the head kept in case.json, and case.json's copy of the case
// against what the log records. The first line that fails is named; the lines before it are
// folded into the case's state (case-state.ts).

import { createHash } from 'node:crypto';
import { checkLine, GENESIS_HASH, type AuditEntry } from './audit-line';
import { applyEntry, initialState, StateError, type CaseState } from './case-state';
import type { AuditHead, CaseFile } from './case-types';
import { headMessage, verifySignature, type SigningKeyRecord } from './signing';

export interface AuditProblem {
  /** The first line (1-based) that fails a check. */
  line: number;
  message: string;
}

export interface TornTail {
  /** Byte offset of the fragment: the log's length without it. */
  offset: number;
  bytes: Buffer;
}

export interface LogReading {
  /** The lines that passed every check, up to the first problem. */
  entries: AuditEntry[];
  /** The case as those entries tell it (null when even the first line fails). */
  state: CaseState | null;
  /** The state as of each entry number asked for in `snapshotAt`. */
  snapshot: CaseState | null;
  problem: AuditProblem | null;
  /** Whole lines (ending in "\n") in the file, checked or not. */
  lineCount: number;
  torn: TornTail | null;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

function keysEqual(a: SigningKeyRecord | null, b: SigningKeyRecord | null): boolean {
  return a?.publicKey === b?.publicKey && a?.fingerprint === b?.fingerprint;
}

/**
 * How far a log was read and found whole, to go on from when it has only grown: its first
 * `length` bytes (whole lines), their SHA-256, and the reading of them (its own copy).
 */
export interface LogCheckpoint {
  length: number;
  digest: string;
  reading: LogReading;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A reading to go on from: `from`'s, when `bytes` begins with exactly what it read. */
function resumeFrom(bytes: Buffer, snapshotAt: number, from?: LogCheckpoint): LogReading | null {
  if (!from || from.length > bytes.length || from.reading.problem || !from.reading.state)
    return null;
  // A head before the checkpoint (a crash left it behind) needs that entry's state: read all.
  if (snapshotAt > 0 && snapshotAt < from.reading.lineCount) return null;
  if (sha256(bytes.subarray(0, from.length)) !== from.digest) return null;
  const state = structuredClone(from.reading.state);
  return {
    entries: [...from.reading.entries],
    state,
    snapshot: snapshotAt === from.reading.lineCount ? structuredClone(state) : null,
    problem: null,
    lineCount: from.reading.lineCount,
    torn: null,
  };
}

/**
 * Checks the log's bytes line by line. `snapshotAt`: an entry number whose state to keep (the
 * head case.json records, to compare its copy with). `from`: a checkpoint of an earlier read
 * of the same log, gone on from when the log has only grown since (otherwise read whole).
 * Returns the reading and, when every whole line checked out, a checkpoint for next time.
 */
export function readLog(
  bytes: Buffer,
  snapshotAt = 0,
  from?: LogCheckpoint,
): LogReading & { checkpoint: LogCheckpoint | null } {
  const resumed = resumeFrom(bytes, snapshotAt, from);
  const reading: LogReading = resumed ?? {
    entries: [],
    state: null,
    snapshot: null,
    problem: null,
    lineCount: 0,
    torn: null,
  };
  let start = resumed ? (from as LogCheckpoint).length : 0;
  const first = reading.lineCount;
  const lines: string[] = [];
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) break;
    lines.push(bytes.toString('utf8', start, end));
    start = end + 1;
  }
  const wholeLength = start;
  reading.lineCount = first + lines.length;
  if (start < bytes.length) reading.torn = { offset: start, bytes: bytes.subarray(start) };

  let signing: SigningKeyRecord | null = reading.state?.signing ?? null;
  const fail = (line: number, message: string) => {
    reading.problem = { line, message };
  };
  for (const [index, text] of lines.entries()) {
    const number = first + index + 1;
    const checked = checkLine(text);
    if (!checked.ok) {
      fail(number, `line ${number}: ${checked.why}.`);
      break;
    }
    const { entry, body } = checked;
    if (entry.seq !== number) {
      fail(
        number,
        `line ${number} has sequence number ${entry.seq}: ` +
          (entry.seq > number
            ? `${entry.seq - number === 1 ? 'a line before it was' : 'lines before it were'} removed, or lines were moved.`
            : 'lines were moved or copied.'),
      );
      break;
    }
    const expectedPrev = reading.entries.at(-1)?.hash ?? GENESIS_HASH;
    if (entry.prev !== expectedPrev) {
      fail(
        number,
        number === 1
          ? 'line 1 does not start the chain (its "prev" is not 64 zeros).'
          : `line ${number} records ${short(entry.prev)} as the hash of line ${number - 1}, ` +
              `which is ${short(expectedPrev)}: line ${number - 1} was rewritten, or a line ` +
              'between them was removed or moved.',
      );
      break;
    }
    if (number === 1) {
      try {
        reading.state = initialState(entry);
      } catch (error) {
        fail(1, `line 1: ${(error as Error).message}.`);
        break;
      }
      signing = reading.state.signing;
    }
    if (signing) {
      if (!entry.sig) {
        fail(number, `line ${number} is not signed, though this case signs every entry.`);
        break;
      }
      if (!verifySignature(signing, body, entry.sig)) {
        fail(
          number,
          `line ${number}'s signature does not verify with the case's key ` +
            `(${signing.fingerprint}): the line was written without that key.`,
        );
        break;
      }
    }
    if (number > 1 && reading.state) {
      try {
        applyEntry(reading.state, entry);
      } catch (error) {
        if (!(error instanceof StateError)) throw error;
        fail(number, `line ${number} (${entry.action}): ${error.message}.`);
        break;
      }
    }
    reading.entries.push(entry);
    if (number === snapshotAt && reading.state) reading.snapshot = structuredClone(reading.state);
  }
  const whole = reading.problem === null && reading.state !== null;
  const checkpoint = whole
    ? {
        length: wholeLength,
        digest: sha256(bytes.subarray(0, wholeLength)),
        reading: {
          ...reading,
          entries: [...reading.entries],
          state: structuredClone(reading.state),
          snapshot: null,
          torn: null,
        },
      }
    : null;
  return { ...reading, checkpoint };
}

export interface HeadCheck {
  /** What case.json records. */
  recorded: AuditHead;
  /** Why it disagrees with the log, or null. */
  problem: string | null;
  /**
   * Entries the log has after the head, when the chain runs on cleanly from it: what a crash
   * between writing a line and writing case.json leaves (opening the case brings it up).
   */
  behind: number;
}

function checkHead(file: CaseFile, reading: LogReading): HeadCheck {
  const recorded = file.audit;
  const head: HeadCheck = { recorded, problem: null, behind: 0 };
  const count = reading.lineCount;
  const atHead = reading.entries[recorded.entries - 1];
  if (recorded.entries > count) {
    head.problem =
      `case.json records ${recorded.entries} entries but the log has ${count}: ` +
      `${recorded.entries - count === 1 ? `entry ${recorded.entries} is` : `entries ${count + 1} to ${recorded.entries} are`} ` +
      'gone (removed from the end of the log).';
  } else if (atHead && atHead.hash !== recorded.lastHash) {
    head.problem =
      `case.json records entry ${recorded.entries} with hash ${short(recorded.lastHash)}, but ` +
      `the log's entry ${recorded.entries} has ${short(atHead.hash)}: the log was rewritten.`;
  } else if (atHead && recorded.entries < count) {
    head.behind = count - recorded.entries;
    head.problem =
      `the log has ${head.behind} ${head.behind === 1 ? 'entry' : 'entries'} after the head ` +
      `case.json records (entry ${recorded.entries}): written by a process that stopped before ` +
      'it updated case.json (a crash), or added to the log by hand. Opening the case read-write ' +
      'brings the head up and records that it did.';
  }
  const signing = reading.state?.signing ?? null;
  if (!head.problem && signing) {
    const message = headMessage(file.id, recorded.entries, recorded.lastHash);
    if (!recorded.signature || !verifySignature(signing, message, recorded.signature)) {
      head.problem =
        "case.json's head is not signed with the case's key: it was written without the key.";
    }
  }
  return head;
}

/** The first place two JSON values differ, by path ("evidence[0].hashes"), or null. */
export function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} (${a.length} items, not ${b.length})`;
    for (const [index, item] of a.entries()) {
      const found = firstDifference(item, b[index], `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const found = firstDifference(left[key], right[key], path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/** What case.json says that the log does not (checked against the state at case.json's head). */
function checkCaseFile(file: CaseFile, state: CaseState | null): string | null {
  if (!state) return null;
  const fromLog = {
    id: state.caseId,
    created: state.created,
    examiner: state.examiner,
    signing: state.signing,
    evidence: state.evidence,
  };
  const fromFile = {
    id: file.id,
    created: file.created,
    examiner: file.examiner,
    signing: file.signing,
    evidence: file.evidence,
  };
  const where = firstDifference(fromFile, fromLog, '');
  if (where === null) return null;
  return (
    `case.json differs from what the audit log records at "${where}": case.json was changed ` +
    'by hand or by another program.'
  );
}

export interface Verification {
  /** Every check passed. */
  intact: boolean;
  reading: LogReading;
  head: HeadCheck;
  /** case.json's copy of the case disagrees with the log, or null. */
  caseFileProblem: string | null;
  /** The key --public-key pins is not the case's, or null. */
  keyProblem: string | null;
  /** The checks that failed, in words, first problem first. */
  problems: string[];
  /** Where a later read of the same log may go on from (null when a line failed). */
  checkpoint: LogCheckpoint | null;
}

/** Verifies the log's bytes against case.json (and, if given, the examiner's public key). */
export function verifyLog(
  file: CaseFile,
  bytes: Buffer,
  pinnedKey: SigningKeyRecord | null = null,
  from?: LogCheckpoint,
): Verification {
  const { checkpoint, ...reading } = readLog(bytes, file.audit.entries, from);
  const head = checkHead(file, reading);
  const state = reading.state;
  const idProblem =
    state && state.caseId !== file.id
      ? `the log belongs to case ${state.caseId}, not to case ${file.id} of case.json.`
      : null;
  const caseFileProblem =
    idProblem ??
    (state && !keysEqual(file.signing, state.signing)
      ? "case.json's signing key differs from the one the log's first entry records."
      : checkCaseFile(file, reading.snapshot));
  let keyProblem: string | null = null;
  if (pinnedKey && !keysEqual(pinnedKey, state?.signing ?? null)) {
    keyProblem = state?.signing
      ? `the log is signed with ${state.signing.fingerprint}, not with the key given ` +
        `(${pinnedKey.fingerprint}): the whole log was rewritten and signed again.`
      : `the log is not signed, though a key was given (${pinnedKey.fingerprint}).`;
  }
  const problems: string[] = [];
  if (reading.problem) problems.push(reading.problem.message);
  if (reading.torn) {
    problems.push(
      `the log ends in a torn line: ${reading.torn.bytes.length} bytes after line ` +
        `${reading.lineCount} with no end of line (a write cut short by a crash or a full disk). ` +
        'Opening the case read-write moves it to a side file and records that.',
    );
  }
  if (reading.lineCount === 0 && !reading.torn) problems.push('the log is empty.');
  if (head.problem) problems.push(head.problem);
  if (caseFileProblem) problems.push(caseFileProblem);
  if (keyProblem) problems.push(keyProblem);
  return {
    intact: problems.length === 0,
    checkpoint,
    reading,
    head,
    caseFileProblem,
    keyProblem,
    problems,
  };
}
