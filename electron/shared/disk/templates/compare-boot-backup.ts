import { bytesEqual } from '../bytes';
import { decodePlacement, templatePlacements } from './decode-template';
import type { StructureTemplate } from './template-types';

export interface FieldDifference {
  /** The field's name, or "Bytes 0x1F0-0x1FD" for a run outside every named field. */
  name: string;
  offset: number;
  size: number;
  primary: string;
  backup: string;
  /** True for a differing run of bytes that no field of the template names. */
  unnamed: boolean;
  /** For a difference a backup has by design: why (see backup-rules.ts). */
  reason?: string;
}

function hexRun(bytes: Uint8Array, from: number, to: number): string {
  return Array.from(bytes.subarray(from, to), (b) =>
    b.toString(16).toUpperCase().padStart(2, '0'),
  ).join(' ');
}

/**
 * Lists how a backup copy (NTFS, FAT32 and exFAT boot sectors, ext superblocks, GPT headers)
 * differs from the primary over the template's bytes. Empty when they are identical.
 */
export function compareBootBackup(
  primary: Uint8Array,
  backup: Uint8Array,
  template: StructureTemplate,
): FieldDifference[] {
  const differences: FieldDifference[] = [];
  const covered = new Uint8Array(template.size);
  // Fields are decoded only where the copies differ: a full decode of both is costly.
  for (const placement of templatePlacements(template)) {
    const offset = placement.recordOffset + placement.field.offset;
    const end = offset + placement.field.size;
    covered.fill(1, offset, Math.min(template.size, end));
    if (bytesEqual(primary.subarray(offset, end), backup.subarray(offset, end))) continue;
    const inPrimary = decodePlacement(placement, primary, 0n);
    const inBackup = decodePlacement(placement, backup, 0n);
    differences.push({
      name: inPrimary.name,
      offset,
      size: placement.field.size,
      primary: inPrimary.display,
      backup: inBackup.display,
      unnamed: false,
    });
  }
  const limit = Math.min(template.size, Math.max(primary.length, backup.length));
  for (let at = 0; at < limit; at++) {
    if (covered[at] || primary[at] === backup[at]) continue;
    let end = at + 1;
    while (end < limit && !covered[end] && primary[end] !== backup[end]) end++;
    const hexOffset = (n: number): string => `0x${n.toString(16).toUpperCase()}`;
    differences.push({
      name: `Bytes ${hexOffset(at)}-${hexOffset(end - 1)}`,
      offset: at,
      size: end - at,
      primary: hexRun(primary, at, end),
      backup: hexRun(backup, at, end),
      unnamed: true,
    });
    at = end;
  }
  return differences.sort((a, b) => a.offset - b.offset);
}
