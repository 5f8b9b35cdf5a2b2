import { fields } from './field-helpers';
import type { StructureTemplate } from './template-types';

/**
 * The ISO 9660 (ECMA-119) primary volume descriptor: the first of type 1 from 32 KiB. Numbers
 * are stored both-endian, little-endian then big-endian: both halves are shown.
 */
export const ISO9660_PVD_TEMPLATE: StructureTemplate = {
  id: 'iso9660-pvd',
  name: 'ISO 9660 primary volume descriptor',
  description: 'At 32 KiB (logical sector 16) of the volume, followed by other descriptors.',
  size: 2048,
  fields: fields([
    ['Type', 0, 1, 'uint8', '1: primary volume descriptor.'],
    ['Identifier', 1, 5, 'ascii', '"CD001".'],
    ['Version', 6, 1, 'uint8', '1.'],
    ['Unused (7)', 7, 1, 'uint8', 'Zero.'],
    ['System identifier', 8, 32, 'ascii', 'System that may use sectors 0-15.'],
    ['Volume identifier', 40, 32, 'ascii', "Label (blkid's LABEL without Joliet)."],
    ['Unused (72-79)', 72, 8, 'bytes', 'Zero.'],
    ['Volume space size (LE)', 80, 4, 'uint32le', 'Logical blocks in the volume.'],
    ['Volume space size (BE)', 84, 4, 'uint32be', 'The same, big-endian.'],
    ['Unused (88-119)', 88, 32, 'bytes', 'Zero (escape sequences in a Joliet descriptor).'],
    ['Volume set size (LE)', 120, 2, 'uint16le', 'Discs in the set.'],
    ['Volume set size (BE)', 122, 2, 'uint16be', 'The same, big-endian.'],
    ['Volume sequence number (LE)', 124, 2, 'uint16le', "This disc's number in the set."],
    ['Volume sequence number (BE)', 126, 2, 'uint16be', 'The same, big-endian.'],
    ['Logical block size (LE)', 128, 2, 'uint16le', 'Bytes per logical block (2048).'],
    ['Logical block size (BE)', 130, 2, 'uint16be', 'The same, big-endian.'],
    ['Path table size (LE)', 132, 4, 'uint32le', 'Bytes in the path table.'],
    ['Path table size (BE)', 136, 4, 'uint32be', 'The same, big-endian.'],
    ['L path table', 140, 4, 'uint32le', 'Block of the little-endian path table.'],
    ['Optional L path table', 144, 4, 'uint32le', 'Block of its copy (0: none).'],
    ['M path table', 148, 4, 'uint32be', 'Block of the big-endian path table.'],
    ['Optional M path table', 152, 4, 'uint32be', 'Block of its copy (0: none).'],
    ['Root directory record', 156, 34, 'bytes', 'Directory record of the root directory.'],
    ['Volume set identifier', 190, 128, 'ascii', 'Name of the set of discs.'],
    ['Publisher identifier', 318, 128, 'ascii', 'Publisher ("_" then a file name: read it there).'],
    ['Data preparer identifier', 446, 128, 'ascii', 'Who prepared the data.'],
    ['Application identifier', 574, 128, 'ascii', 'Program that wrote the volume.'],
    ['Copyright file', 702, 37, 'ascii', 'File in the root directory.'],
    ['Abstract file', 739, 37, 'ascii', 'File in the root directory.'],
    ['Bibliographic file', 776, 37, 'ascii', 'File in the root directory.'],
    ['Creation date', 813, 16, 'ascii', 'YYYYMMDDHHMMSScc, local time.'],
    ['Creation time zone', 829, 1, 'int8', 'Offset from UTC in 15-minute steps.'],
    ['Modification date', 830, 16, 'ascii', 'YYYYMMDDHHMMSScc (blkid makes the UUID of it).'],
    ['Modification time zone', 846, 1, 'int8', 'Offset from UTC in 15-minute steps.'],
    ['Expiration date', 847, 16, 'ascii', 'When the data is obsolete.'],
    ['Expiration time zone', 863, 1, 'int8', 'Offset from UTC in 15-minute steps.'],
    ['Effective date', 864, 16, 'ascii', 'From when the data may be used.'],
    ['Effective time zone', 880, 1, 'int8', 'Offset from UTC in 15-minute steps.'],
    ['File structure version', 881, 1, 'uint8', '1.'],
    ['Unused (882)', 882, 1, 'uint8', 'Zero.'],
    ['Application use', 883, 512, 'bytes', 'For the application.'],
    ['Reserved', 1395, 653, 'bytes', 'Zero.'],
  ]),
};

