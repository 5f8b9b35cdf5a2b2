import { fixedLatin1, u16le, u32le, u8 } from '../bytes';
import type { DetectedFilesystem, FilesystemStructure } from './filesystem-types';

export interface FatBootSector {
  type: 'fat12' | 'fat16' | 'fat32';
  bytesPerSector: number;
  sectorsPerCluster: number;
  reservedSectors: number;
  fatCount: number;
  rootEntries: number;
  totalSectors: number;
  fatSize: number;
  clusterCount: number;
  volumeId: number | null;
  label: string | null;
  /** FAT32 only: sector of the FSInfo structure and of the backup boot sector. */
  fsInfoSector: number | null;
  backupBootSector: number | null;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** Parses a FAT12/16/32 boot sector; null when the BPB is not plausible. */
export function parseFatBootSector(bytes: Uint8Array): FatBootSector | null {
  if (bytes.length < 512 || u16le(bytes, 510) !== 0xaa55) return null;
  const jump = u8(bytes, 0);
  if (jump !== 0xeb && jump !== 0xe9) return null;
  const bytesPerSector = u16le(bytes, 11);
  const sectorsPerCluster = u8(bytes, 13);
  const reservedSectors = u16le(bytes, 14);
  const fatCount = u8(bytes, 16);
  const rootEntries = u16le(bytes, 17);
  const media = u8(bytes, 21);
  const fatSize16 = u16le(bytes, 22);
  const totalSectors = u16le(bytes, 19) || u32le(bytes, 32);
  const fatSize = fatSize16 || u32le(bytes, 36);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) return null;
  if (!isPowerOfTwo(sectorsPerCluster) || sectorsPerCluster > 128) return null;
  if (reservedSectors < 1 || fatCount < 1 || fatCount > 4) return null;
  if (media !== 0xf0 && media < 0xf8) return null;
  if (totalSectors === 0 || fatSize === 0) return null;
  const rootDirSectors = Math.ceil((rootEntries * 32) / bytesPerSector);
  const dataSectors = totalSectors - (reservedSectors + fatCount * fatSize + rootDirSectors);
  if (dataSectors <= 0) return null;
  const clusterCount = Math.floor(dataSectors / sectorsPerCluster);
  // The FAT32 layout is marked by a zero 16-bit FAT size; the cluster count tells FAT12 from 16.
  const type = fatSize16 === 0 ? 'fat32' : clusterCount < 4085 ? 'fat12' : 'fat16';
  const extended = type === 'fat32' ? 64 : 36;
  const hasExtendedBpb = u8(bytes, extended + 2) === 0x29;
  const rawLabel = hasExtendedBpb ? fixedLatin1(bytes, extended + 7, 11) : '';
  return {
    type,
    bytesPerSector,
    sectorsPerCluster,
    reservedSectors,
    fatCount,
    rootEntries,
    totalSectors,
    fatSize,
    clusterCount,
    volumeId: hasExtendedBpb ? u32le(bytes, extended + 3) : null,
    label: rawLabel === '' || rawLabel === 'NO NAME' ? null : rawLabel,
    fsInfoSector: type === 'fat32' ? u16le(bytes, 48) : null,
    backupBootSector: type === 'fat32' ? u16le(bytes, 50) : null,
  };
}

function formatVolumeId(id: number): string {
  const text = id.toString(16).toUpperCase().padStart(8, '0');
  return `${text.slice(0, 4)}-${text.slice(4)}`;
}

function fat32Structures(boot: FatBootSector, partitionBytes: bigint): FilesystemStructure[] {
  const structures: FilesystemStructure[] = [
    { id: 'boot', template: 'fat32-boot', offset: 0n, label: 'FAT32 boot sector' },
  ];
  const sector = BigInt(boot.bytesPerSector);
  const fits = (n: number): boolean =>
    n >= 1 && n < boot.reservedSectors && BigInt(n + 1) * sector <= partitionBytes;
  const fsInfo = boot.fsInfoSector ?? 0;
  const backup = boot.backupBootSector ?? 0;
  if (fits(fsInfo)) {
    structures.push({
      id: 'fsinfo',
      template: 'fat32-fsinfo',
      offset: BigInt(fsInfo) * sector,
      label: 'FAT32 FSInfo sector',
    });
  }
  if (fits(backup)) {
    structures.push({
      id: 'backup-boot',
      template: 'fat32-boot',
      offset: BigInt(backup) * sector,
      label: 'FAT32 backup boot sector',
      backupOf: 'boot',
    });
    if (fits(fsInfo) && fits(backup + fsInfo)) {
      structures.push({
        id: 'backup-fsinfo',
        template: 'fat32-fsinfo',
        offset: BigInt(backup + fsInfo) * sector,
        label: 'FAT32 backup FSInfo sector',
        backupOf: 'fsinfo',
      });
    }
  }
  return structures;
}

export function detectFat(bytes: Uint8Array, partitionBytes: bigint): DetectedFilesystem | null {
  const boot = parseFatBootSector(bytes);
  if (boot === null) return null;
  const structures: FilesystemStructure[] =
    boot.type === 'fat32'
      ? fat32Structures(boot, partitionBytes)
      : [{ id: 'boot', template: 'fat1216-boot', offset: 0n, label: 'FAT boot sector' }];
  return {
    type: boot.type,
    name: boot.type.toUpperCase(),
    label: boot.label,
    uuid: boot.volumeId === null ? null : formatVolumeId(boot.volumeId),
    structures,
  };
}
