import type { DetectedFilesystem } from '../filesystems/filesystem-types';
import type { Finding } from '../findings';
import type { GptAttributeFlag } from '../gpt/gpt-attributes';
import type { GptLayout } from '../gpt/gpt-read';
import type { EbrRecord } from '../mbr/ebr-chain';
import type { MbrTable } from '../mbr/mbr-table';

export type PartitionScheme = 'gpt' | 'mbr' | 'none';
export type PartitionKind = 'primary' | 'extended' | 'logical' | 'gpt';

export interface Partition {
  /** Number as Linux and sfdisk give it: MBR primaries 1-4 by slot, logicals from 5 in chain order; GPT entry slot + 1. */
  index: number;
  kind: PartitionKind;
  start: bigint;
  /** Last LBA, inclusive. */
  end: bigint;
  /** Sectors. */
  size: bigint;
  /** MBR type byte as "0x83", or the GPT type GUID in upper case. */
  type: string;
  typeName: string;
  /** GPT partition name; empty for MBR. */
  name: string;
  /** MBR status 0x80. */
  bootable: boolean;
  /** GPT unique partition GUID. */
  guid: string | null;
  /** GPT attribute bits. */
  attributes: bigint | null;
  attributeFlags: GptAttributeFlag[];
  /** The sector holding the entry (MBR, EBR or first sector of the GPT entry array). */
  tableLba: bigint;
  /** The entry's slot in that table, from 0. */
  slot: number;
  filesystem: DetectedFilesystem | null;
}

/** A row of the disk layout as `mmls` prints it. */
export interface LayoutSlot {
  kind: 'meta' | 'partition' | 'unallocated';
  start: bigint;
  end: bigint;
  length: bigint;
  /** mmls's slot column: "Meta", "-------", "000:001" (MBR table:slot) or "002" (GPT entry). */
  slot: string;
  description: string;
  /** Partition.index of the partition (or extended container) this row shows. */
  partitionIndex: number | null;
  /** True for rows mmls does not print: the backup GPT header and entry array. */
  extra: boolean;
}

/** Sectors covered by no partition and no partition-table structure, where hidden data may lie. */
export interface Gap {
  start: bigint;
  end: bigint;
  size: bigint;
}

/** Sectors of a partition after the end of the filesystem it holds, by the filesystem's own size. */
export interface VolumeSlack extends Gap {
  partitionIndex: number;
}

/** A filesystem signature found in unallocated space: a deleted or lost partition. */
export interface GapFilesystem {
  /** The LBA the filesystem starts at. */
  start: bigint;
  /** Its last LBA by its own size; null when it does not say. */
  end: bigint | null;
  /** The unallocated range it was found in. */
  gap: Gap;
  filesystem: DetectedFilesystem;
}

/** A sector range holding a partition-table structure (MBR, EBR, GPT header or entry array). */
export interface TableArea {
  kind: 'mbr' | 'ebr' | 'gpt-header' | 'gpt-entries';
  copy: 'primary' | 'backup' | null;
  start: bigint;
  length: bigint;
  label: string;
}

export interface DiskLayout {
  scheme: PartitionScheme;
  sectorSize: number;
  sectorCount: bigint;
  /** MBR disk signature ("0x3cc4cf2a") or GPT disk GUID. */
  diskId: string | null;
  partitions: Partition[];
  /** The mmls view: table areas, partitions and unallocated ranges, ordered by start. */
  slots: LayoutSlot[];
  gaps: Gap[];
  tableAreas: TableArea[];
  findings: Finding[];
  /** The decoded structures, for templates. */
  mbr: MbrTable | null;
  ebrs: EbrRecord[];
  gpt: GptLayout | null;
  /** A GPT disk whose MBR holds real entries beside the protective one. */
  hybridMbr: boolean;
  /**
   * A filesystem starting at LBA 0: of a disk without a partition table ("superfloppy"), or one
   * a partition table only describes (a hybrid ISO).
   */
  filesystem: DetectedFilesystem | null;
  /** The partition that covers the disk's filesystem and holds the same one, or null. */
  filesystemPartition: number | null;
  /** Partitions' sectors past the end of their filesystems (volume slack). */
  volumeSlack: VolumeSlack[];
  /** Filesystem signatures in unallocated gaps. */
  gapFilesystems: GapFilesystem[];
}
