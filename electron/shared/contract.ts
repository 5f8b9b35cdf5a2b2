import type { FieldDifference, PartitionsJson } from './disk';
import type { FileEvent, FileMethods } from './files/file-contract';
import type { CaseEvent, CaseMethods } from './case-contract';

// The one typed contract between the renderer and the main process (or the `serve` server).
// Every transport carries exactly these methods and events; main validates every request.
// LBAs and byte offsets cross the wire as decimal strings so that disks past 2^53 bytes stay
// exact in JSON as well as in Electron's structured clone.

/** A disk or image the user named (command line, File > Open). The renderer opens it by id. */
export interface SourceInfo {
  id: string;
  /** The path exactly as the user gave it. */
  path: string;
}

export interface DiskGeometry {
  path: string;
  kind: 'block' | 'file';
  /** Size in bytes, decimal. */
  size: string;
  logicalSectorSize: number;
  physicalSectorSize: number;
  /** Number of logical sectors, decimal. */
  sectorCount: string;
  /** True when the page cache is bypassed (O_DIRECT). */
  directIO: boolean;
  readOnly: true;
}

/** What the evidence is, beyond its geometry: for the Evidence panel. */
export interface EvidenceView {
  /** raw, split, ewf, aff, vmdk, vhd, vhdx. */
  format: string;
  /** One line: what it is and how it is read. */
  description: string;
  /** The names of the files it is made of (no folders: the page sees no other paths). */
  segments: string[];
  /** Acquisition metadata the image stores (E01), by name: caseNumber, examiner... */
  metadata: Record<string, string>;
  /** Media hashes the image stores, lower-case hex. */
  storedHashes: { md5?: string; sha1?: string };
  /** Problems found on opening: a missing or short segment. */
  warnings: string[];
  /** The library that reads it, or null for direct reads. */
  library: string | null;
}

export interface OpenResult {
  session: string;
  source: SourceInfo;
  geometry: DiskGeometry;
  evidence: EvidenceView;
}

export interface SectorData {
  /** First LBA, decimal. */
  lba: string;
  count: number;
  /** count * logicalSectorSize bytes; unreadable sectors hold zeros here and are listed below. */
  data: Uint8Array;
  /** LBAs (decimal) inside this range that could not be read. Never shown as zeros. */
  unreadable: string[];
  /**
   * Why each of them could not be read, in the same order: "Input/output error (EIO)", "its
   * chunk in the image failed its checksum"...
   */
  unreadableReasons: string[];
}

/** A range of sectors, decimal strings; absent means the whole disk. */
export interface LbaRange {
  lba: string;
  count: string;
}

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

export type SearchPattern =
  | { type: 'hex'; value: string }
  | { type: 'text'; value: string; ignoreCase?: boolean }
  | { type: 'utf16le'; value: string; ignoreCase?: boolean };

export type JobSpec =
  | { kind: 'hash'; algorithms: HashAlgorithm[] }
  | { kind: 'search'; pattern: SearchPattern; alignedToSector?: boolean; maxHits?: number }
  /** The destination is chosen in main (a save dialog), never named by the renderer. */
  | { kind: 'export' }
  /** Recomputes the hashes an image stores (E01) and compares; the whole image. */
  | { kind: 'verify' }
  /**
   * A content map (electron/shared/content-map): `quick` samples each cell (default), `full`
   * reads every byte. cells: 1-65536 (default 4096); samplesPerCell: 1-64 (quick; default 8).
   */
  | { kind: 'map'; mode?: MapMode; cells?: number; samplesPerCell?: number };

export interface HashResult {
  kind: 'hash';
  digests: Partial<Record<HashAlgorithm, string>>;
  bytes: string;
  /** LBAs that stayed unreadable and were zero-filled in the digests. */
  badSectors: string[];
  seconds: number;
}

export interface SearchHit {
  offset: string;
  lba: string;
  /** A few bytes around the hit, hex. */
  context: string;
  /** Index of the hit's first byte within context. */
  contextStart: number;
}

export interface SearchResult {
  kind: 'search';
  hits: number;
  truncated: boolean;
  bytes: string;
  badSectors: string[];
  seconds: number;
}

export interface ExportResult {
  kind: 'export';
  destination: string;
  sha256: string;
  bytes: string;
  badSectors: string[];
  seconds: number;
}

/** A run of sectors, decimal LBAs, inclusive. */
export interface SectorRunView {
  start: string;
  end: string;
}

