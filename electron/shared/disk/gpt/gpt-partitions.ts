import type { FindingCollector } from '../findings';
import type { Partition } from '../layout/layout-types';
import type { GptLayout } from './gpt-read';

/** The used entries of the chosen GPT copy as partitions; entries ending before they start are reported. */
export function gptPartitions(
  gpt: GptLayout,
  sectorSize: number,
  findings: FindingCollector,
): Partition[] {
  const partitions: Partition[] = [];
  const entrySector = (index: number): bigint =>
    gpt.header.entriesLba + BigInt(Math.floor((index * gpt.header.entrySize) / sectorSize));
  for (const entry of gpt.entries) {
    if (entry.firstLba > entry.lastLba) {
      findings.add(
        'error',
        'PARTITION_EMPTY_RANGE',
        `GPT entry ${entry.index + 1} ends (LBA ${entry.lastLba}) before it starts (LBA ${entry.firstLba}); it is not listed.`,
        entrySector(entry.index),
      );
      continue;
    }
    partitions.push({
      index: entry.index + 1,
      kind: 'gpt',
      start: entry.firstLba,
      end: entry.lastLba,
      size: entry.lastLba - entry.firstLba + 1n,
      type: entry.typeGuid,
      typeName: entry.typeName,
      name: entry.name,
      bootable: false,
      guid: entry.uniqueGuid,
      attributes: entry.attributes,
      attributeFlags: entry.attributeFlags,
      tableLba: entrySector(entry.index),
      slot: entry.index,
      filesystem: null,
    });
  }
  return partitions;
}
