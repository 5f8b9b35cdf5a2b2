// A GPT disk with one partition for each format the Debian tools here can make, each made by
// its own mkfs (or cryptsetup, mkswap, genisoimage, mkudffs) at test time, sparse.
import { join } from 'node:path';
import { createSparse } from './images';
import { run } from './tools';

const MiB = 1024 * 1024;

export interface ZooPartition {
  /** GPT partition number. */
  index: number;
  start: number;
  sectors: number;
  /** blkid's TYPE, and VERSION for FAT. */
  blkidType: string;
  label: string | null;
}

interface Spec {
  key: string;
  mib: number;
  blkidType: string;
  label: string | null;
  /** Makes the filesystem on `target` (the image at `offset` bytes, or a side file of its own). */
  make: (target: string, offset: number | null, bytes: number) => void;
  /** True when the tool writes into the image at an offset; else a side file is copied in. */
  atOffset?: boolean;
}

const fat =
  (bits: string, label: string, id: string): Spec['make'] =>
  (target, offset, bytes) =>
    run('mkfs.fat', [
      // One sector per cluster keeps FAT32 above 65525 clusters, where fsstat reads it as FAT32.
      ...(bits === '32' ? ['-s', '1'] : []),
      '-F',
      bits,
      '-n',
      label,
      '-i',
      id,
      `--offset=${(offset ?? 0) / 512}`,
      target,
      String(bytes / 1024),
    ]);
const ext =
  (kind: string, label: string): Spec['make'] =>
  (target, offset, bytes) =>
    run(`mkfs.${kind}`, [
      '-q',
      '-F',
      '-L',
      label,
      '-E',
      `offset=${offset}`,
      target,
      `${bytes / 1024}k`,
    ]);

/** Passphrase given on stdin with a cheap key derivation: the tests only read the header. */
const luks =
  (type: string, label: string | null): Spec['make'] =>
  (target) =>
    run('sh', [
      '-c',
      `printf scope | cryptsetup luksFormat -q --type ${type} --pbkdf pbkdf2 --pbkdf-force-iterations 1000 ${label ? `--label ${label}` : ''} --key-file - "$1"`,
      'sh',
      target,
    ]);

