import { BOOT_SIGNATURE_FIELD, BPB, FAT32_BPB, FAT_EXTENDED_BPB } from '../bpb-fields';
import type { StructureTemplate, TemplateField } from './template-types';

export const FAT1216_BOOT_TEMPLATE: StructureTemplate = {
  id: 'fat1216-boot',
  name: 'FAT12/16 boot sector',
  description: 'First sector of a FAT12 or FAT16 volume: the BIOS parameter block.',
  size: 512,
  fields: [...Object.values(BPB), ...Object.values(FAT_EXTENDED_BPB.fat1216), BOOT_SIGNATURE_FIELD],
};

export const FAT32_BOOT_TEMPLATE: StructureTemplate = {
  id: 'fat32-boot',
  name: 'FAT32 boot sector',
  description: 'First sector of a FAT32 volume (a backup copy is usually at sector 6).',
  size: 512,
  fields: [
    ...Object.values(BPB),
    ...Object.values(FAT32_BPB),
    ...Object.values(FAT_EXTENDED_BPB.fat32),
    BOOT_SIGNATURE_FIELD,
  ],
};

/** The values FSInfo's three signatures hold (fatgen103, "FAT32 FSInfo Sector Structure"). */
export const FSINFO_SIGNATURES = { lead: 0x41615252, struct: 0x61417272, trail: 0xaa550000 };

/** The FAT32 FSInfo sector, in order. */
export const FSINFO = {
  leadSignature: {
    name: 'Lead signature',
    offset: 0,
    size: 4,
    decoder: 'uint32le',
    format: 'hex',
    note: 'fsInfoLead',
    description: '0x41615252.',
  },
  reserved1: {
    name: 'Reserved (4-483)',
    offset: 4,
    size: 480,
    decoder: 'bytes',
    description: 'Must be zero.',
  },
  structSignature: {
    name: 'Structure signature',
    offset: 484,
    size: 4,
    decoder: 'uint32le',
    format: 'hex',
    note: 'fsInfoStruct',
    description: '0x61417272.',
  },
  freeCount: {
    name: 'Free cluster count',
    offset: 488,
    size: 4,
    decoder: 'uint32le',
    note: 'fsInfoCount',
    description: 'Last known free clusters (0xFFFFFFFF: unknown).',
  },
  nextFree: {
    name: 'Next free cluster',
    offset: 492,
    size: 4,
    decoder: 'uint32le',
    note: 'fsInfoCount',
    description: 'Where to start looking for a free cluster.',
  },
  reserved2: {
    name: 'Reserved (496-507)',
    offset: 496,
    size: 12,
    decoder: 'bytes',
    description: 'Must be zero.',
  },
  trailSignature: {
    name: 'Trail signature',
    offset: 508,
    size: 4,
    decoder: 'uint32le',
    format: 'hex',
    note: 'fsInfoTrail',
    description: '0xAA550000.',
  },
} satisfies Record<string, TemplateField>;

export const FAT32_FSINFO_TEMPLATE: StructureTemplate = {
  id: 'fat32-fsinfo',
  name: 'FAT32 FSInfo sector',
  description: 'Free-space hints of a FAT32 volume.',
  size: 512,
  fields: Object.values(FSINFO),
};
