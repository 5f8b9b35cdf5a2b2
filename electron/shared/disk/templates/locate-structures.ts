import type { DetectedFilesystem } from '../filesystems/filesystem-types';
import type { GptCopy } from '../gpt/gpt-read';
import type { DiskLayout } from '../layout/layout-types';
import { TEMPLATES } from './all-templates';
import type { TemplateId } from './template-id';

/** Where a template applies on the disk. */
export interface StructureLocation {
  /** Unique in the layout: "mbr", "ebr-1", "gpt-header-primary", "p2-backup-boot", ... */
  id: string;
  template: TemplateId;
  label: string;
  /** Absolute byte offset of the structure's first byte. */
  byteOffset: bigint;
  /** The sector holding that byte. */
  lba: bigint;
  /** Records at byteOffset, every `stride` bytes (1 except for the GPT entry array). */
  count: number;
  stride: number;
  /** Partition.index for structures inside a partition. */
  partitionIndex: number | null;
  /** The id of the structure this one is a backup copy of. */
  backupOf: string | null;
}

function gptLocations(
  copy: GptCopy | null,
  role: 'primary' | 'backup',
  sectorSize: bigint,
): StructureLocation[] {
  if (copy === null) return [];
  const { header } = copy;
  const backupOf = (id: string): string | null => (role === 'backup' ? `${id}-primary` : null);
  const locations: StructureLocation[] = [
    {
      id: `gpt-header-${role}`,
      template: 'gpt-header',
      label: `GPT header (${role})`,
      byteOffset: header.lba * sectorSize,
      lba: header.lba,
      count: 1,
      stride: TEMPLATES['gpt-header'].size,
      partitionIndex: null,
      backupOf: backupOf('gpt-header'),
    },
  ];
  if (header.entrySectors) {
    locations.push({
      id: `gpt-entries-${role}`,
      template: 'gpt-entry',
      label: `GPT entry array (${role}, ${header.entryCount} entries)`,
      byteOffset: header.entriesLba * sectorSize,
      lba: header.entriesLba,
      count: header.entryCount,
      stride: header.entrySize,
      partitionIndex: null,
      backupOf: backupOf('gpt-entries'),
    });
  }
  return locations;
}

function volumeLocations(
  filesystem: DetectedFilesystem,
  start: bigint,
  sectorSize: bigint,
  prefix: string,
  labelPrefix: string,
  partitionIndex: number | null,
): StructureLocation[] {
  return filesystem.structures.map((structure) => {
    const byteOffset = start * sectorSize + structure.offset;
    return {
      id: `${prefix}-${structure.id}`,
      template: structure.template,
      label: `${labelPrefix}${structure.label}`,
      byteOffset,
      lba: byteOffset / sectorSize,
      count: 1,
      stride: TEMPLATES[structure.template].size,
      partitionIndex,
      backupOf: structure.backupOf ? `${prefix}-${structure.backupOf}` : null,
    };
  });
}

/**
 * Every place in the layout where a template applies: the MBR and EBRs, both GPT copies, and the
 * boot sectors, FSInfo sectors, superblocks and their backups inside each partition.
 */
export function locateStructures(layout: DiskLayout): StructureLocation[] {
  const sectorSize = BigInt(layout.sectorSize);
  const locations: StructureLocation[] = [];
  if (layout.scheme !== 'none' && layout.mbr?.signatureValid) {
    locations.push({
      id: 'mbr',
      template: 'mbr',
      label: layout.scheme === 'gpt' ? 'Protective MBR' : 'MBR',
      byteOffset: 0n,
      lba: 0n,
      count: 1,
      stride: TEMPLATES.mbr.size,
      partitionIndex: null,
      backupOf: null,
    });
  }
  for (const ebr of layout.ebrs) {
    locations.push({
      id: `ebr-${ebr.tableNumber}`,
      template: 'ebr',
      label: `EBR #${ebr.tableNumber} (LBA ${ebr.lba})`,
      byteOffset: ebr.lba * sectorSize,
      lba: ebr.lba,
      count: 1,
      stride: TEMPLATES.ebr.size,
      partitionIndex: null,
      backupOf: null,
    });
  }
  if (layout.gpt !== null) {
    locations.push(
      ...gptLocations(layout.gpt.primary, 'primary', sectorSize),
      ...gptLocations(layout.gpt.backup, 'backup', sectorSize),
    );
  }
  // A hybrid ISO's volume is the partition's too: its structures are listed with the partition.
  if (layout.filesystem !== null && layout.filesystemPartition === null) {
    locations.push(...volumeLocations(layout.filesystem, 0n, sectorSize, 'volume', '', null));
  }
  for (const partition of layout.partitions) {
    if (partition.filesystem === null) continue;
    locations.push(
      ...volumeLocations(
        partition.filesystem,
        partition.start,
        sectorSize,
        `p${partition.index}`,
        `Partition ${partition.index}: `,
        partition.index,
      ),
    );
  }
  for (const found of layout.gapFilesystems) {
    const label = `Unallocated LBA ${found.start}: `;
    const prefix = `gap-${found.start}`;
    locations.push(
      ...volumeLocations(found.filesystem, found.start, sectorSize, prefix, label, null),
    );
  }
  return locations;
}
