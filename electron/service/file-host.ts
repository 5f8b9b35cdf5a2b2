// The service's side of file systems: per open disk, its file systems (through electron/files),
// each one's listing (walked once, kept, and served a filtered and sorted window at a time), its
// owner index (built in the background with progress events and a cancel, kept in the cache),
// owner lookups for the status bar, and exports of files and folders through the same checks as
// sector exports.

import { basename } from 'node:path';
import {
  SourceFileSystems,
  WorkCancelledError,
  defaultCacheDir,
  extentCount,
  type BuiltIndex,
  type FileSystemThread,
  type FsTarget,
} from '../files';
import { targetHolding } from '../files/fs-targets';
import { exportDirectory, exportFile, type FilePart } from '../jobs/file-export';
import type { ExportTarget } from '../jobs/export-destination';
import { SectorscopeError } from '../shared/contract';
import type { FileEntryJson } from '../shared/files/file-entry';
import type {
  ExportedFileView,
  FileEvent,
  FileListWindow,
  FileMethods,
  FileSortKey,
  FileSystemInfo,
  IndexState,
  OwnerAnswer,
} from '../shared/files/file-contract';
import { parseInodeAddress, type InodeAddress } from '../shared/files/inode-address';
import type { EvidenceSource } from '../source';
import { requireLba, requireString } from './validate';

type Handler = (params: Record<string, unknown>) => Promise<unknown>;

export interface FileHostOptions {
  source(session: string): EvidenceSource;
  emit(event: FileEvent): void;
  /** Where owner indexes are kept; null keeps none (tests). Default: ~/.cache/sectorscope. */
  cacheDir?: string | null;
  /** A save dialog (Electron) or serve's --export-dir; absent: exports are refused. */
  chooseExportPath?: (suggestedName: string) => Promise<string | ExportTarget | null>;
}

interface Listing {
  entries: FileEntryJson[];
  complete: boolean;
  warnings: string[];
  failure?: Error;
  /** The last window's filtered and sorted rows, reused while nothing changed. */
  view?: { key: string; rows: FileEntryJson[] };
}

interface IndexSlot {
  state: IndexState;
  controller?: AbortController;
  built?: Promise<BuiltIndex>;
}

interface DiskFiles {
  systems: SourceFileSystems;
  listings: Map<number, Listing>;
  indexes: Map<number, IndexSlot>;
}

const MAX_WINDOW = 2000;
const PROGRESS_EVERY_MS = 250;

function requirePartition(params: Record<string, unknown>): number {
  const value = params.partition;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 1_000_000) {
    throw new SectorscopeError('INVALID_ARGUMENT', 'partition must be a whole number, 0 or more.');
  }
  return value;
}

function requireAddress(params: Record<string, unknown>): InodeAddress {
  const text = requireString(params, 'address');
  const address = parseInodeAddress(text);
  if (!address) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `address must be ADDR, ADDR-TYPE or ADDR-TYPE-ID (64-128-2); got "${text}".`,
    );
  }
  return address;
}

function optionalWhole(params: Record<string, unknown>, name: string, fallback: number): number {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SectorscopeError('INVALID_ARGUMENT', `${name} must be a whole number, 0 or more.`);
  }
  return value;
}

const SORT_KEYS: readonly FileSortKey[] = ['path', 'name', 'size', 'modified', 'inode'];

