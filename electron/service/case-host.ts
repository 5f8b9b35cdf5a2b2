// The case the viewer works in, for the service: open or start one (File > New Case / Open
// Case, `serve --case DIR`), its bookmarks listed, added, changed and deleted (each checked in
// the case layer, never trusted from the page), its report, and the jobs run on its evidence
// recorded as they start and finish. Changes made elsewhere (the command line adding a
// bookmark) are seen by watching the folder, and pushed to the page as events.

import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CaseRecord } from '../case/audit-append';
import { createCase, openCase, type CaseHandle } from '../case/case-handle';
import { AUDIT_FILE, type Bookmark, type FileResolver } from '../case/case-types';
import {
  jobFinishedEntry,
  jobStartedEntry,
  LISTED_ITEMS,
  type JobOnEvidence,
} from '../case/job-entries';
import { gatherReport } from '../case/report/report-data';
import { renderReportHtml } from '../case/report/report-html';
import { writeReportHtml } from '../case/report/write-report';
import type { Signer } from '../case/signing';
import type { BookmarkView, CaseEvent, CaseInfo, CaseMethods } from '../shared/case-contract';
import {
  SectorscopeError,
  type JobSpec,
  type SearchHit,
  type ServerEvent,
  type SourceInfo,
} from '../shared/contract';
import { toWireError } from '../shared/wire-error';
import type { PreparedJob } from '../jobs/launch-job';
import { requireString } from './validate';
import type { SourceRegistry } from './source-registry';

type Handler = (params: Record<string, unknown>) => Promise<unknown>;

/** What the service's owner (Electron, serve) gives for cases. */
export interface CaseOptions {
  /** Who holds a case, for another viewer to be told: "the desktop app". */
  caseProgram?: string;
  /** Electron: a folder dialog for a new case (null: cancelled). Absent in browser mode. */
  chooseNewCaseFolder?: () => Promise<string | null>;
  /** Electron: a folder dialog to open a case. */
  chooseCaseFolder?: () => Promise<string | null>;
  /** Electron: shows a saved report (the default browser). */
  showReport?: (path: string) => Promise<void>;
  /** The examiner's key, for a case that signs its log (serve --sign-key). */
  signer?: Signer | null;
  /** The file a bookmark lies in, once files exist. */
  resolveFile?: FileResolver;
  /** A case was opened (Electron keeps the recent ones). */
  onCaseOpened?: (dir: string) => void;
}

export interface CaseHostOptions extends CaseOptions {
  sources: SourceRegistry;
  /** Offers a path to the page as a source (without opening it). */
  announce: (path: string) => SourceInfo;
  emit: (event: CaseEvent) => void;
  /** The paths of the disks open now: a new case's evidence. */
  openPaths: () => string[];
}

/** The jobs recorded as started, by job id, until their end is recorded. */
interface RecordedJob {
  on: JobOnEvidence;
  startedEntry: number;
  hits: SearchHit[];
}

/** What startJob does with a job on a case's evidence: started(id) once it runs. */
export interface JobRecording {
  started(job: string): void;
  /** The job could not start after all: recorded as failed. */
  failedToStart(error: unknown): Promise<void>;
}

const RECORDED_JOBS = new Set(['hash', 'search', 'export', 'verify']);

const noCase = () =>
  new SectorscopeError(
    'NO_CASE',
    'No case is open: start one (File > New Case, or `sectorscope serve --case DIR`) to keep bookmarks.',
  );

export class CaseHost {
  readonly handlers: Record<keyof CaseMethods, Handler>;
  readonly #options: CaseHostOptions;
  #handle: CaseHandle | null = null;
  #record: CaseRecord | null = null;
  #watcher: FSWatcher | null = null;
  #refreshTimer: NodeJS.Timeout | null = null;
  /** A page has asked for the case: it gets the case's events. */
  #listening = false;
  readonly #jobs = new Map<string, RecordedJob>();
  /** Writes in flight (a job's end being recorded): dispose waits for them. */
  readonly #pending = new Set<Promise<unknown>>();

