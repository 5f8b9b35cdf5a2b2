import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import {
  MAX_READ_BYTES,
  SectorscopeError,
  type DiskGeometry,
  type DiskStructureView,
  type EvidenceView,
  type MethodName,
  type OpenResult,
  type Result,
  type SectorData,
  type ServiceEvent,
  type SourceInfo,
  type WireReply,
} from '../shared/contract';
import { describeDiskStructure } from './disk-structure';
import { CaseHost, type CaseOptions } from './case-host';
import { suggestedExportName, type ExportTarget } from '../jobs/export-destination';
import { JobManager } from '../jobs/job-manager';
import { prepareJob, type PreparedJob } from '../jobs/launch-job';
import { verifiableHashes } from '../jobs/verify-job';
import { toWireError } from '../shared/wire-error';
import { FileHost } from './file-host';
import { IdleMemory } from './idle-memory';
import { LruByteCache } from './lru-byte-cache';
import { listDevices, openSource, type EvidenceSource } from '../source';
import { ServiceClient } from './service-client';
import { SourceRegistry } from './source-registry';
import {
  requireCount,
  requireLba,
  requireRangeOnDisk,
  requireRecord,
  requireString,
} from './validate';

interface Session {
  id: string;
  source: SourceInfo;
  evidence: EvidenceSource;
  geometry: DiskGeometry;
  /** The disk's structure, analysed on first request. */
  structure?: Promise<DiskStructureView>;
}

/** Cases (case-host.ts): the dialogs, the examiner's key... */
export interface DiskServiceOptions extends CaseOptions {
  /** Opens a path the user gave; electron/source's openSource unless a test says otherwise. */
  openSource?: (path: string) => Promise<EvidenceSource>;
  sources?: SourceRegistry;
  /** Bound of the page cache shared by all sessions. */
  cacheBytes?: number;
  /** Where owner indexes of file systems are kept (default ~/.cache/sectorscope; null: none). */
  fileCacheDir?: string | null;
  /** Shows a native open dialog (Electron); absent in browser mode. */
  chooseSourcePath?: () => Promise<string | null>;
  /**
   * Shows a native save dialog for an export (Electron); absent in browser mode, where exports
   * are refused. Null: the user cancelled. A plain path is created new and never replaces a
   * file; `{ path, overwrite: true }` says the dialog asked the user and they agreed to replace
   * the existing file (evidence and devices are refused all the same).
   */
  chooseExportPath?: (suggestedName: string) => Promise<ExportChoice | null>;
  /** How many jobs may run at once (default MAX_RUNNING_JOBS). */
  maxRunningJobs?: number;
  /** Where internal errors (bugs) are logged; console.error unless a test says otherwise. */
  log?: (line: string) => void;
  /**
   * Whether the page may list the machine's block devices and open one (Electron: yes; serve:
   * only with --devices, as it shows the machine's disks to the page).
   */
  devices?: boolean;
}

export type ExportChoice = string | ExportTarget;

type Handler = (params: Record<string, unknown>) => Promise<unknown>;

/** The evidence as the page may see it: file names of its segments, never their folders. */
function evidenceView({ identity, details }: EvidenceSource): EvidenceView {
  return {
    format: identity.format,
    description: identity.description,
    segments: details.segments.map((path) => basename(path)),
    metadata: details.metadata,
    storedHashes: details.storedHashes,
    warnings: details.warnings,
    library: details.library,
  };
}

/** The transport-agnostic service: every transport hands it (method, params) as received. */
export class DiskService {
  readonly sources: SourceRegistry;
  private readonly sessions = new Map<string, Session>();
  private readonly cache: LruByteCache<SectorData>;
  private readonly inFlight = new Map<string, Promise<SectorData>>();
  private readonly listeners = new Set<(event: ServiceEvent) => void>();
  private readonly handlers: Record<MethodName, Handler>;
  private readonly jobs: JobManager;
  private readonly idleMemory = new IdleMemory();
  /** File systems of the open disks: listings, owner indexes, file exports. */
  readonly files: FileHost;
  /** The case the viewer works in, if any: bookmarks, the audit log, reports. */
  readonly cases: CaseHost;

