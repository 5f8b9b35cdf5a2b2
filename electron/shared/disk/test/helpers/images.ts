// Disk images built at test time with Debian's own tools, never mounted.
import { closeSync, openSync, readSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './tools';

const MiB = 1024 * 1024;

/** Copies a side file into the image at a byte offset (dd conv=notrunc). */
function ddInto(image: string, side: string, offsetBytes: number): void {
  run('dd', [
    `if=${side}`,
    `of=${image}`,
    'bs=512',
    `seek=${offsetBytes / 512}`,
    'conv=notrunc',
    'status=none',
  ]);
}

/** Reads `length` bytes of a file at a byte offset. */
export function readBytes(path: string, offset: bigint | number, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const out = new Uint8Array(length);
    readSync(fd, out, 0, length, Number(offset));
    return out;
  } finally {
    closeSync(fd);
  }
}

/** A new sparse file of `bytes` zero bytes. */
export function createSparse(path: string, bytes: number): void {
  writeFileSync(path, '');
  truncateSync(path, bytes);
}

/** Overwrites bytes of a file in place. */
export function patchFile(path: string, offset: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

export const GPT_FS = {
  sizeMiB: 96,
  fat: { start: 2048, sectors: 81920, label: 'SCOPEFAT', volumeId: '1234ABCD', name: 'FAT32 data' },
  ntfs: { start: 83968, sectors: 32768, label: 'SCOPENTFS', name: 'NTFS vol' },
  ext: {
    start: 116736,
    sectors: 24576,
    label: 'scopeext4',
    uuid: '5c3f2a5e-1111-4222-8333-444455556666',
    name: 'ext4 root',
  },
  exfat: { start: 141312, sectors: 16384, label: 'SCOPEEXF', name: 'exfat' },
} as const;

/**
 * A 512-byte-sector GPT disk with FAT32, NTFS, ext4 and exFAT partitions, names and a few
 * attribute bits set.
 */
export function buildGptFilesystemDisk(dir: string): string {
  const image = join(dir, 'gpt-fs.img');
  const { fat, ntfs, ext, exfat } = GPT_FS;
  createSparse(image, GPT_FS.sizeMiB * MiB);
  run('sgdisk', [
    `--new=1:${fat.start}:+${fat.sectors}`,
    '--typecode=1:0700',
    `--change-name=1:${fat.name}`,
    `--new=2:${ntfs.start}:+${ntfs.sectors}`,
    '--typecode=2:0700',
    `--change-name=2:${ntfs.name}`,
    `--new=3:${ext.start}:+${ext.sectors}`,
    '--typecode=3:8300',
    `--change-name=3:${ext.name}`,
    `--new=4:${exfat.start}:+${exfat.sectors}`,
    '--typecode=4:0700',
    `--change-name=4:${exfat.name}`,
    '--attributes=1:set:2',
    '--attributes=2:set:0',
    '--attributes=2:set:63',
    '--attributes=2:set:60',
    '--attributes=3:set:1',
    image,
  ]);
  run('mkfs.fat', [
    '-F',
    '32',
    '-s',
    '1',
    '-n',
    fat.label,
    '-i',
    fat.volumeId,
    '-h',
    String(fat.start),
    `--offset=${fat.start}`,
    image,
    String((fat.sectors * 512) / 1024),
  ]);
  const ntfsSide = join(dir, 'ntfs.side');
  createSparse(ntfsSide, ntfs.sectors * 512);
  run('mkfs.ntfs', [
    '-f',
    '-F',
    '-q',
    '-L',
    ntfs.label,
    '-s',
    '512',
    '-c',
    '4096',
    '-p',
    String(ntfs.start),
    '-H',
    '255',
    '-S',
    '63',
    ntfsSide,
  ]);
  ddInto(image, ntfsSide, ntfs.start * 512);
  run('mkfs.ext4', [
    '-q',
    '-F',
    '-L',
    ext.label,
    '-U',
    ext.uuid,
    '-E',
    `offset=${ext.start * 512}`,
    image,
    `${(ext.sectors * 512) / 1024}k`,
  ]);
  const exfatSide = join(dir, 'exfat.side');
  createSparse(exfatSide, exfat.sectors * 512);
  run('mkfs.exfat', ['-L', exfat.label, exfatSide]);
  ddInto(image, exfatSide, exfat.start * 512);
  return image;
}

export const MBR_DISK = {
  sizeMiB: 64,
  primary: { start: 2048, sectors: 20480, label: 'SCOPEF16', volumeId: 'BEEF0016' },
  extended: { start: 22528, sectors: 40960 },
  logical5: { start: 24576, sectors: 8192, label: 'scopeext2' },
  logical6: { start: 34816, sectors: 16384, label: 'scopeswap' },
} as const;

/** A DOS disk: a bootable FAT16 primary, an extended partition with ext2 and swap logicals. */
export function buildMbrDisk(dir: string): string {
  const image = join(dir, 'mbr.img');
  const { primary, extended, logical5, logical6 } = MBR_DISK;
  createSparse(image, MBR_DISK.sizeMiB * MiB);
  const script = [
    'label: dos',
    'label-id: 0x5ec70c0e',
    `start=${primary.start}, size=${primary.sectors}, type=6, bootable`,
    `start=${extended.start}, size=${extended.sectors}, type=5`,
    `start=${logical5.start}, size=${logical5.sectors}, type=83`,
    `start=${logical6.start}, size=${logical6.sectors}, type=82`,
    '',
  ].join('\n');
  run('sh', ['-c', `printf '%s' "$1" | sfdisk --quiet "$2"`, 'sh', script, image]);
  run('mkfs.fat', [
    '-F',
    '16',
    '-n',
    primary.label,
    '-i',
    primary.volumeId,
    `--offset=${primary.start}`,
    image,
    String((primary.sectors * 512) / 1024),
  ]);
  run('mkfs.ext2', [
    '-q',
    '-F',
    '-L',
    logical5.label,
    '-E',
    `offset=${logical5.start * 512}`,
    image,
    `${(logical5.sectors * 512) / 1024}k`,
  ]);
  const swapSide = join(dir, 'swap.side');
  createSparse(swapSide, logical6.sectors * 512);
  run('mkswap', ['-L', logical6.label, swapSide]);
  ddInto(image, swapSide, logical6.start * 512);
  return image;
}

/** A GPT disk without filesystems, for damaging. */
export function buildPlainGptDisk(dir: string, name = 'plain-gpt.img'): string {
  const image = join(dir, name);
  createSparse(image, 64 * MiB);
  run('sgdisk', [
    '--new=1:2048:+16M',
    '--typecode=1:EF00',
    '--change-name=1:EFI system',
    '--new=2:0:+20M',
    '--typecode=2:0700',
    '--change-name=2:Data',
    '--new=3:0:+16M',
    '--typecode=3:8300',
    '--change-name=3:Linux root',
    image,
  ]);
  return image;
}

/**
 * The disk: an ext4 of 142,336 KiB and an exFAT of 202,752 sectors in 81,920-sector
 * partitions (a shrunk partition table), an ext4 of 16 MiB in a 64 MiB partition (volume slack)
 * and an ext2 whose partition entry was deleted (a lost partition in unallocated space).
 */
export const RESIZED_DISK = {
  sectors: 438272,
  ext4: { index: 1, start: 2048, sectors: 81920, fsKiB: 142336, label: 'bigext4' },
  exfat: { index: 2, start: 83968, sectors: 81920, fsSectors: 202752, label: 'BIGEXFAT' },
  small: { index: 3, start: 288768, sectors: 131072, fsKiB: 16384, label: 'smallext4' },
  lost: { index: 4, start: 419840, sectors: 16384, label: 'lostext2' },
} as const;

export function buildResizedDisk(dir: string): string {
  const image = join(dir, 'resized.img');
  const { ext4, exfat, small, lost } = RESIZED_DISK;
  createSparse(image, RESIZED_DISK.sectors * 512);
  run(
    'sgdisk',
    [ext4, exfat, small, lost]
      .flatMap((p) => [`--new=${p.index}:${p.start}:+${p.sectors}`, `--typecode=${p.index}:8300`])
      .concat(image),
  );
  const mkext = (kind: string, label: string, start: number, kib: number) =>
    run(`mkfs.${kind}`, ['-q', '-F', '-L', label, '-E', `offset=${start * 512}`, image, `${kib}k`]);
  mkext('ext4', ext4.label, ext4.start, ext4.fsKiB);
  const side = join(dir, 'bigexfat.side');
  createSparse(side, exfat.fsSectors * 512);
  run('mkfs.exfat', ['-L', exfat.label, side]);
  ddInto(image, side, exfat.start * 512);
  mkext('ext4', small.label, small.start, small.fsKiB);
  mkext('ext2', lost.label, lost.start, (lost.sectors * 512) / 1024);
  run('sgdisk', [`--delete=${lost.index}`, image]);
  return image;
}