const LUKS1_KEY_SLOT = fields([
  ['State', 0, 4, 'uint32be', '0x00AC71F3 enabled, 0x0000DEAD disabled.', 'hex'],
  ['Iterations', 4, 4, 'uint32be', 'PBKDF2 iterations.'],
  ['Salt', 8, 32, 'bytes', 'PBKDF2 salt.'],
  ['Key material offset', 40, 4, 'uint32be', 'Sector of the key material.'],
  ['Stripes', 44, 4, 'uint32be', 'Anti-forensic stripes (4000).'],
]);

/** The LUKS1 partition header (LUKS On-Disk Format 1.2.3), big-endian. */
export const LUKS1_HEADER_TEMPLATE: StructureTemplate = {
  id: 'luks1-header',
  name: 'LUKS1 header',
  description: 'At the start of the volume; the key material and the encrypted data follow.',
  size: 592,
  fields: fields([
    ['Magic', 0, 6, 'bytes', '"LUKS" BA BE.'],
    ['Version', 6, 2, 'uint16be', '1.'],
    ['Cipher name', 8, 32, 'ascii', 'Cipher ("aes").'],
    ['Cipher mode', 40, 32, 'ascii', 'Mode ("xts-plain64").'],
    ['Hash', 72, 32, 'ascii', 'Hash for PBKDF2 and AF ("sha256").'],
    ['Payload offset', 104, 4, 'uint32be', 'Sector where the encrypted data starts.'],
    ['Key bytes', 108, 4, 'uint32be', 'Bytes of the master key.'],
    ['Master key digest', 112, 20, 'bytes', 'PBKDF2 digest of the master key.'],
    ['Master key digest salt', 132, 32, 'bytes', 'Its salt.'],
    ['Master key digest iterations', 164, 4, 'uint32be', 'Its iterations.'],
    ['UUID', 168, 40, 'ascii', "UUID as text (blkid's UUID)."],
  ]),
  groups: [{ name: 'Key slot', offset: 208, count: 8, stride: 48, fields: LUKS1_KEY_SLOT }],
};

/** The LUKS2 binary header (LUKS2 On-Disk Format), big-endian; the JSON area follows it. */
export const LUKS2_HEADER_TEMPLATE: StructureTemplate = {
  id: 'luks2-header',
  name: 'LUKS2 binary header',
  description: 'Primary at the start of the volume; the secondary copy follows the primary area.',
  size: 4096,
  fields: fields([
    ['Magic', 0, 6, 'bytes', '"LUKS" BA BE (primary) or "SKUL" BA BE (secondary).'],
    ['Version', 6, 2, 'uint16be', '2.'],
    ['Header size', 8, 8, 'uint64be', 'Bytes of this header and its JSON area.'],
    ['Sequence ID', 16, 8, 'uint64be', 'Raised on every update; both copies carry the same.'],
    ['Label', 24, 48, 'utf8', "Label (blkid's LABEL)."],
    ['Checksum algorithm', 72, 32, 'ascii', 'Algorithm of the checksum ("sha256").'],
    ['Salt', 104, 64, 'bytes', 'Salt, unique to each copy.'],
    ['UUID', 168, 40, 'ascii', "UUID as text (blkid's UUID)."],
    ['Subsystem', 208, 48, 'utf8', 'Owner subsystem label.'],
    ['Header offset', 256, 8, 'uint64be', 'Where this copy lies.'],
    ['Padding', 264, 184, 'bytes', 'Zero.'],
    ['Checksum', 448, 64, 'bytes', 'Checksum of this header and its JSON area.'],
    ['Padding (512-4095)', 512, 3584, 'bytes', 'Zero.'],
  ]),
};
