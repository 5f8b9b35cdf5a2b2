import { hasSignature, u32be, u32le, u64le } from '../bytes';
import { rawLabel, uuidOrNull } from './blkid-text';
import type { DetectedFilesystem } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

const LVM_LABEL_BYTES = 512;

/** LVM2's own CRC of its label (a nibble-wise CRC-32 seeded with 0xf597a6cf). */
function lvmCrc(bytes: Uint8Array): number {
  const table = [
    0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
    0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
  ];
  let crc = 0xf597a6cf;
  for (const byte of bytes) {
    crc ^= byte;
    crc = (crc >>> 4) ^ (table[crc & 0xf] ?? 0);
    crc = (crc >>> 4) ^ (table[crc & 0xf] ?? 0);
  }
  return crc >>> 0;
}

/** An LVM2 physical volume: "LABELONE" in one of the first four sectors, its CRC right. */
export function detectLvm2(volume: VolumeBytes): DetectedFilesystem | null {
  const b = volume.head;
  for (let sector = 0; sector < 4; sector++) {
    const at = sector * LVM_LABEL_BYTES;
    if (at + LVM_LABEL_BYTES > b.length || !hasSignature(b, at, 'LABELONE')) continue;
    if (!hasSignature(b, at + 24, 'LVM2 001') || u64le(b, at + 8) !== BigInt(sector)) continue;
    if (lvmCrc(b.subarray(at + 20, at + LVM_LABEL_BYTES)) !== u32le(b, at + 16)) continue;
    const pv = at + u32le(b, at + 20);
    if (pv + 40 > b.length) continue;
    const id = Array.from(b.subarray(pv, pv + 32), (c) => String.fromCharCode(c)).join('');
    // blkid's format_lvm_uuid: groups of 6-4-4-4-4-4-6 characters.
    const uuid = [0, 6, 10, 14, 18, 22, 26]
      .map((from, i, all) => id.slice(from, all[i + 1] ?? 32))
      .join('-');
    return {
      type: 'LVM2_member',
      name: 'LVM2 physical volume',
      usage: 'raid',
      label: null,
      uuid,
      size: u64le(b, pv + 32),
      structures: [],
    };
  }
  return null;
}

const MD_MAGIC = 0xa92b4efc;
const MD_RESERVED = 0x10000n;

/** md version 0.90, at the last 64 KiB-aligned 64 KiB of the device. */
function raid0(sb: Uint8Array, offset: bigint, size: bigint): DetectedFilesystem | null {
  const little = u32le(sb, 0) === MD_MAGIC;
  if (!little && u32be(sb, 0) !== MD_MAGIC) return null;
  const read = (at: number) => (little ? u32le(sb, at) : u32be(sb, at));
  const componentBytes = BigInt(read(32)) << 10n;
  if (size < componentBytes + MD_RESERVED || offset < componentBytes) return null;
  const uuid = new Uint8Array(16);
  const words = read(8) >= 90 ? [20, 52, 56, 60] : [20];
  // blkid swaps each 32-bit word of the set UUID into big-endian order.
  words.forEach((at, i) => new DataView(uuid.buffer).setUint32(i * 4, read(at), false));
  return {
    type: 'linux_raid_member',
    name: `Linux RAID member (md ${read(4)}.${read(8)}.${read(12)})`,
    usage: 'raid',
    label: null,
    uuid: uuidOrNull(uuid, 0),
    size: componentBytes,
    structures: [],
  };
}

/** md version 1.x, whose superblock names its own sector. */
function raid1(sb: Uint8Array, offset: bigint, version: string): DetectedFilesystem | null {
  if (u32le(sb, 0) !== MD_MAGIC || u32le(sb, 4) !== 1) return null;
  if (u64le(sb, 144) !== offset >> 9n) return null;
  return {
    type: 'linux_raid_member',
    name: `Linux RAID member (md ${version})`,
    usage: 'raid',
    label: rawLabel(sb, 32, 32),
    uuid: uuidOrNull(sb, 16),
    // The data area's end: data offset plus data size, in 512-byte sectors.
    size: (u64le(sb, 128) + u64le(sb, 136)) * 512n,
    structures: [],
  };
}

/** A Linux md RAID member: version 0.90 and 1.0 at the end, 1.1 at the start, 1.2 at 4 KiB. */
export async function detectLinuxRaid(volume: VolumeBytes): Promise<DetectedFilesystem | null> {
  const size = volume.size;
  if (size > MD_RESERVED) {
    const at0 = (size & ~(MD_RESERVED - 1n)) - MD_RESERVED;
    const sb0 = await volume.read(at0, 64);
    const found0 = sb0 === null ? null : raid0(sb0, at0, size);
    if (found0 !== null) return found0;
    const at1 = (size & ~0xfffn) - 0x2000n;
    const sb1 = await volume.read(at1, 256);
    const found1 = sb1 === null ? null : raid1(sb1, at1, '1.0');
    if (found1 !== null) return found1;
  }
  return detectLinuxRaidAtStart(volume);
}

/** md versions 1.1 (at the start) and 1.2 (at 4 KiB) only. */
export function detectLinuxRaidAtStart(volume: VolumeBytes): DetectedFilesystem | null {
  const head = volume.head;
  for (const [at, version] of [
    [0, '1.1'],
    [0x1000, '1.2'],
  ] as const) {
    if (at + 256 > head.length) continue;
    const found = raid1(head.subarray(at, at + 256), BigInt(at), version);
    if (found !== null) return found;
  }
  return null;
}
