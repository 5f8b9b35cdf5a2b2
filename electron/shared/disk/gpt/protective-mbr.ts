import type { FindingCollector } from '../findings';
import type { MbrTable } from '../mbr/mbr-table';
import type { GptEntry } from './gpt-entries';

/**
 * Checks the MBR in front of a GPT. Returns true when it is hybrid: a protective 0xEE entry plus
 * real entries that MBR-only systems will use instead of the GPT.
 */
export function checkProtectiveMbr(
  mbr: MbrTable | null,
  sectorCount: bigint,
  entries: readonly GptEntry[],
  findings: FindingCollector,
): boolean {
  if (mbr === null || !mbr.signatureValid) {
    findings.add(
      'warning',
      'GPT_NO_PROTECTIVE_MBR',
      'LBA 0 holds no protective MBR (no 0x55AA signature): MBR-only tools will see an empty disk and may offer to format it. The GPT is shown.',
      0n,
    );
    return false;
  }
  const used = mbr.entries.filter((entry) => entry.used);
  const protective = used.filter((entry) => entry.protective);
  if (protective.length === 0) {
    findings.add(
      'warning',
      'GPT_NO_PROTECTIVE_MBR',
      'The MBR has no protective 0xEE entry although a GPT is present; the GPT is shown.',
      0n,
    );
    return false;
  }
  const first = protective[0];
  const expectedSize = sectorCount - 1n > 0xffffffffn ? 0xffffffffn : sectorCount - 1n;
  if (first && (first.relativeStart !== 1n || first.sectorCount > expectedSize)) {
    findings.add(
      'warning',
      'GPT_PROTECTIVE_MBR_ODD',
      `The protective 0xEE entry covers LBA ${first.relativeStart}-${first.relativeStart + first.sectorCount - 1n}; it should start at LBA 1 and not pass the end of the disk.`,
      0n,
    );
  }
  const others = used.filter((entry) => !entry.protective);
  if (others.length === 0) return false;
  const described = others.map((entry) => {
    const end = entry.relativeStart + entry.sectorCount - 1n;
    const match = entries.find((e) => e.firstLba === entry.relativeStart && e.lastLba === end);
    const agreement = match
      ? `matches GPT partition ${match.index + 1}`
      : 'matches no GPT partition';
    return `slot ${entry.slot + 1}: ${entry.typeHex} ${entry.typeName}, LBA ${entry.relativeStart}-${end} (${agreement})`;
  });
  findings.add(
    'warning',
    'GPT_HYBRID_MBR',
    `The MBR is hybrid: besides the protective 0xEE entry it holds ${others.length} real entr${others.length === 1 ? 'y' : 'ies'} (${described.join('; ')}). Systems that read only the MBR see these partitions instead of the GPT; check that both tables agree.`,
    0n,
  );
  return true;
}
