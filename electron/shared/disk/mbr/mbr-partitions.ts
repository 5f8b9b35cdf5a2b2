import type { FindingCollector } from '../findings';
import type { Partition } from '../layout/layout-types';
import type { SectorSource } from '../sector-source';
import { type EbrRecord, readEbrChain } from './ebr-chain';
import type { MbrEntry, MbrTable } from './mbr-table';

/** Where an entry's partition lies: its number, kind, absolute start and the table's LBA. */
type Placement = Pick<Partition, 'index' | 'kind' | 'start' | 'tableLba'>;

/** The partition an MBR or EBR entry describes. */
function entryPartition(entry: MbrEntry, { index, kind, start, tableLba }: Placement): Partition {
  return {
    index,
    kind,
    start,
    end: start + entry.sectorCount - 1n,
    size: entry.sectorCount,
    type: entry.typeHex,
    typeName: entry.typeName,
    name: '',
    bootable: entry.bootable,
    guid: null,
    attributes: null,
    attributeFlags: [],
    tableLba,
    slot: entry.slot,
    filesystem: null,
  };
}

function mbrPartitions(mbr: MbrTable): Partition[] {
  return mbr.entries
    .filter((entry) => entry.used)
    .map((entry) =>
      entryPartition(entry, {
        index: entry.slot + 1,
        kind: entry.extended ? 'extended' : 'primary',
        start: entry.relativeStart,
        tableLba: 0n,
      }),
    );
}

/** The primary partitions, then the logical ones found by following the EBR chain. */
export async function readMbrScheme(
  source: SectorSource,
  mbr: MbrTable,
  findings: FindingCollector,
): Promise<{ partitions: Partition[]; ebrs: EbrRecord[] }> {
  const partitions = mbrPartitions(mbr);
  for (const entry of mbr.entries) {
    if (entry.used && entry.type === 0) {
      findings.add(
        'warning',
        'MBR_TYPE_ZERO_WITH_SIZE',
        `MBR slot ${entry.slot + 1} has type 0x00 (empty) but covers ${entry.sectorCount} sectors from LBA ${entry.relativeStart}; it is listed, as sfdisk and mmls list it. An entry blanked this way can hide a partition.`,
        entry.relativeStart,
      );
    }
  }
  const extended = partitions.filter((p) => p.kind === 'extended');
  const first = extended[0];
  if (first === undefined) return { partitions, ebrs: [] };
  for (const other of extended.slice(1)) {
    findings.add(
      'warning',
      'MULTIPLE_EXTENDED',
      `The MBR holds more than one extended partition; only the first (partition ${first.index}) is followed, as Linux does. Partition ${other.index} (LBA ${other.start}) is not followed.`,
      other.start,
    );
  }
  const chain = await readEbrChain(source, first.start, first.size, findings);
  for (const logical of chain.logicals) {
    partitions.push(
      entryPartition(logical.entry, {
        index: logical.number,
        kind: 'logical',
        start: logical.start,
        tableLba: logical.ebr.lba,
      }),
    );
  }
  return { partitions, ebrs: chain.records };
}
