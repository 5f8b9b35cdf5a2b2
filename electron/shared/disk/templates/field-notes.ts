import { BPB, readUint } from '../bpb-fields';
import { formatGuid } from '../guid';
import { decodeGptAttributes } from '../gpt/gpt-attributes';
import { gptTypeName } from '../gpt/gpt-types';
import { mbrTypeName } from '../mbr/mbr-types';
import { FSINFO_SIGNATURES } from './fat-templates';

type Value = number | bigint | string;
/** Explains a decoded value; `record` holds the bytes of the structure (or group record). */
type Note = (value: Value, record: Uint8Array) => string | null;

function flagNames(value: Value, names: Readonly<Record<number, string>>): string | null {
  const bits = BigInt(value);
  const set: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if (((bits >> BigInt(bit)) & 1n) === 0n) continue;
    set.push(names[bit] ?? `bit ${bit}`);
  }
  return set.length === 0 ? 'none' : set.join(', ');
}

function named(names: Readonly<Record<number, string>>, fallback: string): Note {
  return (value) => names[Number(value)] ?? fallback;
}

function expect(expected: Value, good: string): Note {
  return (value) => (value === expected ? good : `invalid (expected ${String(expected)})`);
}

// Feature names as dumpe2fs prints them.
const EXT_COMPAT: Record<number, string> = {
  0: 'dir_prealloc',
  1: 'imagic_inodes',
  2: 'has_journal',
  3: 'ext_attr',
  4: 'resize_inode',
  5: 'dir_index',
  6: 'lazy_bg',
  7: 'exclude_inode',
  8: 'exclude_bitmap',
  9: 'sparse_super2',
  10: 'fast_commit',
  11: 'stable_inodes',
  12: 'orphan_file',
};
const EXT_INCOMPAT: Record<number, string> = {
  0: 'compression',
  1: 'filetype',
  2: 'needs_recovery',
  3: 'journal_dev',
  4: 'meta_bg',
  6: 'extent',
  7: '64bit',
  8: 'mmp',
  9: 'flex_bg',
  10: 'ea_inode',
  12: 'dirdata',
  13: 'metadata_csum_seed',
  14: 'large_dir',
  15: 'inline_data',
  16: 'encrypt',
  17: 'casefold',
};
const EXT_RO_COMPAT: Record<number, string> = {
  0: 'sparse_super',
  1: 'large_file',
  2: 'btree_dir',
  3: 'huge_file',
  4: 'uninit_bg',
  5: 'dir_nlink',
  6: 'extra_isize',
  7: 'has_snapshot',
  8: 'quota',
  9: 'bigalloc',
  10: 'metadata_csum',
  11: 'replica',
  12: 'read-only',
  13: 'project',
  14: 'shared_blocks',
  15: 'verity',
  16: 'orphan_present',
};

const NOTES = {
  mbrStatus: named({ 0x00: 'inactive', 0x80: 'active (bootable)' }, 'invalid status'),
  mbrType: (value) => mbrTypeName(Number(value)),
  bootSignature: expect('55 AA', 'valid boot signature'),
  gptSignature: expect('EFI PART', 'valid GPT signature'),
  gptRevision: named({ 0x00010000: 'revision 1.0' }, 'unknown revision'),
  gptType: (value) => gptTypeName(String(value)),
  gptAttributes: (value, record) => {
    const typeGuid = record.length >= 16 ? formatGuid(record, 0) : '';
    const flags = decodeGptAttributes(BigInt(value), typeGuid);
    return flags.length === 0 ? 'none' : flags.map((flag) => flag.name).join(', ');
  },
  fatMedia: named({ 0xf0: 'removable media', 0xf8: 'fixed disk' }, 'legacy floppy format'),
  fatBootSignature: named(
    { 0x29: 'volume ID, label and type follow', 0x28: 'volume ID follows' },
    'no extended fields',
  ),
  fsInfoLead: expect(FSINFO_SIGNATURES.lead, 'valid ("RRaA")'),
  fsInfoStruct: expect(FSINFO_SIGNATURES.struct, 'valid ("rrAa")'),
  fsInfoTrail: expect(FSINFO_SIGNATURES.trail, 'valid'),
  fsInfoCount: (value) => (value === 0xffffffff ? 'unknown' : null),
  shiftBytes: (value) => (Number(value) < 32 ? `${2 ** Number(value)} bytes` : 'invalid'),
  shiftSectors: (value) => (Number(value) < 32 ? `${2 ** Number(value)} sectors` : 'invalid'),
  exfatRevision: (value) =>
    `${Number(value) >> 8}.${String(Number(value) & 0xff).padStart(2, '0')}`,
  exfatVolumeFlags: (value) =>
    flagNames(value, {
      0: 'second FAT active',
      1: 'volume dirty',
      2: 'media failure',
      3: 'clear to zero',
    }),
  ntfsSectorsPerCluster: (value) =>
    Number(value) <= 0x80 ? null : `${2 ** (256 - Number(value))} sectors`,
  // Typed: its body reads the BPB table, whose type names these notes.
  ntfsRecordSize: (value, record): string => {
    const n = Number(value);
    if (n < 0) return `${2 ** -n} bytes`;
    const { bytesPerSector, sectorsPerCluster } = BPB;
    if (record.length < sectorsPerCluster.offset + sectorsPerCluster.size) return `${n} clusters`;
    const raw = readUint(record, sectorsPerCluster);
    const perCluster = raw <= 0x80 ? raw : 2 ** (256 - raw);
    return `${n} clusters (${n * readUint(record, bytesPerSector) * perCluster} bytes)`;
  },
  extMagic: expect(0xef53, 'valid ext2/3/4 magic'),
  extState: (value) => flagNames(value, { 0: 'clean', 1: 'errors', 2: 'orphans being recovered' }),
  extErrors: named({ 1: 'continue', 2: 'remount read-only', 3: 'panic' }, 'unknown'),
  extCreatorOs: named({ 0: 'Linux', 1: 'Hurd', 2: 'Masix', 3: 'FreeBSD', 4: 'Lites' }, 'unknown'),
  extRevision: named({ 0: 'original', 1: 'dynamic' }, 'unknown'),
  extBlockSize: (value) => (Number(value) < 22 ? `${1024 * 2 ** Number(value)} bytes` : 'invalid'),
  extCompat: (value) => flagNames(value, EXT_COMPAT),
  extIncompat: (value) => flagNames(value, EXT_INCOMPAT),
  extRoCompat: (value) => flagNames(value, EXT_RO_COMPAT),
} satisfies Record<string, Note>;

export type NoteId = keyof typeof NOTES;

/** The note for a value, or null; never throws. */
export function fieldNote(id: NoteId, value: Value, record: Uint8Array): string | null {
  try {
    return NOTES[id](value, record);
  } catch {
    return null;
  }
}