export interface VerifyResult {
  kind: 'verify';
  /** The hashes the image stores, lower-case hex. */
  stored: Partial<Record<'md5' | 'sha1', string>>;
  /** The same, computed over the media now. */
  computed: Partial<Record<'md5' | 'sha1', string>>;
  /** Every stored hash equals the computed one, and no sector was bad. */
  verified: boolean;
  /** Runs of sectors the image could not give (chunk checksum errors, missing data). */
  badRuns: SectorRunView[];
  bytes: string;
  badSectors: string[];
  seconds: number;
}

/** What a cell of a content map holds (rules in electron/shared/content-map/classify.ts). */
export type MapClass = 'zero' | 'fill' | 'text' | 'binary' | 'random' | 'unreadable';

/** `quick` samples a few 4 KiB units per cell; `full` reads every byte. */
export type MapMode = 'quick' | 'full';

/** One cell of a content map: a run of sectors, its class and entropy. */
export interface MapCellView {
  /** Position in the map, 0 first. */
  index: number;
  /** First and last LBA (inclusive), decimal. */
  start: string;
  end: string;
  /** The class holding most of the bytes examined; null while none is (a quick map's start). */
  class: MapClass | null;
  /** Shannon entropy of the readable bytes examined, bits per byte (4 decimals); null if none. */
  entropy: number | null;
  /** Bytes examined of each class present (a class absent has none). */
  mix: Partial<Record<MapClass, number>>;
  /** Bytes examined: every byte of the cell in a full map, the samples' in a quick one. */
  bytes: number;
  /** Sectors among them that could not be read. */
  unreadableSectors: number;
  /** The repeated byte of a `fill` cell (0-255), when every fill in it repeats the same one. */
  fillByte: number | null;
  /** Every byte of the cell was examined (a full map). */
  exact: boolean;
}

/** What a content map was made of, to key it to its image (a case keeps maps by this). */
export interface MapImageIdentity {
  /** raw, split, ewf, aff, vmdk, vhd, vhdx. */
  format: string;
  /** Bytes, decimal. */
  size: string;
  logicalSectorSize: number;
  /** Media hashes the image stores (E01), lower-case hex. */
  storedHashes: { md5?: string; sha1?: string };
}

export interface MapResult {
  kind: 'map';
  mode: MapMode;
  image: MapImageIdentity;
  /** The range mapped: first LBA and sector count, decimal. */
  lba: string;
  count: string;
  /** Cells, in LBA order; each `unitBytes`-aligned from `lba` (see content-map/cells.ts). */
  cells: MapCellView[];
  /** Units of 4096 bytes sampled per cell (quick), or null (full). */
  samplesPerCell: number | null;
  /** The unit the class rules apply to. */
  unitBytes: number;
  /** Version of the class rules: a kept map made under other rules is made again. */
  rules: number;
  /** Bytes read. */
  bytes: string;
  badSectors: string[];
  seconds: number;
}

/** The cells of a map job that changed since `revision` (see the mapCells method). */
export interface MapCellsUpdate {
  /** Pass it back as `since` to get only what changes after this. */
  revision: number;
  cells: MapCellView[];
  /** The job is still filling cells in. */
  running: boolean;
}

export type JobResult = HashResult | SearchResult | ExportResult | VerifyResult | MapResult;

export interface JobProgress {
  bytesDone: string;
  bytesTotal: string;
  /** Bytes per second over the recent past. */
  rate: number;
  secondsLeft: number | null;
  badSectors: number;
}

/** Where a template applies on the disk (see electron/shared/disk locateStructures). */
export interface StructureView {
  id: string;
  template: string;
  label: string;
  byteOffset: string;
  lba: string;
  /** Records at byteOffset every `stride` bytes (1 except for the GPT entry array). */
  count: number;
  stride: number;
  partitionIndex: number | null;
  /** The id of the structure this one is a backup copy of. */
  backupOf: string | null;
}

export interface BackupComparison {
  structure: string;
  backup: string;
  /** Differences that matter. */
  differences: FieldDifference[];
  /** Differences every backup copy of this structure has by design (its own LBA, checksum...). */
  expected: FieldDifference[];
  /** Why the comparison could not be made (an unreadable copy), or null. */
  error: string | null;
}

/**
 * The disk's structure as `sectorscope partitions --json` gives it (LBAs as JSON numbers: exact
 * up to 2^53 sectors, far beyond any disk), plus where templates apply and backup comparisons.
 */
export interface DiskStructureView {
  report: PartitionsJson;
  structures: StructureView[];
  backups: BackupComparison[];
}

/** A partition of a block device, as lsblk shows it. */
export interface DevicePartition {
  name: string;
  path: string;
  /** Bytes, decimal. */
  size: string;
  fstype: string | null;
  mountpoints: string[];
}

