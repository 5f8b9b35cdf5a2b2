import { BOOT_SIGNATURE, BOOT_SIGNATURE_FIELD, readUint } from '../bpb-fields';
import { u32le, u8 } from '../bytes';
import { decodeChs, type Chs } from './chs';

export type { Chs } from './chs';
import { isExtendedType, mbrTypeHex, mbrTypeName, PROTECTIVE_TYPE } from './mbr-types';

export const MBR_SIZE = 512;
export const MBR_TABLE_OFFSET = 446;
export const MBR_ENTRY_SIZE = 16;

/** One of the four 16-byte entries of an MBR or EBR, as stored (addresses not yet resolved). */
export interface MbrEntry {
  slot: number;
  /** Byte offset of the entry inside its sector. */
  offset: number;
  status: number;
  bootable: boolean;
  chsStart: Chs;
  chsEnd: Chs;
  type: number;
  /** The type byte as "0x83". */
  typeHex: string;
  typeName: string;
  /** The stored start LBA: absolute in the MBR, relative in an EBR. */
  relativeStart: bigint;
  sectorCount: bigint;
  /** Size non-zero: sfdisk, the kernel and mmls list such an entry even when its type is 0. */
  used: boolean;
  extended: boolean;
  protective: boolean;
}

/** A decoded MBR or EBR sector. */
export interface MbrTable {
  lba: bigint;
  signature: number;
  signatureValid: boolean;
  /** The 32-bit disk signature at byte 440 (meaningful in the MBR only). */
  diskSignature: number;
  /** The disk signature as sfdisk prints it: "0x3cc4cf2a". */
  diskId: string;
  /** True when every status byte is 0x00 or 0x80. */
  statusValid: boolean;
  entries: MbrEntry[];
}

function decodeEntry(bytes: Uint8Array, slot: number): MbrEntry {
  const offset = MBR_TABLE_OFFSET + slot * MBR_ENTRY_SIZE;
  const status = u8(bytes, offset);
  const type = u8(bytes, offset + 4);
  const relativeStart = BigInt(u32le(bytes, offset + 8));
  const sectorCount = BigInt(u32le(bytes, offset + 12));
  return {
    slot,
    offset,
    status,
    bootable: status === 0x80,
    chsStart: decodeChs(bytes, offset + 1),
    chsEnd: decodeChs(bytes, offset + 5),
    type,
    typeHex: mbrTypeHex(type),
    typeName: mbrTypeName(type),
    relativeStart,
    sectorCount,
    used: sectorCount !== 0n,
    extended: isExtendedType(type),
    protective: type === PROTECTIVE_TYPE,
  };
}

/** Decodes the partition table of an MBR or EBR sector; null when fewer than 512 bytes are given. */
export function decodeMbrSector(bytes: Uint8Array, lba: bigint): MbrTable | null {
  if (bytes.length < MBR_SIZE) return null;
  const entries = [0, 1, 2, 3].map((slot) => decodeEntry(bytes, slot));
  const signature = readUint(bytes, BOOT_SIGNATURE_FIELD);
  const diskSignature = u32le(bytes, 440);
  return {
    lba,
    signature,
    signatureValid: signature === BOOT_SIGNATURE,
    diskSignature,
    diskId: `0x${diskSignature.toString(16).padStart(8, '0')}`,
    statusValid: entries.every((entry) => entry.status === 0x00 || entry.status === 0x80),
    entries,
  };
}
