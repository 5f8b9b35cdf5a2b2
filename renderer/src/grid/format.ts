export type OffsetMode = 'hex' | 'lba' | 'partition';

export interface PartitionSpan {
  index: number;
  start: bigint;
  end: bigint;
}

export function formatOffset(
  offset: bigint,
  mode: OffsetMode,
  sectorSize: number,
  partitions: readonly PartitionSpan[] = [],
): string {
  if (mode === 'hex') return offset.toString(16).toUpperCase().padStart(12, '0');
  const size = BigInt(sectorSize);
  const lba = offset / size;
  const within = (offset % size).toString(16).toUpperCase().padStart(3, '0');
  if (mode === 'partition') {
    const partition = partitions.find((p) => lba >= p.start && lba <= p.end);
    if (partition) return `p${partition.index}+${lba - partition.start}:${within}`;
  }
  return `${lba}:${within}`;
}

export type ByteClass = 'zero' | 'ascii' | 'other';

export function byteClass(byte: number): ByteClass {
  if (byte === 0) return 'zero';
  if (byte >= 0x20 && byte < 0x7f) return 'ascii';
  return 'other';
}

export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).toUpperCase().padStart(2, '0'),
);

export function asciiChar(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

export function humanBytes(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
