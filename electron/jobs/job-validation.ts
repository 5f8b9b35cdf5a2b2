// Checks of everything a job request carries, before any reading starts. Requests cross a trust
// boundary (IPC, WebSocket, command line): nothing is assumed.

import {
  SectorscopeError,
  type HashAlgorithm,
  type MapMode,
  type SearchPattern,
} from '../shared/contract';
import {
  DEFAULT_MAP_CELLS,
  DEFAULT_SAMPLES_PER_CELL,
  MAX_MAP_CELLS,
  MAX_SAMPLES_PER_CELL,
} from '../shared/content-map';
import { compileSearchPattern } from '../shared/search-pattern';

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];
export const DEFAULT_HASH_ALGORITHMS: readonly HashAlgorithm[] = ['md5', 'sha1', 'sha256'];
export const DEFAULT_MAX_HITS = 10_000;
export const MAX_MAX_HITS = 1_000_000;
export const DEFAULT_JOB_RETRIES = 1;
export const MAX_JOB_RETRIES = 16;

const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

function invalid(message: string): SectorscopeError {
  return new SectorscopeError('INVALID_ARGUMENT', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  try {
    return JSON.stringify(value)?.slice(0, 60) ?? String(value);
  } catch {
    return typeof value;
  }
}

function wholeNumber(value: unknown, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
  throw invalid(`"${field}" must be a whole number 0 or more, in decimal; got ${describe(value)}.`);
}

export interface SectorRange {
  lba: bigint;
  count: bigint;
}

/** The range of a job: absent means the whole disk; otherwise it must lie on the disk. */
export function parseJobRange(value: unknown, sectorCount: bigint): SectorRange {
  if (value === undefined || value === null) return { lba: 0n, count: sectorCount };
  if (!isRecord(value)) {
    throw invalid(
      '"range" must be an object { lba, count } in sectors, or absent for the whole disk.',
    );
  }
  const lba = wholeNumber(value.lba, 'range.lba');
  const count = wholeNumber(value.count, 'range.count');
  if (count === 0n)
    throw invalid('"range.count" must be 1 or more: a job needs at least one sector.');
  const last = sectorCount - 1n;
  if (lba > last) {
    throw new SectorscopeError(
      'OUT_OF_RANGE',
      `LBA ${lba} is past the end of the disk: the last LBA is ${last}.`,
    );
  }
  if (lba + count > sectorCount) {
    throw new SectorscopeError(
      'OUT_OF_RANGE',
      `${count} sectors from LBA ${lba} run past the end of the disk: the last LBA is ${last}, ` +
        `so at most ${sectorCount - lba} sectors remain from there.`,
    );
  }
  return { lba, count };
}

export function parseRetries(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_JOB_RETRIES;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_JOB_RETRIES
  ) {
    throw invalid(
      `"retries" must be a whole number from 0 to ${MAX_JOB_RETRIES} (extra reads of each ` +
        `failing sector); got ${describe(value)}.`,
    );
  }
  return value;
}

function parseAlgorithms(value: unknown): HashAlgorithm[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(
      `"algorithms" must list at least one of ${HASH_ALGORITHMS.join(', ')}; got ${describe(value)}.`,
    );
  }
  for (const name of value) {
    if (!HASH_ALGORITHMS.includes(name as HashAlgorithm)) {
      throw invalid(`Unknown hash algorithm ${describe(name)}: use ${HASH_ALGORITHMS.join(', ')}.`);
    }
  }
  return HASH_ALGORITHMS.filter((a) => value.includes(a));
}

function parsePattern(value: unknown): SearchPattern {
  if (!isRecord(value)) {
    throw invalid('"pattern" must be an object { type: "hex" | "text" | "utf16le", value }.');
  }
  if (typeof value.value !== 'string') {
    throw invalid(`"pattern.value" must be text; got ${describe(value.value)}.`);
  }
  const ignoreCase = value.ignoreCase;
  if (ignoreCase !== undefined && typeof ignoreCase !== 'boolean') {
    throw invalid(`"pattern.ignoreCase" must be true or false; got ${describe(ignoreCase)}.`);
  }
  let pattern: SearchPattern;
  switch (value.type) {
    case 'hex':
      if (ignoreCase) throw invalid('"ignoreCase" applies to text patterns, not to hex bytes.');
      pattern = { type: 'hex', value: value.value };
      break;
    case 'text':
    case 'utf16le':
      pattern = { type: value.type, value: value.value, ignoreCase: ignoreCase === true };
      break;
    default:
      throw invalid(
        `"pattern.type" must be "hex", "text" or "utf16le"; got ${describe(value.type)}.`,
      );
  }
  const compiled = compileSearchPattern(pattern);
  if (!compiled.ok) throw invalid(compiled.message);
  return pattern;
}

