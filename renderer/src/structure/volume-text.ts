import { formatBytes, type FilesystemJson } from '../../../electron/shared/disk';

/** 'ext4 “root”': a file system by its name and label. */
export function filesystemName(fs: FilesystemJson): string {
  return `${fs.name}${fs.label ? ` “${fs.label}”` : ''}`;
}

/** The map's label for the file system of a disk with no partition table. */
export function diskVolumeLabel(fs: FilesystemJson): string {
  return `${filesystemName(fs)} · the whole disk, no partition table`;
}

/** '98304 sectors, 48.0 MiB'. */
export function sectorsText(sectors: bigint, sectorSize: number): string {
  return `${sectors} sectors, ${formatBytes(sectors * BigInt(sectorSize))}`;
}

/** The last LBA of a file system of `bytes` from `start` (a partial last sector counts). */
export function filesystemEnd(start: number, bytes: number, sectorSize: number): bigint {
  const size = BigInt(sectorSize);
  return BigInt(start) + (BigInt(bytes) + size - 1n) / size - 1n;
}
