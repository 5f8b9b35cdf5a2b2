// The partition layout as plain JSON: what `sectorscope partitions --json` prints and what the
// viewer's structure panels draw (LBAs computed as bigint, written as JSON numbers: exact up to
// 2^53 sectors, far beyond any disk).
import type { Finding } from './findings';
import type { DiskLayout, Gap, LayoutSlot, Partition } from './layout/layout-types';

export interface FilesystemJson {
  type: string;
  name: string;
  label: string | null;
  uuid: string | null;
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
}

export interface GapJson {
  start: number;
  end: number;
  size: number;
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
  /** A filesystem at LBA 0 of a disk without a partition table. */
  filesystem: FilesystemJson | null;
}

function filesystemJson(fs: Partition['filesystem']): FilesystemJson | null {
  return fs === null ? null : { type: fs.type, name: fs.name, label: fs.label, uuid: fs.uuid };
}

function partitionJson(p: Partition): PartitionJson {
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
  return json;
}

const gapJson = (gap: Gap): GapJson => ({
  start: Number(gap.start),
  end: Number(gap.end),
  size: Number(gap.size),
});

/** The layout as plain JSON (LBAs computed as bigint, written as numbers). */
export function partitionsReport(layout: DiskLayout): PartitionsJson {
  const report: PartitionsJson = {
    scheme: layout.scheme,
    sectorSize: layout.sectorSize,
    sectorCount: Number(layout.sectorCount),
    diskId: layout.diskId,
    partitions: layout.partitions.map(partitionJson),
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
  };
  if (layout.gpt !== null) {
    report.gptUsed = layout.gpt.used;
    report.hybridMbr = layout.hybridMbr;
  }
  return report;
}
