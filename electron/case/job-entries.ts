// What the audit log says of a job (hash, search, export, verify) run on a case's evidence:
// job.started with what was asked, before the job starts (if that cannot be recorded, the job
// is refused); job.finished with how it ended and its result: the digests, the number of hits
// and where the first ones are, an export's destination and SHA-256, a verify's verdict.

import type { JobResult, JobSpec, SearchHit, WireError } from '../shared/contract';
import type { EntryDraft } from './audit-line';
import { ACTIONS } from './case-state';

/** Lists in an entry are cut to this many items (a dying disk can have millions of bad sectors). */
export const LISTED_ITEMS = 1000;

export interface JobOnEvidence {
  /** The job's kind: hash, search, export, verify (or a later kind). */
  job: string;
  /** The evidence id (E1). */
  evidence: string;
  /** Sectors, decimal. */
  lba: string;
  count: string;
  /** The job covers every sector of the evidence. */
  wholeEvidence: boolean;
}

export function jobStartedEntry(on: JobOnEvidence, spec: JobSpec, retries: number): EntryDraft {
  return { action: ACTIONS.jobStarted, details: { ...on, spec, retries } };
}

function listed(items: readonly string[]): { count: number; first: string[] } {
  return { count: items.length, first: items.slice(0, LISTED_ITEMS) };
}

/** A result as the log keeps it: everything that tells what was found, lists cut short. */
export function resultDetails(
  result: JobResult,
  hits: readonly SearchHit[],
): Record<string, unknown> {
  const bad = listed(result.badSectors);
  const common = {
    bytes: result.bytes,
    badSectors: bad.count,
    firstBadSectors: bad.first,
    seconds: result.seconds,
  };
  switch (result.kind) {
    case 'hash':
      return { digests: result.digests, ...common };
    case 'search':
      return {
        hits: result.hits,
        truncated: result.truncated,
        firstHits: hits.slice(0, LISTED_ITEMS).map((hit) => hit.offset),
        ...common,
      };
    case 'export':
      return { destination: result.destination, sha256: result.sha256, ...common };
    case 'verify':
      return {
        verified: result.verified,
        stored: result.stored,
        computed: result.computed,
        badRuns: result.badRuns.slice(0, LISTED_ITEMS),
        ...common,
      };
    default:
      return common;
  }
}

export function jobFinishedEntry(
  on: JobOnEvidence,
  startedEntry: number,
  end: { status: 'done' | 'cancelled' | 'failed'; result?: JobResult; error?: WireError },
  hits: readonly SearchHit[],
): EntryDraft {
  return {
    action: ACTIONS.jobFinished,
    details: {
      ...on,
      startedEntry,
      status: end.status,
      ...(end.result ? { result: resultDetails(end.result, hits) } : {}),
      ...(end.error ? { error: end.error } : {}),
    },
  };
}
