// Findings about filesystems against the space they were given: a filesystem larger than its
// partition (a shrunk or overlapping partition), one much smaller (volume slack, where data can
// hide), and filesystem signatures in unallocated space (deleted or lost partitions).
import { describeFilesystem } from '../filesystems/describe';
import type { DetectedFilesystem } from '../filesystems/filesystem-types';
import { probeFilesystem } from '../filesystems/probe-filesystem';
import type { FindingCollector } from '../findings';
import type { SectorSource } from '../sector-source';
import { formatBytes } from '../size-text';
import type { Gap, GapFilesystem, Partition, VolumeSlack } from './layout-types';
import { dataPartitions } from './partition-checks';

/** Volume slack of this many bytes or more is a finding (smaller slack is still in the layout). */
export const VOLUME_SLACK_FINDING_BYTES = 1024n * 1024n;
/** Places in unallocated space probed for a filesystem, at most, per disk. */
export const MAX_GAP_PROBES = 32;
/** Gaps shorter than this cannot hold a filesystem worth naming. */
const MIN_GAP_BYTES = 64n * 1024n;

const sectorsText = (sectors: bigint, sectorSize: number): string =>
  `${sectors} sectors, ${formatBytes(sectors * BigInt(sectorSize))}`;

/** Sectors a filesystem of `bytes` covers (a partial last sector counts). */
const sectorsOf = (bytes: bigint, sectorSize: number): bigint =>
  (bytes + BigInt(sectorSize) - 1n) / BigInt(sectorSize);

/**
 * Compares each partition's filesystem size (from its own superblock) with the partition: larger
 * is a warning; smaller leaves volume slack, listed always and a finding from 1 MiB up.
 */
export function checkFilesystemSizes(
  partitions: readonly Partition[],
  sectorSize: number,
  findings: FindingCollector,
): VolumeSlack[] {
  const slack: VolumeSlack[] = [];
  for (const p of dataPartitions(partitions)) {
    const fs = p.filesystem;
    if (fs === null || fs.size === null || fs.size <= 0n) continue;
    const what = `Partition ${p.index} (LBA ${p.start}-${p.end}, ${sectorsText(p.size, sectorSize)})`;
    const fsSectors = sectorsOf(fs.size, sectorSize);
    const partitionBytes = p.size * BigInt(sectorSize);
    if (fs.size > partitionBytes) {
      const excess = fsSectors - p.size;
      findings.add(
        'warning',
        'FILESYSTEM_LARGER_THAN_PARTITION',
        `${what} holds ${describeFilesystem(fs)} that by its own ${sizeSource(fs)} spans ${fs.size} bytes (${sectorsText(fsSectors, sectorSize)}), ${sectorsText(excess, sectorSize)} more than the partition, to LBA ${p.start + fsSectors - 1n}. The partition was shrunk, or the filesystem grown, without the other: what lies past LBA ${p.end} belongs to the filesystem too, and may overlap what follows.`,
        p.start,
      );
      continue;
    }
    // Volume managers and encrypted containers fill their partition by design; swap does not.
    if ((fs.usage !== 'filesystem' && fs.type !== 'swap') || fsSectors >= p.size) continue;
    const start = p.start + fsSectors;
    const size = p.size - fsSectors;
    slack.push({ partitionIndex: p.index, start, end: p.end, size });
    if (size * BigInt(sectorSize) >= VOLUME_SLACK_FINDING_BYTES) {
      findings.add(
        'info',
        'VOLUME_SLACK',
        `${what} holds ${describeFilesystem(fs)} of only ${fs.size} bytes (${sectorsText(fsSectors, sectorSize)}) by its own ${sizeSource(fs)}: LBA ${start}-${p.end} (${sectorsText(size, sectorSize)}) after the filesystem's end is volume slack, which the filesystem never uses and where data can hide.`,
        start,
      );
    }
  }
  return slack;
}

