// Builds a complete FAT16 or FAT32 volume with the given files, as extents relative to the
// volume's first byte: boot sector(s), FSInfo, both FATs, directories and file data.

import { SECTOR_SIZE, type DiskExtent } from './disk-extent';
import {
  buildBootSector,
  buildFsInfo,
  FAT32_BACKUP_BOOT_SECTOR,
  FAT32_FSINFO_SECTOR,
  type FatVolumeIdentity,
} from './fat-boot-sector';
import { ClusterAllocator } from './fat-cluster-allocator';
import {
  ATTRIBUTE,
  DIRECTORY_ENTRY_SIZE,
  longNameEntries,
  shortEntryBytes,
} from './fat-directory-entries';
import {
  clusterByteOffset,
  fatByteOffset,
  planFatGeometry,
  rootRegionByteOffset,
  type FatGeometry,
  type FatType,
} from './fat-geometry';
import { exactShortName, shortAliasFor } from './fat-short-name';
import type { FatTimestamp } from './fat-timestamp';

export interface FatFile {
  kind: 'file';
  name: string;
  data: Uint8Array;
  time: FatTimestamp;
}

export interface FatDirectory {
  kind: 'directory';
  name: string;
  time: FatTimestamp;
  children: FatNode[];
}

export type FatNode = FatFile | FatDirectory;

export interface FatVolumeSpec extends FatVolumeIdentity {
  fatType: FatType;
  totalSectors: number;
  sectorsPerCluster: number;
  /** When the volume label entry in the root directory was written. */
  labelTime: FatTimestamp;
  root: FatNode[];
}

export function formatFatVolume(spec: FatVolumeSpec): DiskExtent[] {
  const geometry = planFatGeometry(spec.fatType, spec.totalSectors, spec.sectorsPerCluster);
  const builder = new VolumeBuilder(geometry);
  const rootCluster = builder.placeRoot(spec);
  const extents = builder.extents;

  const boot = buildBootSector(geometry, spec, rootCluster);
  extents.push({ offset: 0, bytes: boot });
  if (geometry.fatType === 32) {
    const fsInfo = buildFsInfo(
      geometry.clusterCount - builder.allocator.usedClusters,
      builder.allocator.nextFreeCluster,
    );
    extents.push({ offset: FAT32_FSINFO_SECTOR * SECTOR_SIZE, bytes: fsInfo });
    extents.push({ offset: FAT32_BACKUP_BOOT_SECTOR * SECTOR_SIZE, bytes: boot });
    extents.push({ offset: (FAT32_BACKUP_BOOT_SECTOR + 1) * SECTOR_SIZE, bytes: fsInfo });
  }
  const table = builder.allocator.tableBytes();
  for (let copy = 0; copy < geometry.fatCount; copy++) {
    extents.push({ offset: fatByteOffset(geometry, copy), bytes: table });
  }
  return extents;
}

class VolumeBuilder {
  readonly extents: DiskExtent[] = [];
  readonly allocator: ClusterAllocator;
  private readonly clusterBytes: number;

  constructor(private readonly geometry: FatGeometry) {
    this.allocator = new ClusterAllocator(geometry.fatType, geometry.clusterCount);
    this.clusterBytes = geometry.sectorsPerCluster * SECTOR_SIZE;
  }

  /** Places the root directory and everything under it; returns the root's cluster (0 on FAT16). */
  placeRoot(spec: FatVolumeSpec): number {
    const label = shortEntryBytes({
      nameField: spec.volumeLabel.padEnd(11),
      attributes: ATTRIBUTE.volumeId,
      firstCluster: 0,
      size: 0,
      time: spec.labelTime,
    });
    if (this.geometry.fatType === 16) {
      const entries = this.childEntries(spec.root, 0, [label]);
      const regionBytes = this.geometry.rootDirSectors * SECTOR_SIZE;
      if (entries.length > regionBytes) {
        throw new Error(`The FAT16 root directory holds ${this.geometry.rootEntryCount} entries.`);
      }
      this.extents.push({ offset: rootRegionByteOffset(this.geometry), bytes: entries });
      return 0;
    }
    return this.placeDirectory(spec.root, [label], null);
  }

  /** `dots` is null for the FAT32 root, which has no "." and ".." entries. */
  private placeDirectory(
    children: FatNode[],
    leadingEntries: Uint8Array[],
    dots: { parentCluster: number; time: FatTimestamp } | null,
  ): number {
    const entryCount = leadingEntries.length + (dots ? 2 : 0) + countEntries(children);
    const bytes = entryCount * DIRECTORY_ENTRY_SIZE;
    const first = this.allocator.allocate(Math.max(1, Math.ceil(bytes / this.clusterBytes)));
    const leading = [...leadingEntries];
    if (dots) {
      const dot = (nameField: string, firstCluster: number) =>
        shortEntryBytes({
          nameField,
          attributes: ATTRIBUTE.directory,
          firstCluster,
          size: 0,
          time: dots.time,
        });
      // ".." of a directory in the root points to cluster 0, even on FAT32 (fatgen103).
      leading.push(dot('.', first), dot('..', dots.parentCluster));
    }
    const entries = this.childEntries(children, dots ? first : 0, leading);
    this.extents.push({ offset: clusterByteOffset(this.geometry, first), bytes: entries });
    return first;
  }

  /** Allocates and writes every child, and returns the directory's entries (leading ones first). */
  private childEntries(children: FatNode[], ownCluster: number, leading: Uint8Array[]): Uint8Array {
    const taken = new Set<string>();
    const seen = new Set<string>();
    const entries = [...leading];
    for (const child of children) {
      const key = child.name.toUpperCase();
      if (seen.has(key)) throw new Error(`Two entries named "${child.name}" in one directory.`);
      seen.add(key);
      const exact = exactShortName(child.name);
      const nameField = exact ?? shortAliasFor(child.name, taken);
      taken.add(nameField);
      if (!exact) entries.push(...longNameEntries(child.name, nameField));
      entries.push(this.placeChild(child, nameField, ownCluster));
    }
    return concatenate(entries);
  }

  private placeChild(child: FatNode, nameField: string, parentCluster: number): Uint8Array {
    if (child.kind === 'directory') {
      const dots = { parentCluster, time: child.time };
      const first = this.placeDirectory(child.children, [], dots);
      return shortEntryBytes({
        nameField,
        attributes: ATTRIBUTE.directory,
        firstCluster: first,
        size: 0,
        time: child.time,
      });
    }
    const first = this.allocator.allocate(Math.ceil(child.data.length / this.clusterBytes));
    if (first !== 0) {
      this.extents.push({ offset: clusterByteOffset(this.geometry, first), bytes: child.data });
    }
    const attributes = ATTRIBUTE.archive;
    return shortEntryBytes({
      nameField,
      attributes,
      firstCluster: first,
      size: child.data.length,
      time: child.time,
    });
  }
}

function countEntries(children: FatNode[]): number {
  return children.reduce(
    (sum, child) => sum + 1 + (exactShortName(child.name) ? 0 : Math.ceil(child.name.length / 13)),
    0,
  );
}

function concatenate(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
