import type { FindingCollector } from '../findings';
import { readSectors } from '../read-sectors';
import type { SectorSource } from '../sector-source';
import { decodeMbrSector, type MbrEntry, type MbrTable } from './mbr-table';

/** One extended boot record of the chain. */
export interface EbrRecord {
  lba: bigint;
  /** Position in the chain from 1; mmls prints it as "Extended Table (#n)". */
  tableNumber: number;
  table: MbrTable;
  /** The entry that points at the next EBR (relative to the extended partition's start). */
  link: MbrEntry | null;
  /** Absolute LBA the link points at (the next EBR), or null at the end of the chain. */
  nextLba: bigint | null;
}

/** A logical partition found in an EBR, its address resolved. */
export interface LogicalEntry {
  ebr: EbrRecord;
  entry: MbrEntry;
  /** Absolute first LBA: the EBR's own LBA plus the stored relative start. */
  start: bigint;
  /** Number as Linux gives it: 5, 6, ... in chain order. */
  number: number;
}

export interface EbrChain {
  records: EbrRecord[];
  logicals: LogicalEntry[];
}

/** More EBRs than this is damage or a crafted loop that escaped detection by address. */
export const MAX_EBRS = 256;

/**
 * Follows the chain of EBRs inside an extended partition. Every address is checked against the
 * disk; an EBR seen twice is a loop, reported and not followed.
 */
export async function readEbrChain(
  source: SectorSource,
  extendedStart: bigint,
  extendedSize: bigint,
  findings: FindingCollector,
): Promise<EbrChain> {
  const records: EbrRecord[] = [];
  const logicals: LogicalEntry[] = [];
  // LBA 0 is the MBR: an extended partition pointing there loops back to it.
  const visited = new Set<bigint>([0n]);
  const extendedEnd = extendedStart + extendedSize;
  let current: bigint | null = extendedStart;
  let tableNumber = 1;

  while (current !== null) {
    if (current >= source.sectorCount) {
      findings.add(
        'error',
        'EBR_OUT_OF_RANGE',
        `An extended boot record should be at LBA ${current}, past the end of the disk (${source.sectorCount} sectors); the logical partitions after it cannot be listed. The image may be truncated: check its size against the original disk.`,
        current,
      );
      break;
    }
    if (visited.has(current)) {
      findings.add(
        'error',
        'EBR_LOOP',
        `The chain of extended boot records loops back to LBA ${current}; the chain was not followed further. The table has been damaged or crafted: logical partitions may be hidden.`,
        current,
      );
      break;
    }
    if (tableNumber > MAX_EBRS) {
      findings.add(
        'error',
        'EBR_CHAIN_TOO_LONG',
        `The chain of extended boot records has more than ${MAX_EBRS} links; it was not followed further.`,
        current,
      );
      break;
    }
    visited.add(current);
    const read = await readSectors(source, current, 1);
    if (!read.ok) {
      findings.add(
        'error',
        'READ_FAILED',
        `The extended boot record at LBA ${current} could not be read (${read.message}); logical partitions after it are not listed.`,
        current,
      );
      break;
    }
    const table = decodeMbrSector(read.bytes, current);
    if (table === null) break;
    if (!table.signatureValid) {
      findings.add(
        'error',
        'EBR_NO_SIGNATURE',
        `The extended boot record at LBA ${current} lacks the 0x55AA signature (found 0x${table.signature.toString(16).padStart(4, '0')}); the chain ends here. Look at this sector in the hex view: it may have been overwritten.`,
        current,
      );
      break;
    }

    const record: EbrRecord = { lba: current, tableNumber, table, link: null, nextLba: null };
    records.push(record);
    for (const entry of table.entries) {
      if (!entry.used) continue;
      if (entry.extended) {
        if (record.link === null) {
          record.link = entry;
          record.nextLba = extendedStart + entry.relativeStart;
        } else {
          findings.add(
            'warning',
            'EBR_EXTRA_LINK',
            `The extended boot record at LBA ${current} has more than one link to a next record (slot ${entry.slot + 1} is ignored, as Linux ignores it).`,
            current,
          );
        }
        continue;
      }
      const start = current + entry.relativeStart;
      const number = 5 + logicals.length;
      logicals.push({ ebr: record, entry, start, number });
      const end = start + entry.sectorCount - 1n;
      if (start < extendedStart || end >= extendedEnd) {
        findings.add(
          'warning',
          'LOGICAL_OUTSIDE_EXTENDED',
          `Logical partition ${number} (LBA ${start}-${end}) is not inside its extended partition (LBA ${extendedStart}-${extendedEnd - 1n}).`,
          start,
        );
      }
    }
    current = record.nextLba;
    if (current !== null && (current < extendedStart || current >= extendedEnd)) {
      findings.add(
        'warning',
        'EBR_OUT_OF_RANGE',
        `The extended boot record at LBA ${record.lba} points at LBA ${current}, outside its extended partition (LBA ${extendedStart}-${extendedEnd - 1n}).`,
        record.lba,
      );
    }
    tableNumber++;
  }
  return { records, logicals };
}
