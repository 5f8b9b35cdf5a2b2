// Calendar arithmetic on bigint so that every 64-bit timestamp formats exactly, far past the range
// of Date. Days to civil date after Howard Hinnant's public-domain `civil_from_days`.

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function civilFromDays(days: bigint): { year: bigint; month: number; day: number } {
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  return { year: yoe + era * 400n + (month <= 2 ? 1n : 0n), month, day };
}

const two = (n: number | bigint): string => String(n).padStart(2, '0');

/** Years 0-9999 as four digits, others with a sign and six digits (as Date.toISOString). */
function formatYear(year: bigint): string {
  if (year >= 0n && year <= 9999n) return String(year).padStart(4, '0');
  return `${year < 0n ? '-' : '+'}${String(year < 0n ? -year : year).padStart(6, '0')}`;
}

/**
 * ISO 8601 UTC text for `units` counted from 1970-01-01T00:00:00Z at `unitsPerSecond`,
 * with `fractionDigits` digits of fraction (0 for whole seconds).
 */
export function formatUtc(units: bigint, unitsPerSecond: bigint, fractionDigits: number): string {
  const seconds = floorDiv(units, unitsPerSecond);
  const fraction = units - seconds * unitsPerSecond;
  const days = floorDiv(seconds, 86400n);
  const secondOfDay = seconds - days * 86400n;
  const { year, month, day } = civilFromDays(days);
  const hh = secondOfDay / 3600n;
  const mm = (secondOfDay % 3600n) / 60n;
  const ss = secondOfDay % 60n;
  const fractionText =
    fractionDigits > 0 ? `.${String(fraction).padStart(fractionDigits, '0')}` : '';
  return `${formatYear(year)}-${two(month)}-${two(day)}T${two(hh)}:${two(mm)}:${two(ss)}${fractionText}Z`;
}

/** 100-ns intervals between 1601-01-01 (the FILETIME epoch) and 1970-01-01. */
export const FILETIME_UNIX_OFFSET = 116444736000000000n;

export function formatFiletime(filetime: bigint): string {
  return formatUtc(filetime - FILETIME_UNIX_OFFSET, 10_000_000n, 7);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** A FAT date word: bits 15-9 years since 1980, 8-5 month, 4-0 day. Null when not a real date. */
export function formatDosDate(word: number): string | null {
  const year = 1980 + (word >> 9);
  const month = (word >> 5) & 0x0f;
  const day = word & 0x1f;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${two(month)}-${two(day)}`;
}

/** A FAT time word: bits 15-11 hours, 10-5 minutes, 4-0 seconds / 2. Null when out of range. */
export function formatDosTime(word: number): string | null {
  const hours = word >> 11;
  const minutes = (word >> 5) & 0x3f;
  const seconds = (word & 0x1f) * 2;
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return `${two(hours)}:${two(minutes)}:${two(seconds)}`;
}
