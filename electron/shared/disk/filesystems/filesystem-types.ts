import type { TemplateId } from '../templates/template-id';

export type FilesystemType =
  'fat12' | 'fat16' | 'fat32' | 'exfat' | 'ntfs' | 'ext2' | 'ext3' | 'ext4' | 'swap' | 'luks';

/** A structure of a filesystem that a template can show, located from the partition's start. */
export interface FilesystemStructure {
  /** Unique inside its filesystem: "boot", "backup-boot", "fsinfo", "superblock", ... */
  id: string;
  template: TemplateId;
  /** Byte offset from the first byte of the partition. */
  offset: bigint;
  label: string;
  /** The id of the structure this one is a backup copy of. */
  backupOf?: string;
}

/** The boot sector at the start of the volume. */
export function bootSector(template: TemplateId, label: string): FilesystemStructure {
  return { id: 'boot', template, offset: 0n, label };
}

/** The backup copy of `primary` lying at `offset`: id "backup-<its id>". */
export function backupOf(
  primary: FilesystemStructure,
  offset: bigint,
  label: string,
): FilesystemStructure {
  return {
    id: `backup-${primary.id}`,
    template: primary.template,
    offset,
    label,
    backupOf: primary.id,
  };
}

/** A 32-bit volume serial as blkid prints it for FAT and exFAT: "1A2B-3C4D". */
export function formatVolumeSerial(serial: number): string {
  const text = serial.toString(16).toUpperCase().padStart(8, '0');
  return `${text.slice(0, 4)}-${text.slice(4)}`;
}

export interface DetectedFilesystem {
  type: FilesystemType;
  /** Human name: "FAT32", "NTFS", "ext4", "Linux swap", "LUKS2". */
  name: string;
  /** Volume label when the first sectors hold it (NTFS and exFAT keep theirs elsewhere). */
  label: string | null;
  /** Serial or UUID in the form blkid prints. */
  uuid: string | null;
  structures: FilesystemStructure[];
}

/** Bytes read from the start of a partition to detect its filesystem (covers swap's page). */
export const FILESYSTEM_PROBE_BYTES = 4096;
