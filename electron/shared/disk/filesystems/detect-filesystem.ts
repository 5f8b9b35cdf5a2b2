import { detectApfs, detectF2fs } from './apfs-f2fs';
import { detectBitLocker } from './bitlocker';
import { detectBtrfs } from './btrfs';
import { detectExfat } from './exfat';
import { detectExt } from './ext';
import { detectFat } from './fat';
import type { DetectedFilesystem, FilesystemType } from './filesystem-types';
import { detectHfsPlus } from './hfsplus';
import { detectIso9660 } from './iso9660';
import { detectLuks, detectLuksSecondary } from './luks';
import { detectLinuxRaid, detectLinuxRaidAtStart, detectLvm2 } from './lvm-raid';
import { detectNtfs } from './ntfs';
import { detectSwap } from './swap';
import { detectUdf } from './udf';
import { detectXfs } from './xfs';
import { bufferVolume, type VolumeBytes } from './volume-bytes';

/** A probe answers at once when the head decides, and reads on (a promise) only when it needs to. */
type Probe = (
  volume: VolumeBytes,
) => DetectedFilesystem | null | Promise<DetectedFilesystem | null>;

/**
 * The probes in blkid's order (RAID and volume managers, crypto, then filesystems), each with the
 * types it can report. The first that recognises the volume wins.
 */
const PROBES: readonly [Probe, readonly FilesystemType[]][] = [
  [detectLinuxRaid, ['linux_raid_member']],
  [detectLvm2, ['LVM2_member']],
  [detectLuks, ['crypto_LUKS']],
  [detectBitLocker, ['BitLocker']],
  [detectFat, ['fat12', 'fat16', 'fat32']],
  [detectSwap, ['swap']],
  [detectXfs, ['xfs']],
  [detectExt, ['ext4dev', 'ext4', 'ext3', 'ext2', 'jbd']],
  [detectUdf, ['udf']],
  [detectIso9660, ['iso9660']],
  [detectHfsPlus, ['hfsplus']],
  [detectNtfs, ['ntfs']],
  [detectBtrfs, ['btrfs']],
  [detectExfat, ['exfat']],
  [detectF2fs, ['f2fs']],
  [detectApfs, ['apfs']],
  [detectLuksSecondary, ['crypto_LUKS']],
];

export interface DetectOptions {
  /** Only these types (the disk-start probe of a partitioned disk looks for ISO 9660 and UDF). */
  only?: readonly FilesystemType[];
  /**
   * False: skip the probes that read at the volume's end or far in (md 0.90/1.0, a LUKS2
   * secondary header), for places whose end is not known (unallocated space).
   */
  edges?: boolean;
}

/** blkid's TOLERANT filesystems: another signature on the same volume wins over them. */
const TOLERANT: ReadonlySet<FilesystemType> = new Set(['iso9660', 'udf']);

/** Probes that look at the end of the volume or far into it, and what replaces them then. */
const EDGE_PROBES: ReadonlySet<Probe> = new Set([detectLuksSecondary]);
const START_ONLY: ReadonlyMap<Probe, Probe> = new Map([[detectLinuxRaid, detectLinuxRaidAtStart]]);

/** Recognises what a volume holds, reading its head and a few bounded runs more. Never throws. */
export async function detectVolume(
  volume: VolumeBytes,
  options: DetectOptions = {},
): Promise<DetectedFilesystem | null> {
  const { only, edges = true } = options;
  let chosen: DetectedFilesystem | null = null;
  const others: DetectedFilesystem[] = [];
  for (const [probe, types] of PROBES) {
    if (only && !types.some((type) => only.includes(type))) continue;
    // Past a first match, only the signatures near the start are looked for.
    if ((!edges || chosen !== null) && EDGE_PROBES.has(probe)) continue;
    let found: DetectedFilesystem | null;
    try {
      const answer = (edges && chosen === null ? probe : (START_ONLY.get(probe) ?? probe))(volume);
      found = answer instanceof Promise ? await answer : answer;
    } catch {
      // The probes check every length; a RangeError here means damaged bytes they missed.
      found = null;
    }
    if (found === null || (only && !only.includes(found.type))) continue;
    // An ISO 9660 or UDF volume gives way to any other signature found (blkid's tolerant
    // types): a disk formatted over an old ISO image keeps its descriptors at 32 KiB.
    if (chosen === null || (TOLERANT.has(chosen.type) && !TOLERANT.has(found.type))) {
      if (chosen !== null) others.push(chosen);
      chosen = found;
    } else {
      others.push(found);
    }
  }
  if (chosen === null || others.length === 0) return chosen;
  return { ...chosen, otherSignatures: others.map((other) => other.type) };
}

/**
 * Recognises the filesystem from bytes of a volume held in memory: its start (the first
 * FILESYSTEM_HEAD_BYTES at least, for every probe to see its signature), in a volume of
 * `volumeBytes` bytes. Bytes past those given count as unreadable.
 */
export function detectFilesystem(
  bytes: Uint8Array,
  volumeBytes: bigint = BigInt(bytes.length),
  sectorSize = 512,
): Promise<DetectedFilesystem | null> {
  return detectVolume(bufferVolume(bytes, volumeBytes, sectorSize));
}