/** The disk's own filesystem (no partition table) against the disk: an image cut short. */
export function checkDiskFilesystemSize(
  fs: DetectedFilesystem,
  sectorCount: bigint,
  sectorSize: number,
  findings: FindingCollector,
): void {
  if (fs.size === null || fs.size <= sectorCount * BigInt(sectorSize)) return;
  const fsSectors = sectorsOf(fs.size, sectorSize);
  findings.add(
    'warning',
    'FILESYSTEM_LARGER_THAN_PARTITION',
    `The disk (${sectorsText(sectorCount, sectorSize)}) holds ${describeFilesystem(fs)} that by its own ${sizeSource(fs)} spans ${fs.size} bytes (${sectorsText(fsSectors, sectorSize)}): ${sectorsText(fsSectors - sectorCount, sectorSize)} more than the disk. The image is cut short, or was taken of a smaller device.`,
    0n,
  );
}

function sizeSource(fs: DetectedFilesystem): string {
  switch (fs.type) {
    case 'fat12':
    case 'fat16':
    case 'fat32':
    case 'ntfs':
    case 'exfat':
      return 'boot sector';
    case 'iso9660':
      return 'primary volume descriptor';
    case 'LVM2_member':
    case 'swap':
      return 'header';
    case 'linux_raid_member':
      return 'md superblock';
    case 'apfs':
      return 'container superblock';
    case 'hfsplus':
      return 'volume header';
    default:
      return 'superblock';
  }
}

/** Where in a gap a partition that was deleted most likely started. */
function candidates(gap: Gap, sectorSize: number): bigint[] {
  const mib = (1024n * 1024n) / BigInt(sectorSize) || 1n;
  const alignUp = (lba: bigint, step: bigint): bigint => ((lba + step - 1n) / step) * step;
  const places = [gap.start, alignUp(gap.start, 63n), alignUp(gap.start, mib)];
  return [...new Set(places)].filter(
    (lba) => lba <= gap.end && (gap.end - lba + 1n) * BigInt(sectorSize) >= MIN_GAP_BYTES,
  );
}

/**
 * Looks for a filesystem where a deleted partition would have started in each unallocated gap:
 * its first sector, the first 63-sector (DOS track) and the first 1 MiB boundary in it, as
 * mmls and testdisk users look. Bounded to MAX_GAP_PROBES places per disk.
 */
export async function findGapFilesystems(
  source: SectorSource,
  gaps: readonly Gap[],
  findings: FindingCollector,
): Promise<GapFilesystem[]> {
  const found: GapFilesystem[] = [];
  let probes = 0;
  for (const gap of gaps) {
    for (const start of candidates(gap, source.sectorSize)) {
      if (probes++ >= MAX_GAP_PROBES) return found;
      const fs = await probeFilesystem(source, start, gap.end - start + 1n, findings, null, {
        edges: false,
      });
      if (fs === null) continue;
      const end = fs.size === null ? null : start + sectorsOf(fs.size, source.sectorSize) - 1n;
      found.push({ start, end, gap, filesystem: fs });
      const extent =
        end === null
          ? ''
          : ` By its own ${sizeSource(fs)} it spans LBA ${start}-${end} (${sectorsText(end - start + 1n, source.sectorSize)})${end > gap.end ? `, past the end of this unallocated range into what follows it` : ''}.`;
      findings.add(
        'warning',
        'FILESYSTEM_IN_GAP',
        `Unallocated LBA ${gap.start}-${gap.end} holds ${describeFilesystem(fs)} at LBA ${start}, in no partition: the remains of a deleted or lost partition.${extent} Recover it by recreating a partition from LBA ${start}, on a copy.`,
        start,
      );
      break;
    }
  }
  return found;
}

/**
 * A volume carrying more than one signature: blkid -p refuses it as ambivalent, wipefs -n lists
 * them. What was there before a new format often survives in part.
 */
export function checkSignatures(
  what: string,
  fs: DetectedFilesystem | null,
  lba: bigint,
  findings: FindingCollector,
): void {
  if (!fs?.otherSignatures?.length) return;
  const others = fs.otherSignatures.join(', ');
  findings.add(
    'warning',
    'FILESYSTEM_SIGNATURES_AMBIVALENT',
    `${what} holds ${describeFilesystem(fs)}, and also the signature of ${others}: blkid -p calls this an ambivalent result and names neither (wipefs -n lists them all). A volume formatted over another keeps parts of the old one, which may still be recovered; the ${fs.name} is shown.`,
    lba,
  );
}
