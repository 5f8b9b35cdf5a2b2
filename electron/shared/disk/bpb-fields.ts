// The boot-sector fields FAT12/16/32, exFAT and NTFS share, in one table: the BIOS parameter
// block (BPB) at bytes 11-35 behind the jump and OEM name, FAT32's fields at 36-63, the extended
// BPB (at 36 on FAT12/16, 64 on FAT32), the boot code and the 55 AA signature at 510 (fatgen103).
// The structure templates, the filesystem probes and the sample-disk writer all take their
// offsets and sizes from here. Descriptions and notes are FAT's: the NTFS and exFAT templates
// restate those that differ there.

import { u16le, u32le, u8 } from './bytes';
import type { TemplateField } from './templates/template-types';

/** Where a field lies: enough to read or write it. */
export type FieldPlace = Pick<TemplateField, 'offset' | 'size'>;

/** Reads an unsigned little-endian field of 1, 2 or 4 bytes. */
export function readUint(bytes: Uint8Array, field: FieldPlace): number {
  if (field.size === 1) return u8(bytes, field.offset);
  if (field.size === 2) return u16le(bytes, field.offset);
  if (field.size === 4) return u32le(bytes, field.offset);
  throw new RangeError(`A ${field.size}-byte field is not read as a number.`);
}

/** The last two bytes of a boot sector, an MBR or an EBR: 55 AA, read as a 16-bit value. */
export const BOOT_SIGNATURE = 0xaa55;

export const BOOT_SIGNATURE_FIELD = {
  name: 'Boot signature',
  offset: 510,
  size: 2,
  decoder: 'bytes',
  note: 'bootSignature',
  description: 'Must be 55 AA.',
} satisfies TemplateField;

/** The sector holds 512 bytes or more and ends in 55 AA. */
export function hasBootSignature(bytes: Uint8Array): boolean {
  const end = BOOT_SIGNATURE_FIELD.offset + BOOT_SIGNATURE_FIELD.size;
  return bytes.length >= end && readUint(bytes, BOOT_SIGNATURE_FIELD) === BOOT_SIGNATURE;
}

/** The boot code: from `offset` up to the boot signature. */
export const bootCodeField = (offset: number): TemplateField => ({
  name: 'Boot code',
  offset,
  size: BOOT_SIGNATURE_FIELD.offset - offset,
  decoder: 'bytes',
  description: 'Boot loader code.',
});

/** Bytes 0-35, in order: the jump, the OEM name and the BPB proper. */
export const BPB = {
  jump: {
    name: 'Jump',
    offset: 0,
    size: 3,
    decoder: 'bytes',
    description: 'Jump to the boot code (EB xx 90).',
  },
  oemName: {
    name: 'OEM name',
    offset: 3,
    size: 8,
    decoder: 'ascii',
    description: 'Name of the formatting tool.',
  },
  bytesPerSector: {
    name: 'Bytes per sector',
    offset: 11,
    size: 2,
    decoder: 'uint16le',
    description: '512, 1024, 2048 or 4096.',
  },
  sectorsPerCluster: {
    name: 'Sectors per cluster',
    offset: 13,
    size: 1,
    decoder: 'uint8',
    description: 'A power of two.',
  },
  reservedSectors: {
    name: 'Reserved sectors',
    offset: 14,
    size: 2,
    decoder: 'uint16le',
    description: 'Sectors before the first FAT.',
  },
  fatCount: {
    name: 'Number of FATs',
    offset: 16,
    size: 1,
    decoder: 'uint8',
    description: 'Usually 2.',
  },
  rootEntries: {
    name: 'Root entries',
    offset: 17,
    size: 2,
    decoder: 'uint16le',
    description: 'Root directory entries (0 on FAT32).',
  },
  totalSectors16: {
    name: 'Total sectors (16-bit)',
    offset: 19,
    size: 2,
    decoder: 'uint16le',
    description: '0 when the 32-bit field is used.',
  },
  media: {
    name: 'Media',
    offset: 21,
    size: 1,
    decoder: 'uint8',
    format: 'hex',
    note: 'fatMedia',
    description: 'Media descriptor.',
  },
  sectorsPerFat16: {
    name: 'Sectors per FAT (16-bit)',
    offset: 22,
    size: 2,
    decoder: 'uint16le',
    description: '0 on FAT32.',
  },
  sectorsPerTrack: {
    name: 'Sectors per track',
    offset: 24,
    size: 2,
    decoder: 'uint16le',
    description: 'CHS geometry (legacy).',
  },
  heads: {
    name: 'Heads',
    offset: 26,
    size: 2,
    decoder: 'uint16le',
    description: 'CHS geometry (legacy).',
  },
  hiddenSectors: {
    name: 'Hidden sectors',
    offset: 28,
    size: 4,
    decoder: 'uint32le',
    description: 'Sectors before the volume (its partition start).',
  },
  totalSectors32: {
    name: 'Total sectors (32-bit)',
    offset: 32,
    size: 4,
    decoder: 'uint32le',
    description: 'Sectors in the volume.',
  },
} satisfies Record<string, TemplateField>;

