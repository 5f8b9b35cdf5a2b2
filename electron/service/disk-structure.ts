import { crc32 } from 'node:zlib';

import type { BackupComparison, DiskStructureView, StructureView } from '../shared/contract';
import {
  analyzeDisk,
  compareBackup,
  locateStructures,
  partitionsReport,
  type SectorSource,
  type StructureLocation,
} from '../shared/disk';
import { parserSectors, type EvidenceSource } from '../source';

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
      const { differences, expected } = compareBackup(a, b, primary.template);
      comparisons.push({
        structure: primary.id,
        backup: backup.id,
        differences,
        expected,
        error: null,
      });
    } catch (error) {
      comparisons.push({
        structure: primary.id,
        backup: backup.id,
        differences: [],
        expected: [],
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
export async function describeDiskStructure(evidence: EvidenceSource): Promise<DiskStructureView> {
  const source = parserSectors(evidence);
  const layout = await analyzeDisk(source, { crc32 });
  const locations = locateStructures(layout);
  return {
    report: partitionsReport(layout),
    structures: locations.map(structureView),
    backups: await compareBackups(source, locations),
  };
}
