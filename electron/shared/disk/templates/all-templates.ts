import { FAT1216_BOOT_TEMPLATE, FAT32_BOOT_TEMPLATE, FAT32_FSINFO_TEMPLATE } from './fat-templates';
import {
  EBR_TEMPLATE,
  GPT_ENTRY_TEMPLATE,
  GPT_HEADER_TEMPLATE,
  MBR_TEMPLATE,
} from './partition-table-templates';
import type { TemplateId } from './template-id';
import type { StructureTemplate } from './template-types';
import { BTRFS_SUPERBLOCK_TEMPLATE, XFS_SUPERBLOCK_TEMPLATE } from './btrfs-xfs-templates';
import { EXT_SUPERBLOCK_TEMPLATE } from './ext-superblock-template';
import {
  ISO9660_PVD_TEMPLATE,
  LUKS1_HEADER_TEMPLATE,
  LUKS2_HEADER_TEMPLATE,
} from './iso-luks-templates';
import { EXFAT_BOOT_TEMPLATE, NTFS_BOOT_TEMPLATE } from './volume-templates';

export const TEMPLATES: Readonly<Record<TemplateId, StructureTemplate>> = {
  mbr: MBR_TEMPLATE,
  ebr: EBR_TEMPLATE,
  'gpt-header': GPT_HEADER_TEMPLATE,
  'gpt-entry': GPT_ENTRY_TEMPLATE,
  'fat1216-boot': FAT1216_BOOT_TEMPLATE,
  'fat32-boot': FAT32_BOOT_TEMPLATE,
  'fat32-fsinfo': FAT32_FSINFO_TEMPLATE,
  'exfat-boot': EXFAT_BOOT_TEMPLATE,
  'ntfs-boot': NTFS_BOOT_TEMPLATE,
  'ext-superblock': EXT_SUPERBLOCK_TEMPLATE,
  'btrfs-superblock': BTRFS_SUPERBLOCK_TEMPLATE,
  'xfs-superblock': XFS_SUPERBLOCK_TEMPLATE,
  'iso9660-pvd': ISO9660_PVD_TEMPLATE,
  'luks1-header': LUKS1_HEADER_TEMPLATE,
  'luks2-header': LUKS2_HEADER_TEMPLATE,
};

export function listTemplates(): StructureTemplate[] {
  return Object.values(TEMPLATES);
}

export function getTemplate(id: TemplateId): StructureTemplate {
  return TEMPLATES[id];
}