/** Bytes 36-63 of a FAT32 boot sector, in order. */
export const FAT32_BPB = {
  sectorsPerFat32: {
    name: 'Sectors per FAT (32-bit)',
    offset: 36,
    size: 4,
    decoder: 'uint32le',
    description: 'Size of each FAT.',
  },
  extendedFlags: {
    name: 'Extended flags',
    offset: 40,
    size: 2,
    decoder: 'uint16le',
    format: 'hex',
    description: 'FAT mirroring flags.',
  },
  version: {
    name: 'Filesystem version',
    offset: 42,
    size: 2,
    decoder: 'uint16le',
    format: 'hex',
    description: '0x0000.',
  },
  rootCluster: {
    name: 'Root directory cluster',
    offset: 44,
    size: 4,
    decoder: 'uint32le',
    description: 'First cluster of the root directory.',
  },
  fsInfoSector: {
    name: 'FSInfo sector',
    offset: 48,
    size: 2,
    decoder: 'uint16le',
    description: 'Sector of the FSInfo structure (usually 1).',
  },
  backupBootSector: {
    name: 'Backup boot sector',
    offset: 50,
    size: 2,
    decoder: 'uint16le',
    description: 'Sector of the backup boot sector (usually 6).',
  },
  reserved: {
    name: 'Reserved (52-63)',
    offset: 52,
    size: 12,
    decoder: 'bytes',
    description: 'Must be zero.',
  },
} satisfies Record<string, TemplateField>;

/** The value of the extended boot signature when volume ID, label and type follow. */
export const EXTENDED_BOOT_SIGNATURE = 0x29;

/** The extended BPB starting at `at`, in order, and the boot code right after it. */
function extendedBpb(at: number) {
  return {
    driveNumber: {
      name: 'Drive number',
      offset: at,
      size: 1,
      decoder: 'uint8',
      format: 'hex',
      description: '0x80 for a hard disk.',
    },
    ntFlags: {
      name: 'Reserved (NT flags)',
      offset: at + 1,
      size: 1,
      decoder: 'uint8',
      format: 'hex',
      description: 'Used by Windows NT (dirty flags).',
    },
    bootSignature: {
      name: 'Extended boot signature',
      offset: at + 2,
      size: 1,
      decoder: 'uint8',
      format: 'hex',
      note: 'fatBootSignature',
      description: '0x29 when the next three fields are valid.',
    },
    volumeId: {
      name: 'Volume ID',
      offset: at + 3,
      size: 4,
      decoder: 'uint32le',
      format: 'hex',
      description: 'Serial number, usually from the format time.',
    },
    volumeLabel: {
      name: 'Volume label',
      offset: at + 7,
      size: 11,
      decoder: 'ascii',
      description: 'Label as written at format time.',
    },
    fsType: {
      name: 'Filesystem type',
      offset: at + 18,
      size: 8,
      decoder: 'ascii',
      description: 'Informational only ("FAT16   ", "FAT32   ").',
    },
    bootCode: bootCodeField(at + 26),
  } satisfies Record<string, TemplateField>;
}

/** The extended BPB and boot code: after the BPB on FAT12/16, after FAT32_BPB on FAT32. */
export const FAT_EXTENDED_BPB = { fat1216: extendedBpb(36), fat32: extendedBpb(64) };
