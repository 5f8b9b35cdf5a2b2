// The FAT boot sector (BPB) for FAT16 and FAT32, and the FAT32 FSInfo sector (fatgen103).

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
  const codeOffset = fat32 ? 90 : 62;
  out.copy(0, Uint8Array.of(0xeb, codeOffset - 2, 0x90)); // jmp short to the boot code; nop
  out.ascii(3, identity.oemName, 8);
  out.u16(11, SECTOR_SIZE);
  out.u8(13, geometry.sectorsPerCluster);
  out.u16(14, geometry.reservedSectors);
  out.u8(16, geometry.fatCount);
  out.u16(17, geometry.rootEntryCount);
  const small = !fat32 && geometry.totalSectors < 0x10000;
  out.u16(19, small ? geometry.totalSectors : 0);
  out.u8(21, MEDIA_FIXED_DISK);
  out.u16(22, fat32 ? 0 : geometry.sectorsPerFat);
  out.u16(24, 32); // sectors per track and heads: the values mkfs.fat uses for images
  out.u16(26, 64);
  out.u32(28, identity.hiddenSectors);
  out.u32(32, small ? 0 : geometry.totalSectors);

  let extended = 36;
  if (fat32) {
    out.u32(36, geometry.sectorsPerFat);
    out.u16(40, 0); // FATs mirrored
    out.u16(42, 0); // version 0.0
    out.u32(44, rootCluster);
    out.u16(48, FAT32_FSINFO_SECTOR);
    out.u16(50, FAT32_BACKUP_BOOT_SECTOR);
    extended = 64;
  }
  out.u8(extended, 0x80); // drive number
  out.u8(extended + 2, 0x29); // extended boot signature: the next three fields are valid
  out.u32(extended + 3, identity.volumeId);
  out.ascii(extended + 7, identity.volumeLabel, 11);
  out.ascii(extended + 18, `FAT${geometry.fatType}`, 8);
  out.copy(codeOffset, BOOT_CODE);
  out.ascii(codeOffset + BOOT_CODE.length, BOOT_NOTE, BOOT_NOTE.length);
  out.copy(510, Uint8Array.of(0x55, 0xaa));
  return sector;
}

export function buildFsInfo(freeClusters: number, nextFreeCluster: number): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE);
  const out = new LittleEndianWriter(sector);
  out.u32(0, 0x41615252);
  out.u32(484, 0x61417272);
  out.u32(488, freeClusters);
  out.u32(492, nextFreeCluster);
  out.u32(508, 0xaa550000);
  return sector;
}
