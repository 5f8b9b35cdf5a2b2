// Making a case, opening one, and everything done to it: evidence added, bookmarks added,
// changed and deleted, jobs recorded. Every change is an entry of the audit log written through
// appendToCase (audit-append.ts); a case opened read-only (another viewer has it, a read-only
// folder, a record that does not check out, a signed case without its key) refuses them all
// with the reason.

import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import packageJson from '../../package.json';
import { SectorscopeError } from '../shared/contract';
import { removeQuietly, removeStaleTemporaries, syncFolder } from '../jobs/export-placement';
import { appendToCase, readCase, refusal, writeError, type CaseRecord } from './audit-append';
import { composeLine, GENESIS_HASH, type AuditEntry, type EntryDraft } from './audit-line';
import { checkColour, checkLabel, checkNote, checkOrigin, checkRange } from './bookmark-fields';
import { checkCaseFolder } from './case-folder';
import { writeCaseFile } from './case-file';
import { holdCase } from './case-hold';
import { ACTIONS, applyEntry, initialState, type CaseState } from './case-state';
import {
  AUDIT_FILE,
  CASE_FILE,
  type Bookmark,
  type CaseFile,
  type EvidenceIdentity,
} from './case-types';
import { findEvidence, identifyEvidence, nextEvidenceId } from './evidence-identity';
import { headMessage, type Signer } from './signing';

export const TOOL = `sectorscope ${packageJson.version}`;

export interface EvidenceRequest {
  path: string;
  /** The sector size to view an image file with (default 512); devices use their own. */
  sectorSize?: number;
}

/** The examiner's name: one line of up to 200 characters; empty means none. */
export function checkExaminer(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new SectorscopeError('INVALID_ARGUMENT', 'The examiner is a name (text).');
  const name = value.trim();
  if (name === '') return null;
  // eslint-disable-next-line no-control-regex
  if ([...name].length > 200 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      "The examiner's name is one line of at most 200 characters.",
    );
  }
  return name;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The folders `dir` would need made, outermost first. */
async function missingFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let path = dir; !(await exists(path)); path = dirname(path)) missing.unshift(path);
  return missing;
}

export interface CreateCaseOptions {
  evidence: EvidenceRequest[];
  examiner?: string | null;
  signer?: Signer | null;
  now?: () => Date;
}

/**
 * Starts a case in `dir` (made if missing; an existing folder must hold no case) with the given
 * evidence, its log beginning with case.created and an evidence.added entry for each. Refuses a
 * folder that is, or is on, any of the evidence. Returns the case as read back.
 */
export async function createCase(dirPath: string, options: CreateCaseOptions): Promise<CaseRecord> {
  const dir = resolve(dirPath);
  const examiner = checkExaminer(options.examiner);
  const now = options.now ?? (() => new Date());
  const signer = options.signer ?? null;
  const paths = options.evidence.map((item) => item.path);
  await checkCaseFolder(dir, paths);
  const identities: EvidenceIdentity[] = [];
  for (const item of options.evidence) {
    if (findEvidence(identities, item.path)) continue;
    identities.push(await identifyEvidence(item.path, nextEvidenceId(identities), item.sectorSize));
  }
  for (const name of [CASE_FILE, AUDIT_FILE]) {
    if (await exists(join(dir, name))) {
      throw new SectorscopeError(
        'INVALID_ARGUMENT',
        `${dir} holds a case already (${name}): open it, or choose another folder for a new case.`,
      );
    }
  }
  const made = await missingFolders(dir);
  const what = 'the case was not created';
  const caseId = randomUUID();
  const drafts: EntryDraft[] = [
    {
      action: ACTIONS.caseCreated,
      details: { caseId, examiner, tool: TOOL, signing: signer?.key ?? null },
    },
    ...identities.map((evidence) => ({ action: ACTIONS.evidenceAdded, details: { evidence } })),
  ];
  let state: CaseState | null = null;
  let text = '';
  for (const draft of drafts) {
    const { entry, line } = composeLine(
      draft,
      (state?.entries ?? 0) + 1,
      state?.lastHash ?? GENESIS_HASH,
      now(),
      signer,
    );
    if (state) applyEntry(state, entry);
    else state = initialState(entry);
    text += `${line}\n`;
  }
  const created = state as CaseState;
  const file: CaseFile = {
    format: 'sectorscope-case',
    version: 1,
    id: caseId,
    created: created.created,
    examiner,
    signing: signer?.key ?? null,
    evidence: created.evidence,
    audit: {
      entries: created.entries,
      lastHash: created.lastHash,
      ...(signer
        ? { signature: signer.sign(headMessage(caseId, created.entries, created.lastHash)) }
        : {}),
    },
  };
  let wroteLog = false;
  try {
    for (const folder of made) await mkdir(folder);
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const log = await open(join(dir, AUDIT_FILE), flags, 0o644);
    wroteLog = true;
    try {
      await log.writeFile(text);
      await log.sync();
    } finally {
      await log.close();
    }
    await writeCaseFile(dir, file);
    if (made.length > 0) await syncFolder(dirname(made[0] as string));
  } catch (error) {
    if (wroteLog) {
      removeQuietly(join(dir, CASE_FILE));
      removeQuietly(join(dir, AUDIT_FILE));
    }
    for (const folder of made.reverse()) await rmdir(folder).catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SectorscopeError(
        'INVALID_ARGUMENT',
        `${dir} holds a case already: open it instead.`,
      );
    }
    throw writeError(error, dir, what);
  }
  return readCase(dir);
}

