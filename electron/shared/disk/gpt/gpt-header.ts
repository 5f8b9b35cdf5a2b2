import { hasSignature, hex, u32le, u64le } from '../bytes';
import { formatGuid } from '../guid';

export const GPT_SIGNATURE = 'EFI PART';
export const GPT_HEADER_MIN_SIZE = 92;
export const GPT_REVISION_1_0 = 0x00010000;
export const GPT_MIN_ENTRY_SIZE = 128;
/** Entry arrays beyond this are refused (128 entries of 128 bytes is 16 KiB; 4 MiB is generous). */
export const MAX_ENTRY_ARRAY_BYTES = 4 * 1024 * 1024;

export type Crc32 = (bytes: Uint8Array) => number;

export interface GptHeader {
  /** Where this header was read. */
  lba: bigint;
  revision: number;
  headerSize: number;
  headerCrc: number;
  /** CRC32 computed over the header; null when headerSize makes it impossible to compute. */
  computedHeaderCrc: number | null;
  headerCrcValid: boolean;
  myLba: bigint;
  alternateLba: bigint;
  firstUsableLba: bigint;
  lastUsableLba: bigint;
  diskGuid: string;
  entriesLba: bigint;
  entryCount: number;
  entrySize: number;
  entriesCrc: number;
  /** Sectors the entry array covers, or null when its size is not sane. */
  entrySectors: number | null;
  /** Inconsistent fields, as sentences; empty for a sound header. */
  problems: string[];
  /** Signature, CRC and every field sound. */
  valid: boolean;
}

function isPowerOfTwoMultiple(size: number, unit: number): boolean {
  if (size < unit || size % unit !== 0) return false;
  const ratio = size / unit;
  return (ratio & (ratio - 1)) === 0;
}

function computeHeaderCrc(bytes: Uint8Array, headerSize: number, crc32: Crc32): number | null {
  if (headerSize < GPT_HEADER_MIN_SIZE || headerSize > bytes.length) return null;
  const copy = bytes.slice(0, headerSize);
  copy.fill(0, 16, 20);
  return crc32(copy) >>> 0;
}

/**
 * Decodes a GPT header from the sector read at `lba`. Null when the "EFI PART" signature is
 * absent (the sector holds no GPT header at all).
 */
export function decodeGptHeader(
  bytes: Uint8Array,
  lba: bigint,
  sectorCount: bigint,
  crc32: Crc32,
): GptHeader | null {
  if (bytes.length < GPT_HEADER_MIN_SIZE || !hasSignature(bytes, 0, GPT_SIGNATURE)) return null;
  const headerSize = u32le(bytes, 12);
  const headerCrc = u32le(bytes, 16);
  const computedHeaderCrc = computeHeaderCrc(bytes, headerSize, crc32);
  const entryCount = u32le(bytes, 80);
  const entrySize = u32le(bytes, 84);
  const header: GptHeader = {
    lba,
    revision: u32le(bytes, 8),
    headerSize,
    headerCrc,
    computedHeaderCrc,
    headerCrcValid: computedHeaderCrc === headerCrc,
    myLba: u64le(bytes, 24),
    alternateLba: u64le(bytes, 32),
    firstUsableLba: u64le(bytes, 40),
    lastUsableLba: u64le(bytes, 48),
    diskGuid: formatGuid(bytes, 56),
    entriesLba: u64le(bytes, 72),
    entryCount,
    entrySize,
    entriesCrc: u32le(bytes, 88),
    entrySectors: null,
    problems: [],
    valid: false,
  };

  const problems = header.problems;
  if (headerSize < GPT_HEADER_MIN_SIZE || headerSize > bytes.length) {
    problems.push(
      `its header size ${headerSize} is outside ${GPT_HEADER_MIN_SIZE}-${bytes.length} bytes`,
    );
  }
  if (header.myLba !== lba) {
    problems.push(`it says it lives at LBA ${header.myLba} but was read at LBA ${lba}`);
  }
  if (header.firstUsableLba > header.lastUsableLba) {
    problems.push(
      `its first usable LBA ${header.firstUsableLba} is after its last usable LBA ${header.lastUsableLba}`,
    );
  }
  if (header.lastUsableLba >= sectorCount) {
    problems.push(
      `its last usable LBA ${header.lastUsableLba} is past the end of the disk (${sectorCount} sectors)`,
    );
  }
  const arrayBytes = entryCount * entrySize;
  if (!isPowerOfTwoMultiple(entrySize, GPT_MIN_ENTRY_SIZE)) {
    problems.push(`its entry size ${entrySize} is not 128 bytes times a power of two`);
  } else if (arrayBytes > MAX_ENTRY_ARRAY_BYTES) {
    problems.push(
      `its entry array (${entryCount} entries of ${entrySize} bytes) is larger than ${MAX_ENTRY_ARRAY_BYTES} bytes`,
    );
  } else {
    const sectorSize = bytes.length;
    header.entrySectors = Math.ceil(arrayBytes / sectorSize);
    const arrayEnd = header.entriesLba + BigInt(header.entrySectors);
    if (arrayEnd > sectorCount) {
      problems.push(
        `its entry array (LBA ${header.entriesLba}, ${header.entrySectors} sectors) runs past the end of the disk`,
      );
    } else if (
      header.entrySectors > 0 &&
      header.entriesLba <= header.lastUsableLba &&
      arrayEnd > header.firstUsableLba
    ) {
      problems.push(
        `its entry array (LBA ${header.entriesLba}-${arrayEnd - 1n}) overlaps the usable area (LBA ${header.firstUsableLba}-${header.lastUsableLba})`,
      );
    }
  }
  header.valid = header.headerCrcValid && problems.length === 0;
  return header;
}

export function describeCrcMismatch(stored: number, computed: number | null): string {
  return computed === null
    ? `stored ${hex(stored, 8)}, cannot be computed`
    : `stored ${hex(stored, 8)}, computed ${hex(computed, 8)}`;
}
