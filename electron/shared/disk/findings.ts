// Problems found while reading the disk structures. A finding never stops the analysis: the view
// shows what could be read, and the findings say what is wrong and what to do about it.

export type Severity = 'error' | 'warning' | 'info';

export const FINDING_CODES = [
  'SOURCE_INVALID',
  'READ_FAILED',
  'SECTOR_SIZE_MISMATCH',
  'MBR_BAD_STATUS',
  'MBR_TYPE_ZERO_WITH_SIZE',
  'MULTIPLE_EXTENDED',
  'EBR_LOOP',
  'EBR_OUT_OF_RANGE',
  'EBR_NO_SIGNATURE',
  'EBR_CHAIN_TOO_LONG',
  'EBR_EXTRA_LINK',
  'LOGICAL_OUTSIDE_EXTENDED',
  'PARTITION_PAST_END',
  'PARTITION_STARTS_PAST_END',
  'PARTITION_EMPTY_RANGE',
  'PARTITION_OVERLAP',
  'PARTITION_OVERLAPS_TABLE',
  'GPT_HEADER_CRC',
  'GPT_HEADER_INVALID',
  'GPT_HEADER_MISSING',
  'GPT_ENTRIES_CRC',
  'GPT_ENTRIES_UNREADABLE',
  'GPT_USING_BACKUP',
  'GPT_BACKUP_NOT_AT_END',
  'GPT_MISMATCH',
  'GPT_ENTRY_DIFFERS',
  'GPT_HYBRID_MBR',
  'GPT_NO_PROTECTIVE_MBR',
  'GPT_PROTECTIVE_MBR_ODD',
  'GPT_HEADERS_MISSING',
  'GPT_IGNORED',
  'GPT_PARTITION_OUTSIDE_USABLE',
  'FILESYSTEM_DETECTION_LIMIT',
  'FILESYSTEM_LARGER_THAN_PARTITION',
  'VOLUME_SLACK',
  'FILESYSTEM_IN_GAP',
  'FILESYSTEM_SIGNATURES_AMBIVALENT',
  'FINDINGS_TRUNCATED',
  'ANALYSIS_FAILED',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  severity: Severity;
  code: FindingCode;
  message: string;
  /** The sector the problem is about, when there is one. */
  lba?: bigint;
}

/** Findings of one code beyond this many are summarised, so damaged input cannot flood the view. */
const MAX_PER_CODE = 32;

export class FindingCollector {
  private readonly list: Finding[] = [];
  private readonly counts = new Map<FindingCode, number>();

  add(severity: Severity, code: FindingCode, message: string, lba?: bigint): void {
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count > MAX_PER_CODE) return;
    this.list.push(
      lba === undefined ? { severity, code, message } : { severity, code, message, lba },
    );
  }

  has(code: FindingCode): boolean {
    return this.counts.has(code);
  }

  /** The findings, with a summary for every code that passed the limit. */
  result(): Finding[] {
    const summaries: Finding[] = [];
    for (const [code, count] of this.counts) {
      if (count > MAX_PER_CODE) {
        summaries.push({
          severity: 'info',
          code: 'FINDINGS_TRUNCATED',
          message: `${count - MAX_PER_CODE} more findings of kind ${code} are not listed; the structures are badly damaged or are not a partition table.`,
        });
      }
    }
    return [...this.list, ...summaries];
  }
}
