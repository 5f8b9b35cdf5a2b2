import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface FaultyImageOptions {
  /** The disk image to serve. It is opened O_RDONLY and never written. */
  backingImage: string;
  /** Sector size in bytes: the unit of badSectors and delay.sectors (and the loop device's). */
  sectorSize?: number;
  /** LBAs (in sectorSize units) whose reads fail with EIO. */
  badSectors?: readonly bigint[];
  /** Sleep `ms` before answering reads that overlap `sectors`, or every read when omitted. */
  delay?: { ms: number; sectors?: readonly bigint[] };
  /** Have the FUSE program print every read it answers (see FaultyImageMount.log()). */
  logReads?: boolean;
}

export interface NormalizedFaultyImageOptions {
  backingImage: string;
  size: bigint;
  sectorSize: number;
  sectorCount: bigint;
  badSectors: bigint[];
  delay: { ms: number; sectors: bigint[] } | undefined;
  logReads: boolean;
}

export const MAX_DELAY_MS = 86_400_000;
const SECTOR_SIZES = [512, 1024, 2048, 4096];

/** Checks the options against the backing image and returns them sorted and deduplicated. */
export async function normalizeFaultyImageOptions(
  options: FaultyImageOptions,
): Promise<NormalizedFaultyImageOptions> {
  const sectorSize = options.sectorSize ?? 512;
  if (!SECTOR_SIZES.includes(sectorSize)) {
    throw new Error(
      `sectorSize ${sectorSize} is not supported; use ${SECTOR_SIZES.join(', ')} ` +
        '(the sizes losetup --sector-size accepts)',
    );
  }
  const backingImage = resolve(options.backingImage);
  const info = await stat(backingImage).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot use backing image ${backingImage}: ${error.code ?? error.message}`);
  });
  if (!info.isFile()) throw new Error(`backing image ${backingImage} is not a regular file`);
  const size = BigInt(info.size);
  if (size === 0n || size % BigInt(sectorSize) !== 0n) {
    throw new Error(
      `backing image ${backingImage} is ${size} bytes, not a whole positive number of ` +
        `${sectorSize}-byte sectors; make its size a multiple of ${sectorSize}`,
    );
  }
  const sectorCount = size / BigInt(sectorSize);
  const badSectors = checkedLbas('badSectors', options.badSectors ?? [], sectorCount);
  let delay: NormalizedFaultyImageOptions['delay'];
  if (options.delay !== undefined) {
    const { ms } = options.delay;
    if (!Number.isInteger(ms) || ms < 1 || ms > MAX_DELAY_MS) {
      throw new Error(
        `delay.ms ${ms} must be a whole number of milliseconds, 1 to ${MAX_DELAY_MS}`,
      );
    }
    const sectors = checkedLbas('delay.sectors', options.delay.sectors ?? [], sectorCount);
    if (options.delay.sectors !== undefined && sectors.length === 0) {
      throw new Error('delay.sectors is empty; omit it to delay every read, or list some LBAs');
    }
    delay = { ms, sectors };
  }
  return {
    backingImage,
    size,
    sectorSize,
    sectorCount,
    badSectors,
    delay,
    logReads: options.logReads ?? false,
  };
}

function checkedLbas(name: string, lbas: readonly bigint[], sectorCount: bigint): bigint[] {
  for (const lba of lbas) {
    if (typeof lba !== 'bigint' || lba < 0n || lba >= sectorCount) {
      throw new Error(
        `${name} has LBA ${String(lba)}, outside the image's ${sectorCount} sectors; ` +
          `use bigint LBAs from 0 to ${sectorCount - 1n}`,
      );
    }
  }
  return [...new Set(lbas)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The faulty-disk program's own options for these settings (ranges in sectors). */
export function faultyDiskArguments(options: NormalizedFaultyImageOptions): string[] {
  const args = [`--image=${options.backingImage}`, `--sector-size=${options.sectorSize}`];
  if (options.badSectors.length > 0) args.push(`--bad-sectors=${runs(options.badSectors)}`);
  if (options.delay !== undefined) {
    args.push(`--delay-ms=${options.delay.ms}`);
    if (options.delay.sectors.length > 0) {
      args.push(`--delay-sectors=${runs(options.delay.sectors)}`);
    }
  }
  if (options.logReads) args.push('--log-reads');
  return args;
}

/** Sorted LBAs as the program's range list: runs of consecutive LBAs become START+COUNT. */
function runs(sorted: readonly bigint[]): string {
  const parts: string[] = [];
  let start: bigint | undefined;
  let count = 0n;
  for (const lba of sorted) {
    if (start !== undefined && lba === start + count) {
      count += 1n;
      continue;
    }
    if (start !== undefined) parts.push(`${start}+${count}`);
    start = lba;
    count = 1n;
  }
  if (start !== undefined) parts.push(`${start}+${count}`);
  return parts.join(',');
}
