// What an evidence file is, by its signature (not its name): an Expert Witness image, AFF, VMDK,
// VHD or VHDX, a format this app does not read (said plainly, with how to convert it), split raw
// (a numbered series with no signature of its own), or raw. Reads the first and last sector of
// the file with an ordinary read-only open; block devices are raw.

import { open, stat } from 'node:fs/promises';
import { findSplitSegments } from './split-segments';

export type DetectedFormat =
  | { format: 'raw' }
  | { format: 'split'; segments: string[]; warnings: string[] }
  | { format: 'ewf' | 'aff' | 'vmdk' | 'vhd' | 'vhdx' }
  | { unsupported: string };

interface Signature {
  at: 'start' | 'end';
  offset: number;
  bytes: Buffer;
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

const SUPPORTED: [DetectedFormat & { format: string }, Signature][] = [
  [{ format: 'ewf' }, { at: 'start', offset: 0, bytes: ascii('EVF\x09\x0d\x0a\xff\x00') }],
  [{ format: 'ewf' }, { at: 'start', offset: 0, bytes: ascii('EVF2\x0d\x0a\x81\x00') }],
  [{ format: 'aff' }, { at: 'start', offset: 0, bytes: ascii('AFF10\x0d\x0a\x00') }],
  [{ format: 'vmdk' }, { at: 'start', offset: 0, bytes: ascii('KDMV') }],
  [{ format: 'vmdk' }, { at: 'start', offset: 0, bytes: ascii('COWD') }],
  [{ format: 'vmdk' }, { at: 'start', offset: 0, bytes: ascii('# Disk DescriptorFile') }],
  [{ format: 'vhdx' }, { at: 'start', offset: 0, bytes: ascii('vhdxfile') }],
  [{ format: 'vhd' }, { at: 'start', offset: 0, bytes: ascii('conectix') }],
  [{ format: 'vhd' }, { at: 'end', offset: 512, bytes: ascii('conectix') }],
];

const convert = (what: string) =>
  `${what}: not supported; convert it to a raw image with ` +
  '`qemu-img convert -O raw IMAGE IMAGE.raw` and open that.';

const UNSUPPORTED: [string, Signature][] = [
  [convert('QCOW image'), { at: 'start', offset: 0, bytes: ascii('QFI\xfb') }],
  [
    convert('VirtualBox VDI image'),
    { at: 'start', offset: 0x40, bytes: Buffer.from([0x7f, 0x10, 0xda, 0xbe]) },
  ],
  [convert('Parallels image'), { at: 'start', offset: 0, bytes: ascii('WithoutFreeSpace') }],
  [convert('Parallels image'), { at: 'start', offset: 0, bytes: ascii('WithouFreSpacExt') }],
  [
    'EWF logical evidence file (L01/Lx01): it holds files, not a disk image, and is not supported.',
    { at: 'start', offset: 0, bytes: ascii('LVF\x09\x0d\x0a\xff\x00') },
  ],
  [
    'EWF logical evidence file (L01/Lx01): it holds files, not a disk image, and is not supported.',
    { at: 'start', offset: 0, bytes: ascii('LEF2\x0d\x0a\x81\x00') },
  ],
  [
    'AFF4 container: not supported; export its disk image to raw with an AFF4 tool and open that.',
    { at: 'start', offset: 0, bytes: ascii('PK\x03\x04') },
  ],
];

function matches(signature: Signature, head: Buffer, tail: Buffer): boolean {
  const block = signature.at === 'start' ? head : tail;
  const at = signature.at === 'start' ? signature.offset : block.length - signature.offset;
  if (at < 0 || at + signature.bytes.length > block.length) return false;
  return block.subarray(at, at + signature.bytes.length).equals(signature.bytes);
}

/** The first and last 512 bytes of a file (fewer when it is smaller). */
async function headAndTail(path: string, size: number): Promise<{ head: Buffer; tail: Buffer }> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(512, size));
    await file.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(512, size));
    await file.read(tail, 0, tail.length, size - tail.length);
    return { head, tail };
  } finally {
    await file.close();
  }
}

export async function detectFormat(path: string): Promise<DetectedFormat> {
  const found = await stat(path).catch(() => null);
  // Devices, folders, missing paths: the raw reader says what they are, or refuses them.
  if (!found?.isFile() || found.size === 0) return { format: 'raw' };
  const { head, tail } = await headAndTail(path, found.size);
  for (const [format, signature] of SUPPORTED) {
    if (matches(signature, head, tail)) return format;
  }
  for (const [message, signature] of UNSUPPORTED) {
    if (matches(signature, head, tail)) return { unsupported: message };
  }
  const split = await findSplitSegments(path);
  if (split) return { format: 'split', ...split };
  return { format: 'raw' };
}
