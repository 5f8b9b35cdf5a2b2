import type { GptLayout } from '../gpt/gpt-read';
import type { EbrRecord } from '../mbr/ebr-chain';
import type { MbrEntry, MbrTable } from '../mbr/mbr-table';
import { uncoveredRanges } from './gaps';
import type { LayoutSlot, Partition, PartitionScheme } from './layout-types';

const pad3 = (n: number): string => String(n).padStart(3, '0');

function meta(start: bigint, length: bigint, description: string, extra = false): LayoutSlot {
  return {
    kind: 'meta',
    start,
    end: start + length - 1n,
    length,
    slot: 'Meta',
    description,
    partitionIndex: null,
    extra,
  };
}

function partitionRow(partition: Partition, slot: string, description: string): LayoutSlot {
  return {
    kind: 'partition',
    start: partition.start,
    end: partition.end,
    length: partition.size,
    slot,
    description,
    partitionIndex: partition.index,
    extra: false,
  };
}

const typeDescription = (entry: MbrEntry): string => `${entry.typeName} (${entry.typeHex})`;

function gptRows(mbr: MbrTable | null, gpt: GptLayout, partitions: Partition[]): LayoutSlot[] {
  const rows: LayoutSlot[] = [];
  // mmls reads the primary whenever its signature is there, and falls back to the backup.
  const shown = gpt.primary ?? gpt.backup;
  if (gpt.primary !== null && mbr?.signatureValid && mbr.entries[0]?.protective) {
    rows.push(meta(0n, 1n, 'Safety Table'));
  }
  for (const copy of [gpt.primary, gpt.backup]) {
    if (copy === null) continue;
    const extra = copy !== shown;
    rows.push(meta(copy.header.lba, 1n, 'GPT Header', extra));
    if (copy.header.entrySectors) {
      rows.push(
        meta(copy.header.entriesLba, BigInt(copy.header.entrySectors), 'Partition Table', extra),
      );
    }
  }
  for (const partition of partitions) {
    rows.push(partitionRow(partition, pad3(partition.slot), partition.name));
  }
  return rows;
}

function ebrRows(
  ebrs: readonly EbrRecord[],
  extendedStart: bigint,
  byTableSlot: Map<string, Partition>,
): LayoutSlot[] {
  const rows: LayoutSlot[] = [];
  const seen = new Set<bigint>();
  for (const ebr of ebrs) {
    seen.add(ebr.lba);
    rows.push(meta(ebr.lba, 1n, `Extended Table (#${ebr.tableNumber})`));
    for (const entry of ebr.table.entries) {
      if (!entry.used) continue;
      if (entry === ebr.link) {
        // mmls drops the link that closes a loop; it keeps links past the end of the disk.
        if (ebr.nextLba === null || seen.has(ebr.nextLba)) continue;
        rows.push(
          meta(extendedStart + entry.relativeStart, entry.sectorCount, typeDescription(entry)),
        );
        continue;
      }
      const partition = byTableSlot.get(`${ebr.lba}:${entry.slot}`);
      if (partition && !entry.extended) {
        rows.push(
          partitionRow(
            partition,
            `${pad3(ebr.tableNumber)}:${pad3(entry.slot)}`,
            typeDescription(entry),
          ),
        );
      }
    }
  }
  return rows;
}

function mbrRows(mbr: MbrTable, ebrs: readonly EbrRecord[], partitions: Partition[]): LayoutSlot[] {
  const rows: LayoutSlot[] = [meta(0n, 1n, 'Primary Table (#0)')];
  const byTableSlot = new Map(partitions.map((p) => [`${p.tableLba}:${p.slot}`, p]));
  for (const entry of mbr.entries) {
    const partition = byTableSlot.get(`0:${entry.slot}`);
    if (!entry.used || partition === undefined) continue;
    if (partition.kind === 'extended') {
      rows.push({
        ...meta(partition.start, partition.size, typeDescription(entry)),
        partitionIndex: partition.index,
      });
      if (ebrs[0]?.lba === partition.start)
        rows.push(...ebrRows(ebrs, partition.start, byTableSlot));
    } else {
      rows.push(partitionRow(partition, `000:${pad3(entry.slot)}`, typeDescription(entry)));
    }
  }
  return rows;
}

/**
 * The disk as `mmls` shows it: table areas (Meta), partitions, and Unallocated ranges (sectors
 * outside every partition, table areas included). Rows with equal starts keep mmls's order.
 */
export function buildMmlsSlots(
  scheme: PartitionScheme,
  sectorCount: bigint,
  mbr: MbrTable | null,
  ebrs: readonly EbrRecord[],
  gpt: GptLayout | null,
  partitions: Partition[],
): LayoutSlot[] {
  let rows: LayoutSlot[] = [];
  if (scheme === 'gpt' && gpt !== null) rows = gptRows(mbr, gpt, partitions);
  else if (scheme === 'mbr' && mbr !== null) rows = mbrRows(mbr, ebrs, partitions);
  const allocated = rows
    .filter((row) => row.kind === 'partition')
    .map((row) => ({ start: row.start, length: row.length }));
  const unallocated: LayoutSlot[] = uncoveredRanges(allocated, sectorCount).map((gap) => ({
    kind: 'unallocated',
    start: gap.start,
    end: gap.end,
    length: gap.size,
    slot: '-------',
    description: 'Unallocated',
    partitionIndex: null,
    extra: false,
  }));
  // Array.prototype.sort is stable: equal starts keep insertion order, gaps after the rest.
  return [...rows, ...unallocated].sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
}