/** A block device of this machine (a disk, a loop device, an optical drive), as lsblk shows it. */
export interface DeviceInfo {
  name: string;
  path: string;
  model: string | null;
  serial: string | null;
  /** Bytes, decimal. */
  size: string;
  logicalSectorSize: number;
  physicalSectorSize: number;
  removable: boolean;
  rotational: boolean;
  readOnly: boolean;
  /** usb, sata, nvme...; null when the kernel does not say (a virtual disk, a loop device). */
  transport: string | null;
  /** disk, loop, rom. */
  type: string;
  partitions: DevicePartition[];
  /** Where the device or one of its partitions is mounted: its contents change while you look. */
  mountpoints: string[];
  /** Whether this process may open it for reading. */
  readable: boolean;
  /** When it may not: how to get access (the disk group, or sudo). */
  permissionHint: string | null;
}

/** The case's methods (bookmarks, report) are in case-contract.ts. */
export interface Methods extends CaseMethods, FileMethods {
  listSources: { params: Record<string, never>; result: SourceInfo[] };
  open: { params: { source: string }; result: OpenResult };
  close: { params: { session: string }; result: null };
  readSectors: { params: { session: string; lba: string; count: number }; result: SectorData };
  /** Partition tables, gaps, findings and structures; computed once per session. */
  analyze: { params: { session: string }; result: DiskStructureView };
  /** The machine's block devices (Electron, and serve --devices; refused otherwise). */
  listDevices: { params: Record<string, never>; result: DeviceInfo[] };
  /** Offers a listed device as a source, by its name ("sdb"); the path comes from the listing. */
  addDevice: { params: { name: string }; result: SourceInfo };
  /** Electron only: a native File > Open dialog. Null when the user cancelled. */
  chooseSource: { params: Record<string, never>; result: SourceInfo | null };
  /** Starts a whole-disk job; progress, hits and the result come as events. Null: export cancelled in its dialog. */
  startJob: {
    /** retries: extra reads of each sector that still fails once a read is split (0-16, default 1). */
    params: { session: string; range?: LbaRange; spec: JobSpec; retries?: number };
    result: { job: string } | null;
  };
  cancelJob: { params: { job: string }; result: null };
  /**
   * The cells of a map job (startJob with spec.kind 'map') changed since `since` (default 0: all
   * so far), for drawing the map as it fills in: call it on each jobProgress of the job, and once
   * more on its jobDone. Kept for the last few map jobs after they end.
   */
  mapCells: { params: { job: string; since?: number }; result: MapCellsUpdate };
}

export type MethodName = keyof Methods;
export type Params<M extends MethodName> = Methods[M]['params'];
export type Result<M extends MethodName> = Methods[M]['result'];

/** Pushed from main to the renderer without a request. */
export type ServerEvent =
  | { type: 'sourceAdded'; source: SourceInfo; open: boolean }
  /** Electron's File > Open Device: the page shows its device picker. */
  | { type: 'devicePickerRequested' }
  /** An owner index's progress and end (files/file-contract.ts). */
  | FileEvent
  | { type: 'jobProgress'; job: string; progress: JobProgress }
  | { type: 'jobHits'; job: string; hits: SearchHit[] }
  | {
      type: 'jobDone';
      job: string;
      status: 'done' | 'cancelled' | 'failed';
      result?: JobResult;
      error?: WireError;
    };

/**
 * Everything the service pushes: ServerEvent and the case's events (case-contract.ts). Case
 * events go only to a page that has asked for the case (caseInfo), so a page that knows
 * nothing of cases gets ServerEvent alone; CaseEvent joins ServerEvent once the renderer
 * handles it.
 */
export type ServiceEvent = ServerEvent | CaseEvent;

export const ERROR_CODES = [
  'NOT_FOUND',
  'IS_DIRECTORY',
  'NOT_A_DISK',
  'PERMISSION',
  'EMPTY',
  'IO',
  'INVALID_ARGUMENT',
  'OUT_OF_RANGE',
  'NO_SESSION',
  'NO_SOURCE',
  'UNSUPPORTED',
  /** The disk went away while open: its reads stop instead of zero-filling the rest. */
  'GONE',
  /** The call needs a case and none is open (addBookmark: offer to start one). */
  'NO_CASE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** What every transport carries back for a call: errors are data, so their code survives IPC. */
export type WireReply<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** Thrown by clients (renderer) and by the service when a call fails in a way the user caused. */
export class SectorscopeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SectorscopeError';
  }
}

/** The interface the renderer talks to; it never knows which transport it has. */
export interface DiskApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  onEvent(listener: (event: ServerEvent) => void): () => void;
  /** 'electron' offers a native open dialog; 'browser' can open only the paths given to serve. */
  readonly transport: 'electron' | 'browser';
}

/** Largest single readSectors request, in bytes; the service refuses more. */
export { MAX_READ_BYTES } from './read-limits';
