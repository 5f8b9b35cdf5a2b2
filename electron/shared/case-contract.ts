// The contract's part for cases (electron/case): the case the viewer works in, its bookmarks,
// and its report. contract.ts adds these methods and events to the rest. The page sees no
// paths of the machine here either: the case by its folder's name, its evidence by source id
// and file name.

import type { HashAlgorithm } from './contract';

/** Where a bookmark came from. */
export type BookmarkOrigin =
  | { kind: 'selection' }
  | { kind: 'search-hit' }
  | { kind: 'command-line' }
  /** A file of a filesystem on the evidence (once files exist): its path there. */
  | { kind: 'file'; path: string };

/** A piece of the case's evidence. */
export interface CaseEvidenceView {
  /** E1, E2... */
  id: string;
  /** The source id to open it with (listSources has it too). */
  source: string;
  /** Its file name (no folders). */
  name: string;
  format: string;
  /** Bytes, decimal. */
  size: string;
  logicalSectorSize: number;
  /** Digests of the whole evidence once a hash job over all of it has finished. */
  hashes: Partial<Record<HashAlgorithm, string>>;
  /** The last verify of its stored hashes (E01): null when none was run. */
  verified: boolean | null;
}

export interface CaseInfo {
  /** The case folder's name. */
  name: string;
  id: string;
  examiner: string | null;
  created: string;
  /** Nothing can be changed (another viewer holds it, a read-only folder, a broken record...). */
  readOnly: boolean;
  /** Why, in words, when readOnly. */
  readOnlyReason: string | null;
  /** Every entry of its log is signed (and this viewer has the key, unless readOnly). */
  signed: boolean;
  evidence: CaseEvidenceView[];
  bookmarks: number;
  audit: {
    entries: number;
    lastHash: string;
    /** The log checks out (audit verify would exit 0). */
    intact: boolean;
    /** What does not check out, first first. */
    problems: string[];
  };
  /** What opening the case repaired (a torn last line set aside...), for the user to see. */
  notices: string[];
}

export interface BookmarkView {
  /** B1, B2... */
  id: string;
  /** The evidence id (E1). */
  evidence: string;
  /** The source id of that evidence, to open it or match an open session. */
  source: string;
  /** First byte, decimal. */
  offset: string;
  /** Bytes, decimal, 1 or more. */
  length: string;
  label: string;
  note: string;
  /** #rrggbb. */
  colour: string;
  origin: BookmarkOrigin;
  created: string;
  modified: string;
  /** The file the bookmark lies in and its offset there, once files exist; null otherwise. */
  file: { path: string; offset: string } | null;
}

export interface CaseMethods {
  /** The case open now, or null (the viewer works as without one). */
  caseInfo: { params: Record<string, never>; result: CaseInfo | null };
  /**
   * Starts a case with the disks open now as its evidence. Electron: a folder dialog (null when
   * cancelled). Browser mode cannot make one (NO_CASE: start serve with --case DIR).
   */
  newCase: { params: { examiner?: string }; result: CaseInfo | null };
  /** Electron: an Open Case folder dialog; null when cancelled. Refused in browser mode. */
  openCase: { params: Record<string, never>; result: CaseInfo | null };
  closeCase: { params: Record<string, never>; result: null };
  /** The bookmarks (of one source, when given), by evidence then offset. */
  listBookmarks: { params: { source?: string }; result: BookmarkView[] };
  /**
   * Bookmarks bytes of a source (the selection, a search hit); the source becomes evidence of
   * the case if it is not yet. NO_CASE when no case is open: offer newCase, then call again.
   */
  addBookmark: {
    params: {
      source: string;
      offset: string;
      length: string;
      label: string;
      note?: string;
      colour?: string;
      origin?: BookmarkOrigin;
    };
    result: BookmarkView;
  };
  updateBookmark: {
    params: { id: string; label?: string; note?: string; colour?: string };
    result: BookmarkView;
  };
  deleteBookmark: { params: { id: string }; result: null };
  /**
   * The case's report (self-contained HTML), also saved in the case folder's reports/ when the
   * case can be written (savedAs: its name there). Electron opens the saved file itself.
   */
  caseReport: {
    params: Record<string, never>;
    result: { fileName: string; html: string; savedAs: string | null };
  };
}

/** Pushed when the case changes, by this viewer or another process (the command line). */
export type CaseEvent =
  /** Opened, closed, evidence added, its log grew, it became read-only... */
  | { type: 'caseChanged'; case: CaseInfo | null }
  /** reload: changed elsewhere, fetch the list again (listBookmarks). */
  | {
      type: 'bookmarksChanged';
      added: BookmarkView[];
      changed: BookmarkView[];
      deleted: string[];
      reload: boolean;
    }
  /** Something the user must hear (a job's result that could not be recorded). */
  | { type: 'caseNotice'; message: string };