function parseMaxHits(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_MAX_HITS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_MAX_HITS) {
    throw invalid(
      `"maxHits" must be a whole number from 1 to ${MAX_MAX_HITS}; got ${describe(value)}.`,
    );
  }
  return value;
}

/** A whole number from 1 to `max`, or `fallback` when absent. */
function boundedCount(value: unknown, field: string, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`"${field}" must be a whole number from 1 to ${max}; got ${describe(value)}.`);
  }
  return value;
}

function parseMapSpec(value: Record<string, unknown>): ValidJobSpec {
  const mode = value.mode ?? 'quick';
  if (mode !== 'quick' && mode !== 'full') {
    throw invalid(`"mode" must be "quick" or "full"; got ${describe(mode)}.`);
  }
  return {
    kind: 'map',
    mode,
    cells: boundedCount(value.cells, 'cells', MAX_MAP_CELLS, DEFAULT_MAP_CELLS),
    samplesPerCell: boundedCount(
      value.samplesPerCell,
      'samplesPerCell',
      MAX_SAMPLES_PER_CELL,
      DEFAULT_SAMPLES_PER_CELL,
    ),
  };
}

/** A validated, normalized spec: algorithms deduplicated in a fixed order, defaults filled in. */
export type ValidJobSpec =
  | { kind: 'hash'; algorithms: HashAlgorithm[] }
  | { kind: 'search'; pattern: SearchPattern; alignedToSector: boolean; maxHits: number }
  | { kind: 'export' }
  | { kind: 'verify' }
  | { kind: 'map'; mode: MapMode; cells: number; samplesPerCell: number };

export function parseJobSpec(value: unknown): ValidJobSpec {
  if (!isRecord(value)) throw invalid('"spec" must be an object with a "kind".');
  switch (value.kind) {
    case 'hash':
      return { kind: 'hash', algorithms: parseAlgorithms(value.algorithms) };
    case 'search': {
      const aligned = value.alignedToSector;
      if (aligned !== undefined && typeof aligned !== 'boolean') {
        throw invalid(`"alignedToSector" must be true or false; got ${describe(aligned)}.`);
      }
      return {
        kind: 'search',
        pattern: parsePattern(value.pattern),
        alignedToSector: aligned === true,
        maxHits: parseMaxHits(value.maxHits),
      };
    }
    case 'export':
      return { kind: 'export' };
    case 'verify':
      return { kind: 'verify' };
    case 'map':
      return parseMapSpec(value);
    default:
      throw invalid(
        `"spec.kind" must be "hash", "search", "export", "verify" or "map"; got ` +
          `${describe(value.kind)}.`,
      );
  }
}

/**
 * Bytes per read. Measured on the reference machine (virtio disk, O_DIRECT, two reads in
 * flight): 1, 2, 4 and 8 MiB all read at 1.0-1.3 GB/s, within the noise; 4 MiB keeps a job's
 * four buffers at 16 MiB and stays large enough for spinning disks and USB bridges.
 */
export const DEFAULT_BLOCK_BYTES = 4 * 1024 * 1024;
const MIN_BLOCK_BYTES = 64 * 1024;
const MAX_BLOCK_BYTES = 64 * 1024 * 1024;

export function parseBlockBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_BLOCK_BYTES;
  if (
    !Number.isInteger(value) ||
    value < MIN_BLOCK_BYTES ||
    value > MAX_BLOCK_BYTES ||
    value % 4096 !== 0
  ) {
    throw invalid(
      `The block size must be a multiple of 4096 bytes from ${MIN_BLOCK_BYTES} to ` +
        `${MAX_BLOCK_BYTES}; got ${value}.`,
    );
  }
  return value;
}
