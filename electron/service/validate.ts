import { SectorscopeError } from '../shared/contract';

/** Every request crosses a trust boundary: nothing in params is assumed, everything is checked. */

export function invalid(message: string): SectorscopeError {
  return new SectorscopeError('INVALID_ARGUMENT', message);
}

export function requireRecord(params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw invalid('Request parameters must be an object.');
  }
  return params as Record<string, unknown>;
}

export function requireString(params: Record<string, unknown>, field: string): string {
  const value = params[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw invalid(`"${field}" must be a non-empty string.`);
  }
  return value;
}

const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

/** A sector number sent as a decimal string (or a safe integer); never negative, never fractional. */
export function requireLba(params: Record<string, unknown>, field = 'lba'): bigint {
  const value = params[field];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
  throw invalid(
    `"${field}" must be a whole number of sectors, 0 or more, written in decimal; got ${describe(value)}.`,
  );
}

export function requireCount(params: Record<string, unknown>, maxCount: number): number {
  const value = params.count;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(`"count" must be a whole number of sectors, 1 or more; got ${describe(value)}.`);
  }
  if (value > maxCount) {
    throw new SectorscopeError(
      'OUT_OF_RANGE',
      `A count of ${value} sectors is too large: at most ${maxCount} sectors can be read in one request.`,
    );
  }
  return value;
}

export function requireRangeOnDisk(lba: bigint, count: number, sectorCount: bigint): void {
  const last = sectorCount - 1n;
  if (lba > last) {
    throw new SectorscopeError(
      'OUT_OF_RANGE',
      `LBA ${lba} is past the end of the disk: the last LBA is ${last}.`,
    );
  }
  if (lba + BigInt(count) > sectorCount) {
    throw new SectorscopeError(
      'OUT_OF_RANGE',
      `Reading ${count} sectors from LBA ${lba} runs past the end of the disk: the last LBA is ${last}.`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}
