import { hasSignature, isAllZero, u16be, u32be } from '../bytes';
import { formatUuid } from '../guid';
import { md5 } from '../md5';
import { utf16Label } from './blkid-text';
import type { DetectedFilesystem } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

// HFS+ (Apple TN1150) as blkid's hfs.c reads it: the volume header at 1024 (or inside an HFS
// wrapper), the UUID an MD5 digest of the Finder info's 64-bit volume ID, and the label the name
// in the first record of the catalog B-tree's first leaf node (the root folder's thread).
const HEADER = 1024;
const FINDER_ID = 0x68;
const CATALOG_EXTENTS = 0x120;
const NODE_DESCRIPTOR = 14;
const LEAF_NODE = 0xff;
const HASH_INIT = Uint8Array.of(
  0xb3,
  0xe2,
  0x0f,
  0x39,
  0xf2,
  0x92,
  0x11,
  0xd6,
  0x97,
  0xa4,
  0x00,
  0x30,
  0x65,
  0x43,
  0xec,
  0xac,
);

/** blkid's HFS UUID: MD5 over a fixed prefix and the Finder info ID, made a version-3 UUID. */
export function hfsUuid(id: Uint8Array): string | null {
  if (isAllZero(id)) return null;
  const input = new Uint8Array(24);
  input.set(HASH_INIT);
  input.set(id, 16);
  const digest = md5(input);
  digest[6] = 0x30 | ((digest[6] ?? 0) & 0x0f);
  digest[8] = 0x80 | ((digest[8] ?? 0) & 0x3f);
  return formatUuid(digest);
}

async function catalogLabel(
  volume: VolumeBytes,
  header: Uint8Array,
  base: bigint,
  blockSize: number,
): Promise<string | null> {
  const extent = (i: number): [number, number] => [
    u32be(header, CATALOG_EXTENTS + i * 8),
    u32be(header, CATALOG_EXTENTS + i * 8 + 4),
  ];
  const first = extent(0)[0];
  const headerNode = await volume.read(base + BigInt(first) * BigInt(blockSize), 0x2000);
  if (headerNode === null) return null;
  const leafHead = u32be(headerNode, NODE_DESCRIPTOR + 10);
  const leafCount = u32be(headerNode, NODE_DESCRIPTOR + 6);
  const nodeSize = u16be(headerNode, NODE_DESCRIPTOR + 18);
  if (nodeSize < NODE_DESCRIPTOR + 518 || leafCount === 0) return null;
  let leafBlock = Math.floor((leafHead * nodeSize) / blockSize);
  for (let i = 0; i < 8; i++) {
    const [start, count] = extent(i);
    if (count === 0) return null;
    if (leafBlock < count) {
      const at = base + (BigInt(start) + BigInt(leafBlock)) * BigInt(blockSize);
      const leaf = await volume.read(at, nodeSize);
      if (leaf === null || u16be(leaf, 10) === 0 || leaf[8] !== LEAF_NODE) return null;
      const key = NODE_DESCRIPTOR;
      const nameLength = u16be(leaf, key + 6);
      if (u32be(leaf, key + 2) !== 1 || nameLength > 255) return null;
      return utf16Label(leaf, key + 8, nameLength * 2, false);
    }
    leafBlock -= count;
  }
  return null;
}

export function detectHfsPlus(
  volume: VolumeBytes,
): DetectedFilesystem | null | Promise<DetectedFilesystem | null> {
  const head = volume.head;
  if (head.length < HEADER + 512) return null;
  const signature = head.subarray(HEADER, HEADER + 2);
  if (!['BD', 'H+', 'HX'].some((magic) => hasSignature(signature, 0, magic))) return null;
  return describeHfsPlus(volume);
}

async function describeHfsPlus(volume: VolumeBytes): Promise<DetectedFilesystem | null> {
  const head = volume.head;
  let header = head.subarray(HEADER, HEADER + 512);
  let base = 0n;
  if (hasSignature(header, 0, 'BD')) {
    // An HFS wrapper: the embedded HFS+ volume starts at a block of the wrapper.
    const embedded = header.subarray(0x7c, 0x7e);
    if (!hasSignature(embedded, 0, 'H+') && !hasSignature(embedded, 0, 'HX')) return null;
    base =
      BigInt(u16be(header, 0x1c)) * 512n +
      BigInt(u16be(header, 0x7e)) * BigInt(u32be(header, 0x14));
    const inner = await volume.read(base + BigInt(HEADER), 512);
    if (inner === null) return null;
    header = inner;
  }
  if (!hasSignature(header, 0, 'H+') && !hasSignature(header, 0, 'HX')) return null;
  const blockSize = u32be(header, 0x28);
  if (blockSize < 512) return null;
  return {
    type: 'hfsplus',
    name: hasSignature(header, 0, 'HX') ? 'HFSX' : 'HFS+',
    usage: 'filesystem',
    label: await catalogLabel(volume, header, base, blockSize),
    uuid: hfsUuid(header.subarray(FINDER_ID, FINDER_ID + 8)),
    size: BigInt(u32be(header, 0x2c)) * BigInt(blockSize),
    structures: [],
  };
}
