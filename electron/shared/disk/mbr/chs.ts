// Cylinder/head/sector addresses as MBR entries store them (3 bytes). A module of its own: the
// inspector's decoders read CHS too, and the MBR table reads the boot sector fields, whose
// templates name the inspector's decoders (a circle while decodeChs lived in mbr-table.ts).

import { u8 } from '../bytes';

/** Cylinder/head/sector address as stored in an MBR entry (3 bytes). */
export interface Chs {
  cylinder: number;
  head: number;
  sector: number;
}

export function decodeChs(bytes: Uint8Array, offset: number): Chs {
  const head = u8(bytes, offset);
  const sectorByte = u8(bytes, offset + 1);
  const cylinderLow = u8(bytes, offset + 2);
  return { head, sector: sectorByte & 0x3f, cylinder: ((sectorByte & 0xc0) << 2) | cylinderLow };
}
