import { crc32 } from 'node:zlib';
import { partitionsReport } from '../cli/partitions-command';
import type { BackupComparison, DiskStructureView, StructureView } from '../shared/contract';
import {
  TEMPLATES,
  analyzeDisk,
  compareBootBackup,
  locateStructures,
  type FieldDifference,
  type SectorSource,
  type StructureLocation,
} from '../shared/disk';
import type { SectorReader } from './reader';

/** The parsers' view of an open disk; an unreadable sector fails the read (never zeros). */
export function readerSectorSource(reader: SectorReader): SectorSource {
  return {
    sectorSize: reader.info.logicalSectorSize,
    sectorCount: reader.info.sectorCount,
    read: async (lba, count) => {
      const { data, unreadable } = await reader.readSectors(lba, count);
      if (unreadable.length > 0)
        throw new Error(`LBA ${unreadable.join(', ')} unreadable (I/O error)`);
      return data;
    },
  };
}

async function readStructure(
  source: SectorSource,
  location: StructureLocation,
): Promise<Uint8Array> {
  const size = BigInt(source.sectorSize);
  const length = BigInt(location.stride * location.count);
  const first = location.byteOffset / size;
  const last = (location.byteOffset + length - 1n) / size;
  const bytes = await source.read(first, Number(last - first + 1n));
  const from = Number(location.byteOffset - first * size);
  return bytes.subarray(from, from + Number(length));
}

/**
 * A backup GPT header differs from the primary by design: it names its own LBA, the other copy's
 * LBA and its own entry array, so its CRC differs too. Those fields are checked for consistency
 * by the analysis itself (as findings); the comparison shows only the differences that matter.
 */
const EXPECTED_GPT_BACKUP_DIFFERENCES = new Set([
  'Header CRC32',
  'Current LBA',
  'Backup LBA',
  'Entry array LBA',
]);

function meaningfulDifferences(
  template: string,
  differences: FieldDifference[],
): FieldDifference[] {
  if (template !== 'gpt-header') return differences;
  return differences.filter((d) => !EXPECTED_GPT_BACKUP_DIFFERENCES.has(d.name));
}

async function compareBackups(
  source: SectorSource,
  locations: StructureLocation[],
): Promise<BackupComparison[]> {
  const byId = new Map(locations.map((location) => [location.id, location]));
  const comparisons: BackupComparison[] = [];
  for (const backup of locations) {
    const primary = backup.backupOf ? byId.get(backup.backupOf) : undefined;
    if (!primary || primary.template !== backup.template) continue;
    try {
      const [a, b] = await Promise.all([
        readStructure(source, primary),
        readStructure(source, backup),
      ]);
      const differences = meaningfulDifferences(
        primary.template,
        compareBootBackup(a, b, TEMPLATES[primary.template]),
      );
      comparisons.push({ structure: primary.id, backup: backup.id, differences, error: null });
    } catch (error) {
      comparisons.push({
        structure: primary.id,
        backup: backup.id,
        differences: [],
        error: (error as Error).message,
      });
    }
  }
  return comparisons;
}

function structureView(location: StructureLocation): StructureView {
  return {
    id: location.id,
    template: location.template,
    label: location.label,
    byteOffset: location.byteOffset.toString(),
    lba: location.lba.toString(),
    count: location.count,
    stride: location.stride,
    partitionIndex: location.partitionIndex,
    backupOf: location.backupOf,
  };
}

/** Partition tables, gaps, findings, structure locations and backup comparisons of a disk. */
export async function describeDiskStructure(reader: SectorReader): Promise<DiskStructureView> {
  const source = readerSectorSource(reader);
  const layout = await analyzeDisk(source, { crc32 });
  const locations = locateStructures(layout);
  return {
    report: partitionsReport(layout),
    structures: locations.map(structureView),
    backups: await compareBackups(source, locations),
  };
}
