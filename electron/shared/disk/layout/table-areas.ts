import type { GptCopy, GptLayout } from '../gpt/gpt-read';
import type { EbrRecord } from '../mbr/ebr-chain';
import type { MbrTable } from '../mbr/mbr-table';
import type { PartitionScheme, TableArea } from './layout-types';

function gptAreas(copy: GptCopy | null, role: 'primary' | 'backup'): TableArea[] {
  if (copy === null) return [];
  const { header } = copy;
  const areas: TableArea[] = [
    { kind: 'gpt-header', copy: role, start: header.lba, length: 1n, label: `${role} GPT header` },
  ];
  if (header.entrySectors !== null && header.entrySectors > 0) {
    areas.push({
      kind: 'gpt-entries',
      copy: role,
      start: header.entriesLba,
      length: BigInt(header.entrySectors),
      label: `${role} GPT entry array`,
    });
  }
  return areas;
}

/** Every sector range that holds a partition-table structure that was found. */
export function collectTableAreas(
  scheme: PartitionScheme,
  mbr: MbrTable | null,
  ebrs: readonly EbrRecord[],
  gpt: GptLayout | null,
): TableArea[] {
  if (scheme === 'none') return [];
  const areas: TableArea[] = [];
  if (mbr?.signatureValid) {
    const label = scheme === 'gpt' ? 'protective MBR' : 'MBR';
    areas.push({ kind: 'mbr', copy: null, start: 0n, length: 1n, label });
  }
  for (const ebr of ebrs) {
    areas.push({
      kind: 'ebr',
      copy: null,
      start: ebr.lba,
      length: 1n,
      label: `extended boot record #${ebr.tableNumber}`,
    });
  }
  if (gpt !== null)
    areas.push(...gptAreas(gpt.primary, 'primary'), ...gptAreas(gpt.backup, 'backup'));
  return areas;
}
