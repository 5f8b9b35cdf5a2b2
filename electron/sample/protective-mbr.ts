// The protective MBR of a GPT disk (UEFI 2.10, 5.2.3): one partition of type 0xEE that covers
// the whole disk after LBA 0, so that MBR-only tools see the disk as in use.

import { BOOT_SIGNATURE, BOOT_SIGNATURE_FIELD } from '../shared/disk/bpb-fields';
import { SECTOR_SIZE } from './disk-extent';
import { LittleEndianWriter } from './little-endian';

const PARTITION_ENTRY_OFFSET = 446;
const GPT_PROTECTIVE_TYPE = 0xee;

export function buildProtectiveMbr(sectorCount: number): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE);
  const out = new LittleEndianWriter(sector);
  const entry = PARTITION_ENTRY_OFFSET;
  out.u8(entry, 0x00); // not bootable
  out.copy(entry + 1, Uint8Array.of(0x00, 0x02, 0x00)); // CHS of LBA 1
  out.u8(entry + 4, GPT_PROTECTIVE_TYPE);
  out.copy(entry + 5, Uint8Array.of(0xff, 0xff, 0xff)); // CHS "not representable", as the spec allows
  out.u32(entry + 8, 1);
  out.u32(entry + 12, Math.min(sectorCount - 1, 0xffffffff));
  out.uint(BOOT_SIGNATURE_FIELD, BOOT_SIGNATURE);
  return sector;
}
