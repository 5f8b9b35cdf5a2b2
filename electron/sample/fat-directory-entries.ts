// 32-byte FAT directory entries: the short (8.3) entry and the VFAT long-name entries that
// precede it, last part first (fatgen103, "FAT Long Directory Entries").

import { fatCreationHundredths, fatDate, fatTime, type FatTimestamp } from './fat-timestamp';
import { LittleEndianWriter } from './little-endian';
import { shortNameChecksum } from './fat-short-name';

export const DIRECTORY_ENTRY_SIZE = 32;

export const ATTRIBUTE = {
  volumeId: 0x08,
  directory: 0x10,
  archive: 0x20,
  longName: 0x0f,
} as const;

export interface ShortEntry {
  /** The 11-character name field, e.g. "README  TXT". */
  nameField: string;
  attributes: number;
  firstCluster: number;
  size: number;
  time: FatTimestamp;
}

export function shortEntryBytes(entry: ShortEntry): Uint8Array {
  const bytes = new Uint8Array(DIRECTORY_ENTRY_SIZE);
  const out = new LittleEndianWriter(bytes);
  out.ascii(0, entry.nameField, 11);
  out.u8(11, entry.attributes);
  out.u8(13, fatCreationHundredths(entry.time));
  out.u16(14, fatTime(entry.time));
  out.u16(16, fatDate(entry.time));
  out.u16(18, fatDate(entry.time)); // last access date
  out.u16(20, entry.firstCluster >>> 16);
  out.u16(22, fatTime(entry.time));
  out.u16(24, fatDate(entry.time));
  out.u16(26, entry.firstCluster & 0xffff);
  out.u32(28, entry.size);
  return bytes;
}

const UNITS_PER_ENTRY = 13;
/** Byte offsets of the 13 UTF-16 units inside a long-name entry: 5 + 6 + 2. */
const UNIT_OFFSETS = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

/** The long-name entries for `longName`, in on-disk order (highest sequence number first). */
export function longNameEntries(longName: string, shortNameField: string): Uint8Array[] {
  const checksum = shortNameChecksum(shortNameField);
  const count = Math.ceil(longName.length / UNITS_PER_ENTRY);
  const entries: Uint8Array[] = [];
  for (let sequence = 1; sequence <= count; sequence++) {
    const bytes = new Uint8Array(DIRECTORY_ENTRY_SIZE);
    const out = new LittleEndianWriter(bytes);
    out.u8(0, sequence === count ? sequence | 0x40 : sequence);
    out.u8(11, ATTRIBUTE.longName);
    out.u8(13, checksum);
    UNIT_OFFSETS.forEach((offset, i) => {
      const index = (sequence - 1) * UNITS_PER_ENTRY + i;
      // The name ends with one 0x0000 unless it fills the entry; the rest is 0xFFFF.
      const unit =
        index < longName.length
          ? longName.charCodeAt(index)
          : index === longName.length
            ? 0
            : 0xffff;
      out.u16(offset, unit);
    });
    entries.unshift(bytes);
  }
  return entries;
}