export interface OpenCaseOptions {
  /** Read-write if it can be (the reason it cannot is kept); false: read-only. */
  write: boolean;
  /** A viewer holds the case while it is open: a second viewer gets it read-only. */
  holder?: string | null;
  signer?: Signer | null;
  /** Records the opening (case.opened, with this program): viewers do. */
  recordAs?: string | null;
}

/** A bookmark's fields as given by a user or the page (checked here). */
export interface BookmarkInput {
  /** Evidence id (E1) or path; may be left out when the case holds one piece of evidence. */
  evidence?: string;
  offset: unknown;
  length: unknown;
  label: unknown;
  note?: unknown;
  colour?: unknown;
  origin?: unknown;
}

export interface BookmarkPatch {
  label?: unknown;
  note?: unknown;
  colour?: unknown;
}

/** The evidence `wanted` names (id or path); left out, the case's only one. */
export function pickEvidence(state: CaseState, wanted: string | undefined): EvidenceIdentity {
  if (wanted === undefined || wanted === '') {
    const [only, ...more] = state.evidence;
    if (!only) throw new SectorscopeError('INVALID_ARGUMENT', 'The case holds no evidence yet.');
    if (more.length > 0) {
      throw new SectorscopeError(
        'INVALID_ARGUMENT',
        `The case holds ${state.evidence.length} pieces of evidence ` +
          `(${state.evidence.map((item) => item.id).join(', ')}): say which with --evidence ID.`,
      );
    }
    return only;
  }
  const found = findEvidence(state.evidence, wanted);
  if (!found) {
    throw new SectorscopeError(
      'NOT_FOUND',
      `The case holds no evidence ${wanted}; it holds ` +
        `${state.evidence.map((item) => `${item.id} (${item.path})`).join(', ') || 'none'}.`,
    );
  }
  return found;
}

function requireBookmark(state: CaseState, id: unknown): Bookmark {
  const bookmark = typeof id === 'string' ? state.bookmarks.get(id) : undefined;
  if (!bookmark) {
    throw new SectorscopeError(
      'NOT_FOUND',
      `The case has no bookmark ${String(id)} (it was deleted, or never made).`,
    );
  }
  return bookmark;
}

/** A case opened by this process. */
export class CaseHandle {
  readonly dir: string;
  readonly #signer: Signer | null;
  #readOnly: string | null;
  #release: (() => Promise<void>) | null;
  /** What opening it repaired, in words. */
  readonly notices: string[];

  constructor(
    dir: string,
    options: {
      signer: Signer | null;
      readOnly: string | null;
      release: (() => Promise<void>) | null;
      notices: string[];
    },
  ) {
    this.dir = dir;
    this.#signer = options.signer;
    this.#readOnly = options.readOnly;
    this.#release = options.release;
    this.notices = options.notices;
  }

  /** Why this process may not change the case, or null when it may. */
  get readOnlyReason(): string | null {
    return this.#readOnly;
  }

  /** The case as it is now on disk, checked. */
  read(): Promise<CaseRecord> {
    return readCase(this.dir);
  }

