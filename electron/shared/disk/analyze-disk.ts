import { chooseScheme } from './detect-scheme';
import type { FilesystemType } from './filesystems/filesystem-types';
import { probeFilesystem } from './filesystems/probe-filesystem';
import { FindingCollector } from './findings';
import type { Crc32 } from './gpt/gpt-header';
import { gptPartitions } from './gpt/gpt-partitions';
import { checkProtectiveMbr } from './gpt/protective-mbr';
import { uncoveredRanges } from './layout/gaps';
import type { DiskLayout, Partition } from './layout/layout-types';
import { buildMmlsSlots } from './layout/mmls-slots';
import {
  checkBounds,
  checkOverlaps,
  checkTableOverlaps,
  checkUsableRange,
  dataPartitions,
} from './layout/partition-checks';
import { collectTableAreas } from './layout/table-areas';
import {
  checkDiskFilesystemSize,
  checkFilesystemSizes,
  checkSignatures,
  findGapFilesystems,
} from './layout/volume-checks';
import type { EbrRecord } from './mbr/ebr-chain';
import { readMbrScheme } from './mbr/mbr-partitions';
import { decodeMbrSector } from './mbr/mbr-table';
import { readSectors } from './read-sectors';
import type { SectorSource } from './sector-source';

export interface AnalyzeOptions {
  /** CRC-32 (IEEE, as zlib): Node callers pass zlib.crc32. */
  crc32: Crc32;
  /** Look for a filesystem at the start of each partition (default true). */
  detectFilesystems?: boolean;
}

/** Filesystem detection reads a few sectors per partition; beyond this many it stops. */
const MAX_FILESYSTEM_PROBES = 256;

/**
 * What may lie at the start of a partitioned disk without a partition covering it: an ISO 9660
 * or UDF volume, whose descriptors start at 32 KiB, past the partition table (a hybrid ISO).
 */
const DISK_LEVEL_TYPES: readonly FilesystemType[] = ['iso9660', 'udf'];

function emptyLayout(sectorSize: number, sectorCount: bigint): DiskLayout {
  return {
    scheme: 'none',
    sectorSize,
    sectorCount,
    diskId: null,
    partitions: [],
    slots: [],
    gaps: [],
    tableAreas: [],
    findings: [],
    mbr: null,
    ebrs: [],
    gpt: null,
    hybridMbr: false,
    filesystem: null,
    filesystemPartition: null,
    volumeSlack: [],
    gapFilesystems: [],
  };
}

function isValidSectorSize(size: unknown): size is number {
  return (
    typeof size === 'number' &&
    Number.isInteger(size) &&
    size >= 512 &&
    size <= 65536 &&
    (size & (size - 1)) === 0
  );
}

async function detectPartitionFilesystems(
  source: SectorSource,
  partitions: Partition[],
  findings: FindingCollector,
): Promise<void> {
  const data = dataPartitions(partitions);
  if (data.length > MAX_FILESYSTEM_PROBES) {
    findings.add(
      'info',
      'FILESYSTEM_DETECTION_LIMIT',
      `Filesystems were detected in the first ${MAX_FILESYSTEM_PROBES} of ${data.length} partitions only.`,
    );
  }
  for (const partition of data.slice(0, MAX_FILESYSTEM_PROBES)) {
    partition.filesystem = await probeFilesystem(
      source,
      partition.start,
      partition.size,
      findings,
      `partition ${partition.index}`,
    );
    checkSignatures(
      `Partition ${partition.index}`,
      partition.filesystem,
      partition.start,
      findings,
    );
  }
}

