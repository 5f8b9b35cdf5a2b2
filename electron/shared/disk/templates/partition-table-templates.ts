import { BOOT_SIGNATURE_FIELD } from '../bpb-fields';
import type { StructureTemplate, TemplateField } from './template-types';

const partitionEntryFields = (startMeaning: string): TemplateField[] => [
  {
    name: 'Status',
    offset: 0,
    size: 1,
    decoder: 'uint8',
    format: 'hex',
    note: 'mbrStatus',
    description: '0x80 marks the active (boot) partition, 0x00 inactive.',
  },
  {
    name: 'First CHS',
    offset: 1,
    size: 3,
    decoder: 'chs',
    description: 'Cylinder/head/sector of the first sector (legacy; LBA is authoritative).',
  },
  {
    name: 'Type',
    offset: 4,
    size: 1,
    decoder: 'uint8',
    format: 'hex',
    note: 'mbrType',
    description: 'Partition type byte.',
  },
  {
    name: 'Last CHS',
    offset: 5,
    size: 3,
    decoder: 'chs',
    description: 'Cylinder/head/sector of the last sector (legacy).',
  },
  { name: 'First LBA', offset: 8, size: 4, decoder: 'uint32le', description: startMeaning },
  { name: 'Sectors', offset: 12, size: 4, decoder: 'uint32le', description: 'Length in sectors.' },
];

export const MBR_TEMPLATE: StructureTemplate = {
  id: 'mbr',
  name: 'Master boot record',
  description: 'LBA 0: boot code, disk signature and the four primary partition entries.',
  size: 512,
  fields: [
    {
      name: 'Boot code',
      offset: 0,
      size: 440,
      decoder: 'bytes',
      description: 'Code the BIOS runs.',
    },
    {
      name: 'Disk signature',
      offset: 440,
      size: 4,
      decoder: 'uint32le',
      format: 'hex',
      description: 'Identifies the disk to Windows and Linux (label-id).',
    },
    {
      name: 'Reserved',
      offset: 444,
      size: 2,
      decoder: 'uint16le',
      format: 'hex',
      description: 'Usually 0x0000 (0x5A5A marks copy-protected).',
    },
    BOOT_SIGNATURE_FIELD,
  ],
  groups: [
    {
      name: 'Partition entry',
      offset: 446,
      count: 4,
      stride: 16,
      fields: partitionEntryFields('First sector of the partition (absolute LBA).'),
    },
  ],
};

export const EBR_TEMPLATE: StructureTemplate = {
  id: 'ebr',
  name: 'Extended boot record',
  description:
    'One link of the chain inside an extended partition: a logical partition and a link to the next EBR.',
  size: 512,
  fields: [
    {
      name: 'Unused',
      offset: 0,
      size: 446,
      decoder: 'bytes',
      description: 'Normally zero; data here may be hidden.',
    },
    BOOT_SIGNATURE_FIELD,
  ],
  groups: [
    {
      name: 'Entry',
      offset: 446,
      count: 4,
      stride: 16,
      fields: partitionEntryFields(
        'Entry 1 (logical partition): relative to this EBR. Entry 2 (next EBR): relative to the start of the extended partition.',
      ),
    },
  ],
};

export const GPT_HEADER_TEMPLATE: StructureTemplate = {
  id: 'gpt-header',
  name: 'GPT header',
  description: 'At LBA 1 (primary) and at the last LBA (backup).',
  size: 92,
  fields: [
    {
      name: 'Signature',
      offset: 0,
      size: 8,
      decoder: 'ascii',
      note: 'gptSignature',
      description: '"EFI PART".',
    },
    {
      name: 'Revision',
      offset: 8,
      size: 4,
      decoder: 'uint32le',
      format: 'hex',
      note: 'gptRevision',
      description: '0x00010000 for revision 1.0.',
    },
    {
      name: 'Header size',
      offset: 12,
      size: 4,
      decoder: 'uint32le',
      description: 'Bytes covered by the header CRC (92).',
    },
    {
      name: 'Header CRC32',
      offset: 16,
      size: 4,
      decoder: 'uint32le',
      format: 'hex',
      description: 'CRC32 of the header with this field zeroed.',
    },
    {
      name: 'Reserved',
      offset: 20,
      size: 4,
      decoder: 'uint32le',
      format: 'hex',
      description: 'Must be zero.',
    },
    {
      name: 'Current LBA',
      offset: 24,
      size: 8,
      decoder: 'uint64le',
      description: 'Where this header lives.',
    },
    {
      name: 'Backup LBA',
      offset: 32,
      size: 8,
      decoder: 'uint64le',
      description: 'Where the other copy of the header lives.',
    },
    {
      name: 'First usable LBA',
      offset: 40,
      size: 8,
      decoder: 'uint64le',
      description: 'First sector partitions may use.',
    },
    {
      name: 'Last usable LBA',
      offset: 48,
      size: 8,
      decoder: 'uint64le',
      description: 'Last sector partitions may use.',
    },
    {
      name: 'Disk GUID',
      offset: 56,
      size: 16,
      decoder: 'guid',
      description: 'Identifies the disk.',
    },
    {
      name: 'Entry array LBA',
      offset: 72,
      size: 8,
      decoder: 'uint64le',
      description: 'First sector of the partition entry array.',
    },
    {
      name: 'Number of entries',
      offset: 80,
      size: 4,
      decoder: 'uint32le',
      description: 'Entries in the array (usually 128).',
    },
    {
      name: 'Entry size',
      offset: 84,
      size: 4,
      decoder: 'uint32le',
      description: 'Bytes per entry (usually 128).',
    },
    {
      name: 'Entry array CRC32',
      offset: 88,
      size: 4,
      decoder: 'uint32le',
      format: 'hex',
      description: 'CRC32 of the whole entry array.',
    },
  ],
};

export const GPT_ENTRY_TEMPLATE: StructureTemplate = {
  id: 'gpt-entry',
  name: 'GPT partition entry',
  description: 'One entry of the GPT partition entry array.',
  size: 128,
  fields: [
    {
      name: 'Type GUID',
      offset: 0,
      size: 16,
      decoder: 'guid',
      note: 'gptType',
      description: 'Partition type; all zero means unused.',
    },
    {
      name: 'Unique GUID',
      offset: 16,
      size: 16,
      decoder: 'guid',
      description: 'Identifies this partition.',
    },
    {
      name: 'First LBA',
      offset: 32,
      size: 8,
      decoder: 'uint64le',
      description: 'First sector of the partition.',
    },
    {
      name: 'Last LBA',
      offset: 40,
      size: 8,
      decoder: 'uint64le',
      description: 'Last sector of the partition (inclusive).',
    },
    {
      name: 'Attributes',
      offset: 48,
      size: 8,
      decoder: 'uint64le',
      format: 'hex',
      note: 'gptAttributes',
      description: 'Bit 0 required, 1 no block IO, 2 legacy BIOS bootable; 48-63 type-specific.',
    },
    {
      name: 'Name',
      offset: 56,
      size: 72,
      decoder: 'utf16le',
      description: 'Partition name (UTF-16LE, up to 36 characters).',
    },
  ],
};
