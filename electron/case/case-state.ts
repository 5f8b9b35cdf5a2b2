// The case as its audit log tells it. Every change to a case is an entry of the log carrying
// its content (the evidence added with its identity, a bookmark with all its fields, a job's
// result), so the bookmarks and the evidence's hashes are read back from the log itself: the
// record and the state can never disagree. case.json keeps a readable copy of the evidence and
// the head of the log; verify compares that copy with this state.

import type { AuditEntry } from './audit-line';
import type { Bookmark, CaseEvidence, DigestName, EvidenceIdentity } from './case-types';
import type { SigningKeyRecord } from './signing';

/** The actions of the log, and what each entry's details hold. */
export const ACTIONS = {
  caseCreated: 'case.created',
  caseOpened: 'case.opened',
  evidenceAdded: 'evidence.added',
  bookmarkAdded: 'bookmark.added',
  bookmarkChanged: 'bookmark.changed',
  bookmarkDeleted: 'bookmark.deleted',
  jobStarted: 'job.started',
  jobFinished: 'job.finished',
  /** A torn last line (a crash mid-write) was moved to a side file. */
  tornLineSetAside: 'audit.torn-line-set-aside',
  /** case.json's head was behind the log (a crash between the two writes) and was brought up. */
  headCaughtUp: 'audit.head-caught-up',
} as const;

export interface CaseState {
  caseId: string;
  created: string;
  examiner: string | null;
  signing: SigningKeyRecord | null;
  evidence: CaseEvidence[];
  bookmarks: Map<string, Bookmark>;
  /** Bookmarks ever added: the next one is B<count + 1>. */
  bookmarksAdded: number;
  /** Side files of torn lines that an entry records. */
  sideFiles: Set<string>;
  entries: number;
  lastHash: string;
}

/** Thrown when an entry cannot apply (it names something that does not exist). */
export class StateError extends Error {
  override name = 'StateError';
}

type Details = Record<string, unknown>;

function record(value: unknown): Details {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Details)
    : {};
}

/** The state after the log's first entry, which must be case.created. */
export function initialState(entry: AuditEntry): CaseState {
  if (entry.action !== ACTIONS.caseCreated) {
    throw new StateError(`the first entry is "${entry.action}", not "${ACTIONS.caseCreated}"`);
  }
  const details = entry.details;
  if (typeof details.caseId !== 'string') throw new StateError('case.created names no case id');
  return {
    caseId: details.caseId,
    created: entry.time,
    examiner: typeof details.examiner === 'string' ? details.examiner : null,
    signing: (details.signing as SigningKeyRecord | null | undefined) ?? null,
    evidence: [],
    bookmarks: new Map(),
    bookmarksAdded: 0,
    sideFiles: new Set(),
    entries: 1,
    lastHash: entry.hash,
  };
}

function evidenceOf(state: CaseState, id: unknown): CaseEvidence {
  const found = state.evidence.find((evidence) => evidence.id === id);
  if (!found) throw new StateError(`no evidence ${String(id)} in the case`);
  return found;
}

function bookmarkOf(value: unknown): Bookmark {
  const bookmark = record(value) as unknown as Bookmark;
  if (typeof bookmark.id !== 'string') throw new StateError('a bookmark entry names no bookmark');
  return bookmark;
}

/** A finished job over the whole evidence records its digests or its verification. */
function applyJobFinished(state: CaseState, entry: AuditEntry): void {
  const details = entry.details;
  if (details.status !== 'done' || details.wholeEvidence !== true) return;
  const evidence = state.evidence.find((candidate) => candidate.id === details.evidence);
  if (!evidence) return;
  const result = record(details.result);
  if (details.job === 'hash') {
    const digests = record(result.digests) as Partial<Record<DigestName, string>>;
    const badSectors = typeof result.badSectors === 'number' ? result.badSectors : 0;
    // Digests of an earlier job that this one did not compute stay.
    evidence.hashes = {
      digests: { ...(evidence.hashes?.digests ?? {}), ...digests },
      badSectors,
      time: entry.time,
      entry: entry.seq,
    };
  } else if (details.job === 'verify') {
    evidence.verification = {
      verified: result.verified === true,
      time: entry.time,
      entry: entry.seq,
    };
  }
}

/** Applies one entry (after the first) to the state, in place. */
export function applyEntry(state: CaseState, entry: AuditEntry): void {
  const details = entry.details;
  switch (entry.action) {
    case ACTIONS.evidenceAdded: {
      const identity = record(details.evidence) as unknown as EvidenceIdentity;
      if (state.evidence.some((evidence) => evidence.id === identity.id)) {
        throw new StateError(`evidence ${identity.id} is added twice`);
      }
      state.evidence.push({ ...identity, hashes: null, verification: null });
      break;
    }
    case ACTIONS.bookmarkAdded: {
      const bookmark = bookmarkOf(details.bookmark);
      evidenceOf(state, bookmark.evidence);
      state.bookmarks.set(bookmark.id, bookmark);
      state.bookmarksAdded++;
      break;
    }
    case ACTIONS.bookmarkChanged: {
      const after = bookmarkOf(details.after);
      if (!state.bookmarks.has(after.id)) throw new StateError(`no bookmark ${after.id} to change`);
      state.bookmarks.set(after.id, after);
      break;
    }
    case ACTIONS.bookmarkDeleted: {
      const bookmark = bookmarkOf(details.bookmark);
      if (!state.bookmarks.delete(bookmark.id)) {
        throw new StateError(`no bookmark ${bookmark.id} to delete`);
      }
      break;
    }
    case ACTIONS.jobFinished:
      applyJobFinished(state, entry);
      break;
    case ACTIONS.tornLineSetAside:
      if (typeof details.sideFile === 'string') state.sideFiles.add(details.sideFile);
      break;
    default:
      // case.opened, job.started, audit.head-caught-up and actions of later versions change
      // nothing here.
      break;
  }
  state.entries = entry.seq;
  state.lastHash = entry.hash;
}
