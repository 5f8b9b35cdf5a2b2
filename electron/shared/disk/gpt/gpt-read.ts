import { bytesEqual, hex } from '../bytes';
import type { FindingCollector } from '../findings';
import { readSectors } from '../read-sectors';
import type { SectorSource } from '../sector-source';
import { decodeGptEntries, type GptEntry } from './gpt-entries';
import {
  type Crc32,
  decodeGptHeader,
  describeCrcMismatch,
  GPT_REVISION_1_0,
  type GptHeader,
} from './gpt-header';

/** One copy of the GPT (primary at LBA 1, backup normally at the last LBA). */
export interface GptCopy {
  header: GptHeader;
  /** True/false once the entry array was read and checked; null when it could not be read. */
  entriesCrcValid: boolean | null;
  entries: GptEntry[];
}

export interface GptLayout {
  primary: GptCopy | null;
  backup: GptCopy | null;
  /** The copy whose partitions are shown. */
  used: 'primary' | 'backup';
  header: GptHeader;
  entries: GptEntry[];
}

type Role = 'primary' | 'backup';

interface LoadedCopy {
  copy: GptCopy;
  array: Uint8Array | null;
}

async function readHeader(
  source: SectorSource,
  lba: bigint,
  crc32: Crc32,
  findings: FindingCollector,
): Promise<GptHeader | null> {
  const read = await readSectors(source, lba, 1);
  if (!read.ok) {
    findings.add(
      'error',
      'READ_FAILED',
      `LBA ${lba} (GPT header) could not be read: ${read.message}`,
      lba,
    );
    return null;
  }
  return decodeGptHeader(read.bytes, lba, source.sectorCount, crc32);
}

async function loadEntries(
  source: SectorSource,
  header: GptHeader,
  role: Role,
  crc32: Crc32,
  findings: FindingCollector,
): Promise<LoadedCopy> {
  const copy: GptCopy = { header, entriesCrcValid: null, entries: [] };
  const sectors = header.entrySectors;
  if (sectors === null || header.entriesLba + BigInt(sectors) > source.sectorCount) {
    findings.add(
      'error',
      'GPT_ENTRIES_UNREADABLE',
      `The ${role} GPT entry array cannot be located from its header (LBA ${header.entriesLba}, ${header.entryCount} entries of ${header.entrySize} bytes).`,
      header.lba,
    );
    return { copy, array: null };
  }
  const arrayBytes = header.entryCount * header.entrySize;
  let array: Uint8Array = new Uint8Array(0);
  if (sectors > 0) {
    const read = await readSectors(source, header.entriesLba, sectors);
    if (!read.ok) {
      findings.add(
        'error',
        'READ_FAILED',
        `The ${role} GPT entry array could not be read: ${read.message}`,
        header.entriesLba,
      );
      return { copy, array: null };
    }
    array = read.bytes.subarray(0, arrayBytes);
  }
  const computed = crc32(array) >>> 0;
  copy.entriesCrcValid = computed === header.entriesCrc;
  copy.entries = decodeGptEntries(array, header.entryCount, header.entrySize);
  if (!copy.entriesCrcValid) {
    findings.add(
      'error',
      'GPT_ENTRIES_CRC',
      `The ${role} GPT entry array at LBA ${header.entriesLba} fails its CRC32 check (${describeCrcMismatch(header.entriesCrc, computed)}): entries were changed after the header was written.`,
      header.entriesLba,
    );
  }
  return { copy, array };
}

function reportHeader(header: GptHeader, role: Role, findings: FindingCollector): void {
  if (!header.headerCrcValid) {
    findings.add(
      'error',
      'GPT_HEADER_CRC',
      `The ${role} GPT header at LBA ${header.lba} fails its CRC32 check (${describeCrcMismatch(header.headerCrc, header.computedHeaderCrc)}): it was changed after it was written, so its fields cannot be trusted.`,
      header.lba,
    );
  }
  if (header.problems.length > 0) {
    findings.add(
      'error',
      'GPT_HEADER_INVALID',
      `The ${role} GPT header at LBA ${header.lba} is inconsistent: ${header.problems.join('; ')}.`,
      header.lba,
    );
  }
  if (header.revision !== GPT_REVISION_1_0) {
    findings.add(
      'warning',
      'GPT_HEADER_INVALID',
      `The ${role} GPT header at LBA ${header.lba} has revision ${hex(header.revision, 8)}, not 1.0 (0x00010000).`,
      header.lba,
    );
  }
}

function rank(copy: GptCopy | null): number {
  if (copy === null) return -1;
  if (copy.header.valid) return copy.entriesCrcValid === true ? 3 : 2;
  return 1;
}

function compareHeaders(primary: GptHeader, backup: GptHeader, findings: FindingCollector): void {
  const pairs: [string, string, string][] = [
    ['disk GUID', primary.diskGuid, backup.diskGuid],
    ['first usable LBA', String(primary.firstUsableLba), String(backup.firstUsableLba)],
    ['last usable LBA', String(primary.lastUsableLba), String(backup.lastUsableLba)],
    ['number of entries', String(primary.entryCount), String(backup.entryCount)],
    ['entry size', String(primary.entrySize), String(backup.entrySize)],
    ['entry array CRC32', hex(primary.entriesCrc, 8), hex(backup.entriesCrc, 8)],
    ['backup header LBA', String(primary.alternateLba), String(backup.lba)],
    ['primary header LBA', String(backup.alternateLba), String(primary.lba)],
  ];
  for (const [field, inPrimary, inBackup] of pairs) {
    if (inPrimary === inBackup) continue;
    findings.add(
      'warning',
      'GPT_MISMATCH',
      `The primary and backup GPT disagree on the ${field}: ${inPrimary} (primary) vs ${inBackup} (backup).`,
    );
  }
}