  constructor(private readonly options: DiskServiceOptions) {
    this.sources = options.sources ?? new SourceRegistry();
    this.cache = new LruByteCache(options.cacheBytes ?? 64 * 1024 * 1024);
    this.jobs = new JobManager((event) => this.emit(event), options.maxRunningJobs);
    this.cases = new CaseHost({
      ...options,
      sources: this.sources,
      announce: (path) => this.announceSource(path, false),
      emit: (event) => this.emit(event),
      openPaths: () => [...this.sessions.values()].map((session) => session.source.path),
    });
    this.files = new FileHost({
      source: (session) => this.requireSession(session).evidence,
      emit: (event) => this.emit(event),
      cacheDir: options.fileCacheDir,
      chooseExportPath: options.chooseExportPath,
    });
    this.handlers = {
      listSources: async () => this.sources.list(),
      open: async (p) => this.open(requireString(p, 'source')),
      close: async (p) => this.close(requireString(p, 'session')),
      readSectors: async (p) => this.readSectors(p),
      analyze: async (p) => this.analyze(requireString(p, 'session')),
      chooseSource: async () => this.chooseSource(),
      listDevices: async () => {
        this.requireDevices();
        return listDevices();
      },
      addDevice: async (p) => this.addDevice(requireString(p, 'name')),
      startJob: async (p) => this.startJob(p),
      cancelJob: async (p) => {
        this.jobs.cancel(requireString(p, 'job'));
        return null;
      },
      mapCells: async (p) => this.jobs.mapCells(requireString(p, 'job'), p.since),
      ...this.files.handlers,
      ...this.cases.handlers,
    };
  }

  /** Entry point of every transport. Never throws: errors come back as data. */
  async handle(method: unknown, params: unknown): Promise<WireReply<unknown>> {
    try {
      if (typeof method !== 'string' || !Object.hasOwn(this.handlers, method)) {
        throw new SectorscopeError('INVALID_ARGUMENT', `Unknown method ${JSON.stringify(method)}.`);
      }
      const handler = this.handlers[method as MethodName];
      return { ok: true, value: await handler(requireRecord(params ?? {})) };
    } catch (error) {
      const wire = toWireError(error);
      if (wire.code === 'INTERNAL') {
        const where = typeof method === 'string' ? method : 'a request';
        const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
        (this.options.log ?? console.error)(
          `sectorscope: ${where} failed: ${wire.message}${stack}`,
        );
      }
      return { ok: false, error: wire };
    }
  }

  /** A connection's own view: the sessions it opens close with it (see ServiceClient). */
  connect(): ServiceClient {
    return new ServiceClient(this);
  }

  /** Jobs running now. */
  get runningJobs(): number {
    return this.jobs.runningCount;
  }

  /** Sessions open now, for tests and the server's shutdown message. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  onEvent(listener: (event: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A path the user named outside the renderer (menu, second instance): offer it to the UI. */
  announceSource(path: string, open: boolean): SourceInfo {
    const source = this.sources.add(path);
    this.emit({ type: 'sourceAdded', source, open });
    return source;
  }

  /** File > Open Device (Electron): asks the page to show its device picker. */
  requestDevicePicker(): void {
    this.emit({ type: 'devicePickerRequested' });
  }

