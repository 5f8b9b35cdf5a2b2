import { hasSignature, u16le, u64le, u8 } from '../bytes';
import type { DetectedFilesystem, FilesystemStructure } from './filesystem-types';

export function isNtfsBootSector(bytes: Uint8Array): boolean {
  if (bytes.length < 512 || !hasSignature(bytes, 3, 'NTFS    ')) return false;
  const bytesPerSector = u16le(bytes, 11);
  return (
    u16le(bytes, 510) === 0xaa55 &&
    bytesPerSector >= 256 &&
    bytesPerSector <= 4096 &&
    (bytesPerSector & (bytesPerSector - 1)) === 0 &&
    u8(bytes, 13) !== 0
  );
}

export function detectNtfs(bytes: Uint8Array, partitionBytes: bigint): DetectedFilesystem | null {
  if (!isNtfsBootSector(bytes)) return null;
  const bytesPerSector = BigInt(u16le(bytes, 11));
  // The volume's sector count leaves out the last sector, which holds the backup boot sector.
  const backupOffset = u64le(bytes, 40) * bytesPerSector;
  const structures: FilesystemStructure[] = [
    { id: 'boot', template: 'ntfs-boot', offset: 0n, label: 'NTFS boot sector' },
  ];
  if (backupOffset > 0n && backupOffset + bytesPerSector <= partitionBytes) {
    structures.push({
      id: 'backup-boot',
      template: 'ntfs-boot',
      offset: backupOffset,
      label: 'NTFS backup boot sector',
      backupOf: 'boot',
    });
  }
  return {
    type: 'ntfs',
    name: 'NTFS',
    label: null,
    uuid: u64le(bytes, 72).toString(16).toUpperCase().padStart(16, '0'),
    structures,
  };
}