function describeEntry(entry: GptEntry | undefined): string {
  if (entry === undefined) return 'unused';
  return `${entry.typeName}, LBA ${entry.firstLba}-${entry.lastLba}, name "${entry.name}"`;
}

function compareEntries(
  primary: LoadedCopy,
  backup: LoadedCopy,
  sectorSize: number,
  findings: FindingCollector,
): void {
  const size = primary.copy.header.entrySize;
  if (primary.array === null || backup.array === null || size !== backup.copy.header.entrySize) {
    return;
  }
  const count = Math.min(primary.copy.header.entryCount, backup.copy.header.entryCount);
  for (let index = 0; index < count; index++) {
    const a = primary.array.subarray(index * size, (index + 1) * size);
    const b = backup.array.subarray(index * size, (index + 1) * size);
    if (bytesEqual(a, b)) continue;
    const inPrimary = primary.copy.entries.find((entry) => entry.index === index);
    const inBackup = backup.copy.entries.find((entry) => entry.index === index);
    findings.add(
      'warning',
      'GPT_ENTRY_DIFFERS',
      `GPT entry ${index + 1} differs between the primary (${describeEntry(inPrimary)}) and the backup (${describeEntry(inBackup)}).`,
      primary.copy.header.entriesLba + BigInt(Math.floor((index * size) / sectorSize)),
    );
  }
}

/**
 * Reads both copies of the GPT, checks them and picks the one to show: the primary when it is
 * sound, else the backup. Null when neither header exists.
 */
export async function readGpt(
  source: SectorSource,
  crc32: Crc32,
  findings: FindingCollector,
): Promise<GptLayout | null> {
  const lastLba = source.sectorCount - 1n;
  if (lastLba < 2n) return null;
  const primaryHeader = await readHeader(source, 1n, crc32, findings);

  const backupCandidates: bigint[] = [];
  const alternate = primaryHeader?.alternateLba;
  if (alternate !== undefined && alternate > 1n && alternate <= lastLba) {
    backupCandidates.push(alternate);
  }
  if (!backupCandidates.includes(lastLba)) backupCandidates.push(lastLba);
  let backupHeader: GptHeader | null = null;
  for (const lba of backupCandidates) {
    backupHeader = await readHeader(source, lba, crc32, findings);
    if (backupHeader !== null) break;
  }
  if (primaryHeader === null && backupHeader === null) return null;

  if (primaryHeader) reportHeader(primaryHeader, 'primary', findings);
  if (backupHeader) reportHeader(backupHeader, 'backup', findings);
  const primary = primaryHeader
    ? await loadEntries(source, primaryHeader, 'primary', crc32, findings)
    : null;
  const backup = backupHeader
    ? await loadEntries(source, backupHeader, 'backup', crc32, findings)
    : null;

  if (primaryHeader === null) {
    findings.add(
      'error',
      'GPT_HEADER_MISSING',
      `There is no primary GPT header at LBA 1 (no "EFI PART" signature): the start of the disk was overwritten or wiped. The backup GPT at LBA ${backupHeader?.lba} is shown.`,
      1n,
    );
  }
  if (backupHeader === null) {
    findings.add(
      'error',
      'GPT_HEADER_MISSING',
      `There is no backup GPT header at LBA ${backupCandidates.join(' or ')}: the end of the disk was overwritten, or the image is truncated (compare its size with the original disk).`,
      backupCandidates[0],
    );
  } else if (backupHeader.lba !== lastLba) {
    findings.add(
      'warning',
      'GPT_BACKUP_NOT_AT_END',
      `The backup GPT header is at LBA ${backupHeader.lba}, not at the last sector (LBA ${lastLba}): the disk was enlarged after partitioning, or this image is larger than the disk it came from.`,
      backupHeader.lba,
    );
  }
  if (primaryHeader !== null && primaryHeader.alternateLba > lastLba) {
    findings.add(
      'warning',
      'GPT_BACKUP_NOT_AT_END',
      `The primary GPT header places the backup at LBA ${primaryHeader.alternateLba}, past the end of the disk (last LBA ${lastLba}): the image is probably truncated.`,
      1n,
    );
  }
  if (primary && backup) {
    if (primary.copy.header.headerCrcValid && backup.copy.header.headerCrcValid) {
      compareHeaders(primary.copy.header, backup.copy.header, findings);
    }
    compareEntries(primary, backup, source.sectorSize, findings);
  }

  const primaryCopy = primary?.copy ?? null;
  const backupCopy = backup?.copy ?? null;
  const used: Role = rank(primaryCopy) >= rank(backupCopy) ? 'primary' : 'backup';
  const chosen = used === 'primary' ? primaryCopy : backupCopy;
  if (chosen === null) return null;
  if (used === 'backup' && primaryCopy !== null) {
    findings.add(
      'warning',
      'GPT_USING_BACKUP',
      `The primary GPT is damaged, so the partitions shown come from the backup GPT at LBA ${chosen.header.lba}. Compare both copies in the hex view before trusting either.`,
      chosen.header.lba,
    );
  }
  if (!chosen.header.valid) {
    findings.add(
      'error',
      'GPT_HEADER_INVALID',
      `No sound GPT header was found; the ${used} header at LBA ${chosen.header.lba} is shown as read, and its partitions may be wrong.`,
      chosen.header.lba,
    );
  }
  return {
    primary: primaryCopy,
    backup: backupCopy,
    used,
    header: chosen.header,
    entries: chosen.entries,
  };
}