  /** Cancels the running jobs and closes every session. */
  async dispose(): Promise<void> {
    this.idleMemory.dispose();
    await this.jobs.dispose();
    await this.files.dispose();
    await this.cases.dispose();
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private emit(event: ServiceEvent): void {
    if (event.type === 'jobHits' || event.type === 'jobDone') this.cases.observe(event);
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Validates the whole request before anything else (a bad pattern or range is refused before
   * any dialog or read). Jobs open their own reader on the session's path and outlive the
   * session: closing the view does not stop a running hash.
   */
  private async startJob(params: Record<string, unknown>): Promise<Result<'startJob'>> {
    const { geometry, evidence } = this.requireSession(requireString(params, 'session'));
    const job = prepareJob(
      {
        path: geometry.path,
        kind: geometry.kind,
        size: BigInt(geometry.size),
        logicalSectorSize: geometry.logicalSectorSize,
        sectorCount: BigInt(geometry.sectorCount),
      },
      { range: params.range, spec: params.spec, retries: params.retries },
    );
    if (job.spec.kind === 'verify') {
      verifiableHashes(evidence.details, evidence.identity.format, geometry.path);
    }
    if (job.spec.kind !== 'export') return { job: await this.startRecorded(job, geometry) };
    if (!this.options.chooseExportPath) {
      throw new SectorscopeError(
        'UNSUPPORTED',
        'Exporting in browser mode needs a folder for the files: start it with ' +
          '`sectorscope serve PATH --export-dir DIR`, or use the desktop app, or ' +
          '`sectorscope export PATH --lba N --count K --out FILE`.',
      );
    }
    const suggested = suggestedExportName(geometry.path, job.range.lba, job.range.count);
    const choice = await this.options.chooseExportPath(suggested);
    if (choice === null) return null;
    const target = typeof choice === 'string' ? { path: choice, overwrite: false } : choice;
    return { job: await this.startRecorded(job, geometry, target) };
  }

  /**
   * Starts a job; with a case open, job.started is recorded first (a job that cannot be
   * recorded is refused) and its end when it ends (CaseHost.observe). The job's first events
   * come from its thread, so they cannot overtake `started`.
   */
  private async startRecorded(
    job: PreparedJob,
    geometry: DiskGeometry,
    target?: ExportTarget,
  ): Promise<string> {
    const sectorCount = BigInt(geometry.sectorCount);
    const recording = await this.cases.jobStarting(geometry.path, sectorCount, job);
    let id: string;
    try {
      id = await this.jobs.start(job, target);
    } catch (error) {
      await recording?.failedToStart(error);
      throw error;
    }
    recording?.started(id);
    return id;
  }

  private async open(sourceId: string): Promise<OpenResult> {
    const source = this.sources.get(sourceId);
    if (!source) {
      throw new SectorscopeError('NO_SOURCE', `No disk or image with id ${sourceId} was given.`);
    }
    const open = this.options.openSource ?? ((path: string) => openSource({ path }));
    const evidence = await open(source.path);
    const { identity, geometry: shape } = evidence;
    const geometry: DiskGeometry = {
      path: source.path,
      kind: identity.kind,
      size: shape.size.toString(),
      logicalSectorSize: shape.logicalSectorSize,
      physicalSectorSize: shape.physicalSectorSize,
      sectorCount: shape.sectorCount.toString(),
      directIO: shape.directIO,
      readOnly: true,
    };
    const session: Session = { id: randomUUID(), source, evidence, geometry };
    this.sessions.set(session.id, session);
    return { session: session.id, source, geometry, evidence: evidenceView(evidence) };
  }

  private async close(sessionId: string): Promise<null> {
    const session = this.requireSession(sessionId);
    this.sessions.delete(sessionId);
    this.cache.deletePrefix(`${sessionId}:`);
    await this.files.closeSession(sessionId);
    await session.evidence.close();
    return null;
  }

  private requireDevices(): void {
    if (this.options.devices) return;
    throw new SectorscopeError(
      'UNSUPPORTED',
      "Listing this machine's disks is off in browser mode, as it shows them to the page: start " +
        'it with `sectorscope serve --devices` to allow it, or name the device on the command line.',
    );
  }

  /** A listed device (or partition) by its name; its path comes from the listing, never the page. */
  private async addDevice(name: string): Promise<SourceInfo> {
    this.requireDevices();
    for (const device of await listDevices()) {
      const match = [device, ...device.partitions].find((candidate) => candidate.name === name);
      if (match) return this.sources.add(match.path);
    }
    throw new SectorscopeError(
      'NO_SOURCE',
      `No block device named ${name} is on this machine now.`,
    );
  }

  private async chooseSource(): Promise<SourceInfo | null> {
    if (!this.options.chooseSourcePath) {
      throw new SectorscopeError(
        'UNSUPPORTED',
        'Opening other files is not possible in browser mode: only the paths given to `sectorscope serve` can be opened.',
      );
    }
    const path = await this.options.chooseSourcePath();
    return path === null ? null : this.sources.add(path);
  }

  private async readSectors(params: Record<string, unknown>): Promise<Result<'readSectors'>> {
    const session = this.requireSession(requireString(params, 'session'));
    const sectorSize = session.geometry.logicalSectorSize;
    const lba = requireLba(params);
    const count = requireCount(params, Math.floor(MAX_READ_BYTES / sectorSize));
    requireRangeOnDisk(lba, count, BigInt(session.geometry.sectorCount));

    const key = `${session.id}:${lba}:${count}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const pending = this.inFlight.get(key);
    if (pending) return pending;

    const size = BigInt(sectorSize);
    const read = session.evidence
      .read(lba * size, count * sectorSize)
      .then((result): SectorData => {
        const page: SectorData = {
          lba: lba.toString(),
          count,
          data: result.data,
          unreadable: result.unreadable.map((sector) => sector.lba.toString()),
          unreadableReasons: result.unreadable.map((sector) => sector.error.message),
        };
        if (this.sessions.has(session.id)) this.cache.set(key, page, page.data.byteLength);
        return page;
      });
    this.inFlight.set(key, read);
    try {
      return await read;
    } finally {
      this.inFlight.delete(key);
      this.idleMemory.touch();
    }
  }

  private analyze(sessionId: string): Promise<DiskStructureView> {
    const session = this.requireSession(sessionId);
    session.structure ??= describeDiskStructure(session.evidence);
    return session.structure;
  }

  private requireSession(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) {
      throw new SectorscopeError(
        'NO_SESSION',
        `No open disk has session id ${id}: it was closed or never opened.`,
      );
    }
    return session;
  }

  get cacheBytes(): number {
    return this.cache.size;
  }
}
