// Public API of the shared disk-structure code (pure: no Node or DOM).
export type { SectorSource } from './sector-source';
export { analyzeDisk, type AnalyzeOptions } from './analyze-disk';
export type {
  DiskLayout,
  Gap,
  GapFilesystem,
  VolumeSlack,
  LayoutSlot,
  Partition,
  PartitionKind,
  PartitionScheme,
  TableArea,
} from './layout/layout-types';
export { FINDING_CODES, type Finding, type FindingCode, type Severity } from './findings';
export type { Crc32, GptHeader } from './gpt/gpt-header';
export type { GptCopy, GptLayout } from './gpt/gpt-read';
export type { GptEntry } from './gpt/gpt-entries';
export type { GptAttributeFlag } from './gpt/gpt-attributes';
export { gptTypeName } from './gpt/gpt-types';
export type { EbrRecord } from './mbr/ebr-chain';
export type { Chs, MbrEntry, MbrTable } from './mbr/mbr-table';
export { mbrTypeName } from './mbr/mbr-types';
export { detectFilesystem, detectVolume } from './filesystems/detect-filesystem';
export { bufferVolume, type VolumeBytes } from './filesystems/volume-bytes';
export { describeFilesystem } from './filesystems/describe';
export type {
  DetectedFilesystem,
  FilesystemStructure,
  FilesystemType,
  FilesystemUsage,
} from './filesystems/filesystem-types';
export { formatBytes } from './size-text';
export { formatGuid, formatUuid } from './guid';
export {
  DECODERS,
  DECODER_IDS,
  INSPECTOR_DECODERS,
  decodeValue,
  type DecodedValue,
  type Decoder,
  type DecoderId,
} from './inspector/decoders';
export { TEMPLATES, getTemplate, listTemplates } from './templates/all-templates';
export { TEMPLATE_IDS, type TemplateId } from './templates/template-id';
export type { StructureTemplate, TemplateField, TemplateGroup } from './templates/template-types';
export {
  decodeTemplate,
  decodeTemplateArray,
  type DecodedField,
  type DecodedRecord,
} from './templates/decode-template';
export { locateStructures, type StructureLocation } from './templates/locate-structures';
export { compareBootBackup, type FieldDifference } from './templates/compare-boot-backup';
export { compareBackup, type BackupDifferences } from './templates/backup-rules';
export {
  partitionsReport,
  type FilesystemJson,
  type FindingJson,
  type GapFilesystemJson,
  type GapJson,
  type PartitionJson,
  type PartitionsJson,
  type SlotJson,
} from './partitions-report';
