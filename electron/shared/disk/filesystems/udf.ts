import { hasSignature, latin1, u16le, u32le } from '../bytes';
import { latin1Label, utf16Label } from './blkid-text';
import type { DetectedFilesystem } from './filesystem-types';
import { ISO_DESCRIPTORS_OFFSET } from './iso9660';
import type { VolumeBytes } from './volume-bytes';

// UDF (ECMA-167) as blkid's udf.c reads it: a volume recognition sequence from 32 KiB with an
// NSR02/NSR03 descriptor, an anchor at block 256 (or 512), and the volume descriptor sequence
// it points to, whose logical volume descriptor names the volume and whose primary volume
// descriptor's volume set identifier gives the UUID.
const VRS_OFFSET = ISO_DESCRIPTORS_OFFSET;
const VRS_MAX = 64;
/** Descriptor tag identifiers (ECMA-167 3/7.2.1). */
const TAG = { pvd: 1, anchor: 2, lvd: 6, terminator: 8 } as const;
const RECOGNITION_IDS = ['BEA01', 'BOOT2', 'CD001', 'CDW02', 'TEA01'];
const MAX_SEQUENCE_BLOCKS = 64;

const isOstaCharset = (d: Uint8Array, at: number): boolean =>
  d[at] === 0 && latin1(d, at + 1, 23) === 'OSTA Compressed Unicode';

/** A dstring (first byte the compression ID, last byte the length used) as blkid decodes it. */
function dstring(d: Uint8Array, at: number, size: number): string | null {
  const cid = d[at];
  let used = d[at + size - 1] ?? 0;
  if (used > 0) used--;
  used = Math.min(used, size - 2);
  if (cid === 8) return latin1Label(d, at + 1, used);
  if (cid === 16) return utf16Label(d, at + 1, used, false);
  return null;
}

/** blkid's UUID from the volume set identifier: its first 16 UTF-8 bytes, hex where needed. */
function volumeSetUuid(d: Uint8Array, at: number): string | null {
  const cid = d[at];
  let used = d[at + 127] ?? 0;
  if (used > 0) used--;
  used = Math.min(used, 126);
  const text =
    cid === 8
      ? latin1Label(d, at + 1, used)
      : cid === 16
        ? utf16Label(d, at + 1, used, false)
        : null;
  if (text === null) return null;
  const utf8 = new TextEncoder().encode(text).subarray(0, 16);
  if (utf8.length < 8) return null;
  const hexDigit = (b: number | undefined) =>
    b !== undefined && /[0-9a-fA-F]/.test(String.fromCharCode(b));
  let nonHex = 16;
  for (let i = 0; i < 16; i++) {
    if (!hexDigit(utf8[i])) {
      nonHex = i;
      break;
    }
  }
  const hex = (from: number, to: number) =>
    Array.from(utf8.subarray(from, to), (b) => b.toString(16).padStart(2, '0')).join('');
  const lower = (from: number, to: number) =>
    Array.from(utf8.subarray(from, to), (b) => String.fromCharCode(b).toLowerCase()).join('');
  if (nonHex < 8) return hex(0, 8);
  if (nonHex < 16) return lower(0, 8) + hex(8, 12).padEnd(8, '0');
  return lower(0, 16);
}

/** Whether the recognition sequence, read with descriptors of `stride` bytes, holds NSR0x. */
async function hasNsr(volume: VolumeBytes, stride: number): Promise<boolean> {
  const span = VRS_MAX * stride;
  const vrs =
    (await volume.read(BigInt(VRS_OFFSET), Math.min(span, Number(volume.size) - VRS_OFFSET))) ??
    null;
  if (vrs === null) return false;
  for (let b = 0; b < VRS_MAX && b * stride + 6 <= vrs.length; b++) {
    const id = latin1(vrs, b * stride + 1, 5);
    if (vrs[b * stride + 1] === 0) return false;
    if (id === 'NSR02' || id === 'NSR03') return true;
    if (!RECOGNITION_IDS.includes(id)) return false;
  }
  return false;
}

interface Anchor {
  blockSize: number;
  sequence: number;
  sequenceBlocks: number;
}

async function findAnchor(volume: VolumeBytes): Promise<Anchor | null> {
  const sizes = [...new Set([volume.sectorSize, 512, 1024, 2048, 4096])];
  let small: boolean | null = null;
  for (const blockSize of sizes) {
    const stride = Math.max(blockSize, 2048);
    let found: boolean;
    if (stride === 2048) {
      small ??= await hasNsr(volume, 2048);
      found = small;
    } else {
      found = await hasNsr(volume, stride);
    }
    if (!found) continue;
    for (const block of [256, 512]) {
      const tag = await volume.read(BigInt(block) * BigInt(blockSize), 24);
      if (tag === null || u32le(tag, 12) !== block || u16le(tag, 0) !== TAG.anchor) continue;
      return {
        blockSize,
        sequence: u32le(tag, 20),
        sequenceBlocks: Math.floor(u32le(tag, 16) / blockSize),
      };
    }
  }
  return null;
}

export function detectUdf(
  volume: VolumeBytes,
): DetectedFilesystem | null | Promise<DetectedFilesystem | null> {
  const head = volume.head;
  const ids = RECOGNITION_IDS.concat('NSR02', 'NSR03');
  return ids.some((id) => hasSignature(head, VRS_OFFSET + 1, id)) ? describeUdf(volume) : null;
}

async function describeUdf(volume: VolumeBytes): Promise<DetectedFilesystem | null> {
  const anchor = await findAnchor(volume);
  if (anchor === null) return null;
  const { blockSize } = anchor;
  const blocks = Math.min(anchor.sequenceBlocks, MAX_SEQUENCE_BLOCKS);
  const sequence =
    blocks > 0
      ? await volume.read(BigInt(anchor.sequence) * BigInt(blockSize), blocks * blockSize)
      : null;
  let label: string | null = null;
  let uuid: string | null = null;
  for (let b = 0; sequence !== null && b < blocks; b++) {
    const d = sequence.subarray(b * blockSize, (b + 1) * blockSize);
    const type = u16le(d, 0);
    if (type === 0 || u32le(d, 12) !== anchor.sequence + b || type === TAG.terminator) break;
    if (type === TAG.pvd && uuid === null && isOstaCharset(d, 200)) uuid = volumeSetUuid(d, 72);
    if (type === TAG.lvd && label === null && isOstaCharset(d, 20)) label = dstring(d, 84, 128);
  }
  return { type: 'udf', name: 'UDF', usage: 'filesystem', label, uuid, size: null, structures: [] };
}
