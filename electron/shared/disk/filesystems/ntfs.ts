import { hasBootSignature, readUint } from '../bpb-fields';
import { hasSignature, u64le } from '../bytes';
import { NTFS_BOOT } from '../templates/volume-templates';
import { backupOf, bootSector, type DetectedFilesystem } from './filesystem-types';

export function isNtfsBootSector(bytes: Uint8Array): boolean {
  if (!hasBootSignature(bytes) || !hasSignature(bytes, NTFS_BOOT.oemId.offset, 'NTFS    ')) {
    return false;
  }
  const bytesPerSector = readUint(bytes, NTFS_BOOT.bytesPerSector);
  return (
    bytesPerSector >= 256 &&
    bytesPerSector <= 4096 &&
    (bytesPerSector & (bytesPerSector - 1)) === 0 &&
    readUint(bytes, NTFS_BOOT.sectorsPerCluster) !== 0
  );
}

export function detectNtfs(bytes: Uint8Array, partitionBytes: bigint): DetectedFilesystem | null {
  if (!isNtfsBootSector(bytes)) return null;
  const bytesPerSector = BigInt(readUint(bytes, NTFS_BOOT.bytesPerSector));
  // The volume's sector count leaves out the last sector, which holds the backup boot sector.
  const backupOffset = u64le(bytes, NTFS_BOOT.totalSectors.offset) * bytesPerSector;
  const boot = bootSector('ntfs-boot', 'NTFS boot sector');
  const structures = [boot];
  if (backupOffset > 0n && backupOffset + bytesPerSector <= partitionBytes) {
    structures.push(backupOf(boot, backupOffset, 'NTFS backup boot sector'));
  }
  return {
    type: 'ntfs',
    name: 'NTFS',
    label: null,
    uuid: u64le(bytes, NTFS_BOOT.volumeSerial.offset).toString(16).toUpperCase().padStart(16, '0'),
    structures,
  };
}
