import {
  BPB,
  EXTENDED_BOOT_SIGNATURE,
  FAT_EXTENDED_BPB,
  FAT32_BPB,
  hasBootSignature,
  readUint,
} from '../bpb-fields';
import { u32le, u8 } from '../bytes';
import { rawLabel } from './blkid-text';
import {
  backupOf,
  bootSector,
  type DetectedFilesystem,
  type FilesystemStructure,
  formatVolumeSerial,
} from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

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
  /** The label in the boot sector (blkid's LABEL_FATBOOT); the root directory holds LABEL. */
  label: string | null;
  /** FAT32 only: first cluster of the root directory. */
  rootCluster: number;
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
  // blkid's limits: no more clusters than the FAT's width can address.
  if (clusterCount > (fatSize16 === 0 ? 0x0ffffff6 : 0xfff4)) return null;
  // The FAT32 layout is marked by a zero 16-bit FAT size; the cluster count tells FAT12 from 16.
  const type = fatSize16 === 0 ? 'fat32' : clusterCount < 4085 ? 'fat12' : 'fat16';
  const extended = FAT_EXTENDED_BPB[type === 'fat32' ? 'fat32' : 'fat1216'];
  const signature = readUint(bytes, extended.bootSignature);
  const hasExtendedBpb = signature === EXTENDED_BOOT_SIGNATURE;
  // blkid takes the serial of FAT32 always, of FAT12/16 after a 0x28 or 0x29 signature.
  const hasSerial = type === 'fat32' || hasExtendedBpb || signature === 0x28;
  const { volumeLabel } = extended;
  const bootLabel = hasExtendedBpb ? rawLabel(bytes, volumeLabel.offset, volumeLabel.size) : null;
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
    volumeId: hasSerial ? readUint(bytes, extended.volumeId) : null,
    label: bootLabel === 'NO NAME' ? null : bootLabel,
    rootCluster: type === 'fat32' ? readUint(bytes, FAT32_BPB.rootCluster) : 0,
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

/** Directory entries read at most when looking for the volume label. */
const MAX_LABEL_SEARCH_BYTES = 64 * 1024;
const MAX_ROOT_CLUSTERS = 4;
const ATTR_VOLUME_ID = 0x08;
const ATTR_DIRECTORY = 0x10;
const ATTR_LONG_NAME = 0x0f;

/**
 * The volume label entry of a root directory, as blkid finds it: the first entry (before the end
 * marker) that is in use, has no cluster, is not a long-name entry and is a volume ID.
 */
function labelEntry(dir: Uint8Array): { found: string | null; ended: boolean } {
  for (let at = 0; at + 32 <= dir.length; at += 32) {
    const first = dir[at];
    if (first === 0) return { found: null, ended: true };
    const attr = dir[at + 11] ?? 0;
    const cluster =
      (dir[at + 20] ?? 0) | (dir[at + 21] ?? 0) | (dir[at + 26] ?? 0) | (dir[at + 27] ?? 0);
    if (first === 0xe5 || cluster !== 0 || (attr & 0x3f) === ATTR_LONG_NAME) continue;
    if ((attr & (ATTR_VOLUME_ID | ATTR_DIRECTORY)) === ATTR_VOLUME_ID) {
      const name = Uint8Array.from(dir.subarray(at, at + 11));
      if (name[0] === 0x05) name[0] = 0xe5;
      return { found: rawLabel(name, 0, 11), ended: true };
    }
  }
  return { found: null, ended: false };
}

/** The label entry of the root directory (blkid's LABEL), reading a few bounded runs of it. */
async function rootDirectoryLabel(bpb: FatBootSector, volume: VolumeBytes): Promise<string | null> {
  const sector = BigInt(bpb.bytesPerSector);
  const fatBytes = BigInt(bpb.fatCount) * BigInt(bpb.fatSize) * sector;
  const dataStart = BigInt(bpb.reservedSectors) * sector + fatBytes;
  if (bpb.type !== 'fat32') {
    const length = Math.min(bpb.rootEntries * 32, MAX_LABEL_SEARCH_BYTES);
    const dir = length > 0 ? await volume.read(dataStart, length) : null;
    return dir === null ? null : labelEntry(dir).found;
  }
  const clusterBytes = bpb.sectorsPerCluster * bpb.bytesPerSector;
  const fatEntries = Math.floor((bpb.fatSize * bpb.bytesPerSector) / 4);
  let cluster = bpb.rootCluster;
  for (let n = 0; n < MAX_ROOT_CLUSTERS && cluster >= 2 && cluster < fatEntries; n++) {
    const at = dataStart + BigInt(cluster - 2) * BigInt(clusterBytes);
    const dir = await volume.read(at, Math.min(clusterBytes, MAX_LABEL_SEARCH_BYTES));
    if (dir === null) return null;
    const { found, ended } = labelEntry(dir);
    if (found !== null || ended || clusterBytes > MAX_LABEL_SEARCH_BYTES) return found;
    const entry = await volume.read(BigInt(bpb.reservedSectors) * sector + BigInt(cluster) * 4n, 4);
    if (entry === null) return null;
    cluster = u32le(entry, 0) & 0x0fffffff;
  }
  return null;
}

/** A FAT volume, its label read from the root directory (asynchronous only once recognised). */
export function detectFat(
  volume: VolumeBytes,
): DetectedFilesystem | null | Promise<DetectedFilesystem> {
  const boot = parseFatBootSector(volume.head);
  return boot === null ? null : describeFat(boot, volume);
}

async function describeFat(boot: FatBootSector, volume: VolumeBytes): Promise<DetectedFilesystem> {
  const structures: FilesystemStructure[] =
    boot.type === 'fat32'
      ? fat32Structures(boot, volume.size)
      : [bootSector('fat1216-boot', 'FAT boot sector')];
  return {
    type: boot.type,
    name: boot.type.toUpperCase(),
    usage: 'filesystem',
    label: await rootDirectoryLabel(boot, volume),
    uuid: boot.volumeId === null ? null : formatVolumeSerial(boot.volumeId),
    size: BigInt(boot.totalSectors) * BigInt(boot.bytesPerSector),
    structures,
  };
}
