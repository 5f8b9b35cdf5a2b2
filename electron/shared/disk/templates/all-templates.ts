import { FAT1216_BOOT_TEMPLATE, FAT32_BOOT_TEMPLATE, FAT32_FSINFO_TEMPLATE } from './fat-templates';
import {
  EBR_TEMPLATE,
  GPT_ENTRY_TEMPLATE,
  GPT_HEADER_TEMPLATE,
  MBR_TEMPLATE,
} from './partition-table-templates';
import type { TemplateId } from './template-id';
import type { StructureTemplate } from './template-types';
import {
  EXFAT_BOOT_TEMPLATE,
  EXT_SUPERBLOCK_TEMPLATE,
  NTFS_BOOT_TEMPLATE,
} from './volume-templates';

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
};

export function listTemplates(): StructureTemplate[] {
  return Object.values(TEMPLATES);
}

export function getTemplate(id: TemplateId): StructureTemplate {
  return TEMPLATES[id];
}
