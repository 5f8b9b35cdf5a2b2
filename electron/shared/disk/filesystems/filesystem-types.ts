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
