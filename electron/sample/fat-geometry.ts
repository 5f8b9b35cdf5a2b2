// Where the regions of a FAT16 or FAT32 volume lie, following Microsoft's FAT specification
// (fatgen103): reserved sectors, two FATs, the fixed FAT16 root directory, then the clusters.

import { SECTOR_SIZE } from './disk-extent';

export type FatType = 16 | 32;

/** Cluster-count limits that decide the FAT type (fatgen103, "FAT Type Determination"). */
const CLUSTER_LIMITS: Record<FatType, { min: number; max: number }> = {
  16: { min: 4085, max: 65524 },
  32: { min: 65525, max: 0x0ffffff5 },
};

export interface FatGeometry {
  fatType: FatType;
  totalSectors: number;
  sectorsPerCluster: number;
  reservedSectors: number;
  fatCount: number;
  sectorsPerFat: number;
  rootEntryCount: number;
  rootDirSectors: number;
  /** Sector (from the volume start) of cluster 2. */
  firstDataSector: number;
  clusterCount: number;
}

export function planFatGeometry(
  fatType: FatType,
  totalSectors: number,
  sectorsPerCluster: number,
): FatGeometry {
  if (![1, 2, 4, 8, 16, 32, 64, 128].includes(sectorsPerCluster)) {
    throw new Error(
      `Sectors per cluster must be a power of two up to 128, not ${sectorsPerCluster}.`,
    );
  }
  const reservedSectors = fatType === 32 ? 32 : 1;
  const fatCount = 2;
  const rootEntryCount = fatType === 32 ? 0 : 512;
  const rootDirSectors = Math.ceil((rootEntryCount * 32) / SECTOR_SIZE);
  // fatgen103's FAT size formula: never too small, at most a few sectors too big.
  const afterFixed = totalSectors - (reservedSectors + rootDirSectors);
  let divisor = 256 * sectorsPerCluster + fatCount;
  if (fatType === 32) divisor /= 2;
  const sectorsPerFat = Math.ceil(afterFixed / divisor);
  const firstDataSector = reservedSectors + fatCount * sectorsPerFat + rootDirSectors;
  const clusterCount = Math.floor((totalSectors - firstDataSector) / sectorsPerCluster);

  const limits = CLUSTER_LIMITS[fatType];
  if (clusterCount < limits.min || clusterCount > limits.max) {
    throw new Error(
      `FAT${fatType} needs ${limits.min} to ${limits.max} clusters; ${totalSectors} sectors ` +
        `with ${sectorsPerCluster} sector(s) per cluster give ${clusterCount}. ` +
        'Change the volume size or the cluster size.',
    );
  }
  const entriesPerFat = (sectorsPerFat * SECTOR_SIZE) / (fatType / 8);
  if (entriesPerFat < clusterCount + 2) throw new Error('FAT too small for its clusters.');
  return {
    fatType,
    totalSectors,
    sectorsPerCluster,
    reservedSectors,
    fatCount,
    sectorsPerFat,
    rootEntryCount,
    rootDirSectors,
    firstDataSector,
    clusterCount,
  };
}

export function clusterByteOffset(geometry: FatGeometry, cluster: number): number {
  return (geometry.firstDataSector + (cluster - 2) * geometry.sectorsPerCluster) * SECTOR_SIZE;
}

export function fatByteOffset(geometry: FatGeometry, copy: number): number {
  return (geometry.reservedSectors + copy * geometry.sectorsPerFat) * SECTOR_SIZE;
}

/** The fixed root directory region of FAT16 (FAT32 keeps its root in clusters). */
export function rootRegionByteOffset(geometry: FatGeometry): number {
  return (geometry.reservedSectors + geometry.fatCount * geometry.sectorsPerFat) * SECTOR_SIZE;
}