function compareBy(key: FileSortKey): (a: FileEntryJson, b: FileEntryJson) => number {
  switch (key) {
    case 'size':
      return (a, b) => a.size - b.size;
    case 'inode':
      return (a, b) => a.inode - b.inode;
    case 'modified':
      return (a, b) => (a.modified ?? '').localeCompare(b.modified ?? '');
    case 'name':
      return (a, b) => a.name.localeCompare(b.name);
    case 'path':
      return (a, b) => a.path.localeCompare(b.path);
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class FileHost {
  readonly handlers: Record<keyof FileMethods, Handler>;
  readonly #options: FileHostOptions;
  readonly #disks = new Map<string, DiskFiles>();

  constructor(options: FileHostOptions) {
    this.#options = options;
    this.handlers = {
      fileSystems: async (p) => this.#fileSystems(requireString(p, 'session')),
      listFiles: async (p) => this.#listFiles(p),
      fileExtents: async (p) => {
        const fs = await this.#fileSystem(requireString(p, 'session'), requirePartition(p));
        const { inode, address, size, blockSize, allocatedSize, extents } = await fs.extents(
          requireAddress(p),
        );
        return { inode, address, size, blockSize, allocatedSize, extents };
      },
      buildOwnerIndex: async (p) =>
        this.#buildIndex(requireString(p, 'session'), requirePartition(p)),
      cancelOwnerIndex: async (p) => {
        const slot = this.#disk(requireString(p, 'session')).indexes.get(requirePartition(p));
        slot?.controller?.abort();
        return null;
      },
      ownerOf: async (p) => this.#ownerOf(requireString(p, 'session'), requireLba(p)),
      exportFile: async (p) => this.#exportFile(p),
      exportDirectory: async (p) => this.#exportDirectory(p),
    };
  }

  /** The disk's session closed: its file system threads end and its index builds stop. */
  async closeSession(session: string): Promise<void> {
    const disk = this.#disks.get(session);
    if (!disk) return;
    this.#disks.delete(session);
    for (const slot of disk.indexes.values()) slot.controller?.abort();
    await disk.systems.close();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.#disks.keys()].map((session) => this.closeSession(session)));
  }

  #disk(session: string): DiskFiles {
    let disk = this.#disks.get(session);
    if (!disk) {
      const source = this.#options.source(session);
      const cacheDir =
        this.#options.cacheDir === undefined ? defaultCacheDir() : this.#options.cacheDir;
      disk = {
        systems: new SourceFileSystems(source, { cacheDir }),
        listings: new Map(),
        indexes: new Map(),
      };
      this.#disks.set(session, disk);
    }
    return disk;
  }

  async #fileSystem(session: string, partition: number): Promise<FileSystemThread> {
    const { systems } = this.#disk(session);
    return systems.fileSystem(await systems.target(partition));
  }

  async #fileSystems(session: string): Promise<FileSystemInfo[]> {
    const disk = this.#disk(session);
    const targets = await disk.systems.targets();
    // The whole disk is listed only when it holds a file system or nothing else is there.
    const infos = await Promise.all(
      targets.map(async (target): Promise<FileSystemInfo> => {
        const base = {
          partition: target.partition,
          label: target.label,
          startLba: target.startLba.toString(),
          endLba: target.endLba.toString(),
          index: disk.indexes.get(target.partition)?.state ?? { state: 'none' as const },
        };
        try {
          const fs = await disk.systems.fileSystem(target);
          const d = fs.description;
          return {
            ...base,
            filesystem: { type: d.type, blockSize: d.blockSize, blockName: d.blockName, id: d.id },
            error: null,
          };
        } catch (error) {
          return { ...base, filesystem: null, error: errorText(error) };
        }
      }),
    );
    return infos.filter((info, i) => i > 0 || info.filesystem !== null || infos.length === 1);
  }

  #listing(disk: DiskFiles, partition: number, fs: FileSystemThread): Listing {
    let listing = disk.listings.get(partition);
    if (listing) return listing;
    const fresh: Listing = { entries: [], complete: false, warnings: [] };
    disk.listings.set(partition, fresh);
    fs.list((batch) => {
      for (const entry of batch) fresh.entries.push(entry);
    }).then(
      ({ warnings }) => {
        fresh.complete = true;
        fresh.warnings = warnings;
      },
      (error: unknown) => {
        fresh.complete = true;
        fresh.failure = error instanceof Error ? error : new Error(String(error));
      },
    );
    listing = fresh;
    return listing;
  }

  async #listFiles(params: Record<string, unknown>): Promise<FileListWindow> {
    const session = requireString(params, 'session');
    const partition = requirePartition(params);
    const start = optionalWhole(params, 'start', 0);
    const count = Math.min(optionalWhole(params, 'count', 200), MAX_WINDOW);
    const filter = params.filter === undefined ? '' : requireString(params, 'filter').toLowerCase();
    const sort = (params.sort ?? 'path') as FileSortKey;
    if (!SORT_KEYS.includes(sort)) {
      throw new SectorscopeError(
        'INVALID_ARGUMENT',
        `sort must be one of ${SORT_KEYS.join(', ')}.`,
      );
    }
    const descending = params.descending === true;
    const deleted = (params.deleted ?? 'all') as 'all' | 'only' | 'none';
    if (!['all', 'only', 'none'].includes(deleted)) {
      throw new SectorscopeError('INVALID_ARGUMENT', 'deleted must be all, only or none.');
    }
    const disk = this.#disk(session);
    const fs = await this.#fileSystem(session, partition);
    const listing = this.#listing(disk, partition, fs);
    if (listing.failure && listing.entries.length === 0) throw listing.failure;
    const key = JSON.stringify([filter, sort, descending, deleted, listing.entries.length]);
    let rows = listing.view?.key === key ? listing.view.rows : undefined;
    if (!rows) {
      const compare = compareBy(sort);
      rows = listing.entries
        .filter(
          (e) =>
            (deleted === 'all' || (deleted === 'only') === !e.allocated) &&
            (filter === '' || e.path.toLowerCase().includes(filter)),
        )
        .sort(
          (a, b) => (descending ? -compare(a, b) : compare(a, b)) || a.path.localeCompare(b.path),
        );
      listing.view = { key, rows };
    }
    const warnings = [...listing.warnings];
    if (listing.failure) warnings.push(listing.failure.message);
    return {
      total: rows.length,
      complete: listing.complete,
      scanned: listing.entries.length,
      start,
      entries: rows.slice(start, start + count),
      warnings,
    };
  }

  #setIndex(session: string, partition: number, slot: IndexSlot, state: IndexState): void {
    slot.state = state;
    this.#options.emit({ type: 'fileIndex', session, partition, index: state });
  }

  async #buildIndex(session: string, partition: number): Promise<IndexState> {
    const disk = this.#disk(session);
    const target = await disk.systems.target(partition);
    return this.#startIndex(session, disk, target).state;
  }

  #startIndex(session: string, disk: DiskFiles, target: FsTarget): IndexSlot {
    const known = disk.indexes.get(target.partition);
    if (known && (known.state.state === 'building' || known.state.state === 'ready')) return known;
    const slot: IndexSlot = { state: { state: 'building', phase: 'opening', done: 0 } };
    const controller = new AbortController();
    slot.controller = controller;
    disk.indexes.set(target.partition, slot);
    this.#setIndex(session, target.partition, slot, slot.state);
    let lastEmit = 0;
    const built = disk.systems.ownerIndex(target, {
      signal: controller.signal,
      onProgress: (progress) => {
        slot.state = { state: 'building', phase: progress.phase, done: progress.done };
        const now = performance.now();
        if (now - lastEmit < PROGRESS_EVERY_MS) return;
        lastEmit = now;
        this.#setIndex(session, target.partition, slot, slot.state);
      },
    });
    slot.built = built;
    built.then(
      ({ index, fromCache, warnings }) =>
        this.#setIndex(session, target.partition, slot, {
          state: 'ready',
          fromCache,
          inodes: index.counts.inodes,
          extents: extentCount(index),
          warnings,
        }),
      (error: unknown) =>
        this.#setIndex(
          session,
          target.partition,
          slot,
          error instanceof WorkCancelledError || controller.signal.aborted
            ? { state: 'cancelled' }
            : { state: 'failed', message: errorText(error) },
        ),
    );
    return slot;
  }

  async #ownerOf(session: string, lba: bigint): Promise<OwnerAnswer> {
    const disk = this.#disk(session);
    const sectorCount = this.#options.source(session).geometry.sectorCount;
    if (lba >= sectorCount) {
      throw new SectorscopeError(
        'OUT_OF_RANGE',
        `LBA ${lba} is past the end of the disk (it has ${sectorCount} sectors).`,
      );
    }
    const target = targetHolding(await disk.systems.targets(), lba);
    // A target without a file system answers at once (the owner says so).
    try {
      await disk.systems.fileSystem(target);
    } catch {
      return { status: 'ready', owner: await disk.systems.owner(lba, target.partition) };
    }
    const slot = disk.indexes.get(target.partition) ?? this.#startIndex(session, disk, target);
    const { state } = slot;
    if (state.state === 'ready') {
      return { status: 'ready', owner: await disk.systems.owner(lba, target.partition) };
    }
    if (state.state === 'building') {
      return {
        status: 'indexing',
        partition: target.partition,
        phase: state.phase,
        done: state.done,
      };
    }
    return { status: 'not-indexed', partition: target.partition, index: state };
  }

  async #chooseExport(suggested: string): Promise<ExportTarget | null> {
    if (!this.#options.chooseExportPath) {
      throw new SectorscopeError(
        'UNSUPPORTED',
        'Exporting in browser mode needs a folder for the files: start it with ' +
          '`sectorscope serve PATH --export-dir DIR`, or use the desktop app, or ' +
          '`sectorscope extract IMAGE --inode X --out FILE`.',
      );
    }
    const choice = await this.#options.chooseExportPath(suggested);
    if (choice === null) return null;
    return typeof choice === 'string' ? { path: choice, overwrite: false } : choice;
  }

  async #exportFile(params: Record<string, unknown>): Promise<ExportedFileView | null> {
    const session = requireString(params, 'session');
    const partition = requirePartition(params);
    const address = requireAddress(params);
    const part = (params.part ?? 'content') as FilePart;
    if (!['content', 'with-slack', 'slack'].includes(part)) {
      throw new SectorscopeError('INVALID_ARGUMENT', 'part must be content, with-slack or slack.');
    }
    const fs = await this.#fileSystem(session, partition);
    const entry = this.#disk(session)
      .listings.get(partition)
      ?.entries.find(
        (e) =>
          e.address === params.address || (e.inode === address.inode && address.type === undefined),
      );
    const base = entry
      ? basename(entry.path.replace(/:/g, '_'))
      : `inode-${String(params.address)}`;
    const suffix = part === 'slack' ? '.slack' : part === 'with-slack' ? '.with-slack' : '';
    const target = await this.#chooseExport(`${base}${suffix}`);
    if (!target) return null;
    const path = this.#options.source(session).identity.path;
    const file = await exportFile(fs, path, address, part, target.path, {
      overwrite: target.overwrite,
    });
    return { name: basename(file.path), sha256: file.sha256, bytes: file.bytes };
  }

  async #exportDirectory(
    params: Record<string, unknown>,
  ): Promise<{ folder: string; files: number; bytes: number } | null> {
    const session = requireString(params, 'session');
    const partition = requirePartition(params);
    const directory = requireString(params, 'path');
    const fs = await this.#fileSystem(session, partition);
    const name = directory === '/' ? `partition-${partition}` : basename(directory);
    const target = await this.#chooseExport(name);
    if (!target) return null;
    const path = this.#options.source(session).identity.path;
    const files = await exportDirectory(fs, path, directory, target.path, {
      overwrite: target.overwrite,
    });
    return {
      folder: basename(target.path),
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    };
  }
}