  constructor(options: CaseHostOptions) {
    this.#options = options;
    this.handlers = {
      caseInfo: async () => {
        this.#listening = true;
        return this.info();
      },
      newCase: async (p) => this.#newCase(p.examiner),
      openCase: async () => this.#openChosen(),
      closeCase: async () => {
        await this.close();
        return null;
      },
      listBookmarks: async (p) => this.#listBookmarks(p.source),
      addBookmark: async (p) => this.#addBookmark(p),
      updateBookmark: async (p) => {
        const patch = { label: p.label, note: p.note, colour: p.colour };
        const bookmark = await this.#writable().updateBookmark(requireString(p, 'id'), patch);
        return this.#told('changed', bookmark);
      },
      deleteBookmark: async (p) => {
        const bookmark = await this.#writable().deleteBookmark(requireString(p, 'id'));
        await this.#told('deleted', bookmark);
        return null;
      },
      caseReport: async () => this.#report(),
    };
  }

  get #program(): string {
    return this.#options.caseProgram ?? 'Sectorscope';
  }

  /** The folder of the case open now, or null. */
  get dir(): string | null {
    return this.#handle?.dir ?? null;
  }

  /** Opens the case in `dir` (closing any other): read-write when it can be, else read-only. */
  async open(dir: string): Promise<CaseInfo> {
    await this.close();
    const handle = await openCase(dir, {
      write: true,
      holder: this.#program,
      signer: this.#options.signer ?? null,
      recordAs: this.#program,
    });
    this.#handle = handle;
    this.#record = await handle.read();
    for (const evidence of this.#record.state?.evidence ?? [])
      this.#options.announce(evidence.path);
    this.#watch(handle.dir);
    this.#options.onCaseOpened?.(handle.dir);
    const info = this.info() as CaseInfo;
    this.#emitCase(info);
    return info;
  }

  /** Starts a case in `dir` with `evidence` (default: the disks open now), then opens it. */
  async create(dir: string, examiner?: unknown, evidence?: string[]): Promise<CaseInfo> {
    await createCase(dir, {
      evidence: (evidence ?? this.#options.openPaths()).map((path) => ({ path })),
      examiner: examiner === undefined ? null : (examiner as string),
      signer: this.#options.signer ?? null,
    });
    return this.open(dir);
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    await Promise.all([...this.#pending]);
    this.#unwatch();
    this.#handle = null;
    this.#record = null;
    this.#jobs.clear();
    await handle.close();
    this.#emitCase(null);
  }

  async dispose(): Promise<void> {
    await this.close();
  }

  /** The case open now, as the page sees it (no paths but names), or null. */
  info(): CaseInfo | null {
    const handle = this.#handle;
    const record = this.#record;
    if (!handle || !record) return null;
    const { file, state, verification } = record;
    const evidence = state?.evidence ?? file.evidence;
    return {
      name: basename(handle.dir),
      id: file.id,
      examiner: file.examiner,
      created: file.created,
      readOnly: handle.readOnlyReason !== null,
      readOnlyReason: handle.readOnlyReason,
      signed: file.signing !== null,
      evidence: evidence.map((item) => ({
        id: item.id,
        source: this.#options.sources.add(item.path).id,
        name: basename(item.path),
        format: item.format,
        size: item.size,
        logicalSectorSize: item.logicalSectorSize,
        hashes: item.hashes?.digests ?? {},
        verified: item.verification?.verified ?? null,
      })),
      bookmarks: state?.bookmarks.size ?? 0,
      audit: {
        entries: file.audit.entries,
        lastHash: file.audit.lastHash,
        intact: verification.intact,
        problems: verification.problems,
      },
      notices: [...handle.notices],
    };
  }

  /**
   * Before a job on `disk` starts: records job.started (adding the disk to the case's evidence
   * if it is not yet). Null when no case is open, it is read-only, or the job is of a kind the
   * log does not keep; throws when it cannot be recorded (the job is then refused).
   */
  async jobStarting(
    diskPath: string,
    sectorCount: bigint,
    job: PreparedJob,
  ): Promise<JobRecording | null> {
    const handle = this.#handle;
    if (!handle || handle.readOnlyReason || !RECORDED_JOBS.has(job.spec.kind)) return null;
    const { evidence } = await handle.ensureEvidence({ path: diskPath });
    const on: JobOnEvidence = {
      job: job.spec.kind,
      evidence: evidence.id,
      lba: job.range.lba.toString(),
      count: job.range.count.toString(),
      wholeEvidence: job.range.lba === 0n && job.range.count === sectorCount,
    };
    const [entry] = await handle.record(`the ${job.spec.kind} was not started`, [
      jobStartedEntry(on, job.spec as JobSpec, job.retries),
    ]);
    const startedEntry = entry?.seq ?? 0;
    this.#emitCase(await this.#changed());
    return {
      started: (id) => this.#jobs.set(id, { on, startedEntry, hits: [] }),
      failedToStart: (error) =>
        this.#recordEnd(
          { on, startedEntry, hits: [] },
          { status: 'failed', error: toWireError(error) },
        ),
    };
  }

  /** Every event the service sends: the hits and ends of recorded jobs are kept. */
  observe(event: ServerEvent): void {
    if (event.type !== 'jobHits' && event.type !== 'jobDone') return;
    const job = this.#jobs.get(event.job);
    if (!job) return;
    if (event.type === 'jobHits') {
      if (job.hits.length < LISTED_ITEMS)
        job.hits.push(...event.hits.slice(0, LISTED_ITEMS - job.hits.length));
      return;
    }
    this.#jobs.delete(event.job);
    void this.#recordEnd(job, event);
  }

  #recordEnd(job: RecordedJob, end: Parameters<typeof jobFinishedEntry>[2]): Promise<void> {
    const handle = this.#handle;
    if (!handle) return Promise.resolve();
    const done = handle
      .record(`the end of the ${job.on.job} was not recorded`, [
        jobFinishedEntry(job.on, job.startedEntry, end, job.hits),
      ])
      .then(async () => this.#emitCase(await this.#changed()))
      .catch((error: unknown) => {
        this.#emit({
          type: 'caseNotice',
          message:
            `The ${job.on.job} of ${job.on.evidence} ended (${end.status}) but its end could not be ` +
            `recorded in the case's log: ${error instanceof Error ? error.message : String(error)}`,
        });
      });
    this.#pending.add(done);
    void done.finally(() => this.#pending.delete(done));
    return done;
  }

  #requireCase(): CaseHandle {
    if (!this.#handle) throw noCase();
    return this.#handle;
  }

  #writable(): CaseHandle {
    const handle = this.#requireCase();
    if (handle.readOnlyReason) {
      throw new SectorscopeError(
        'PERMISSION',
        `The case is open read-only: ${handle.readOnlyReason}.`,
      );
    }
    return handle;
  }

  async #newCase(examiner: unknown): Promise<CaseInfo | null> {
    if (!this.#options.chooseNewCaseFolder) {
      throw new SectorscopeError(
        'NO_CASE',
        'A case cannot be started from the browser (it cannot name a folder): start ' +
          '`sectorscope serve PATH --case DIR`, which starts one in DIR.',
      );
    }
    const dir = await this.#options.chooseNewCaseFolder();
    return dir === null ? null : this.create(dir, examiner);
  }

  async #openChosen(): Promise<CaseInfo | null> {
    if (!this.#options.chooseCaseFolder) {
      throw new SectorscopeError(
        'UNSUPPORTED',
        'Opening a case from the browser is not possible: start `sectorscope serve --case DIR`.',
      );
    }
    const dir = await this.#options.chooseCaseFolder();
    return dir === null ? null : this.open(dir);
  }

  async #view(bookmark: Bookmark): Promise<BookmarkView> {
    const evidence = this.#record?.state?.evidence.find((item) => item.id === bookmark.evidence);
    let file: BookmarkView['file'] = null;
    if (evidence && this.#options.resolveFile) {
      const found = await this.#options
        .resolveFile(evidence, { offset: BigInt(bookmark.offset), length: BigInt(bookmark.length) })
        .catch(() => null);
      file = found && { path: found.path, offset: found.offset.toString() };
    }
    return {
      id: bookmark.id,
      evidence: bookmark.evidence,
      source: evidence ? this.#options.sources.add(evidence.path).id : '',
      offset: bookmark.offset,
      length: bookmark.length,
      label: bookmark.label,
      note: bookmark.note,
      colour: bookmark.colour,
      origin: bookmark.origin,
      created: bookmark.created,
      modified: bookmark.modified,
      file,
    };
  }

  async #listBookmarks(source: unknown): Promise<BookmarkView[]> {
    this.#requireCase();
    const state = this.#record?.state;
    if (!state) return [];
    let bookmarks = [...state.bookmarks.values()];
    if (source !== undefined) {
      const info = this.#options.sources.get(requireString({ source }, 'source'));
      const evidence =
        info && state.evidence.find((item) => this.#options.sources.add(item.path).id === info.id);
      bookmarks = evidence ? bookmarks.filter((bookmark) => bookmark.evidence === evidence.id) : [];
    }
    bookmarks.sort(
      (a, b) =>
        a.evidence.localeCompare(b.evidence, 'en', { numeric: true }) ||
        (BigInt(a.offset) < BigInt(b.offset) ? -1 : BigInt(a.offset) > BigInt(b.offset) ? 1 : 0),
    );
    return Promise.all(bookmarks.map((bookmark) => this.#view(bookmark)));
  }

  async #addBookmark(p: Record<string, unknown>): Promise<BookmarkView> {
    const handle = this.#writable();
    const source = this.#options.sources.get(requireString(p, 'source'));
    if (!source) {
      throw new SectorscopeError(
        'NO_SOURCE',
        `No disk or image with id ${String(p.source)} was given.`,
      );
    }
    const { evidence } = await handle.ensureEvidence({ path: source.path });
    const bookmark = await handle.addBookmark({
      evidence: evidence.id,
      offset: p.offset,
      length: p.length,
      label: p.label,
      note: p.note,
      colour: p.colour,
      origin: p.origin,
    });
    return this.#told('added', bookmark);
  }

  /** After a change to a bookmark: the case read again, the page told; its view. */
  async #told(change: 'added' | 'changed' | 'deleted', bookmark: Bookmark): Promise<BookmarkView> {
    const info = await this.#changed();
    const view = await this.#view(bookmark);
    this.#emit({
      type: 'bookmarksChanged',
      added: change === 'added' ? [view] : [],
      changed: change === 'changed' ? [view] : [],
      deleted: change === 'deleted' ? [bookmark.id] : [],
      reload: false,
    });
    this.#emitCase(info);
    return view;
  }

  async #report(): Promise<CaseMethods['caseReport']['result']> {
    const handle = this.#requireCase();
    const data = await gatherReport(handle.dir, { resolveFile: this.#options.resolveFile });
    const html = renderReportHtml(data);
    const stamp = data.made
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const fileName = `report-${stamp}.html`;
    if (handle.readOnlyReason) return { fileName, html, savedAs: null };
    const folder = join(handle.dir, 'reports');
    await mkdir(folder, { recursive: true });
    const evidence = data.evidence.map((item) => item.evidence.path);
    const path = await writeReportHtml(join(folder, fileName), html, evidence, false);
    await this.#options.showReport?.(path);
    return { fileName, html, savedAs: `reports/${fileName}` };
  }

  /** Reads the case again after a change; its new info. */
  async #changed(): Promise<CaseInfo | null> {
    if (this.#handle) this.#record = await this.#handle.read();
    return this.info();
  }

  #emit(event: CaseEvent): void {
    if (this.#listening) this.#options.emit(event);
  }

  #emitCase(info: CaseInfo | null): void {
    this.#emit({ type: 'caseChanged', case: info });
  }

  /** Changes by other processes (the command line): the page is told to fetch the list again. */
  #watch(dir: string): void {
    try {
      this.#watcher = watch(dir, (_event, name) => {
        if (name !== AUDIT_FILE || this.#refreshTimer) return;
        this.#refreshTimer = setTimeout(() => void this.#refreshFromDisk(), 100).unref();
      });
      this.#watcher.on('error', () => this.#unwatch());
      // Watching keeps no process alive (serve has its port, Electron its window).
      this.#watcher.unref();
    } catch {
      // A folder that cannot be watched: changes from elsewhere show at the next call.
    }
  }

  #unwatch(): void {
    this.#watcher?.close();
    this.#watcher = null;
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
  }

  async #refreshFromDisk(): Promise<void> {
    this.#refreshTimer = null;
    const handle = this.#handle;
    const before = this.#record;
    if (!handle) return;
    const record = await handle.read().catch(() => null);
    if (!record || handle !== this.#handle) return;
    this.#record = record;
    if (before?.file.audit.lastHash === record.file.audit.lastHash) return;
    this.#emit({ type: 'bookmarksChanged', added: [], changed: [], deleted: [], reload: true });
    this.#emitCase(this.info());
  }
}
