/** Every structure template the app knows; see all-templates.ts for their fields. */
export const TEMPLATE_IDS = [
  'mbr',
  'ebr',
  'gpt-header',
  'gpt-entry',
  'fat1216-boot',
  'fat32-boot',
  'fat32-fsinfo',
  'exfat-boot',
  'ntfs-boot',
  'ext-superblock',
  'btrfs-superblock',
  'xfs-superblock',
  'iso9660-pvd',
  'luks1-header',
  'luks2-header',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
