// The partition layout as plain JSON: what `sectorscope partitions --json` prints and what the
// viewer's structure panels draw (LBAs computed as bigint, written as JSON numbers: exact up to
// 2^53 sectors, far beyond any disk).
import type { DetectedFilesystem } from './filesystems/filesystem-types';
import type { Finding } from './findings';
import type { DiskLayout, Gap, LayoutSlot, Partition, VolumeSlack } from './layout/layout-types';

export interface FilesystemJson {
  /** blkid's TYPE (fat12/16/32 for FAT, by blkid's VERSION). */
  type: string;
  name: string;
  /** blkid's USAGE: filesystem, raid, crypto or other. */
  usage: string;
  /** blkid's LABEL and UUID, as it prints them. */
  label: string | null;
  uuid: string | null;
  /** Bytes the volume spans by its own superblock or header; null when it does not say. */
  size: number | null;
  /** Types of other signatures on the same volume (see FILESYSTEM_SIGNATURES_AMBIVALENT). */
  otherSignatures?: string[];
}

export interface PartitionJson {
  index: number;
  kind: Partition['kind'];
  start: number;
  end: number;
  size: number;
  /** "0x83" (MBR) or the upper-case type GUID (GPT). */
  type: string;
  typeName: string;
  name: string;
  bootable: boolean;
  guid?: string;
  /** GPT attribute bits as 16 hex digits. */
  attributes?: string;
  attributeFlags?: string[];
  filesystem: FilesystemJson | null;
  /**
   * The partition's sectors after the end of its filesystem (by the filesystem's own size): volume
   * slack, which the filesystem never uses. Absent when the filesystem fills the partition.
   */
  volumeSlack?: GapJson;
}

export interface GapJson {
  start: number;
  end: number;
  size: number;
}

/** A filesystem signature in unallocated space (a deleted or lost partition). */
export interface GapFilesystemJson {
  /** LBA where it starts, and its last LBA by its own size (null when it does not say). */
  start: number;
  end: number | null;
  /** The unallocated range it lies in. */
  gap: GapJson;
  filesystem: FilesystemJson;
}

export interface SlotJson {
  kind: LayoutSlot['kind'];
  slot: string;
  start: number;
  end: number;
  length: number;
  description: string;
  /** True for rows mmls does not print (the backup GPT). */
  extra: boolean;
}

export interface FindingJson {
  severity: Finding['severity'];
  code: string;
  message: string;
  lba?: number;
}

export interface PartitionsJson {
  scheme: DiskLayout['scheme'];
  sectorSize: number;
  sectorCount: number;
  diskId: string | null;
  /** Which GPT copy the partitions come from. */
  gptUsed?: 'primary' | 'backup';
  hybridMbr?: boolean;
  partitions: PartitionJson[];
  gaps: GapJson[];
  slots: SlotJson[];
  findings: FindingJson[];
  /**
   * A filesystem at LBA 0: of a disk without a partition table, or one that the table only
   * describes (a hybrid ISO: then filesystemPartition names the partition holding it too).
   */
  filesystem: FilesystemJson | null;
  filesystemPartition?: number;
  /** Filesystem signatures found in unallocated gaps. */
  gapFilesystems: GapFilesystemJson[];
}

function filesystemJson(fs: DetectedFilesystem | null): FilesystemJson | null {
  if (fs === null) return null;
  const { type, name, usage, label, uuid, size, otherSignatures } = fs;
  const json: FilesystemJson = {
    type,
    name,
    usage,
    label,
    uuid,
    size: size === null ? null : Number(size),
  };
  if (otherSignatures) json.otherSignatures = [...otherSignatures];
  return json;
}

function partitionJson(p: Partition, slack: VolumeSlack | undefined): PartitionJson {
  const json: PartitionJson = {
    index: p.index,
    kind: p.kind,
    start: Number(p.start),
    end: Number(p.end),
    size: Number(p.size),
    type: p.type,
    typeName: p.typeName,
    name: p.name,
    bootable: p.bootable,
    filesystem: filesystemJson(p.filesystem),
  };
  if (p.guid !== null) json.guid = p.guid;
  if (p.attributes !== null) {
    json.attributes = p.attributes.toString(16).toUpperCase().padStart(16, '0');
    json.attributeFlags = p.attributeFlags.map((flag) => flag.name);
  }
  if (slack) json.volumeSlack = gapJson(slack);
  return json;
}

function gapJson(gap: Gap): GapJson {
  return {
    start: Number(gap.start),
    end: Number(gap.end),
    size: Number(gap.size),
  };
}

/** The layout as plain JSON (LBAs computed as bigint, written as numbers). */
export function partitionsReport(layout: DiskLayout): PartitionsJson {
  const report: PartitionsJson = {
    scheme: layout.scheme,
    sectorSize: layout.sectorSize,
    sectorCount: Number(layout.sectorCount),
    diskId: layout.diskId,
    partitions: layout.partitions.map((p) =>
      partitionJson(
        p,
        layout.volumeSlack.find((slack) => slack.partitionIndex === p.index),
      ),
    ),
    gaps: layout.gaps.map(gapJson),
    slots: layout.slots.map((slot) => ({
      kind: slot.kind,
      slot: slot.slot,
      start: Number(slot.start),
      end: Number(slot.end),
      length: Number(slot.length),
      description: slot.description,
      extra: slot.extra,
    })),
    findings: layout.findings.map((finding) => {
      const json: FindingJson = {
        severity: finding.severity,
        code: finding.code,
        message: finding.message,
      };
      if (finding.lba !== undefined) json.lba = Number(finding.lba);
      return json;
    }),
    filesystem: filesystemJson(layout.filesystem),
    gapFilesystems: layout.gapFilesystems.map((found) => ({
      start: Number(found.start),
      end: found.end === null ? null : Number(found.end),
      gap: gapJson(found.gap),
      filesystem: filesystemJson(found.filesystem) as FilesystemJson,
    })),
  };
  if (layout.filesystemPartition !== null) report.filesystemPartition = layout.filesystemPartition;
  if (layout.gpt !== null) {
    report.gptUsed = layout.gpt.used;
    report.hybridMbr = layout.hybridMbr;
  }
  return report;
}