export const ZOO_SPECS: readonly Spec[] = [
  {
    key: 'fat12',
    mib: 2,
    blkidType: 'vfat',
    label: 'SCOPEF12',
    make: fat('12', 'SCOPEF12', '0000F012'),
    atOffset: true,
  },
  {
    key: 'fat16',
    mib: 24,
    blkidType: 'vfat',
    label: 'SCOPEF16',
    make: fat('16', 'SCOPEF16', '0000F016'),
    atOffset: true,
  },
  {
    key: 'fat32',
    mib: 40,
    blkidType: 'vfat',
    label: 'SCOPEF32',
    make: fat('32', 'SCOPEF32', '0000F032'),
    atOffset: true,
  },
  {
    key: 'exfat',
    mib: 16,
    blkidType: 'exfat',
    label: 'Scope exFAT',
    make: (t) => run('mkfs.exfat', ['-L', 'Scope exFAT', t]),
  },
  {
    key: 'ntfs',
    mib: 16,
    blkidType: 'ntfs',
    label: 'Scopé NTFS',
    make: (t) => run('mkfs.ntfs', ['-f', '-F', '-q', '-L', 'Scopé NTFS', t]),
  },
  {
    key: 'ext2',
    mib: 8,
    blkidType: 'ext2',
    label: 'scopeext2',
    make: ext('ext2', 'scopeext2'),
    atOffset: true,
  },
  {
    key: 'ext3',
    mib: 16,
    blkidType: 'ext3',
    label: 'scopeext3',
    make: ext('ext3', 'scopeext3'),
    atOffset: true,
  },
  {
    key: 'ext4',
    mib: 32,
    blkidType: 'ext4',
    label: 'scopeext4',
    make: ext('ext4', 'scopeext4'),
    atOffset: true,
  },
  // mkfs.btrfs wants 109 MiB at least; a copy of the superblock lies at 64 MiB.
  {
    key: 'btrfs',
    mib: 128,
    blkidType: 'btrfs',
    label: 'scope btrfs',
    make: (t) => run('mkfs.btrfs', ['-q', '-L', 'scope btrfs', t]),
  },
  {
    key: 'xfs',
    mib: 40,
    blkidType: 'xfs',
    label: 'scopexfs',
    // mkfs.xfs refuses less than 300 MB unless run by fstests, which these variables stand for.
    make: (t) =>
      run('mkfs.xfs', ['-q', '-L', 'scopexfs', t], {
        TEST_DIR: '1',
        TEST_DEV: '1',
        QA_CHECK_FS: '1',
      }),
  },
  {
    key: 'f2fs',
    mib: 64,
    blkidType: 'f2fs',
    label: 'scopef2fs',
    make: (t) => run('mkfs.f2fs', ['-q', '-l', 'scopef2fs', t]),
  },
  {
    key: 'swap',
    mib: 8,
    blkidType: 'swap',
    label: 'scopeswap',
    make: (t) => run('mkswap', ['-L', 'scopeswap', t]),
  },
  { key: 'luks1', mib: 16, blkidType: 'crypto_LUKS', label: null, make: luks('luks1', null) },
  {
    key: 'luks2',
    mib: 16,
    blkidType: 'crypto_LUKS',
    label: 'scopeluks',
    make: luks('luks2', 'scopeluks'),
  },
  {
    key: 'udf',
    mib: 16,
    blkidType: 'udf',
    label: 'scopeudf',
    make: (t) =>
      run('mkudffs', [
        '--media-type=hd',
        '--blocksize=512',
        '--label=scopeudf',
        '--vsid=5c0e0001scopeset',
        t,
      ]),
  },
  {
    key: 'iso9660',
    mib: 1,
    blkidType: 'iso9660',
    label: 'SCOPE_ISO',
    make: (t) => {
      const root = `${t}.root`;
      run('mkdir', ['-p', root]);
      run('sh', ['-c', 'echo hello > "$1/hello.txt"', 'sh', root]);
      run('genisoimage', ['-quiet', '-o', t, '-V', 'SCOPE_ISO', '-J', '-R', root]);
    },
  },
];

export interface Zoo {
  image: string;
  /** The side file each tool made (the same bytes as the partition's start), by key. */
  sides: Map<string, string>;
  partitions: Map<string, ZooPartition>;
}

/** Builds the disk: 1 MiB-aligned partitions, sparse, in the order of ZOO_SPECS. */
export function buildFilesystemZoo(dir: string): Zoo {
  const image = join(dir, 'zoo.img');
  const partitions = new Map<string, ZooPartition>();
  let start = 2048;
  ZOO_SPECS.forEach((spec, i) => {
    const sectors = (spec.mib * MiB) / 512;
    partitions.set(spec.key, {
      index: i + 1,
      start,
      sectors,
      blkidType: spec.blkidType,
      label: spec.label,
    });
    start += sectors;
  });
  createSparse(image, (start + 2048) * 512);
  run(
    'sgdisk',
    [...partitions.values()]
      .flatMap((p) => [`--new=${p.index}:${p.start}:+${p.sectors}`, `--typecode=${p.index}:8300`])
      .concat(image),
  );
  const sides = new Map<string, string>();
  for (const spec of ZOO_SPECS) {
    const p = partitions.get(spec.key);
    if (!p) continue;
    const bytes = p.sectors * 512;
    if (spec.atOffset) {
      spec.make(image, p.start * 512, bytes);
      continue;
    }
    const side = join(dir, `${spec.key}.side`);
    if (spec.key !== 'iso9660') createSparse(side, bytes);
    spec.make(side, null, bytes);
    sides.set(spec.key, side);
    run('dd', [
      `if=${side}`,
      `of=${image}`,
      'bs=64K',
      `seek=${p.start * 512}`,
      'oflag=seek_bytes',
      'conv=notrunc,sparse',
      'status=none',
    ]);
  }
  return { image, sides, partitions };
}
