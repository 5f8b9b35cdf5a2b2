import { hasSignature, isAllZero, u16le, u32le, u8 } from '../bytes';
import type { DetectedFilesystem, FilesystemStructure } from './filesystem-types';

/** The main boot region is sectors 0-11; its backup copy starts at sector 12. */
export const EXFAT_BACKUP_BOOT_SECTOR = 12;

export function isExfatBootSector(bytes: Uint8Array): boolean {
  if (bytes.length < 512 || !hasSignature(bytes, 3, 'EXFAT   ')) return false;
  if (!isAllZero(bytes, 11, 53) || u16le(bytes, 510) !== 0xaa55) return false;
  const sectorShift = u8(bytes, 108);
  const clusterShift = u8(bytes, 109);
  return sectorShift >= 9 && sectorShift <= 12 && clusterShift <= 25 - sectorShift;
}

export function detectExfat(bytes: Uint8Array, partitionBytes: bigint): DetectedFilesystem | null {
  if (!isExfatBootSector(bytes)) return null;
  const sectorSize = 1n << BigInt(u8(bytes, 108));
  const backupOffset = BigInt(EXFAT_BACKUP_BOOT_SECTOR) * sectorSize;
  const structures: FilesystemStructure[] = [
    { id: 'boot', template: 'exfat-boot', offset: 0n, label: 'exFAT boot sector' },
  ];
  if (backupOffset + sectorSize <= partitionBytes) {
    structures.push({
      id: 'backup-boot',
      template: 'exfat-boot',
      offset: backupOffset,
      label: 'exFAT backup boot sector',
      backupOf: 'boot',
    });
  }
  const serial = u32le(bytes, 100).toString(16).toUpperCase().padStart(8, '0');
  return {
    type: 'exfat',
    name: 'exFAT',
    label: null,
    uuid: `${serial.slice(0, 4)}-${serial.slice(4)}`,
    structures,
  };
}
