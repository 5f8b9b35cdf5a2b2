import { hasSignature, u16le, u32le } from '../bytes';
import { rawLabel, utf16Label } from './blkid-text';
import type { DetectedFilesystem, FilesystemStructure } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

/** Volume descriptors start at 32 KiB, one per 2048-byte logical sector. */
export const ISO_DESCRIPTORS_OFFSET = 0x8000;
export const ISO_SECTOR = 2048;
const MAX_DESCRIPTORS = 16;
/** Volume descriptor types (ECMA-119 8.1.1). */
const TYPE = { boot: 0, primary: 1, supplementary: 2, end: 0xff } as const;
const VOLUME_ID = 40;
const DESCRIPTOR_BYTES = 883;

const upper = (code: number): number => (code >= 0x61 && code <= 0x7a ? code - 0x20 : code);

/**
 * blkid's merge_utf16be_ascii: when the Joliet (UTF-16BE, 16 characters) text is a prefix of the
 * primary descriptor's ASCII text (32 characters, '_' for what ASCII cannot hold), the two are
 * merged into one UTF-16BE text; null when they disagree.
 */
function mergeJoliet(utf16: Uint8Array, ascii: Uint8Array): Uint8Array | null {
  const length = ascii.length;
  const out: number[] = [];
  let a = 0;
  for (let u = 0; u + 1 < length && a < length; a++, u += 2) {
    const hi = utf16[u] ?? 0;
    const lo = utf16[u + 1] ?? 0;
    const next = utf16[u + 2] ?? 0;
    if (hi >= 0xd8 && hi <= 0xdb && u + 3 < length && next >= 0xdc && next <= 0xdf) {
      out.push(hi, lo);
      u += 2;
    }
    const c = ascii[a] ?? 0;
    const uh = utf16[u] ?? 0;
    const ul = utf16[u + 1] ?? 0;
    if (c === 0x5f) out.push(uh, ul);
    else if (uh === 0 && ul === 0x5f) out.push(0, c);
    else if (uh === 0 && upper(c) === upper(ul)) out.push(0, c >= 0x41 && c <= 0x5a ? ul : c);
    else return null;
  }
  for (; a < length; a++) out.push(0, ascii[a] ?? 0);
  return Uint8Array.from(out);
}

/** The volume creation or modification date as blkid makes a UUID of it: "2024-01-31-12-00-00-00". */
function dateUuid(pvd: Uint8Array, offset: number): string | null {
  const digits = pvd.subarray(offset, offset + 16);
  const allZero = digits.every((b) => b === 0x30);
  if (allZero && pvd[offset + 16] === 0) return null;
  const text = Array.from(digits, (b) => String.fromCharCode(b)).join('');
  const parts = [0, 4, 6, 8, 10, 12, 14].map((at, i, all) => text.slice(at, all[i + 1] ?? 16));
  return parts.join('-');
}

export interface IsoDescriptors {
  /** Index of the primary volume descriptor from 32 KiB, in 2048-byte sectors. */
  primaryIndex: number;
  primary: Uint8Array;
  joliet: Uint8Array | null;
}

/** The primary and Joliet volume descriptors among the first sixteen, as blkid walks them. */
export function isoDescriptors(head: Uint8Array): IsoDescriptors | null {
  let primary: Uint8Array | null = null;
  let primaryIndex = -1;
  let joliet: Uint8Array | null = null;
  let boot = false;
  for (let i = 0; i < MAX_DESCRIPTORS && !(boot && primary && joliet); i++) {
    const at = ISO_DESCRIPTORS_OFFSET + i * ISO_SECTOR;
    if (at + DESCRIPTOR_BYTES > head.length) break;
    const descriptor = head.subarray(at, at + ISO_SECTOR);
    const type = descriptor[0];
    if (type === TYPE.end) break;
    if (!boot && type === TYPE.boot) boot = true;
    else if (!primary && type === TYPE.primary) {
      primary = descriptor;
      primaryIndex = i;
    } else if (!joliet && type === TYPE.supplementary) {
      const escape = Array.from(descriptor.subarray(88, 91), (b) => String.fromCharCode(b)).join(
        '',
      );
      if (['%/@', '%/C', '%/E'].includes(escape)) joliet = descriptor;
    }
  }
  return primary === null ? null : { primaryIndex, primary, joliet };
}

export function detectIso9660(volume: VolumeBytes): DetectedFilesystem | null {
  const bytes = volume.head;
  if (!hasSignature(bytes, ISO_DESCRIPTORS_OFFSET + 1, 'CD001')) return null;
  const found = isoDescriptors(bytes);
  if (found === null) return null;
  const { primary, joliet, primaryIndex } = found;
  const asciiId = primary.subarray(VOLUME_ID, VOLUME_ID + 32);
  let label: string | null;
  if (joliet !== null) {
    const jolietId = joliet.subarray(VOLUME_ID, VOLUME_ID + 32);
    const merged = mergeJoliet(jolietId, asciiId);
    label = utf16Label(merged ?? jolietId, 0, (merged ?? jolietId).length, false);
  } else {
    label = rawLabel(asciiId, 0, 32);
  }
  const pvd: FilesystemStructure = {
    id: 'pvd',
    template: 'iso9660-pvd',
    offset: BigInt(ISO_DESCRIPTORS_OFFSET + primaryIndex * ISO_SECTOR),
    label: 'ISO 9660 primary volume descriptor',
  };
  // The volume space size (in logical blocks) and the block size, both-endian: the LE halves.
  const blocks = BigInt(u32le(primary, 80));
  const blockSize = BigInt(u16le(primary, 128));
  return {
    type: 'iso9660',
    name: joliet ? 'ISO 9660 (Joliet)' : 'ISO 9660',
    usage: 'filesystem',
    label,
    uuid: dateUuid(primary, 830) ?? dateUuid(primary, 813),
    size: blocks * blockSize,
    structures: [pvd],
  };
}
