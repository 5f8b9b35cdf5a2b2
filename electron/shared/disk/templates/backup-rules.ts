// Which differences between a structure and its backup copy are there by design, and why. A
// difference a rule does not explain stays a real one: it says the copies were changed apart
// (damage, tampering, a tool that rewrote one of them).
import { isAllZero, u64le } from '../bytes';
import { compareBootBackup, type FieldDifference } from './compare-boot-backup';
import { TEMPLATES } from './all-templates';
import type { TemplateId } from './template-id';

export interface BackupDifferences {
  /** Differences that matter. */
  differences: FieldDifference[];
  /** Differences the copies have by design, each with its reason. */
  expected: FieldDifference[];
}

interface Copies {
  primary: Uint8Array;
  backup: Uint8Array;
}

/** Gives the reason a difference is by design, or null when it is a real one. */
type Rule = (difference: FieldDifference, copies: Copies) => string | null;

/** A rule for a set of field names, all by design for the same reason. */
const named =
  (reason: string, names: readonly string[]): Rule =>
  (difference) =>
    names.includes(difference.name) ? reason : null;

/** A flags field whose copies differ only in the given bits. */
const onlyBits =
  (name: string, bits: bigint, reason: string): Rule =>
  (difference) => {
    if (difference.name !== name || difference.unnamed) return null;
    const changed = BigInt(difference.primary) ^ BigInt(difference.backup);
    return changed !== 0n && (changed & ~bits) === 0n ? reason : null;
  };

const EXT_KERNEL_FIELDS = [
  'State',
  'Free blocks',
  'Free blocks (high)',
  'Free inodes',
  'Mount time',
  'Mount time (high)',
  'Write time',
  'Write time (high)',
  'Mount count',
  'Last mounted on',
  'Lifetime writes',
  'First orphan inode',
  'Last check',
  'Last check (high)',
];
const EXT_ERROR_RECORD = [
  'Error count',
  'First error time',
  'First error time (high)',
  'First error inode',
  'First error block',
  'First error function',
  'First error line',
  'First error code',
  'Last error time',
  'Last error time (high)',
  'Last error inode',
  'Last error block',
  'Last error function',
  'Last error line',
  'Last error code',
];

const EXT_RULES: Rule[] = [
  named('the number of the group holding this copy (0 in the primary)', ['Block group number']),
  named(
    'the kernel updates these in the primary superblock only; mkfs and e2fsck write the backups',
    EXT_KERNEL_FIELDS,
  ),
  named('the error record: the kernel keeps it in the primary superblock only', EXT_ERROR_RECORD),
  onlyBits(
    'Incompatible features',
    0x4n,
    'needs_recovery: set in the primary while the journal holds transactions to replay',
  ),
  onlyBits(
    'Read-only compatible features',
    0x10000n,
    'orphan_present: set in the primary while the orphan file lists inodes',
  ),
  named('covers every field of its copy, so it follows the fields above', ['Checksum']),
];

const BTRFS_GENERATION = 0x48;
/** What a btrfs transaction commit changes: a copy written at an older commit differs there. */
const BTRFS_PER_COMMIT = [
  'Generation',
  'Root tree',
  'Root tree level',
  'Chunk tree',
  'Chunk tree level',
  'Chunk root generation',
  'Log tree',
  'Log tree level',
  'Bytes used',
  'Device bytes used',
  'Cache generation',
  'UUID tree generation',
  'System chunk array size',
  'System chunk array',
];

const BTRFS_RULES: Rule[] = [
  named('each copy records where it lies, and its checksum covers that', [
    'Byte number',
    'Checksum',
  ]),
  (difference, { primary, backup }) => {
    if (primary.length < BTRFS_GENERATION + 8 || backup.length < BTRFS_GENERATION + 8) return null;
    const ours = u64le(primary, BTRFS_GENERATION);
    const theirs = u64le(backup, BTRFS_GENERATION);
    if (theirs >= ours) return null;
    const moves =
      BTRFS_PER_COMMIT.includes(difference.name) || difference.name.startsWith('Backup root ');
    return moves
      ? `this copy was written at generation ${theirs}, the primary at ${ours}: the copies are written at transaction commits, the primary also at each fsync`
      : null;
  },
];

const XFS_RULES: Rule[] = [
  named(
    'the superblocks of the other allocation groups are written by mkfs and growfs only: their counters, realtime and quota inodes and mkfs flag stay as mkfs left them (xfs_repair ignores them)',
    [
      'Realtime bitmap inode',
      'Realtime summary inode',
      'mkfs in progress',
      'Allocated inodes',
      'Free inodes',
      'Free data blocks',
      'Free realtime extents',
      'User quota inode',
      'Group quota inode',
      'Project quota inode',
      'Quota flags',
      'Last write LSN',
    ],
  ),
  named('covers every field of its copy, so it follows the fields above', ['Checksum']),
];

const FSINFO_RULES: Rule[] = [
  (_difference, { backup }) =>
    backup.length > 0 && isAllZero(backup)
      ? 'the backup FSInfo sector is blank (all zeros): formatters other than mkfs.fat leave it so, and no driver reads it'
      : null,
  named('free-space hints: drivers update them in the primary FSInfo only', [
    'Free cluster count',
    'Next free cluster',
  ]),
];

const RULES: Partial<Record<TemplateId, Rule[]>> = {
  'gpt-header': [
    named(
      "each GPT header names its own LBA, the other copy's and its own entry array, so its CRC differs too",
      ['Header CRC32', 'Current LBA', 'Backup LBA', 'Entry array LBA'],
    ),
  ],
  'ext-superblock': EXT_RULES,
  'fat32-fsinfo': FSINFO_RULES,
  'exfat-boot': [
    named(
      'left out of the boot checksum and kept current in the main boot sector only (exFAT specification, 3.1.13 and 3.1.16)',
      ['Volume flags', 'Percent in use'],
    ),
  ],
  'btrfs-superblock': BTRFS_RULES,
  'xfs-superblock': XFS_RULES,
  'luks2-header': [
    named('each copy has its own magic, offset, salt and checksum', [
      'Magic',
      'Header offset',
      'Salt',
      'Checksum',
    ]),
  ],
};

/** Splits the differences between a structure and its backup copy into real and by design. */
export function compareBackup(
  primary: Uint8Array,
  backup: Uint8Array,
  template: TemplateId,
): BackupDifferences {
  const all = compareBootBackup(primary, backup, TEMPLATES[template]);
  const rules = RULES[template] ?? [];
  const differences: FieldDifference[] = [];
  const expected: FieldDifference[] = [];
  for (const difference of all) {
    let reason: string | null = null;
    for (const rule of rules) {
      reason = rule(difference, { primary, backup });
      if (reason !== null) break;
    }
    if (reason === null) differences.push(difference);
    else expected.push({ ...difference, reason });
  }
  return { differences, expected };
}
