import { hasBootSignature, readUint } from '../bpb-fields';
import { hasSignature, isAllZero } from '../bytes';
import { EXFAT_BOOT } from '../templates/volume-templates';
import {
  backupOf,
  bootSector,
  type DetectedFilesystem,
  formatVolumeSerial,
} from './filesystem-types';

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

export function detectExfat(bytes: Uint8Array, partitionBytes: bigint): DetectedFilesystem | null {
  if (!isExfatBootSector(bytes)) return null;
  const sectorSize = 1n << BigInt(readUint(bytes, EXFAT_BOOT.sectorShift));
  const backupOffset = BigInt(EXFAT_BACKUP_BOOT_SECTOR) * sectorSize;
  const boot = bootSector('exfat-boot', 'exFAT boot sector');
  const structures = [boot];
  if (backupOffset + sectorSize <= partitionBytes) {
    structures.push(backupOf(boot, backupOffset, 'exFAT backup boot sector'));
  }
  return {
    type: 'exfat',
    name: 'exFAT',
    label: null,
    uuid: formatVolumeSerial(readUint(bytes, EXFAT_BOOT.volumeSerial)),
    structures,
  };
}
