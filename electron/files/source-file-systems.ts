// The file systems of one open source: each opened once on its own thread when first asked for,
// each owner index built once (or read back from the cache when the source's fingerprint
// matches) and kept, so that the status bar's question "who owns this sector" is a lookup.

import { SectorscopeError } from '../shared/contract';
import type { OwnerJson } from '../shared/files/file-entry';
import { sourceFingerprint, type EvidenceSource } from '../source';
import { describeOwner } from './describe-owner';
import { FileSystemThread, type WorkOptions } from './fs-thread';
import { fsTargets, targetHolding, targetNamed, type FsTarget } from './fs-targets';
import type { OwnerIndexData } from './owner-index';
import { loadOwnerIndex, saveOwnerIndex } from './owner-index-store';

export interface BuiltIndex {
  index: OwnerIndexData;
  /** Read back from the cache rather than built. */
  fromCache: boolean;
  warnings: string[];
}

export interface SourceFileSystemsOptions {
  /** Where indexes are kept between runs; null keeps none. */
  cacheDir: string | null;
}

export class SourceFileSystems {
  readonly source: EvidenceSource;
  readonly #options: SourceFileSystemsOptions;
  #targets: Promise<FsTarget[]> | undefined;
  #fingerprint: Promise<string> | undefined;
  readonly #threads = new Map<number, Promise<FileSystemThread>>();
  readonly #indexes = new Map<number, Promise<BuiltIndex>>();

  constructor(source: EvidenceSource, options: SourceFileSystemsOptions) {
    this.source = source;
    this.#options = options;
  }

  targets(): Promise<FsTarget[]> {
    this.#targets ??= fsTargets(this.source);
    return this.#targets;
  }

  async target(partition: number | undefined): Promise<FsTarget> {
    return targetNamed(await this.targets(), partition);
  }

  /** The file system of a target, opened once; rejects with TSK's reason when there is none. */
  fileSystem(target: FsTarget): Promise<FileSystemThread> {
    let thread = this.#threads.get(target.partition);
    if (!thread) {
      const offset = target.startLba * BigInt(this.source.geometry.logicalSectorSize);
      thread = FileSystemThread.open(this.source, offset).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SectorscopeError(
          error instanceof SectorscopeError ? error.code : 'IO',
          `${capitalize(target.label)}: ${reason}`,
        );
      });
      this.#threads.set(target.partition, thread);
    }
    return thread;
  }

  /** The owner index of a target: kept, read from the cache, or built (with progress). */
  ownerIndex(target: FsTarget, options: WorkOptions = {}): Promise<BuiltIndex> {
    let built = this.#indexes.get(target.partition);
    if (!built) {
      built = this.#buildIndex(target, options);
      this.#indexes.set(target.partition, built);
      // A cancelled or failed build is not kept: the next ask starts again.
      built.catch(() => this.#indexes.delete(target.partition));
    }
    return built;
  }

  /** Who owns the sector at `lba`: in `partition`, or in the partition holding it. */
  async owner(lba: bigint, partition?: number, options: WorkOptions = {}): Promise<OwnerJson> {
    const targets = await this.targets();
    const target =
      partition === undefined ? targetHolding(targets, lba) : targetNamed(targets, partition);
    let built: BuiltIndex;
    try {
      built = await this.ownerIndex(target, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return noFileSystem(lba, target, error);
    }
    return describeOwner(lba, this.source.geometry.logicalSectorSize, target, built.index);
  }

  async close(): Promise<void> {
    const threads = [...this.#threads.values()];
    this.#threads.clear();
    await Promise.all(
      threads.map((thread) => thread.then((t) => t.close()).catch(() => undefined)),
    );
  }

  async #buildIndex(target: FsTarget, options: WorkOptions): Promise<BuiltIndex> {
    const { cacheDir } = this.#options;
    const offset = target.startLba * BigInt(this.source.geometry.logicalSectorSize);
    const key = cacheDir === null ? null : `${await this.#key()}|fs@${offset}`;
    if (cacheDir !== null && key !== null) {
      const cached = await loadOwnerIndex(cacheDir, key);
      if (cached) return { index: cached, fromCache: true, warnings: cached.counts.warnings };
    }
    const fs = await this.fileSystem(target);
    const { index, warnings } = await fs.buildIndex(options);
    index.counts.warnings.push(...warnings);
    if (cacheDir !== null && key !== null) {
      try {
        await saveOwnerIndex(cacheDir, key, index);
      } catch (error) {
        index.counts.warnings.push(
          `The index could not be kept in ${cacheDir}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return { index, fromCache: false, warnings: index.counts.warnings };
  }

  #key(): Promise<string> {
    this.#fingerprint ??= sourceFingerprint(this.source).then((f) => f.key);
    return this.#fingerprint;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function noFileSystem(lba: bigint, target: FsTarget, error: unknown): OwnerJson {
  const reason = error instanceof Error ? error.message : String(error);
  // The reason starts with the target's label already ("Partition 2 (...): ...").
  const where = target.partition === 0 ? 'in no partition, and ' : '';
  return {
    lba: Number(lba),
    kind: 'outside',
    partition: target.partition,
    filesystem: null,
    block: null,
    inode: null,
    address: null,
    path: null,
    offset: null,
    allocated: false,
    description: `${where}in no file system. ${reason}`,
  };
}
