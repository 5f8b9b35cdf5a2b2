import type { TemplateId } from '../templates/template-id';

/** blkid's TYPE names, except FAT, which is named by its version as blkid's VERSION gives it. */
export type FilesystemType =
  | 'fat12'
  | 'fat16'
  | 'fat32'
  | 'exfat'
  | 'ntfs'
  | 'ext2'
  | 'ext3'
  | 'ext4'
  | 'ext4dev'
  | 'jbd'
  | 'btrfs'
  | 'xfs'
  | 'iso9660'
  | 'udf'
  | 'hfsplus'
  | 'apfs'
  | 'f2fs'
  | 'swap'
  | 'crypto_LUKS'
  | 'BitLocker'
  | 'LVM2_member'
  | 'linux_raid_member';

/** blkid's USAGE: what the volume is for. */
export type FilesystemUsage = 'filesystem' | 'raid' | 'crypto' | 'other';

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

/** The backup copy of `primary` lying at `offset`: id "backup-<its id>" (then "-<copy>"). */
export function backupOf(
  primary: FilesystemStructure,
  offset: bigint,
  label: string,
  copy?: number,
): FilesystemStructure {
  return {
    id: `backup-${primary.id}${copy === undefined ? '' : `-${copy}`}`,
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
  /** Human name: "FAT32", "NTFS", "ext4", "Linux swap", "LUKS2", "ISO 9660". */
  name: string;
  usage: FilesystemUsage;
  /** LABEL as blkid prints it (FAT: the root directory's label entry, as blkid reads it). */
  label: string | null;
  /** UUID as blkid prints it (a serial for FAT, exFAT and NTFS, a date for ISO 9660). */
  uuid: string | null;
  /** Bytes the volume spans by its own superblock or header; null when it does not say. */
  size: bigint | null;
  structures: FilesystemStructure[];
  /**
   * Other signatures on the same volume (blkid -p calls this an ambivalent result; wipefs -n
   * lists them): what the volume was before it was formatted again, or a damaged one.
   */
  otherSignatures?: FilesystemType[];
}