  async #append(
    what: string,
    plan: (state: CaseState, file: CaseFile, time: Date) => EntryDraft[] | Promise<EntryDraft[]>,
  ): Promise<{ entries: AuditEntry[]; state: CaseState }> {
    if (this.#readOnly) {
      throw new SectorscopeError(
        'PERMISSION',
        `The case is open read-only here: ${this.#readOnly} (${what}).`,
      );
    }
    const time = new Date();
    const result = await appendToCase(
      this.dir,
      this.#signer,
      what,
      (state, file) => plan(state, file, time),
      () => time,
    );
    this.notices.push(...result.repairs);
    return result;
  }

  /** The evidence at `path` in this case: found, or added (with its identity). */
  async ensureEvidence(
    request: EvidenceRequest,
  ): Promise<{ evidence: EvidenceIdentity; added: boolean }> {
    const current = (await this.read()).state;
    const known = current && findEvidence(current.evidence, request.path);
    if (known) return { evidence: known, added: false };
    await checkCaseFolder(this.dir, [request.path]);
    let added: EvidenceIdentity | null = null;
    const { state } = await this.#append('the evidence was not added', async (state) => {
      if (findEvidence(state.evidence, request.path)) return [];
      added = await identifyEvidence(
        request.path,
        nextEvidenceId(state.evidence),
        request.sectorSize,
      );
      return [{ action: ACTIONS.evidenceAdded, details: { evidence: added } }];
    });
    const evidence = findEvidence(state.evidence, request.path) as EvidenceIdentity;
    return { evidence, added: added !== null };
  }

  async addBookmark(input: BookmarkInput): Promise<Bookmark> {
    let bookmark: Bookmark | null = null;
    await this.#append('the bookmark was not added', (state, _file, time) => {
      const evidence = pickEvidence(state, input.evidence);
      const range = checkRange(input.offset, input.length, evidence);
      bookmark = {
        id: `B${state.bookmarksAdded + 1}`,
        evidence: evidence.id,
        offset: range.offset.toString(),
        length: range.length.toString(),
        label: checkLabel(input.label),
        note: checkNote(input.note),
        colour: checkColour(input.colour),
        origin: checkOrigin(input.origin),
        created: time.toISOString(),
        modified: time.toISOString(),
      };
      return [{ action: ACTIONS.bookmarkAdded, details: { bookmark } }];
    });
    return bookmark as unknown as Bookmark;
  }

  /** Changes a bookmark's label, note or colour; a change to nothing writes nothing. */
  async updateBookmark(id: string, patch: BookmarkPatch): Promise<Bookmark> {
    let after: Bookmark | null = null;
    await this.#append('the bookmark was not changed', (state, _file, time) => {
      const before = requireBookmark(state, id);
      const changed: Bookmark = {
        ...before,
        ...(patch.label !== undefined ? { label: checkLabel(patch.label) } : {}),
        ...(patch.note !== undefined ? { note: checkNote(patch.note) } : {}),
        ...(patch.colour !== undefined ? { colour: checkColour(patch.colour) } : {}),
      };
      const same =
        changed.label === before.label &&
        changed.note === before.note &&
        changed.colour === before.colour;
      if (same) {
        after = before;
        return [];
      }
      after = { ...changed, modified: time.toISOString() };
      return [{ action: ACTIONS.bookmarkChanged, details: { before, after } }];
    });
    return after as unknown as Bookmark;
  }

  async deleteBookmark(id: string): Promise<Bookmark> {
    let deleted: Bookmark | null = null;
    await this.#append('the bookmark was not deleted', (state) => {
      deleted = requireBookmark(state, id);
      return [{ action: ACTIONS.bookmarkDeleted, details: { bookmark: deleted } }];
    });
    return deleted as unknown as Bookmark;
  }

  /** Records entries the caller composes (a job started or finished). */
  async record(what: string, drafts: EntryDraft[]): Promise<AuditEntry[]> {
    return (await this.#append(what, () => drafts)).entries;
  }

  /** Lets go of the case (a viewer's hold); the handle is read-only after. */
  async close(): Promise<void> {
    this.#readOnly ??= 'the case was closed';
    const release = this.#release;
    this.#release = null;
    await release?.();
  }
}

/**
 * Opens the case in `dir`: reads and checks it (a case.json that is not valid is refused with
 * the field that is wrong), then, when asked to write, holds it (viewers), checks that its
 * folder is not on any of its evidence, and records the opening, which also repairs what a
 * crash left (a torn last line, a head behind the log). When it cannot be written, it opens
 * read-only and says why.
 */
export async function openCase(dirPath: string, options: OpenCaseOptions): Promise<CaseHandle> {
  const dir = resolve(dirPath);
  const record = await readCase(dir);
  const signer = options.signer ?? null;
  if (!options.write)
    return new CaseHandle(dir, {
      signer,
      readOnly: 'opened read-only',
      release: null,
      notices: [],
    });
  let readOnly: string | null = null;
  let release: (() => Promise<void>) | null = null;
  if (options.holder) {
    const hold = await holdCase(dir, options.holder);
    if (hold.held) release = hold.release;
    else readOnly = hold.why;
  }
  if (!readOnly) {
    readOnly = await checkCaseFolder(
      dir,
      record.file.evidence.map((item) => item.path),
    ).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  }
  readOnly ??= refusal(dir, record, signer);
  if (readOnly && release) {
    await release();
    release = null;
  }
  const handle = new CaseHandle(dir, { signer, readOnly, release, notices: [] });
  if (readOnly || !options.recordAs) return handle;
  // Leftovers of case.json writes that a killed process left behind.
  await removeStaleTemporaries(dir);
  try {
    await handle.record('the opening was not recorded', [
      {
        action: ACTIONS.caseOpened,
        details: { program: options.recordAs, pid: process.pid, tool: TOOL },
      },
    ]);
  } catch (error) {
    await handle.close();
    const why = error instanceof Error ? error.message : String(error);
    return new CaseHandle(dir, { signer, readOnly: why, release: null, notices: handle.notices });
  }
  return handle;
}
