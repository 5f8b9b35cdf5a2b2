import { hasBootSignature, readUint } from '../bpb-fields';
import { hasSignature, isAllZero, u32le, u64le } from '../bytes';
import { EXFAT_BOOT } from '../templates/volume-templates';
import { utf16Label } from './blkid-text';
import {
  backupOf,
  bootSector,
  type DetectedFilesystem,
  formatVolumeSerial,
} from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

/** The main boot region is sectors 0-11; its backup copy starts at sector 12. */
export const EXFAT_BACKUP_BOOT_SECTOR = 12;

export function isExfatBootSector(bytes: Uint8Array): boolean {
  const { name, mustBeZero } = EXFAT_BOOT;
  if (!hasBootSignature(bytes) || !hasSignature(bytes, name.offset, 'EXFAT   ')) return false;
  if (!isAllZero(bytes, mustBeZero.offset, mustBeZero.size)) return false;
  const sectorShift = readUint(bytes, EXFAT_BOOT.sectorShift);
  const clusterShift = readUint(bytes, EXFAT_BOOT.clusterShift);
  return sectorShift >= 9 && sectorShift <= 12 && clusterShift <= 25 - sectorShift;
}

const ENTRY_END = 0x00;
const ENTRY_LABEL = 0x83;
const MAX_DIRECTORY_READ = 64 * 1024;
const MAX_ROOT_CLUSTERS = 4;

/**
 * The volume label entry (0x83) of the root directory, as blkid reads it: its character count,
 * then up to 11 UTF-16LE characters. Reads the first clusters of the directory only.
 */
async function rootDirectoryLabel(boot: Uint8Array, volume: VolumeBytes): Promise<string | null> {
  const sectorShift = BigInt(readUint(boot, EXFAT_BOOT.sectorShift));
  const clusterShift = BigInt(readUint(boot, EXFAT_BOOT.clusterShift));
  const heap = BigInt(readUint(boot, EXFAT_BOOT.clusterHeapOffset));
  const fatStart = BigInt(readUint(boot, EXFAT_BOOT.fatOffset)) << sectorShift;
  const clusterBytes = 1n << (sectorShift + clusterShift);
  let cluster = readUint(boot, EXFAT_BOOT.rootCluster);
  for (let n = 0; n < MAX_ROOT_CLUSTERS && cluster >= 2 && cluster <= 0xffffff6; n++) {
    const at = (heap + (BigInt(cluster - 2) << clusterShift)) << sectorShift;
    const length = Number(clusterBytes < MAX_DIRECTORY_READ ? clusterBytes : MAX_DIRECTORY_READ);
    const dir = await volume.read(at, length);
    if (dir === null) return null;
    for (let entry = 0; entry + 32 <= dir.length; entry += 32) {
      if (dir[entry] === ENTRY_END) return null;
      if (dir[entry] === ENTRY_LABEL) {
        const characters = Math.min((dir[entry + 1] ?? 0) * 2, 22);
        return utf16Label(dir, entry + 2, characters, true);
      }
    }
    if (clusterBytes > MAX_DIRECTORY_READ) return null;
    const next = await volume.read(fatStart + BigInt(cluster) * 4n, 4);
    if (next === null) return null;
    cluster = u32le(next, 0);
  }
  return null;
}

/** An exFAT volume, its label read from the root directory (asynchronous once recognised). */
export function detectExfat(
  volume: VolumeBytes,
): DetectedFilesystem | null | Promise<DetectedFilesystem> {
  return isExfatBootSector(volume.head) ? describeExfat(volume) : null;
}

async function describeExfat(volume: VolumeBytes): Promise<DetectedFilesystem> {
  const bytes = volume.head;
  const sectorShift = BigInt(readUint(bytes, EXFAT_BOOT.sectorShift));
  const sectorSize = 1n << sectorShift;
  const backupOffset = BigInt(EXFAT_BACKUP_BOOT_SECTOR) * sectorSize;
  const boot = bootSector('exfat-boot', 'exFAT boot sector');
  const structures = [boot];
  if (backupOffset + sectorSize <= volume.size) {
    structures.push(backupOf(boot, backupOffset, 'exFAT backup boot sector'));
  }
  return {
    type: 'exfat',
    name: 'exFAT',
    usage: 'filesystem',
    label: await rootDirectoryLabel(bytes, volume),
    uuid: formatVolumeSerial(readUint(bytes, EXFAT_BOOT.volumeSerial)),
    size: u64le(bytes, EXFAT_BOOT.volumeLength.offset) << sectorShift,
    structures,
  };
}
