// What identifies a source well enough to reuse what was worked out of it (an owner index):
// its format, size and sector size, the device's serial or WWN where it has one, and SHA-256 of
// fixed samples (the first and last MiB and 64 sectors spread over it). Any difference means the
// saved work is not used. Never a hash of the whole source just to find it.

import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';
import type { EvidenceSource } from './evidence-source';

const SAMPLE_EDGE_BYTES = 1024 * 1024;
const SPREAD_SAMPLES = 64;

export interface SourceFingerprint {
  format: string;
  size: string;
  sectorSize: number;
  /** The device's WWN or serial as sysfs gives it; null for files and devices without one. */
  deviceId: string | null;
  /** SHA-256 of the samples, lower-case hex. */
  samples: string;
  /** All of the above as one string, for keys and file names. */
  key: string;
}

/** A block device's WWN or serial from sysfs, or null. */
function deviceIdOf(path: string): string | null {
  let name: string;
  try {
    name = basename(realpathSync(path));
  } catch {
    return null;
  }
  for (const file of ['device/wwid', 'wwid', 'device/serial', 'serial']) {
    try {
      const text = readFileSync(`/sys/class/block/${name}/${file}`, 'utf8').trim();
      if (text) return `${file.replace('device/', '')}:${text}`;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Byte offsets of the samples: first MiB, last MiB, and 64 sectors evenly spread. */
function sampleRanges(size: bigint, sectorSize: number): [bigint, number][] {
  const edge = size < BigInt(SAMPLE_EDGE_BYTES) ? Number(size) : SAMPLE_EDGE_BYTES;
  const ranges: [bigint, number][] = [
    [0n, edge],
    [size - BigInt(edge), edge],
  ];
  const sectors = size / BigInt(sectorSize);
  for (let i = 0n; i < BigInt(SPREAD_SAMPLES) && sectors > 0n; i++) {
    ranges.push([((sectors * i) / BigInt(SPREAD_SAMPLES)) * BigInt(sectorSize), sectorSize]);
  }
  return ranges;
}

export async function sourceFingerprint(source: EvidenceSource): Promise<SourceFingerprint> {
  const { size, logicalSectorSize } = source.geometry;
  const hash = createHash('sha256');
  for (const [offset, length] of sampleRanges(size, logicalSectorSize)) {
    const read = await source.read(offset, length);
    hash.update(read.data);
  }
  const samples = hash.digest('hex');
  const deviceId = source.identity.kind === 'block' ? deviceIdOf(source.identity.path) : null;
  const format = source.identity.format;
  const parts = [format, String(size), String(logicalSectorSize), deviceId ?? '-', samples];
  return {
    format,
    size: String(size),
    sectorSize: logicalSectorSize,
    deviceId,
    samples,
    key: parts.join('|'),
  };
}