async function analyze(
  source: SectorSource,
  options: AnalyzeOptions,
  findings: FindingCollector,
): Promise<DiskLayout> {
  const { sectorSize, sectorCount } = source;
  const layout = emptyLayout(sectorSize, sectorCount);
  const sector0 = await readSectors(source, 0n, 1);
  if (!sector0.ok) {
    findings.add('error', 'READ_FAILED', `LBA 0 could not be read: ${sector0.message}`, 0n);
    return layout;
  }
  const mbr = decodeMbrSector(sector0.bytes, 0n);
  const detect = options.detectFilesystems !== false;
  const { scheme, gpt, volumeAtZero } = await chooseScheme(
    source,
    mbr,
    options.crc32,
    detect,
    findings,
  );

  let partitions: Partition[] = [];
  let ebrs: EbrRecord[] = [];
  if (scheme === 'gpt' && gpt !== null) {
    partitions = gptPartitions(gpt, sectorSize, findings);
    layout.hybridMbr = checkProtectiveMbr(mbr, sectorCount, gpt.entries, findings);
    checkUsableRange(partitions, gpt.header, findings);
    layout.diskId = gpt.header.diskGuid;
  } else if (scheme === 'mbr' && mbr !== null) {
    ({ partitions, ebrs } = await readMbrScheme(source, mbr, findings));
    layout.diskId = mbr.diskId;
  }

  const tableAreas = collectTableAreas(scheme, mbr, ebrs, gpt);
  checkBounds(partitions, sectorCount, findings);
  checkOverlaps(partitions, findings);
  if (detect) await detectPartitionFilesystems(source, partitions, findings);
  checkTableOverlaps(partitions, tableAreas, findings);

  // The disk's own filesystem: a superfloppy's, or one the partition table only describes.
  let filesystem = volumeAtZero;
  let filesystemPartition: number | null = null;
  if (detect && scheme !== 'none') {
    const atZero = dataPartitions(partitions).find((p) => p.start === 0n && p.filesystem);
    if (atZero) {
      filesystem = atZero.filesystem;
      filesystemPartition = atZero.index;
    } else {
      filesystem = await probeFilesystem(source, 0n, sectorCount, findings, null, {
        only: DISK_LEVEL_TYPES,
      });
    }
  }
  if (detect && scheme === 'none' && filesystem !== null) {
    checkDiskFilesystemSize(filesystem, sectorCount, sectorSize, findings);
    checkSignatures('The disk', filesystem, 0n, findings);
  }
  const volumeSlack = detect ? checkFilesystemSizes(partitions, sectorSize, findings) : [];

  const covered = [
    ...tableAreas.map((area) => ({ start: area.start, length: area.length })),
    ...dataPartitions(partitions).map((p) => ({ start: p.start, length: p.size })),
  ];
  const gaps = uncoveredRanges(covered, sectorCount);
  const gapFilesystems =
    detect && scheme !== 'none' ? await findGapFilesystems(source, gaps, findings) : [];
  return {
    ...layout,
    scheme,
    partitions,
    slots: buildMmlsSlots(scheme, sectorCount, mbr, ebrs, gpt, partitions),
    gaps,
    tableAreas,
    mbr,
    ebrs,
    gpt,
    filesystem,
    filesystemPartition,
    volumeSlack,
    gapFilesystems,
  };
}

/**
 * Reads the partition tables of a disk: MBR with its EBR chain, or GPT (both copies, CRCs
 * checked), the filesystem at the start of each partition, the mmls-style layout and the gaps.
 * Never throws: every problem, including failed reads, becomes a finding.
 */
export async function analyzeDisk(
  source: SectorSource,
  options: AnalyzeOptions,
): Promise<DiskLayout> {
  const findings = new FindingCollector();
  const sectorSize = source.sectorSize;
  const rawCount: unknown = source.sectorCount;
  const sectorCount =
    typeof rawCount === 'bigint'
      ? rawCount
      : typeof rawCount === 'number' && Number.isSafeInteger(rawCount)
        ? BigInt(rawCount)
        : -1n;
  if (!isValidSectorSize(sectorSize) || sectorCount < 0n) {
    findings.add(
      'error',
      'SOURCE_INVALID',
      `The disk reports ${String(sectorSize)}-byte sectors and ${String(rawCount)} sectors; partition tables can only be read with a power-of-two sector size from 512 to 65536 bytes and a sector count of 0 or more.`,
    );
    const layout = emptyLayout(
      isValidSectorSize(sectorSize) ? sectorSize : 0,
      sectorCount < 0n ? 0n : sectorCount,
    );
    return { ...layout, findings: findings.result() };
  }
  const checked: SectorSource =
    sectorCount === source.sectorCount
      ? source
      : { sectorSize, sectorCount, read: (lba, count) => source.read(lba, count) };
  if (sectorCount === 0n) {
    findings.add(
      'error',
      'SOURCE_INVALID',
      'The disk is empty (0 sectors): there is nothing to analyse.',
    );
    return { ...emptyLayout(sectorSize, 0n), findings: findings.result() };
  }
  try {
    const layout = await analyze(checked, options, findings);
    return { ...layout, findings: findings.result() };
  } catch (error) {
    // Not expected (the parsers check every length); kept so one bug cannot blank the whole view.
    findings.add(
      'error',
      'ANALYSIS_FAILED',
      `The partition tables could not be fully analysed because of an internal error (${error instanceof Error ? error.message : String(error)}). Please report it with the disk's first and last sectors.`,
    );
    return { ...emptyLayout(sectorSize, sectorCount), findings: findings.result() };
  }
}
