// Disks for the viewer's volume tests (issue 18), made at test time with Debian's mkfs tools and
// read back with their own oracles (blkid, dumpe2fs). Never mounted.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSparse, patchFile } from '../../electron/shared/disk/test/helpers/images';
import { isRoot, run } from '../../electron/shared/disk/test/helpers/tools';

const MiB = 1024 * 1024;

/** Copies a side file into the image at an LBA, keeping holes sparse. */
function ddInto(image: string, side: string, lba: number): void {
  run('dd', [
    `if=${side}`,
    `of=${image}`,
    'bs=64K',
    `seek=${lba * 512}`,
    'oflag=seek_bytes',
    'conv=notrunc,sparse',
    'status=none',
  ]);
}

export interface PlainPartition {
  index: number;
  start: number;
  sectors: number;
  /** blkid's TYPE. */
  type: string;
  label: string | null;
}

/** pvcreate without udev (as in a container) and without the devices file. */
const LVM_CONFIG =
  'devices { use_devicesfile=0 obtain_device_list_from_udev=0 } activation { udev_sync=0 udev_rules=0 }';

/**
 * A GPT disk of volumes no template shows: swap, UDF and F2FS by their own tools, and an LVM2
 * physical volume when pvcreate can be given a loop device (as root).
 */
export function buildUntemplatedDisk(dir: string): { image: string; parts: PlainPartition[] } {
  const image = join(dir, 'untemplated.img');
  const specs = [
    { type: 'swap', mib: 8, label: 'scopeswap' },
    { type: 'udf', mib: 16, label: 'scopeudf' },
    { type: 'f2fs', mib: 64, label: 'scopef2fs' },
    ...(isRoot() ? [{ type: 'LVM2_member', mib: 8, label: null }] : []),
  ];
  let start = 2048;
  const parts = specs.map((spec, i) => {
    const part = { index: i + 1, start, sectors: (spec.mib * MiB) / 512, ...spec };
    start += part.sectors;
    return part;
  });
  createSparse(image, (start + 2048) * 512);
  run('sgdisk', parts.flatMap((p) => [`--new=${p.index}:${p.start}:+${p.sectors}`]).concat(image));
  for (const part of parts) {
    const side = join(dir, `${part.type}.side`);
    createSparse(side, part.sectors * 512);
    if (part.type === 'swap') run('mkswap', ['-L', 'scopeswap', side]);
    if (part.type === 'udf') {
      run('mkudffs', ['--media-type=hd', '--blocksize=512', '--label=scopeudf', side]);
    }
    if (part.type === 'f2fs') run('mkfs.f2fs', ['-q', '-l', 'scopef2fs', side]);
    if (part.type === 'LVM2_member') {
      const device = run('losetup', ['--find', '--show', side]).trim();
      try {
        run('pvcreate', ['-q', '--config', LVM_CONFIG, device], { LVM_SUPPRESS_FD_WARNINGS: '1' });
      } finally {
        run('losetup', ['-d', device]);
      }
    }
    ddInto(image, side, part.start);
  }
  return { image, parts };
}

/** An ext4 over the first 48 MiB of a 64 MiB disk with no partition table: 16 MiB after it. */
export function buildWholeDiskExt4(dir: string): { image: string; fsSectors: number } {
  const image = join(dir, 'whole-ext4.img');
  createSparse(image, 64 * MiB);
  run('mkfs.ext4', ['-q', '-F', '-L', 'wholeext4', image, `${48 * 1024}k`]);
  return { image, fsSectors: (48 * MiB) / 512 };
}

/** A hybrid ISO (isohybrid): an MBR describes the ISO 9660 that starts at the disk's LBA 0. */
export function buildHybridIso(dir: string): string {
  const root = join(dir, 'hybrid-root');
  mkdirSync(join(root, 'isolinux'), { recursive: true });
  writeFileSync(join(root, 'hello.txt'), 'hello\n');
  copyFileSync('/usr/lib/ISOLINUX/isolinux.bin', join(root, 'isolinux', 'isolinux.bin'));
  const hybrid = join(dir, 'hybrid.iso');
  run('genisoimage', [
    ...['-quiet', '-o', hybrid, '-V', 'SCOPEHYBRID', '-b', 'isolinux/isolinux.bin'],
    ...['-c', 'isolinux/boot.cat', '-no-emul-boot', '-boot-load-size', '4', '-boot-info-table'],
    ...['-J', '-R', root],
  ]);
  run('isohybrid', [hybrid]);
  return hybrid;
}

/** An ISO 9660 with an ext2 superblock written over it: two signatures on one volume. */
export function buildAmbivalentIso(dir: string): string {
  const root = join(dir, 'iso-root');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'hello.txt'), 'hello\n');
  const iso = join(dir, 'plain.iso');
  run('genisoimage', ['-quiet', '-o', iso, '-V', 'SCOPE PLAIN', '-J', '-R', root]);
  const ext2 = join(dir, 'over.ext2');
  createSparse(ext2, 8 * MiB);
  run('mkfs.ext2', ['-q', '-F', '-L', 'overiso', ext2]);
  const mixed = join(dir, 'ambivalent.img');
  copyFileSync(iso, mixed);
  run('truncate', ['-s', '8M', mixed]);
  run('dd', [`if=${ext2}`, `of=${mixed}`, 'bs=1024', 'count=2', 'conv=notrunc', 'status=none']);
  return mixed;
}

/**
 * A GPT disk whose two ext4 volumes have backup superblocks: the first as mkfs made it, the
 * second with its backup's volume name changed (a real difference). Returns where each backup
 * lies, by dumpe2fs.
 */
export function buildBackupDisk(dir: string): {
  image: string;
  parts: { index: number; start: number; backupBlock: number; blockSize: number }[];
} {
  const image = join(dir, 'backups.img');
  createSparse(image, 40 * MiB);
  const parts = [
    { index: 1, start: 2048, label: 'sameext4' },
    { index: 2, start: 2048 + 32768, label: 'realdiff' },
  ];
  run('sgdisk', parts.flatMap((p) => [`--new=${p.index}:${p.start}:+16M`]).concat(image));
  return {
    image,
    parts: parts.map((p) => {
      run('mkfs.ext4', ['-q', '-F', '-L', p.label, '-E', `offset=${p.start * 512}`, image, '16M']);
      const info = run('dumpe2fs', [`${image}?offset=${p.start * 512}`]);
      const backupBlock = Number(/Backup superblock at (\d+)/.exec(info)?.[1]);
      const blockSize = Number(/Block size:\s+(\d+)/.exec(info)?.[1]);
      if (p.index === 2) {
        // s_volume_name, at 0x78 of the superblock.
        patchFile(
          image,
          p.start * 512 + backupBlock * blockSize + 0x78,
          new TextEncoder().encode('tampered'),
        );
      }
      return { index: p.index, start: p.start, backupBlock, blockSize };
    }),
  };
}
