import {
  BPB,
  EXTENDED_BOOT_SIGNATURE,
  FAT_EXTENDED_BPB,
  FAT32_BPB,
  hasBootSignature,
  readUint,
} from '../bpb-fields';
import { fixedLatin1, u8 } from '../bytes';
import {
  backupOf,
  bootSector,
  type DetectedFilesystem,
  type FilesystemStructure,
  formatVolumeSerial,
} from './filesystem-types';

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
  if (!hasBootSignature(bytes)) return null;
  const jump = u8(bytes, BPB.jump.offset); // EB xx 90 (short jump) or E9 xx xx (near jump)
  if (jump !== 0xeb && jump !== 0xe9) return null;
  const bytesPerSector = readUint(bytes, BPB.bytesPerSector);
  const sectorsPerCluster = readUint(bytes, BPB.sectorsPerCluster);
  const reservedSectors = readUint(bytes, BPB.reservedSectors);
  const fatCount = readUint(bytes, BPB.fatCount);
  const rootEntries = readUint(bytes, BPB.rootEntries);
  const media = readUint(bytes, BPB.media);
  const fatSize16 = readUint(bytes, BPB.sectorsPerFat16);
  const totalSectors = readUint(bytes, BPB.totalSectors16) || readUint(bytes, BPB.totalSectors32);
  const fatSize = fatSize16 || readUint(bytes, FAT32_BPB.sectorsPerFat32);
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
  const extended = FAT_EXTENDED_BPB[type === 'fat32' ? 'fat32' : 'fat1216'];
  const hasExtendedBpb = readUint(bytes, extended.bootSignature) === EXTENDED_BOOT_SIGNATURE;
  const { volumeLabel } = extended;
  const rawLabel = hasExtendedBpb ? fixedLatin1(bytes, volumeLabel.offset, volumeLabel.size) : '';
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
    volumeId: hasExtendedBpb ? readUint(bytes, extended.volumeId) : null,
    label: rawLabel === '' || rawLabel === 'NO NAME' ? null : rawLabel,
    fsInfoSector: type === 'fat32' ? readUint(bytes, FAT32_BPB.fsInfoSector) : null,
    backupBootSector: type === 'fat32' ? readUint(bytes, FAT32_BPB.backupBootSector) : null,
  };
}

function fat32Structures(bpb: FatBootSector, partitionBytes: bigint): FilesystemStructure[] {
  const sector = BigInt(bpb.bytesPerSector);
  const fits = (n: number): boolean =>
    n >= 1 && n < bpb.reservedSectors && BigInt(n + 1) * sector <= partitionBytes;
  const fsInfo = bpb.fsInfoSector ?? 0;
  const backup = bpb.backupBootSector ?? 0;
  const boot = bootSector('fat32-boot', 'FAT32 boot sector');
  const fsInfoSector: FilesystemStructure = {
    id: 'fsinfo',
    template: 'fat32-fsinfo',
    offset: BigInt(fsInfo) * sector,
    label: 'FAT32 FSInfo sector',
  };
  const structures = [boot];
  if (fits(fsInfo)) structures.push(fsInfoSector);
  if (fits(backup)) {
    const backupAt = BigInt(backup) * sector;
    structures.push(backupOf(boot, backupAt, 'FAT32 backup boot sector'));
    if (fits(fsInfo) && fits(backup + fsInfo)) {
      const label = 'FAT32 backup FSInfo sector';
      structures.push(backupOf(fsInfoSector, backupAt + fsInfoSector.offset, label));
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
      : [bootSector('fat1216-boot', 'FAT boot sector')];
  return {
    type: boot.type,
    name: boot.type.toUpperCase(),
    label: boot.label,
    uuid: boot.volumeId === null ? null : formatVolumeSerial(boot.volumeId),
    structures,
  };
}
