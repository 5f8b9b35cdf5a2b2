// The FAT boot sector (BPB) for FAT16 and FAT32, and the FAT32 FSInfo sector (fatgen103).

import {
  BOOT_SIGNATURE,
  BOOT_SIGNATURE_FIELD,
  BPB,
  EXTENDED_BOOT_SIGNATURE,
  FAT_EXTENDED_BPB,
  FAT32_BPB,
} from '../shared/disk/bpb-fields';
import { FSINFO, FSINFO_SIGNATURES } from '../shared/disk/templates/fat-templates';
import { SECTOR_SIZE } from './disk-extent';
import type { FatGeometry } from './fat-geometry';
import { LittleEndianWriter } from './little-endian';

export const FAT32_FSINFO_SECTOR = 1;
export const FAT32_BACKUP_BOOT_SECTOR = 6;
export const MEDIA_FIXED_DISK = 0xf8;

export interface FatVolumeIdentity {
  oemName: string;
  volumeId: number;
  /** At most 11 characters; stored padded with spaces. */
  volumeLabel: string;
  /** LBA of the volume on its disk (BPB_HiddSec). */
  hiddenSectors: number;
}

/** The sample is not bootable: the boot code just halts, and says why in plain text. */
const BOOT_CODE = Uint8Array.of(0xfa, 0xf4, 0xeb, 0xfd); // cli; hlt; jmp back to hlt
const BOOT_NOTE = 'Sectorscope sample disk. Not bootable.';

export function buildBootSector(
  geometry: FatGeometry,
  identity: FatVolumeIdentity,
  rootCluster: number,
): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE);
  const out = new LittleEndianWriter(sector);
  const fat32 = geometry.fatType === 32;
  const extended = FAT_EXTENDED_BPB[fat32 ? 'fat32' : 'fat1216'];
  const codeOffset = extended.bootCode.offset;
  out.copy(BPB.jump.offset, Uint8Array.of(0xeb, codeOffset - 2, 0x90)); // jmp short to the code; nop
  out.text(BPB.oemName, identity.oemName);
  out.uint(BPB.bytesPerSector, SECTOR_SIZE);
  out.uint(BPB.sectorsPerCluster, geometry.sectorsPerCluster);
  out.uint(BPB.reservedSectors, geometry.reservedSectors);
  out.uint(BPB.fatCount, geometry.fatCount);
  out.uint(BPB.rootEntries, geometry.rootEntryCount);
  const small = !fat32 && geometry.totalSectors < 0x10000;
  out.uint(BPB.totalSectors16, small ? geometry.totalSectors : 0);
  out.uint(BPB.media, MEDIA_FIXED_DISK);
  out.uint(BPB.sectorsPerFat16, fat32 ? 0 : geometry.sectorsPerFat);
  // Sectors per track and heads: the values mkfs.fat uses for images.
  out.uint(BPB.sectorsPerTrack, 32);
  out.uint(BPB.heads, 64);
  out.uint(BPB.hiddenSectors, identity.hiddenSectors);
  out.uint(BPB.totalSectors32, small ? 0 : geometry.totalSectors);

  if (fat32) {
    out.uint(FAT32_BPB.sectorsPerFat32, geometry.sectorsPerFat);
    out.uint(FAT32_BPB.extendedFlags, 0); // FATs mirrored
    out.uint(FAT32_BPB.version, 0); // version 0.0
    out.uint(FAT32_BPB.rootCluster, rootCluster);
    out.uint(FAT32_BPB.fsInfoSector, FAT32_FSINFO_SECTOR);
    out.uint(FAT32_BPB.backupBootSector, FAT32_BACKUP_BOOT_SECTOR);
  }
  out.uint(extended.driveNumber, 0x80);
  out.uint(extended.bootSignature, EXTENDED_BOOT_SIGNATURE); // the next three fields are valid
  out.uint(extended.volumeId, identity.volumeId);
  out.text(extended.volumeLabel, identity.volumeLabel);
  out.text(extended.fsType, `FAT${geometry.fatType}`);
  out.copy(codeOffset, BOOT_CODE);
  out.ascii(codeOffset + BOOT_CODE.length, BOOT_NOTE, BOOT_NOTE.length);
  out.uint(BOOT_SIGNATURE_FIELD, BOOT_SIGNATURE);
  return sector;
}

export function buildFsInfo(freeClusters: number, nextFreeCluster: number): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE);
  const out = new LittleEndianWriter(sector);
  out.uint(FSINFO.leadSignature, FSINFO_SIGNATURES.lead);
  out.uint(FSINFO.structSignature, FSINFO_SIGNATURES.struct);
  out.uint(FSINFO.freeCount, freeClusters);
  out.uint(FSINFO.nextFree, nextFreeCluster);
  out.uint(FSINFO.trailSignature, FSINFO_SIGNATURES.trail);
  return sector;
}
